-- nn.VolumetricAveragePooling(kT, kW, kH[, dT=1, dW=1, dH=1]).
local K = nn.kernels
local VolumetricAveragePooling, parent = torch.class('nn.VolumetricAveragePooling', 'nn.Module')

function VolumetricAveragePooling:__init(kT, kW, kH, dT, dW, dH)
   parent.__init(self)
   self.kT, self.kW, self.kH = kT, kW, kH
   self.dT, self.dW, self.dH = dT or 1, dW or 1, dH or 1
end

function VolumetricAveragePooling:_args()
   return K.longs(self.kT, self.kH, self.kW), K.longs(self.dT, self.dH, self.dW), nil, 0, 1, 0
end

function VolumetricAveragePooling:updateOutput(input)
   local k, s, p, ceil, include, divisor = self:_args()
   K.check(K.C.tc_avg_pool_forward(self.output:cdata(), input:cdata(), 3, k, s, p, ceil, include, divisor))
   return self.output
end

function VolumetricAveragePooling:updateGradInput(input, gradOutput)
   local k, s, p, ceil, include, divisor = self:_args()
   K.check(K.C.tc_avg_pool_backward(self.gradInput:cdata(), gradOutput:cdata(), input:cdata(), 3, k, s, p,
                                    ceil, include, divisor))
   return self.gradInput
end
