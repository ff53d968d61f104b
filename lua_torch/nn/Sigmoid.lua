-- nn.Sigmoid: y = 1 / (1 + exp(-x)) (the derivative is taken from the output).
local K = nn.kernels
local Sigmoid, parent = torch.class('nn.Sigmoid', 'nn.Module')

function Sigmoid:updateOutput(input)
   return K.activation(self, input, 'SIGMOID')
end

function Sigmoid:updateGradInput(input, gradOutput)
   return K.activationBackward(self, input, gradOutput, 'SIGMOID', 0, 0, false, true)
end
