-- nn.HardTanh([min=-1[, max=1[, inplace]]]): clamps to [min, max].
local K = nn.kernels
local HardTanh, parent = torch.class('nn.HardTanh', 'nn.Module')

function HardTanh:__init(min_value, max_value, inplace)
   parent.__init(self)
   self.min_val = min_value or -1
   self.max_val = max_value or 1
   self.inplace = inplace or false
   if self.inplace and type(self.inplace) ~= 'boolean' then error('in-place flag must be boolean') end
   assert(self.max_val > self.min_val, 'max_value must be larger than min_value')
end

function HardTanh:updateOutput(input)
   self.min_val = self.min_val or -1
   self.max_val = self.max_val or 1
   return K.activation(self, input, 'HARDTANH', self.min_val, self.max_val, self.inplace)
end

function HardTanh:updateGradInput(input, gradOutput)
   return K.activationBackward(self, self.inplace and self.output or input, gradOutput,
                               'HARDTANH', self.min_val, self.max_val, self.inplace)
end
