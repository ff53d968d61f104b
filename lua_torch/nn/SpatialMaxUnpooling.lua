-- nn.SpatialMaxUnpooling(poolingModule): puts each value back where the associated SpatialMaxPooling
-- (kernel = stride) found its maximum, zeros elsewhere; output size = that pooling's input size.
local K = nn.kernels
local SpatialMaxUnpooling, parent = torch.class('nn.SpatialMaxUnpooling', 'nn.Module')

function SpatialMaxUnpooling:__init(poolingModule)
   parent.__init(self)
   assert(torch.type(poolingModule) == 'nn.SpatialMaxPooling', 'Argument must be a nn.SpatialMaxPooling module')
   assert(poolingModule.kH == poolingModule.dH and poolingModule.kW == poolingModule.dW,
      "The size of pooling module's kernel must be equal to its stride")
   self.pooling = poolingModule
end

function SpatialMaxUnpooling:setParams()
   if not self.pooling.iheight then
      error('nn.SpatialMaxUnpooling: run the associated SpatialMaxPooling forward first', 3)
   end
   self.indices = self.pooling.indices
   self.oheight = self.pooling.iheight
   self.owidth = self.pooling.iwidth
end

function SpatialMaxUnpooling:updateOutput(input)
   self:setParams()
   K.check(K.C.tc_max_unpool_forward(self.output:cdata(), input:cdata(), self.indices:cdata(), 2,
      K.longs(self.oheight, self.owidth), K.INDEX_BASE))
   return self.output
end

function SpatialMaxUnpooling:updateGradInput(input, gradOutput)
   self:setParams()
   K.check(K.C.tc_max_unpool_backward(self.gradInput:cdata(), gradOutput:cdata(), input:cdata(),
      self.indices:cdata(), 2, K.INDEX_BASE))
   return self.gradInput
end

function SpatialMaxUnpooling:empty() self:clearState() end

function SpatialMaxUnpooling:__tostring__()
   return 'nn.SpatialMaxUnpooling associated to ' .. tostring(self.pooling)
end
