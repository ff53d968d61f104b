-- nn.Squeeze([dim[, numInputDims]]): drops size-1 dims (or only dim, shifted for a batch dim).
local Squeeze, parent = torch.class('nn.Squeeze', 'nn.Module')

function Squeeze:__init(dim, numInputDims)
   parent.__init(self)
   self.dim = dim
   self:setNumInputDims(numInputDims)
end

function Squeeze:setNumInputDims(n)
   self.numInputDims = n
   return self
end

function Squeeze:updateOutput(input)
   local dim = self.dim
   if dim and self.numInputDims and input:dim() == self.numInputDims + 1 then dim = dim + 1 end
   local out = input.new():set(input)
   -- squeezing in place keeps the result a tensor even when one element is left
   if dim then out:squeeze(dim) else out:squeeze() end
   self.output:set(out)
   return self.output
end

function Squeeze:updateGradInput(input, gradOutput)
   assert(input:nElement() == gradOutput:nElement())
   self.gradInput:set(gradOutput):resizeAs(input)
   return self.gradInput
end
