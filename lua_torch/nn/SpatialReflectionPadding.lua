-- nn.SpatialReflectionPadding(left[, right, top, bottom]) on (B x) C x H x W inputs.
local K = nn.kernels
local SpatialReflectionPadding, parent = torch.class('nn.SpatialReflectionPadding', 'nn.Module')

function SpatialReflectionPadding:__init(pad_l, pad_r, pad_t, pad_b)
   parent.__init(self)
   self.pad_l = pad_l
   self.pad_r = pad_r or self.pad_l
   self.pad_t = pad_t or self.pad_l
   self.pad_b = pad_b or self.pad_l
end

function SpatialReflectionPadding:_pads() return K.longs(self.pad_l, self.pad_r, self.pad_t, self.pad_b) end

function SpatialReflectionPadding:updateOutput(input)
   if input:dim() ~= 3 and input:dim() ~= 4 then error('input must be 3 or 4-dimensional') end
   K.check(K.C.tc_pad_forward(self.output:cdata(), input:cdata(), 2, self:_pads(), K.C.TC_PAD_REFLECT, 0))
   return self.output
end

function SpatialReflectionPadding:updateGradInput(input, gradOutput)
   K.check(K.C.tc_pad_backward(self.gradInput:cdata(), gradOutput:cdata(), input:cdata(), 2, self:_pads(),
                               K.C.TC_PAD_REFLECT))
   return self.gradInput
end

function SpatialReflectionPadding:__tostring__()
   return torch.type(self) .. string.format('(l=%d, r=%d, t=%d, b=%d)', self.pad_l, self.pad_r, self.pad_t, self.pad_b)
end
