-- nn.SpatialAdaptiveMaxPooling(W, H): pools each plane to a fixed H x W output.
local K = nn.kernels
local SpatialAdaptiveMaxPooling, parent = torch.class('nn.SpatialAdaptiveMaxPooling', 'nn.Module')

function SpatialAdaptiveMaxPooling:__init(W, H)
   parent.__init(self)
   self.W, self.H = W, H
   self.indices = torch.LongTensor()
end

function SpatialAdaptiveMaxPooling:updateOutput(input)
   K.check(K.C.tc_adaptive_max_pool_forward(self.output:cdata(), self.indices:cdata(), input:cdata(), 2,
                                            K.longs(self.H, self.W), K.INDEX_BASE))
   return self.output
end

function SpatialAdaptiveMaxPooling:updateGradInput(input, gradOutput)
   K.check(K.C.tc_max_pool_backward(self.gradInput:cdata(), gradOutput:cdata(), input:cdata(),
                                    self.indices:cdata(), 2, K.INDEX_BASE))
   return self.gradInput
end
