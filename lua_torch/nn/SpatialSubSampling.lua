-- nn.SpatialSubSampling(nInputPlane, kW, kH[, dW=1, dH=1]): out[c] = bias[c] + weight[c] * (sum of a
-- kH x kW window of plane c); weight and bias nInputPlane; input (B x) nInputPlane x H x W.
-- Files from early Torch7 (the 2012 SpatialLPPooling) hold a per-position nInputPlane x kH x kW weight:
-- such a module runs as the equivalent depthwise convolution.
local K = nn.kernels
local SpatialSubSampling, parent = torch.class('nn.SpatialSubSampling', 'nn.Module')

function SpatialSubSampling:__init(nInputPlane, kW, kH, dW, dH)
   parent.__init(self)
   self.nInputPlane = nInputPlane
   self.kW, self.kH = kW, kH
   self.dW, self.dH = dW or 1, dH or 1
   self.weight = torch.Tensor(nInputPlane)
   self.bias = torch.Tensor(nInputPlane)
   self.gradWeight = torch.Tensor(nInputPlane)
   self.gradBias = torch.Tensor(nInputPlane)
   self:reset()
end

function SpatialSubSampling:reset(stdv)
   stdv = stdv and stdv * math.sqrt(3) or 1 / math.sqrt(self.kW * self.kH)
   self.weight:uniform(-stdv, stdv)
   self.bias:uniform(-stdv, stdv)
end

-- the per-position weight of an early-format module, as a depthwise convolution's (nIn, 1, kH, kW)
local function depthwise(self)
   if self.weight:dim() == 1 then return nil end
   return self.weight:contiguous():view(self.nInputPlane, 1, self.kH, self.kW),
      {stride = K.longs(self.dH, self.dW), padding = K.longs(0, 0), dilation = K.longs(1, 1),
       groups = self.nInputPlane}
end

function SpatialSubSampling:updateOutput(input)
   local w, o = depthwise(self)
   if w then return K.convForward(self.output, input, w, self.bias, 2, o) end
   K.check(K.C.tc_spatial_subsampling_forward(self.output:cdata(), input:cdata(), self.weight:cdata(),
      K.ptr(self.bias), self.kW, self.kH, self.dW, self.dH))
   return self.output
end

function SpatialSubSampling:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   local w, o = depthwise(self)
   if w then return K.convBackwardInput(self.gradInput, gradOutput, input, w, 2, o) end
   K.check(K.C.tc_spatial_subsampling_backward_input(self.gradInput:cdata(), gradOutput:cdata(), input:cdata(),
      self.weight:cdata(), self.kW, self.kH, self.dW, self.dH))
   return self.gradInput
end

function SpatialSubSampling:accGradParameters(input, gradOutput, scale)
   local w, o = depthwise(self)
   if w then
      if self.gradWeight:nElement() ~= self.weight:nElement() then self.gradWeight:resizeAs(self.weight):zero() end
      K.convBackwardParams(self.gradWeight:view(w:size()), self.gradBias, input, gradOutput, 2, o, scale)
      return
   end
   K.check(K.C.tc_spatial_subsampling_backward_params(self.gradWeight:cdata(), K.ptr(self.gradBias),
      input:cdata(), gradOutput:cdata(), self.kW, self.kH, self.dW, self.dH, scale or 1))
end
