-- nn.VolumetricReplicationPadding(pleft, pright, ptop, pbottom, pfront, pback): pads the last three
-- dims of (B x) C x T x H x W by repeating the border values.
local K = nn.kernels
local VolumetricReplicationPadding, parent = torch.class('nn.VolumetricReplicationPadding', 'nn.Module')

function VolumetricReplicationPadding:__init(pleft, pright, ptop, pbottom, pfront, pback)
   parent.__init(self)
   self.pleft = pleft
   self.pright = pright or pleft
   self.ptop = ptop or pleft
   self.pbottom = pbottom or pleft
   self.pfront = pfront or pleft
   self.pback = pback or pleft
end

function VolumetricReplicationPadding:_pads()
   return K.longs(self.pleft, self.pright, self.ptop, self.pbottom, self.pfront, self.pback)
end

function VolumetricReplicationPadding:updateOutput(input)
   if input:dim() ~= 4 and input:dim() ~= 5 then error('input must be 4 or 5-dimensional', 2) end
   K.check(K.C.tc_pad_forward(self.output:cdata(), input:cdata(), 3, self:_pads(), K.C.TC_PAD_REPLICATE, 0))
   return self.output
end

function VolumetricReplicationPadding:updateGradInput(input, gradOutput)
   K.check(K.C.tc_pad_backward(self.gradInput:cdata(), gradOutput:cdata(), input:cdata(), 3, self:_pads(),
      K.C.TC_PAD_REPLICATE))
   return self.gradInput
end

function VolumetricReplicationPadding:__tostring__()
   return torch.type(self) .. string.format('(left=%d, right=%d, top=%d, bottom=%d, front=%d, back=%d)',
      self.pleft, self.pright, self.ptop, self.pbottom, self.pfront, self.pback)
end
