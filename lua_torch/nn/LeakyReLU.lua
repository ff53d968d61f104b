-- nn.LeakyReLU([negval=0.01[, inplace]]).
local K = nn.kernels
local LeakyReLU, parent = torch.class('nn.LeakyReLU', 'nn.Module')

function LeakyReLU:__init(negval, ip)
   parent.__init(self)
   if type(negval) == 'boolean' then
      ip, negval = negval, 0.01
   end
   self.negval = negval or 0.01
   self.inplace = ip or false
   if self.negval < 0 then self.inplace = false end
end

function LeakyReLU:updateOutput(input)
   return K.activation(self, input, 'LEAKY_RELU', self.negval, 0, self.inplace)
end

function LeakyReLU:updateGradInput(input, gradOutput)
   return K.activationBackward(self, self.inplace and self.output or input, gradOutput,
                               'LEAKY_RELU', self.negval, 0, self.inplace)
end

function LeakyReLU:__tostring__()
   return torch.type(self) .. string.format('(%g)', self.negval)
end
