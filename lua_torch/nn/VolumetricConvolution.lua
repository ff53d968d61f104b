-- nn.VolumetricConvolution(nIn, nOut, kT, kW, kH[, dT=1, dW=1, dH=1, padT=0, padW=padT, padH=padW]):
-- weight nOut x nIn x kT x kH x kW; input (B x) nIn x T x H x W.
local K = nn.kernels
local VolumetricConvolution, parent = torch.class('nn.VolumetricConvolution', 'nn.Module')

function VolumetricConvolution:__init(nInputPlane, nOutputPlane, kT, kW, kH, dT, dW, dH, padT, padW, padH)
   parent.__init(self)
   self.nInputPlane, self.nOutputPlane = nInputPlane, nOutputPlane
   self.kT, self.kW, self.kH = kT, kW, kH
   self.dT, self.dW, self.dH = dT or 1, dW or 1, dH or 1
   self.padT = padT or 0
   self.padW = padW or self.padT
   self.padH = padH or self.padW
   self.weight = torch.Tensor(nOutputPlane, nInputPlane, kT, kH, kW)
   self.bias = torch.Tensor(nOutputPlane)
   self.gradWeight = torch.Tensor(nOutputPlane, nInputPlane, kT, kH, kW)
   self.gradBias = torch.Tensor(nOutputPlane)
   self:reset()
end

function VolumetricConvolution:noBias()
   self.bias, self.gradBias = nil, nil
   return self
end

function VolumetricConvolution:reset(stdv)
   stdv = stdv and stdv * math.sqrt(3) or 1 / math.sqrt(self.kT * self.kW * self.kH * self.nInputPlane)
   self.weight:uniform(-stdv, stdv)
   if self.bias then self.bias:uniform(-stdv, stdv) end
end

function VolumetricConvolution:_options()
   return {stride = K.longs(self.dT, self.dH, self.dW), padding = K.longs(self.padT, self.padH, self.padW),
           dilation = K.longs(self.dilationT or 1, self.dilationH or 1, self.dilationW or 1)}
end

function VolumetricConvolution:updateOutput(input)
   return K.convForward(self.output, input, self.weight, self.bias, 3, self:_options())
end

function VolumetricConvolution:updateGradInput(input, gradOutput)
   return K.convBackwardInput(self.gradInput, gradOutput, input, self.weight, 3, self:_options())
end

function VolumetricConvolution:accGradParameters(input, gradOutput, scale)
   K.convBackwardParams(self.gradWeight, self.gradBias, input, gradOutput, 3, self:_options(), scale)
end

function VolumetricConvolution:__tostring__()
   return torch.type(self) .. string.format('(%d -> %d, %dx%dx%d)', self.nInputPlane, self.nOutputPlane,
                                            self.kT, self.kW, self.kH)
end
