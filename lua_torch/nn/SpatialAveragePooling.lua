-- nn.SpatialAveragePooling(kW, kH[, dW=1, dH=1, padW=0, padH=0]) (the default stride is 1, not
-- the kernel size); count_include_pad by default (:setCountExcludePad()), divide=true.
local K = nn.kernels
local SpatialAveragePooling, parent = torch.class('nn.SpatialAveragePooling', 'nn.Module')

function SpatialAveragePooling:__init(kW, kH, dW, dH, padW, padH)
   parent.__init(self)
   self.kW, self.kH = kW, kH
   self.dW, self.dH = dW or 1, dH or 1
   self.padW, self.padH = padW or 0, padH or 0
   self.ceil_mode = false
   self.count_include_pad = true
   self.divide = true
end

function SpatialAveragePooling:ceil() self.ceil_mode = true; return self end
function SpatialAveragePooling:floor() self.ceil_mode = false; return self end
function SpatialAveragePooling:setCountIncludePad() self.count_include_pad = true; return self end
function SpatialAveragePooling:setCountExcludePad() self.count_include_pad = false; return self end

function SpatialAveragePooling:_args()
   -- files from before these fields existed: no padding, divide by the window size
   self.padW, self.padH = self.padW or 0, self.padH or 0
   if self.divide == nil then self.divide = true end
   if self.count_include_pad == nil then self.count_include_pad = true end
   return K.longs(self.kH, self.kW), K.longs(self.dH, self.dW), K.longs(self.padH, self.padW),
          self.ceil_mode and 1 or 0, self.count_include_pad and 1 or 0, self.divide and 0 or 1
end

function SpatialAveragePooling:updateOutput(input)
   local k, s, p, ceil, include, divisor = self:_args()
   K.check(K.C.tc_avg_pool_forward(self.output:cdata(), input:cdata(), 2, k, s, p, ceil, include, divisor))
   return self.output
end

function SpatialAveragePooling:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   local k, s, p, ceil, include, divisor = self:_args()
   K.check(K.C.tc_avg_pool_backward(self.gradInput:cdata(), gradOutput:cdata(), input:cdata(), 2, k, s, p,
                                    ceil, include, divisor))
   return self.gradInput
end

function SpatialAveragePooling:__tostring__()
   local s = string.format('%s(%dx%d, %d,%d', torch.type(self), self.kW, self.kH, self.dW, self.dH)
   if (self.padW or self.padH) and (self.padW ~= 0 or self.padH ~= 0) then
      s = s .. ', ' .. self.padW .. ',' .. self.padH
   end
   return s .. ')'
end
