-- nn.VolumetricMaxPooling(kT, kW, kH[, dT=kT, dW=kW, dH=kH, padT=0, padW=0, padH=0]).
local K = nn.kernels
local VolumetricMaxPooling, parent = torch.class('nn.VolumetricMaxPooling', 'nn.Module')

function VolumetricMaxPooling:__init(kT, kW, kH, dT, dW, dH, padT, padW, padH)
   parent.__init(self)
   self.kT, self.kW, self.kH = kT, kW, kH
   self.dT, self.dW, self.dH = dT or kT, dW or kW, dH or kH
   self.padT, self.padW, self.padH = padT or 0, padW or 0, padH or 0
   self.ceil_mode = false
   self.indices = torch.LongTensor()
end

function VolumetricMaxPooling:ceil() self.ceil_mode = true; return self end
function VolumetricMaxPooling:floor() self.ceil_mode = false; return self end

function VolumetricMaxPooling:updateOutput(input)
   self.indices = torch.typename(self.indices) == 'torch.LongTensor' and self.indices or torch.LongTensor()
   K.check(K.C.tc_max_pool_forward(self.output:cdata(), self.indices:cdata(), input:cdata(), 3,
      K.longs(self.kT, self.kH, self.kW), K.longs(self.dT, self.dH, self.dW),
      K.longs(self.padT or 0, self.padH or 0, self.padW or 0),
      K.longs(self.dilationT or 1, self.dilationH or 1, self.dilationW or 1), self.ceil_mode and 1 or 0,
      K.INDEX_BASE))
   -- the input's size, as Torch7 kept it (nn.VolumetricMaxUnpooling reads it)
   local n = input:dim()
   self.itime, self.iheight, self.iwidth = input:size(n - 2), input:size(n - 1), input:size(n)
   return self.output
end

function VolumetricMaxPooling:updateGradInput(input, gradOutput)
   K.check(K.C.tc_max_pool_backward(self.gradInput:cdata(), gradOutput:cdata(), input:cdata(),
                                    self.indices:cdata(), 3, K.INDEX_BASE))
   return self.gradInput
end

function VolumetricMaxPooling:clearState()
   if self.indices then self.indices:set() end
   return parent.clearState(self)
end
