-- nn.LogSigmoid: y = log(1 / (1 + exp(-x))).
local K = nn.kernels
local LogSigmoid, parent = torch.class('nn.LogSigmoid', 'nn.Module')

function LogSigmoid:updateOutput(input)
   return K.activation(self, input, 'LOG_SIGMOID')
end

function LogSigmoid:updateGradInput(input, gradOutput)
   return K.activationBackward(self, input, gradOutput, 'LOG_SIGMOID')
end
