-- nn.SpatialDilatedConvolution(nIn, nOut, kW, kH[, dW, dH, padW, padH, dilationW=1, dilationH=1]).
local SpatialDilatedConvolution, parent = torch.class('nn.SpatialDilatedConvolution', 'nn.SpatialConvolution')

function SpatialDilatedConvolution:__init(nInputPlane, nOutputPlane, kW, kH, dW, dH, padW, padH, dilationW, dilationH)
   parent.__init(self, nInputPlane, nOutputPlane, kW, kH, dW, dH, padW, padH)
   self.dilationW = dilationW or 1
   self.dilationH = dilationH or 1
end

function SpatialDilatedConvolution:__tostring__()
   return nn.SpatialConvolution.__tostring__(self):gsub('%)$', '') ..
      string.format(', %d,%d)', self.dilationW, self.dilationH)
end
