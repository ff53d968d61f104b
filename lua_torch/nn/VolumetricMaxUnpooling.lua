-- nn.VolumetricMaxUnpooling(poolingModule): the inverse of a VolumetricMaxPooling whose kernel equals
-- its stride: each value goes back where the pooling found its maximum, zeros elsewhere.
local K = nn.kernels
local VolumetricMaxUnpooling, parent = torch.class('nn.VolumetricMaxUnpooling', 'nn.Module')

function VolumetricMaxUnpooling:__init(poolingModule)
   parent.__init(self)
   assert(torch.type(poolingModule) == 'nn.VolumetricMaxPooling', 'Argument must be a nn.VolumetricMaxPooling module')
   assert(poolingModule.kT == poolingModule.dT and poolingModule.kH == poolingModule.dH and
      poolingModule.kW == poolingModule.dW, "The size of pooling module's kernel must be equal to its stride")
   self.pooling = poolingModule
end

function VolumetricMaxUnpooling:setParams()
   if not self.pooling.itime then
      error('nn.VolumetricMaxUnpooling: run the associated VolumetricMaxPooling forward first', 3)
   end
   self.indices = self.pooling.indices
   self.otime, self.oheight, self.owidth = self.pooling.itime, self.pooling.iheight, self.pooling.iwidth
end

function VolumetricMaxUnpooling:updateOutput(input)
   self:setParams()
   K.check(K.C.tc_max_unpool_forward(self.output:cdata(), input:cdata(), self.indices:cdata(), 3,
      K.longs(self.otime, self.oheight, self.owidth), K.INDEX_BASE))
   return self.output
end

function VolumetricMaxUnpooling:updateGradInput(input, gradOutput)
   self:setParams()
   K.check(K.C.tc_max_unpool_backward(self.gradInput:cdata(), gradOutput:cdata(), input:cdata(),
      self.indices:cdata(), 3, K.INDEX_BASE))
   return self.gradInput
end

function VolumetricMaxUnpooling:__tostring__()
   return 'nn.VolumetricMaxUnpooling associated to ' .. tostring(self.pooling)
end
