-- nn.Euclidean(in, out): y_j = ||x - w_j||, with the weight stored in x out (column j is w_j).
local Euclidean, parent = torch.class('nn.Euclidean', 'nn.Module')

function Euclidean:__init(inputSize, outputSize)
   parent.__init(self)
   self.weight = torch.Tensor(inputSize, outputSize)
   self.gradWeight = torch.Tensor(inputSize, outputSize)
   self.gradInput:resize(inputSize)
   self.output:resize(outputSize)
   self.fastBackward = true
   self:reset()
end

function Euclidean:reset(stdv)
   stdv = stdv and stdv * math.sqrt(3) or 1 / math.sqrt(self.weight:size(1))
   self.weight:uniform(-stdv, stdv)
end

-- differences x_b - w_j as a (batch, in, out) tensor
function Euclidean:_diff(input)
   local nin, nout = self.weight:size(1), self.weight:size(2)
   local x = input:dim() == 1 and input:view(1, nin) or input
   local b = x:size(1)
   local d = x:contiguous():view(b, nin, 1):expand(b, nin, nout):clone()
   d:add(-1, self.weight:view(1, nin, nout):expand(b, nin, nout))
   return d
end

function Euclidean:updateOutput(input)
   if input:dim() ~= 1 and input:dim() ~= 2 then error"1D or 2D input expected" end
   self._diffs = self:_diff(input)
   self.output:norm(self._diffs, 2, 2)
   if input:dim() == 1 then self.output:resize(self.weight:size(2))
   else self.output:resize(input:size(1), self.weight:size(2)) end
   return self.output
end

-- dy_j/dx = (x - w_j) / y_j (Torch7 adds 1e-7 to y)
function Euclidean:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   if not self.fastBackward or not self._diffs then self:updateOutput(input) end
   local nin, nout = self.weight:size(1), self.weight:size(2)
   local b = self._diffs:size(1)
   local div = torch.cdiv(gradOutput:contiguous():view(b, 1, nout), self.output:contiguous():view(b, 1, nout):clone():add(1e-7))
   self._scaled = torch.cmul(self._diffs, div:expand(b, nin, nout))
   self.gradInput:sum(self._scaled, 3)
   self.gradInput:resizeAs(input)
   return self.gradInput
end

function Euclidean:accGradParameters(input, gradOutput, scale)
   if not self._scaled then self:updateGradInput(input, gradOutput) end
   self.gradWeight:add(-(scale or 1), self._scaled:sum(1):view(self.weight:size()))
end

function Euclidean:clearState()
   nn.utils.clear(self, {'_diffs', '_scaled'})
   return parent.clearState(self)
end

function Euclidean:type(type, tensorCache)
   if type then self:clearState() end
   return parent.type(self, type, tensorCache)
end
