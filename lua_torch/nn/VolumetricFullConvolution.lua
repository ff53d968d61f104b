-- nn.VolumetricFullConvolution(nIn, nOut, kT, kW, kH[, dT=1, dW=1, dH=1, padT=0, padW=0, padH=0,
-- adjT=0, adjW=0, adjH=0]): 3-D transposed convolution; weight nIn x nOut x kT x kH x kW; output
-- (T-1) dT - 2 padT + kT + adjT (likewise H, W). The input may be {input, sizeRef}.
local K = nn.kernels
local VolumetricFullConvolution, parent = torch.class('nn.VolumetricFullConvolution', 'nn.Module')

function VolumetricFullConvolution:__init(nInputPlane, nOutputPlane, kT, kW, kH, dT, dW, dH, padT, padW, padH,
                                          adjT, adjW, adjH)
   parent.__init(self)
   self.nInputPlane, self.nOutputPlane = nInputPlane, nOutputPlane
   self.kT, self.kW, self.kH = kT, kW, kH
   self.dT, self.dW, self.dH = dT or 1, dW or 1, dH or 1
   self.padT, self.padW, self.padH = padT or 0, padW or 0, padH or 0
   self.adjT, self.adjW, self.adjH = adjT or 0, adjW or 0, adjH or 0
   if self.adjT > self.dT - 1 or self.adjW > self.dW - 1 or self.adjH > self.dH - 1 then
      error('adjT, adjW and adjH must be smaller than self.dT - 1, self.dW - 1 and self.dH - 1 respectively', 2)
   end
   self.weight = torch.Tensor(nInputPlane, nOutputPlane, kT, kH, kW)
   self.gradWeight = torch.Tensor(nInputPlane, nOutputPlane, kT, kH, kW)
   self.bias = torch.Tensor(nOutputPlane)
   self.gradBias = torch.Tensor(nOutputPlane)
   self:reset()
end

function VolumetricFullConvolution:noBias()
   self.bias, self.gradBias = nil, nil
   return self
end

function VolumetricFullConvolution:reset(stdv)
   stdv = stdv and stdv * math.sqrt(3) or 1 / math.sqrt(self.kT * self.kW * self.kH * self.nInputPlane)
   self.weight:uniform(-stdv, stdv)
   if self.bias then self.bias:uniform(-stdv, stdv) end
end

local function split(input)
   if type(input) == 'table' then return input[1], input[2] end
   return input, nil
end

function VolumetricFullConvolution:_options(x, ref)
   local adj = { self.adjT, self.adjH, self.adjW }
   if ref then
      local k, d, p = { self.kT, self.kH, self.kW }, { self.dT, self.dH, self.dW }, { self.padT, self.padH, self.padW }
      for i = 1, 3 do
         local n, want = x:size(x:dim() - 3 + i), ref:size(ref:dim() - 3 + i)
         adj[i] = want - ((n - 1) * d[i] - 2 * p[i] + k[i])
      end
   end
   return K.longs(self.dT, self.dH, self.dW), K.longs(self.padT, self.padH, self.padW),
      K.longs(adj[1], adj[2], adj[3]), K.longs(1, 1, 1)
end

function VolumetricFullConvolution:updateOutput(input)
   local x, ref = split(input)
   local s, p, a, d = self:_options(x, ref)
   K.check(K.C.tc_conv_transpose_forward(self.output:cdata(), x:cdata(), self.weight:cdata(), K.ptr(self.bias), 3,
      s, p, a, d, 1))
   return self.output
end

function VolumetricFullConvolution:updateGradInput(input, gradOutput)
   local x, ref = split(input)
   local s, p, a, d = self:_options(x, ref)
   local gi = self.gradInput
   if ref then
      self.gradInput = type(self.gradInput) == 'table' and self.gradInput or { x.new(), ref.new() }
      gi = self.gradInput[1]
      self.gradInput[2]:resizeAs(ref):zero()
   end
   K.check(K.C.tc_conv_transpose_backward_input(gi:cdata(), gradOutput:cdata(), x:cdata(), self.weight:cdata(), 3,
      s, p, a, d, 1))
   return self.gradInput
end

function VolumetricFullConvolution:accGradParameters(input, gradOutput, scale)
   local x, ref = split(input)
   local s, p, a, d = self:_options(x, ref)
   K.check(K.C.tc_conv_transpose_backward_params(self.gradWeight:cdata(), K.ptr(self.gradBias), x:cdata(),
      gradOutput:cdata(), 3, s, p, a, d, 1, scale or 1))
end

function VolumetricFullConvolution:__tostring__()
   return string.format('%s(%d -> %d, %dx%dx%d)', torch.type(self), self.nInputPlane, self.nOutputPlane,
      self.kT, self.kW, self.kH)
end
