-- nn.TemporalMaxPooling(kW[, dW=kW]): max over windows of frames of a (B x) T x F input.
local K = nn.kernels
local TemporalMaxPooling, parent = torch.class('nn.TemporalMaxPooling', 'nn.Module')

function TemporalMaxPooling:__init(kW, dW)
   parent.__init(self)
   self.kW = kW
   self.dW = dW or kW
   self.indices = torch.LongTensor()
end

-- the kernel pools the last dim of (N, C, L): view time as that dim
local function as_ncl(t) return t:dim() == 2 and t:t() or t:transpose(2, 3) end

function TemporalMaxPooling:updateOutput(input)
   local out = input.new()
   self.indices = torch.typename(self.indices) == 'torch.LongTensor' and self.indices or torch.LongTensor()
   K.check(K.C.tc_max_pool_forward(out:cdata(), self.indices:cdata(), as_ncl(input):cdata(), 1,
      K.longs(self.kW), K.longs(self.dW), nil, nil, 0, K.INDEX_BASE))
   self.output:resizeAs(as_ncl(out)):copy(as_ncl(out))
   return self.output
end

function TemporalMaxPooling:updateGradInput(input, gradOutput)
   local gi = input.new()
   local go = as_ncl(gradOutput):contiguous()
   K.check(K.C.tc_max_pool_backward(gi:cdata(), go:cdata(), as_ncl(input):cdata(), self.indices:cdata(), 1,
                                    K.INDEX_BASE))
   self.gradInput:resizeAs(input):copy(as_ncl(gi))
   return self.gradInput
end
