-- nn.VolumetricDilatedMaxPooling(kT, kW, kH[, dT=kT, dW=kW, dH=kH, padT=0, padW=0, padH=0,
-- dilationT=1, dilationW=1, dilationH=1]): VolumetricMaxPooling with dilated windows.
local VolumetricDilatedMaxPooling, parent = torch.class('nn.VolumetricDilatedMaxPooling', 'nn.VolumetricMaxPooling')

function VolumetricDilatedMaxPooling:__init(kT, kW, kH, dT, dW, dH, padT, padW, padH, dilationT, dilationW, dilationH)
   parent.__init(self, kT, kW, kH, dT, dW, dH, padT, padW, padH)
   self.dilationT, self.dilationW, self.dilationH = dilationT or 1, dilationW or 1, dilationH or 1
end

function VolumetricDilatedMaxPooling:__tostring__()
   return string.format('%s(%dx%dx%d, %d,%d,%d, %d,%d,%d, %d,%d,%d)', torch.type(self), self.kT, self.kW, self.kH,
      self.dT, self.dW, self.dH, self.padT, self.padW, self.padH, self.dilationT, self.dilationW, self.dilationH)
end
