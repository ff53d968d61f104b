-- nn.SpatialDepthWiseConvolution(nIn, nOut, kW, kH[, dW=1, dH=1, padW=0, padH=padW]): every input plane
-- convolved with its own nOut filters; output nIn*nOut planes, input-major (plane i's filters first).
-- Torch7's layout: weight nOut x (nIn*kH*kW), bias nOut x nIn. Runs as a grouped convolution.
local K = nn.kernels
local SpatialDepthWiseConvolution, parent = torch.class('nn.SpatialDepthWiseConvolution', 'nn.Module')

function SpatialDepthWiseConvolution:__init(nInputPlane, nOutputPlane, kW, kH, dW, dH, padW, padH)
   parent.__init(self)
   self.nInputPlane, self.nOutputPlane = nInputPlane, nOutputPlane
   self.kW, self.kH = kW, kH
   self.dW, self.dH = dW or 1, dH or 1
   self.padW = padW or 0
   self.padH = padH or self.padW
   self.weight = torch.Tensor(nOutputPlane, nInputPlane * kH * kW)
   self.bias = torch.Tensor(nOutputPlane, nInputPlane)
   self.gradWeight = torch.Tensor(nOutputPlane, nInputPlane * kH * kW)
   self.gradBias = torch.Tensor(nOutputPlane, nInputPlane)
   self:reset()
end

function SpatialDepthWiseConvolution:noBias()
   self.bias, self.gradBias = nil, nil
   return self
end

function SpatialDepthWiseConvolution:reset(stdv)
   stdv = stdv and stdv * math.sqrt(3) or 1 / math.sqrt(self.kW * self.kH * self.nInputPlane)
   self.weight:uniform(-stdv, stdv)
   if self.bias then self.bias:uniform(-stdv, stdv) end
end

-- the grouped-convolution weight (nIn*nOut, 1, kH, kW) and bias (nIn*nOut), input-major
local function grouped(self, w, b)
   local nIn, nOut = self.nInputPlane, self.nOutputPlane
   local gw = w:view(nOut, nIn, self.kH, self.kW):transpose(1, 2):contiguous():view(nIn * nOut, 1, self.kH, self.kW)
   local gb = b and b:t():contiguous():view(nIn * nOut) or nil
   return gw, gb
end

function SpatialDepthWiseConvolution:_options()
   if self.padding then self.padW, self.padH, self.padding = self.padding, self.padding, nil end
   return { stride = K.longs(self.dH, self.dW), padding = K.longs(self.padH, self.padW),
            dilation = K.longs(1, 1), groups = self.nInputPlane }
end

function SpatialDepthWiseConvolution:updateOutput(input)
   local gw, gb = grouped(self, self.weight, self.bias)
   return K.convForward(self.output, input, gw, gb, 2, self:_options())
end

function SpatialDepthWiseConvolution:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   local gw = grouped(self, self.weight)
   return K.convBackwardInput(self.gradInput, gradOutput, input, gw, 2, self:_options())
end

function SpatialDepthWiseConvolution:accGradParameters(input, gradOutput, scale)
   local nIn, nOut = self.nInputPlane, self.nOutputPlane
   self._gw = self._gw or self.weight.new()
   self._gw:resize(nIn * nOut, 1, self.kH, self.kW):zero()
   self._gb = self._gb or self.weight.new()
   if self.gradBias then self._gb:resize(nIn * nOut):zero() end
   K.convBackwardParams(self._gw, self.gradBias and self._gb or nil, input, gradOutput, 2, self:_options(), scale)
   -- back to Torch7's layouts, accumulated
   self.gradWeight:view(nOut, nIn, self.kH, self.kW):add(self._gw:view(nIn, nOut, self.kH, self.kW):transpose(1, 2))
   if self.gradBias then self.gradBias:add(self._gb:view(nIn, nOut):t()) end
end

function SpatialDepthWiseConvolution:clearState()
   nn.utils.clear(self, '_gw', '_gb', 'finput', 'fgradInput')
   return parent.clearState(self)
end
