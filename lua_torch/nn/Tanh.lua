-- nn.Tanh: y = tanh(x) (the derivative is taken from the output).
local K = nn.kernels
local Tanh, parent = torch.class('nn.Tanh', 'nn.Module')

function Tanh:updateOutput(input)
   return K.activation(self, input, 'TANH')
end

function Tanh:updateGradInput(input, gradOutput)
   return K.activationBackward(self, input, gradOutput, 'TANH', 0, 0, false, true)
end
