-- nn.WeightedEuclidean(in, out): y_j = || diag(c_j) (x - w_j) ||, weight and diagCov in x out.
local WeightedEuclidean, parent = torch.class('nn.WeightedEuclidean', 'nn.Module')

function WeightedEuclidean:__init(inputSize, outputSize)
   parent.__init(self)
   self.weight = torch.Tensor(inputSize, outputSize)
   self.gradWeight = torch.Tensor(inputSize, outputSize)
   self.diagCov = torch.Tensor(inputSize, outputSize)
   self.gradDiagCov = torch.Tensor(inputSize, outputSize)
   self:reset()
end

function WeightedEuclidean:reset(stdv)
   stdv = stdv and stdv * math.sqrt(3) or 1 / math.sqrt(self.weight:size(1))
   self.weight:uniform(-stdv, stdv)
   self.diagCov:fill(1)
end

function WeightedEuclidean:parameters()
   return {self.weight, self.diagCov}, {self.gradWeight, self.gradDiagCov}
end

-- (x - w_j) as (batch, in, out), and its scaled version c_j (x - w_j)
function WeightedEuclidean:_parts(input)
   local nin, nout = self.weight:size(1), self.weight:size(2)
   local x = input:dim() == 1 and input:view(1, nin) or input
   local b = x:size(1)
   local d = x:contiguous():view(b, nin, 1):expand(b, nin, nout):clone()
   d:add(-1, self.weight:view(1, nin, nout):expand(b, nin, nout))
   local s = torch.cmul(d, self.diagCov:view(1, nin, nout):expand(b, nin, nout))
   return d, s, b, nin, nout
end

function WeightedEuclidean:updateOutput(input)
   if input:dim() ~= 1 and input:dim() ~= 2 then error"1D or 2D input expected" end
   local _, s, b, _, nout = self:_parts(input)
   self.output:norm(s, 2, 2)
   if input:dim() == 1 then self.output:resize(nout) else self.output:resize(b, nout) end
   return self.output
end

-- dy_j/dx = c_j^2 (x - w_j) / y_j
function WeightedEuclidean:updateGradInput(input, gradOutput)
   local d, s, b, nin, nout = self:_parts(input)
   local div = torch.cdiv(gradOutput:contiguous():view(b, 1, nout),
                          self.output:contiguous():view(b, 1, nout):clone():add(1e-7)):expand(b, nin, nout)
   self._gd = torch.cmul(s, div)                                    -- g/y * c (x - w)
   local gi = torch.cmul(self._gd, self.diagCov:view(1, nin, nout):expand(b, nin, nout)):sum(3)
   self.gradInput:resizeAs(input):copy(gi)
   self._d = d
   return self.gradInput
end

-- dy_j/dw_j = -c_j^2 (x - w_j) / y_j ;  dy_j/dc_j = c_j (x - w_j)^2 / y_j
function WeightedEuclidean:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   if not self._gd then self:updateGradInput(input, gradOutput) end
   local b, nin, nout = self._gd:size(1), self.weight:size(1), self.weight:size(2)
   local cov = self.diagCov:view(1, nin, nout):expand(b, nin, nout)
   self.gradWeight:add(-scale, torch.cmul(self._gd, cov):sum(1):view(nin, nout))
   self.gradDiagCov:add(scale, torch.cmul(self._gd, self._d):sum(1):view(nin, nout))
end
