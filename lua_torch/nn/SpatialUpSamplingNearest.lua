-- nn.SpatialUpSamplingNearest(scale): each pixel repeated scale x scale times.
local K = nn.kernels
local SpatialUpSamplingNearest, parent = torch.class('nn.SpatialUpSamplingNearest', 'nn.Module')

function SpatialUpSamplingNearest:__init(scale)
   parent.__init(self)
   self.scale_factor = scale
   if self.scale_factor < 1 then error('scale_factor must be greater than 1') end
   if math.floor(self.scale_factor) ~= self.scale_factor then error('scale_factor must be integer') end
   self.inputSize = torch.LongStorage(4)
   self.outputSize = torch.LongStorage(4)
end

function SpatialUpSamplingNearest:updateOutput(input)
   if input:dim() ~= 3 and input:dim() ~= 4 then error('SpatialUpSamplingNearest only supports 3D or 4D tensors') end
   local h, w = input:size(input:dim() - 1), input:size(input:dim())
   K.check(K.C.tc_upsample_nearest_forward(self.output:cdata(), input:cdata(), 2,
      K.longs(h * self.scale_factor, w * self.scale_factor), nil))
   return self.output
end

function SpatialUpSamplingNearest:updateGradInput(input, gradOutput)
   K.check(K.C.tc_upsample_nearest_backward(self.gradInput:cdata(), gradOutput:cdata(), input:cdata(), 2, nil))
   return self.gradInput
end
