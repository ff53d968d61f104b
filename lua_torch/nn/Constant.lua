-- nn.Constant(value[, nInputDim]): outputs value (a number or tensor), repeated over the batch when the
-- input has more than nInputDim dimensions
local Constant, ConstantParent = torch.class('nn.Constant', 'nn.Module')
function Constant:__init(value, nInputDim)
   if type(value) == 'number' then value = torch.Tensor { value } end
   assert(torch.isTensor(value), 'Expecting number or tensor at arg 1')
   self.value = value
   self.nInputDim = nInputDim
   ConstantParent.__init(self)
end
function Constant:updateOutput(input)
   if self.nInputDim and input:dim() > self.nInputDim then
      local vsize = self.value:size():totable()
      self.output:resize(input:size(1), unpack(vsize))
      self.output:copy(self.value:view(1, unpack(vsize)):expand(self.output:size()))
   else
      self.output:resize(self.value:size()):copy(self.value)
   end
   return self.output
end
function Constant:updateGradInput(input, gradOutput)
   self.gradInput:resizeAs(input):zero()
   return self.gradInput
end
