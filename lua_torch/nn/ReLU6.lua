-- nn.ReLU6([inplace]): min(max(x, 0), 6).
local K = nn.kernels
local ReLU6, parent = torch.class('nn.ReLU6', 'nn.Module')

function ReLU6:__init(inplace)
   parent.__init(self)
   self.inplace = inplace or false
end

function ReLU6:updateOutput(input)
   return K.activation(self, input, 'HARDTANH', 0, 6, self.inplace)
end

function ReLU6:updateGradInput(input, gradOutput)
   return K.activationBackward(self, self.inplace and self.output or input, gradOutput, 'HARDTANH', 0, 6, self.inplace)
end
