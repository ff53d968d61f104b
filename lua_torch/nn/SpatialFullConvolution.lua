-- nn.SpatialFullConvolution(nIn, nOut, kW, kH[, dW=1, dH=1, padW=0, padH=0, adjW=0, adjH=0]):
-- transposed convolution; weight nIn x nOut x kH x kW; output (H-1) dH - 2 padH + kH + adjH.
-- The input may be {input, sizeRef}: the output then takes sizeRef's spatial size.
local K = nn.kernels
local SpatialFullConvolution, parent = torch.class('nn.SpatialFullConvolution', 'nn.Module')

function SpatialFullConvolution:__init(nInputPlane, nOutputPlane, kW, kH, dW, dH, padW, padH, adjW, adjH)
   parent.__init(self)
   self.nInputPlane, self.nOutputPlane = nInputPlane, nOutputPlane
   self.kW, self.kH = kW, kH
   self.dW, self.dH = dW or 1, dH or 1
   self.padW, self.padH = padW or 0, padH or 0
   self.adjW, self.adjH = adjW or 0, adjH or 0
   if self.adjW > self.dW - 1 or self.adjH > self.dH - 1 then
      error('adjW and adjH must be smaller than self.dW - 1 and self.dH - 1 respectively')
   end
   self.weight = torch.Tensor(nInputPlane, nOutputPlane, kH, kW)
   self.gradWeight = torch.Tensor(nInputPlane, nOutputPlane, kH, kW)
   self.bias = torch.Tensor(nOutputPlane)
   self.gradBias = torch.Tensor(nOutputPlane)
   self:reset()
end

function SpatialFullConvolution:noBias()
   self.bias, self.gradBias = nil, nil
   return self
end

function SpatialFullConvolution:reset(stdv)
   stdv = stdv and stdv * math.sqrt(3) or 1 / math.sqrt(self.kW * self.kH * self.nInputPlane)
   self.weight:uniform(-stdv, stdv)
   if self.bias then self.bias:uniform(-stdv, stdv) end
end

-- the adjustment that makes the output match a reference size
function SpatialFullConvolution:_options(input, ref)
   local adjW, adjH = self.adjW, self.adjH
   if ref then
      local h, w = input:size(input:dim() - 1), input:size(input:dim())
      local th, tw = ref:size(ref:dim() - 1), ref:size(ref:dim())
      adjH = th - ((h - 1) * self.dH - 2 * self.padH + self.kH)
      adjW = tw - ((w - 1) * self.dW - 2 * self.padW + self.kW)
   end
   return {stride = K.longs(self.dH, self.dW), padding = K.longs(self.padH, self.padW),
           adj = K.longs(adjH, adjW), dilation = K.longs(1, 1)}
end

local function split(input)
   if type(input) == 'table' then return input[1], input[2] end
   return input, nil
end

function SpatialFullConvolution:updateOutput(input)
   local x, ref = split(input)
   local o = self:_options(x, ref)
   K.check(K.C.tc_conv_transpose_forward(self.output:cdata(), x:cdata(), self.weight:cdata(), K.ptr(self.bias), 2,
                                         o.stride, o.padding, o.adj, o.dilation, 1))
   return self.output
end

function SpatialFullConvolution:updateGradInput(input, gradOutput)
   local x, ref = split(input)
   local o = self:_options(x, ref)
   local gi = self.gradInput
   if ref then
      self.gradInput = type(self.gradInput) == 'table' and self.gradInput or {x.new(), ref.new()}
      gi = self.gradInput[1]
      self.gradInput[2]:resizeAs(ref):zero()
   end
   K.check(K.C.tc_conv_transpose_backward_input(gi:cdata(), gradOutput:cdata(), x:cdata(), self.weight:cdata(), 2,
                                                o.stride, o.padding, o.adj, o.dilation, 1))
   return self.gradInput
end

function SpatialFullConvolution:accGradParameters(input, gradOutput, scale)
   local x, ref = split(input)
   local o = self:_options(x, ref)
   K.check(K.C.tc_conv_transpose_backward_params(self.gradWeight:cdata(), K.ptr(self.gradBias), x:cdata(),
      gradOutput:cdata(), 2, o.stride, o.padding, o.adj, o.dilation, 1, scale or 1))
end

function SpatialFullConvolution:__tostring__()
   return torch.type(self) .. string.format('(%d -> %d, %dx%d, %d,%d, %d,%d, %d,%d)', self.nInputPlane,
      self.nOutputPlane, self.kW, self.kH, self.dW, self.dH, self.padW, self.padH, self.adjW, self.adjH)
end
