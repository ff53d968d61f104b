-- nn.CReLU(nInputDims[, inplace=false]): concatenated ReLU: [ReLU(x), ReLU(-x)] along the feature
-- dimension, which doubles (a Sequential of ConcatTable(Identity, MulConstant(-1)), JoinTable, ReLU).
local CReLU, parent = torch.class('nn.CReLU', 'nn.Sequential')

function CReLU:__init(nInputDims, inplace)
   parent.__init(self)
   self.nInputDims = nInputDims
   self.inplace = inplace or false
   self:add(nn.ConcatTable():add(nn.Identity()):add(nn.MulConstant(-1)))
   self:add(nn.JoinTable(2))
   self:add(nn.ReLU(self.inplace))
end

local function flat(self, x)
   if x:dim() == self.nInputDims + 1 then return x:contiguous():view(x:size(1), -1), true end
   return x:contiguous():view(1, -1), false
end

function CReLU:updateOutput(input)
   local x, batched = flat(self, input)
   parent.updateOutput(self, x)
   local size = input:size()
   local d = batched and 2 or 1
   size[d] = size[d] * 2
   self.output = self.output:view(size)
   return self.output
end

function CReLU:backward(input, gradOutput, scale)
   return self:updateGradInput(input, gradOutput)
end

function CReLU:updateGradInput(input, gradOutput)
   local x, batched = flat(self, input)
   local g = gradOutput:contiguous():view(batched and input:size(1) or 1, -1)
   parent.updateGradInput(self, x, g)
   self.gradInput = self.gradInput:view(input:size())
   return self.gradInput
end
