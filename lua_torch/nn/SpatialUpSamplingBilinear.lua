-- nn.SpatialUpSamplingBilinear(scale) or ({oheight=, owidth=}): bilinear with aligned corners, source coordinates in
-- float32 as Torch7's THNN computed them (align_corners mode 2 of the core kernel);
-- the output is H * scale per side (what Torch7 computes; its comment says otherwise).
local K = nn.kernels
local SpatialUpSamplingBilinear, parent = torch.class('nn.SpatialUpSamplingBilinear', 'nn.Module')

function SpatialUpSamplingBilinear:__init(params)
   parent.__init(self)
   if type(params) == 'table' then
      self.oheight, self.owidth = params.oheight, params.owidth
   else
      self.scale_factor = params
      if self.scale_factor < 1 then error('scale_factor must be greater than 1') end
      if math.floor(self.scale_factor) ~= self.scale_factor then error('scale_factor must be integer') end
   end
end

function SpatialUpSamplingBilinear:_size(input)
   local h, w = input:size(input:dim() - 1), input:size(input:dim())
   if self.scale_factor then return h * self.scale_factor, w * self.scale_factor end
   return self.oheight, self.owidth
end

function SpatialUpSamplingBilinear:updateOutput(input)
   if input:dim() ~= 3 and input:dim() ~= 4 then error('SpatialUpSamplingBilinear only supports 3D or 4D tensors') end
   K.check(K.C.tc_upsample_linear_forward(self.output:cdata(), input:cdata(), 2, K.longs(self:_size(input)), 2, nil))
   return self.output
end

function SpatialUpSamplingBilinear:updateGradInput(input, gradOutput)
   K.check(K.C.tc_upsample_linear_backward(self.gradInput:cdata(), gradOutput:cdata(), input:cdata(), 2, 2, nil))
   return self.gradInput
end
