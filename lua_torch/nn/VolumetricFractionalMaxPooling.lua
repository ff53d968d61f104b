-- nn.VolumetricFractionalMaxPooling(poolSizeT, poolSizeW, poolSizeH, arg1, arg2, arg3): fractional max
-- pooling over (T, H, W) of 4D/5D inputs; arg1..3 are the output T, W, H (integers >= 1) or ratios in
-- (0, 1). randomSamples (batch, plane, 3); fixPoolingRegions() keeps them. C kernels do the pooling.
local K = nn.kernels
local VolumetricFractionalMaxPooling, parent = torch.class('nn.VolumetricFractionalMaxPooling', 'nn.Module')

function VolumetricFractionalMaxPooling:__init(poolSizeT, poolSizeW, poolSizeH, arg1, arg2, arg3)
   parent.__init(self)
   assert(poolSizeT >= 2 and poolSizeW >= 2 and poolSizeH >= 2, 'VolumetricFractionalMaxPooling: pool sizes must be at least 2')
   self.poolSizeT, self.poolSizeW, self.poolSizeH = poolSizeT, poolSizeW, poolSizeH
   self.newRandomPool = false
   if arg1 >= 1 and arg2 >= 1 and arg3 >= 1 then
      self.outT, self.outW, self.outH = arg1, arg2, arg3
   else
      self.ratioT, self.ratioW, self.ratioH = arg1, arg2, arg3
      for _, r in ipairs({arg1, arg2, arg3}) do
         assert(r > 0 and r < 1, 'VolumetricFractionalMaxPooling: ratios must be in (0, 1)')
      end
   end
end

function VolumetricFractionalMaxPooling:initSampleBuffer_(input)
   local d = input:dim()
   local b, c = d == 5 and input:size(1) or 1, input:size(d - 3)
   if self.randomSamples == nil or torch.type(self.randomSamples) ~= torch.type(input) then
      self.randomSamples = input.new():resize(b, c, 3):uniform()
   elseif self.randomSamples:size(1) ~= b or self.randomSamples:size(2) ~= c then
      self.randomSamples:resize(b, c, 3):uniform()
   elseif not self.newRandomPool then
      self.randomSamples:uniform()
   end
end

function VolumetricFractionalMaxPooling:getOutputSizes_(input)
   local d = input:dim()
   local outT, outW, outH = self.outT, self.outW, self.outH
   if self.ratioT then
      outT = math.floor(input:size(d - 2) * self.ratioT)
      outH = math.floor(input:size(d - 1) * self.ratioH)
      outW = math.floor(input:size(d) * self.ratioW)
   end
   assert(outT + self.poolSizeT - 1 <= input:size(d - 2) and outH + self.poolSizeH - 1 <= input:size(d - 1)
      and outW + self.poolSizeW - 1 <= input:size(d), 'VolumetricFractionalMaxPooling: pool size too large for the output')
   return outT, outW, outH
end

function VolumetricFractionalMaxPooling:fixPoolingRegions(val)
   if val == nil then val = true end
   self.newRandomPool = val
   return self
end

function VolumetricFractionalMaxPooling:updateOutput(input)
   assert(input:dim() == 4 or input:dim() == 5, 'VolumetricFractionalMaxPooling: 4D or 5D input expected')
   self.indices = self.indices or torch.LongTensor()
   self:initSampleBuffer_(input)
   local outT, outW, outH = self:getOutputSizes_(input)
   local samples = input:dim() == 4 and self.randomSamples[1] or self.randomSamples
   K.check(K.C.tc_fractional_max_pool_forward(self.output:cdata(), self.indices:cdata(), input:cdata(), 3,
      K.longs(self.poolSizeT, self.poolSizeH, self.poolSizeW), K.longs(outT, outH, outW), samples:cdata(), K.INDEX_BASE))
   return self.output
end

function VolumetricFractionalMaxPooling:updateGradInput(input, gradOutput)
   K.check(K.C.tc_max_pool_backward(self.gradInput:cdata(), gradOutput:cdata(), input:cdata(),
      self.indices:cdata(), 3, K.INDEX_BASE))
   return self.gradInput
end

function VolumetricFractionalMaxPooling:clearState()
   self.indices = nil
   self.randomSamples = nil
   return parent.clearState(self)
end
