-- nn.SpatialCrossMapLRN(size[, alpha=1e-4[, beta=0.75[, k=1]]]): local response normalisation
-- across channels of (B x) C x H x W inputs.
local K = nn.kernels
local SpatialCrossMapLRN, parent = torch.class('nn.SpatialCrossMapLRN', 'nn.Module')

function SpatialCrossMapLRN:__init(size, alpha, beta, k)
   parent.__init(self)
   self.size = size
   self.alpha = alpha or 0.0001
   self.beta = beta or 0.75
   self.k = k or 1
end

function SpatialCrossMapLRN:updateOutput(input)
   assert(input:dim() == 3 or input:dim() == 4, 'Input must be 3D or 4D')
   self.scale = self.scale or input.new()
   K.check(K.C.tc_nn_cross_map_lrn(self.output:cdata(), self.scale:cdata(), input:cdata(), self.size,
                                   self.alpha, self.beta, self.k))
   return self.output
end

function SpatialCrossMapLRN:updateGradInput(input, gradOutput)
   K.check(K.C.tc_nn_cross_map_lrn_backward(self.gradInput:cdata(), gradOutput:cdata(), input:cdata(),
      self.output:cdata(), self.scale:cdata(), self.size, self.alpha, self.beta, self.k))
   return self.gradInput
end

function SpatialCrossMapLRN:clearState()
   nn.utils.clear(self, 'scale', 'paddedRatio', 'accumRatio')
   return parent.clearState(self)
end
