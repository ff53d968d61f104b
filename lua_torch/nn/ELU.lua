-- nn.ELU([alpha=1[, inplace]]): x for x > 0, alpha * (exp(x) - 1) otherwise.
local K = nn.kernels
local ELU, parent = torch.class('nn.ELU', 'nn.Module')

function ELU:__init(alpha, inplace)
   parent.__init(self)
   self.alpha = alpha or 1
   assert(type(self.alpha) == 'number')
   self.inplace = inplace or false
   assert(type(self.inplace) == 'boolean')
end

function ELU:updateOutput(input)
   return K.activation(self, input, 'ELU', self.alpha, 0, self.inplace)
end

function ELU:updateGradInput(input, gradOutput)
   -- the derivative is recovered from the output, which survives an in-place forward
   return K.activationBackward(self, input, gradOutput, 'ELU', self.alpha, 0, self.inplace, self.inplace)
end

function ELU:__tostring__()
   return string.format('%s (alpha:%f)', torch.type(self), self.alpha)
end
