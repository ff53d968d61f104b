-- nn.SpatialConvolutionMM: SpatialConvolution whose weight is stored 2-D,
-- nOut x (nIn * kH * kW) (a view of the 4-D layout).
local SpatialConvolutionMM, parent = torch.class('nn.SpatialConvolutionMM', 'nn.SpatialConvolution')

function SpatialConvolutionMM:__init(nInputPlane, nOutputPlane, kW, kH, dW, dH, padW, padH)
   parent.__init(self, nInputPlane, nOutputPlane, kW, kH, dW, dH, padW, padH)
   local n = nInputPlane * kH * kW
   self.weight = self.weight:view(nOutputPlane, n)
   self.gradWeight = self.gradWeight:view(nOutputPlane, n)
end
