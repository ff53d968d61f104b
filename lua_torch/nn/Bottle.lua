-- nn.Bottle(module[, nInputDim=2[, nOutputDim=nInputDim]]): leading dims beyond nInputDim are
-- folded into the first (batch) dim for the inner module and unfolded from its output.
local Bottle, parent = torch.class('nn.Bottle', 'nn.Decorator')

function Bottle:__init(module, nInputDim, nOutputDim)
   parent.__init(self, module)
   self.nInputDim = nInputDim or 2
   self.nOutputDim = nOutputDim or self.nInputDim
   self.dimDelta = self.nInputDim - self.nOutputDim
   self.inShape = torch.Tensor(self.nInputDim)
   self.outShape = torch.Tensor(self.nOutputDim)
end

local function ints(t)
   local out = {}
   for i = 1, t:nElement() do out[i] = t[i] end
   return out
end

function Bottle:updateOutput(input)
   local batchDims = input:dim() - self.nInputDim + 1
   if batchDims <= 1 then
      self.output:set(self.modules[1]:updateOutput(input))
      return self.output
   end
   local size = input:size():totable()
   local folded = 1
   for i = 1, batchDims - 1 do folded = folded * size[i] end
   local inner = {}
   for i = batchDims, #size do inner[#inner + 1] = size[i] end
   inner[1] = inner[1] * folded
   self.inShape:copy(torch.Tensor(inner))
   local output = self.modules[1]:updateOutput(input:view(unpack(inner)))
   assert(output:dim() == self.nOutputDim, 'Wrong number of output dims on module. Expected: ' ..
          self.nOutputDim .. ' but got ' .. tostring(output and output:dim()))
   self.outShape:copy(torch.Tensor(output:size():totable()))
   local outSize = {}
   for i = 1, batchDims - 1 do outSize[i] = size[i] end
   local osz = output:size():totable()
   outSize[batchDims] = osz[1] / folded
   for i = 2, #osz do outSize[#outSize + 1] = osz[i] end
   self.output:set(output:view(unpack(outSize)))
   return self.output
end

function Bottle:updateGradInput(input, gradOutput)
   local m = self.modules[1]
   if input:dim() > self.nInputDim then
      m:updateGradInput(input:view(unpack(ints(self.inShape))), gradOutput:contiguous():view(unpack(ints(self.outShape))))
      if m.gradInput then self.gradInput:set(m.gradInput:viewAs(input)) else self.gradInput = nil end
   else
      if m.gradInput then self.gradInput:set(m:updateGradInput(input, gradOutput)) else self.gradInput = nil end
   end
   return self.gradInput
end

function Bottle:accGradParameters(input, gradOutput, scale)
   if input:dim() > self.nInputDim then
      input = input:view(unpack(ints(self.inShape)))
      gradOutput = gradOutput:contiguous():view(unpack(ints(self.outShape)))
   end
   self.modules[1]:accGradParameters(input, gradOutput, scale)
end
