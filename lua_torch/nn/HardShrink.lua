-- nn.HardShrink([lambda=0.5]).
local K = nn.kernels
local HardShrink, parent = torch.class('nn.HardShrink', 'nn.Module')

function HardShrink:__init(lam)
   parent.__init(self)
   self.lambda = lam or 0.5
end

function HardShrink:updateOutput(input)
   return K.activation(self, input, 'HARD_SHRINK', self.lambda)
end

function HardShrink:updateGradInput(input, gradOutput)
   return K.activationBackward(self, input, gradOutput, 'HARD_SHRINK', self.lambda)
end
