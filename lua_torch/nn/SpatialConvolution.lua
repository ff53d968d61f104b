-- nn.SpatialConvolution(nIn, nOut, kW, kH[, dW=1, dH=1, padW=0, padH=padW]): weight
-- nOut x nIn x kH x kW; input (B x) nIn x H x W.
local K = nn.kernels
local SpatialConvolution, parent = torch.class('nn.SpatialConvolution', 'nn.Module')

function SpatialConvolution:__init(nInputPlane, nOutputPlane, kW, kH, dW, dH, padW, padH)
   parent.__init(self)
   dW, dH = dW or 1, dH or 1
   self.nInputPlane, self.nOutputPlane = nInputPlane, nOutputPlane
   self.kW, self.kH, self.dW, self.dH = kW, kH, dW, dH
   self.padW = padW or 0
   self.padH = padH or self.padW
   self.weight = torch.Tensor(nOutputPlane, nInputPlane, kH, kW)
   self.bias = torch.Tensor(nOutputPlane)
   self.gradWeight = torch.Tensor(nOutputPlane, nInputPlane, kH, kW)
   self.gradBias = torch.Tensor(nOutputPlane)
   self:reset()
end

function SpatialConvolution:noBias()
   self.bias, self.gradBias = nil, nil
   return self
end

function SpatialConvolution:reset(stdv)
   stdv = stdv and stdv * math.sqrt(3) or 1 / math.sqrt(self.kW * self.kH * self.nInputPlane)
   self.weight:uniform(-stdv, stdv)
   if self.bias then self.bias:uniform(-stdv, stdv) end
end

-- the weight as the kernel expects it (files from old Torch7 versions may hold a 2-D weight)
function SpatialConvolution:_weights()
   local shape = {self.nOutputPlane, self.nInputPlane, self.kH, self.kW}
   local w, gw = self.weight, self.gradWeight
   if w:dim() ~= 4 then w = w:view(unpack(shape)) end
   if gw and gw:dim() ~= 4 then gw = gw:view(unpack(shape)) end
   return w, gw
end

function SpatialConvolution:_options()
   -- padW/padH may be absent in files written before they existed
   self.padW = self.padW or self.padding or 0
   self.padH = self.padH or self.padding or 0
   return {stride = K.longs(self.dH, self.dW), padding = K.longs(self.padH, self.padW),
           dilation = K.longs(self.dilationH or 1, self.dilationW or 1)}
end

function SpatialConvolution:updateOutput(input)
   self.finput = self.finput or input.new()
   self.fgradInput = self.fgradInput or input.new()
   local w = self:_weights()
   return K.convForward(self.output, input, w, self.bias, 2, self:_options())
end

function SpatialConvolution:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   local w = self:_weights()
   return K.convBackwardInput(self.gradInput, gradOutput, input, w, 2, self:_options())
end

function SpatialConvolution:accGradParameters(input, gradOutput, scale)
   local _, gw = self:_weights()
   K.convBackwardParams(gw, self.gradBias, input, gradOutput, 2, self:_options(), scale)
end

function SpatialConvolution:type(type, tensorCache)
   if self.finput then self.finput:set() end
   if self.fgradInput then self.fgradInput:set() end
   return parent.type(self, type, tensorCache)
end

function SpatialConvolution:__tostring__()
   local s = parent.__tostring__(self) .. string.format('(%d -> %d, %dx%d', self.nInputPlane, self.nOutputPlane, self.kW, self.kH)
   if self.dW ~= 1 or self.dH ~= 1 or self.padW ~= 0 or self.padH ~= 0 then
      s = s .. string.format(', %d,%d', self.dW, self.dH)
   end
   if (self.padW or self.padH) and (self.padW ~= 0 or self.padH ~= 0) then
      s = s .. ', ' .. self.padW .. ',' .. self.padH
   end
   if self.bias then return s .. ')' end
   return s .. ') without bias'
end

function SpatialConvolution:clearState()
   nn.utils.clear(self, 'finput', 'fgradInput', '_input', '_gradOutput')
   return parent.clearState(self)
end
