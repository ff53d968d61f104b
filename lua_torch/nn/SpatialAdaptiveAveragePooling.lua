-- nn.SpatialAdaptiveAveragePooling(W, H): pools each plane to a fixed H x W output.
local K = nn.kernels
local SpatialAdaptiveAveragePooling, parent = torch.class('nn.SpatialAdaptiveAveragePooling', 'nn.Module')

function SpatialAdaptiveAveragePooling:__init(W, H)
   parent.__init(self)
   self.W, self.H = W, H
end

function SpatialAdaptiveAveragePooling:updateOutput(input)
   K.check(K.C.tc_adaptive_avg_pool_forward(self.output:cdata(), input:cdata(), 2, K.longs(self.H, self.W)))
   return self.output
end

function SpatialAdaptiveAveragePooling:updateGradInput(input, gradOutput)
   K.check(K.C.tc_adaptive_avg_pool_backward(self.gradInput:cdata(), gradOutput:cdata(), input:cdata(), 2))
   return self.gradInput
end
