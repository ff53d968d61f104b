-- nn.Cosine(in, out): y_j = cos(x, w_j), weight out x in (row j is w_j); norms carry +1e-12.
local Cosine, parent = torch.class('nn.Cosine', 'nn.Module')

function Cosine:__init(inputSize, outputSize)
   parent.__init(self)
   self.weight = torch.Tensor(outputSize, inputSize)
   self.gradWeight = torch.Tensor(outputSize, inputSize)
   self:reset()
end

function Cosine:reset(stdv)
   stdv = stdv and stdv * math.sqrt(3) or 1 / math.sqrt(self.weight:size(1))
   self.weight:uniform(-stdv, stdv)
end

local function rows(t) return t:dim() == 1 and t:view(1, -1) or t end

function Cosine:updateOutput(input)
   if input:dim() ~= 1 and input:dim() ~= 2 then error('input must be vector or matrix') end
   local x = rows(input)
   self._weightNorm = torch.norm(self.weight, 2, 2):add(1e-12)            -- out x 1
   self._inputNorm = torch.norm(x, 2, 2):add(1e-12)                       -- batch x 1
   local dots = torch.mm(x, self.weight:t())                              -- batch x out
   dots:cdiv(self._weightNorm:view(1, -1):expandAs(dots)):cdiv(self._inputNorm:expandAs(dots))
   self.output:resizeAs(dots):copy(dots)
   if input:dim() == 1 then self.output:resize(self.weight:size(1)) end
   return self.output
end

-- dy_j/dx = w_j / (|w_j||x|) - y_j x / |x|^2
function Cosine:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   local x = rows(input)
   local g = rows(gradOutput):contiguous()
   local y = rows(self.output)
   local wn = torch.cdiv(self.weight, self._weightNorm:expandAs(self.weight))    -- rows w_j / |w_j|
   local gi = torch.mm(g, wn):cdiv(self._inputNorm:expandAs(x))
   local gy = torch.cmul(g, y):sum(2)                                              -- batch x 1
   gi:add(-1, torch.cmul(x, torch.cdiv(gy, torch.cmul(self._inputNorm, self._inputNorm)):expandAs(x)))
   self.gradInput:resizeAs(input):copy(gi)
   return self.gradInput
end

-- dy_j/dw_j = x / (|w_j||x|) - y_j w_j / |w_j|^2
function Cosine:accGradParameters(input, gradOutput, scale)
   local x = rows(input)
   local g = rows(gradOutput):contiguous()
   local y = rows(self.output)
   local xn = torch.cdiv(x, self._inputNorm:expandAs(x))
   local gw = torch.mm(g:t(), xn):cdiv(self._weightNorm:expandAs(self.weight))
   local gy = torch.cmul(g, y):sum(1):view(-1, 1)                                  -- out x 1
   gw:add(-1, torch.cmul(self.weight, torch.cdiv(gy, torch.cmul(self._weightNorm, self._weightNorm)):expandAs(self.weight)))
   self.gradWeight:add(scale or 1, gw)
end

function Cosine:clearState()
   nn.utils.clear(self, {'_input', '_weight', '_gradOutput', '_sum', '_inputNorm', '_weightNorm'})
   return parent.clearState(self)
end
