-- nn.SoftPlus([beta=1[, threshold=20]]): log(1 + exp(beta x)) / beta, linear where beta x > threshold.
local K = nn.kernels
local SoftPlus, parent = torch.class('nn.SoftPlus', 'nn.Module')

function SoftPlus:__init(beta)
   parent.__init(self)
   self.beta = beta or 1
   self.threshold = 20
end

function SoftPlus:updateOutput(input)
   return K.activation(self, input, 'SOFTPLUS', self.beta, self.threshold)
end

function SoftPlus:updateGradInput(input, gradOutput)
   return K.activationBackward(self, input, gradOutput, 'SOFTPLUS', self.beta, self.threshold)
end
