-- nn.SpatialFractionalMaxPooling(poolSizeW, poolSizeH, arg1, arg2): Graham's fractional max pooling.
-- arg1, arg2 are the output width/height (integers >= 1) or ratios of the input size (in (0, 1)).
-- Window starts are pseudo-random per (sample, plane) from randomSamples (batch, plane, 2), drawn anew on
-- every forward unless fixPoolingRegions() was called (Torch7 fields: poolSizeW/H, outW/H, ratioW/H,
-- randomSamples, newRandomPool, indices). The C kernels do the pooling.
local K = nn.kernels
local SpatialFractionalMaxPooling, parent = torch.class('nn.SpatialFractionalMaxPooling', 'nn.Module')

function SpatialFractionalMaxPooling:__init(poolSizeW, poolSizeH, arg1, arg2)
   parent.__init(self)
   assert(poolSizeW >= 2 and poolSizeH >= 2, 'SpatialFractionalMaxPooling: pool sizes must be at least 2')
   self.poolSizeW, self.poolSizeH = poolSizeW, poolSizeH
   -- newRandomPool false: new samples each forward; fixPoolingRegions() keeps them
   self.newRandomPool = false
   if arg1 >= 1 and arg2 >= 1 then
      self.outW, self.outH = arg1, arg2
   else
      self.ratioW, self.ratioH = arg1, arg2
      assert(self.ratioW > 0 and self.ratioW < 1 and self.ratioH > 0 and self.ratioH < 1,
         'SpatialFractionalMaxPooling: ratios must be in (0, 1)')
   end
end

function SpatialFractionalMaxPooling:getBufferSize_(input)
   local d = input:dim()
   local batchSize = d == 4 and input:size(1) or 1
   return torch.LongStorage({batchSize, input:size(d - 2), 2})
end

function SpatialFractionalMaxPooling:initSampleBuffer_(input)
   local size = self:getBufferSize_(input)
   if self.randomSamples == nil or torch.type(self.randomSamples) ~= torch.type(input) then
      self.randomSamples = input.new():resize(size):uniform()
   elseif self.randomSamples:size(1) ~= size[1] or self.randomSamples:size(2) ~= size[2] then
      self.randomSamples:resize(size):uniform()
   elseif not self.newRandomPool then
      self.randomSamples:uniform()
   end
end

function SpatialFractionalMaxPooling:getOutputSizes_(input)
   local d = input:dim()
   local outW, outH = self.outW, self.outH
   if self.ratioW then
      outW = math.floor(input:size(d) * self.ratioW)
      outH = math.floor(input:size(d - 1) * self.ratioH)
   end
   assert(outW + self.poolSizeW - 1 <= input:size(d), 'SpatialFractionalMaxPooling: poolSizeW too large for the output width')
   assert(outH + self.poolSizeH - 1 <= input:size(d - 1), 'SpatialFractionalMaxPooling: poolSizeH too large for the output height')
   return outW, outH
end

function SpatialFractionalMaxPooling:fixPoolingRegions(val)
   if val == nil then val = true end
   self.newRandomPool = val
   return self
end

function SpatialFractionalMaxPooling:updateOutput(input)
   assert(input:dim() == 3 or input:dim() == 4, 'SpatialFractionalMaxPooling: 3D or 4D input expected')
   self.indices = self.indices or torch.LongTensor()
   self:initSampleBuffer_(input)
   local outW, outH = self:getOutputSizes_(input)
   local samples = input:dim() == 3 and self.randomSamples[1] or self.randomSamples
   K.check(K.C.tc_fractional_max_pool_forward(self.output:cdata(), self.indices:cdata(), input:cdata(), 2,
      K.longs(self.poolSizeH, self.poolSizeW), K.longs(outH, outW), samples:cdata(), K.INDEX_BASE))
   return self.output
end

function SpatialFractionalMaxPooling:updateGradInput(input, gradOutput)
   K.check(K.C.tc_max_pool_backward(self.gradInput:cdata(), gradOutput:cdata(), input:cdata(),
      self.indices:cdata(), 2, K.INDEX_BASE))
   return self.gradInput
end

function SpatialFractionalMaxPooling:empty()
   self:clearState()
end

function SpatialFractionalMaxPooling:clearState()
   self.indices = nil
   self.randomSamples = nil
   return parent.clearState(self)
end

function SpatialFractionalMaxPooling:__tostring__()
   return string.format('%s(%dx%d, %s,%s)', torch.type(self), self.poolSizeW, self.poolSizeH,
      tostring(self.outW or self.ratioW), tostring(self.outH or self.ratioH))
end
