-- nn.Criterion: a loss.  forward(input, target) returns a number; backward the gradient.
local Criterion = torch.class('nn.Criterion')

function Criterion:__init()
   self.gradInput = torch.Tensor()
   self.output = 0
end

function Criterion:updateOutput(input, target) end
function Criterion:forward(input, target) return self:updateOutput(input, target) end
function Criterion:backward(input, target) return self:updateGradInput(input, target) end
function Criterion:updateGradInput(input, target) end

function Criterion:clone()
   local f = torch.MemoryFile("rw"):binary()
   f:writeObject(self)
   f:seek(1)
   local copy = f:readObject()
   f:close()
   return copy
end

function Criterion:type(type, tensorCache)
   assert(type, 'Criterion: must provide a type to convert to')
   tensorCache = tensorCache or {}
   for key, value in pairs(self) do
      self[key] = nn.utils.recursiveType(value, type, tensorCache)
   end
   return self
end

function Criterion:float() return self:type('torch.FloatTensor') end
function Criterion:double() return self:type('torch.DoubleTensor') end
function Criterion:cuda()
   if not rawget(torch, 'CudaTensor') then error(torch.CUDA_UNAVAILABLE, 2) end
   return self:type('torch.CudaTensor')
end

function Criterion:__call__(input, target)
   self.output = self:forward(input, target)
   self.gradInput = self:backward(input, target)
   return self.output, self.gradInput
end

function Criterion:__tostring__() return torch.type(self) end
