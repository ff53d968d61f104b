-- The three 2-D padding layers (zero/constant, reflection, replication) share one definition: the
-- pads (l, r, t, b) on the last two dims of (B x) C x H x W inputs, through the core's pad kernel.
local K = nn.kernels

local function define(className, mode, doc)
   local cls, parent = torch.class(className, 'nn.Module')

   function cls:__init(pad_l, pad_r, pad_t, pad_b)
      parent.__init(self)
      self.pad_l = pad_l
      self.pad_r = pad_r or self.pad_l
      self.pad_t = pad_t or self.pad_l
      self.pad_b = pad_b or self.pad_l
   end

   function cls:_pads() return K.longs(self.pad_l, self.pad_r, self.pad_t, self.pad_b) end

   function cls:updateOutput(input)
      if input:dim() ~= 3 and input:dim() ~= 4 then error('input must be 3 or 4-dimensional') end
      K.check(K.C.tc_pad_forward(self.output:cdata(), input:cdata(), 2, self:_pads(), K.C['TC_PAD_' .. mode], 0))
      return self.output
   end

   function cls:updateGradInput(input, gradOutput)
      K.check(K.C.tc_pad_backward(self.gradInput:cdata(), gradOutput:cdata(), input:cdata(), 2, self:_pads(),
                                  K.C['TC_PAD_' .. mode]))
      return self.gradInput
   end

   function cls:__tostring__()
      return torch.type(self) .. string.format('(l=%d, r=%d, t=%d, b=%d)', self.pad_l, self.pad_r, self.pad_t, self.pad_b)
   end
   return cls
end

-- negative pads crop (SpatialZeroPadding only, as in Torch7)
define('nn.SpatialZeroPadding', 'CONSTANT')
define('nn.SpatialReflectionPadding', 'REFLECT')
define('nn.SpatialReplicationPadding', 'REPLICATE')
