-- nn.TanhShrink: y = x - tanh(x).
local K = nn.kernels
local TanhShrink, parent = torch.class('nn.TanhShrink', 'nn.Module')

function TanhShrink:updateOutput(input)
   return K.activation(self, input, 'TANH_SHRINK')
end

function TanhShrink:updateGradInput(input, gradOutput)
   return K.activationBackward(self, input, gradOutput, 'TANH_SHRINK')
end
