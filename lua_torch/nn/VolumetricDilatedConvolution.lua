-- nn.VolumetricDilatedConvolution(nIn, nOut, kT, kW, kH[, dT=1, dW=1, dH=1, padT=0, padW=0, padH=0,
-- dilationT=1, dilationW=1, dilationH=1]): VolumetricConvolution with dilated kernels.
local VolumetricDilatedConvolution, parent =
   torch.class('nn.VolumetricDilatedConvolution', 'nn.VolumetricConvolution')

function VolumetricDilatedConvolution:__init(nInputPlane, nOutputPlane, kT, kW, kH, dT, dW, dH, padT, padW, padH,
                                             dilationT, dilationW, dilationH)
   parent.__init(self, nInputPlane, nOutputPlane, kT, kW, kH, dT, dW, dH, padT or 0, padW or 0, padH or 0)
   self.dilationT, self.dilationW, self.dilationH = dilationT or 1, dilationW or 1, dilationH or 1
end

function VolumetricDilatedConvolution:__tostring__()
   return string.format('%s(%d -> %d, %dx%dx%d, %d,%d,%d, %d,%d,%d, %d,%d,%d)', torch.type(self), self.nInputPlane,
      self.nOutputPlane, self.kT, self.kW, self.kH, self.dT, self.dW, self.dH, self.padT, self.padW, self.padH,
      self.dilationT, self.dilationW, self.dilationH)
end
