-- nn.SoftSign: y = x / (1 + |x|).
local K = nn.kernels
local SoftSign, parent = torch.class('nn.SoftSign', 'nn.Module')

function SoftSign:updateOutput(input)
   return K.activation(self, input, 'SOFTSIGN')
end

function SoftSign:updateGradInput(input, gradOutput)
   return K.activationBackward(self, input, gradOutput, 'SOFTSIGN')
end
