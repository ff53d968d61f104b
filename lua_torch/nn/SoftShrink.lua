-- nn.SoftShrink([lambda=0.5]).
local K = nn.kernels
local SoftShrink, parent = torch.class('nn.SoftShrink', 'nn.Module')

function SoftShrink:__init(lam)
   parent.__init(self)
   self.lambda = lam or 0.5
end

function SoftShrink:updateOutput(input)
   return K.activation(self, input, 'SOFT_SHRINK', self.lambda)
end

function SoftShrink:updateGradInput(input, gradOutput)
   return K.activationBackward(self, input, gradOutput, 'SOFT_SHRINK', self.lambda)
end
