-- nn.SpatialMaxPooling(kW, kH[, dW=kW, dH=kH, padW=0, padH=0]); :ceil() / :floor() pick the
-- output-size rounding.  Indices (1-based within each plane) are kept for backward.
local K = nn.kernels
local SpatialMaxPooling, parent = torch.class('nn.SpatialMaxPooling', 'nn.Module')

function SpatialMaxPooling:__init(kW, kH, dW, dH, padW, padH)
   parent.__init(self)
   self.kW, self.kH = kW, kH
   self.dW, self.dH = dW or kW, dH or kH
   self.padW, self.padH = padW or 0, padH or 0
   self.ceil_mode = false
   self.indices = torch.LongTensor()
end

function SpatialMaxPooling:ceil() self.ceil_mode = true; return self end
function SpatialMaxPooling:floor() self.ceil_mode = false; return self end

function SpatialMaxPooling:_options()
   self.padW, self.padH = self.padW or 0, self.padH or 0
   return K.longs(self.kH, self.kW), K.longs(self.dH, self.dW), K.longs(self.padH, self.padW),
          K.longs(self.dilationH or 1, self.dilationW or 1)
end

function SpatialMaxPooling:updateOutput(input)
   self.indices = self.indices or torch.LongTensor()
   if torch.typename(self.indices) ~= 'torch.LongTensor' then self.indices = torch.LongTensor() end
   local k, s, p, d = self:_options()
   K.check(K.C.tc_max_pool_forward(self.output:cdata(), self.indices:cdata(), input:cdata(), 2, k, s, p, d,
                                   self.ceil_mode and 1 or 0, K.INDEX_BASE))
   -- the input's spatial size, as Torch7 kept it (nn.SpatialMaxUnpooling reads it)
   self.iheight, self.iwidth = input:size(input:dim() - 1), input:size(input:dim())
   return self.output
end

function SpatialMaxPooling:updateGradInput(input, gradOutput)
   K.check(K.C.tc_max_pool_backward(self.gradInput:cdata(), gradOutput:cdata(), input:cdata(),
                                    self.indices:cdata(), 2, K.INDEX_BASE))
   return self.gradInput
end

function SpatialMaxPooling:__tostring__()
   local s = string.format('%s(%dx%d, %d,%d', torch.type(self), self.kW, self.kH, self.dW, self.dH)
   if (self.padW or self.padH) and (self.padW ~= 0 or self.padH ~= 0) then
      s = s .. ', ' .. self.padW .. ',' .. self.padH
   end
   return s .. ')'
end

function SpatialMaxPooling:clearState()
   if self.indices then self.indices:set() end
   return parent.clearState(self)
end
