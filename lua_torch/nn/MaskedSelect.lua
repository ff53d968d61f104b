-- nn.MaskedSelect: input {t, mask} -> the 1-D tensor of t's elements where mask is set.
local MaskedSelect, parent = torch.class('nn.MaskedSelect', 'nn.Module')

function MaskedSelect:__init()
   parent.__init(self)
   self._maskIndices = torch.LongTensor()
   self._maskIndexBuffer = torch.LongTensor()
   self._maskIndexBufferCPU = torch.FloatTensor()
   self._gradBuffer = torch.Tensor()
   self._gradMask = torch.ByteTensor()
end

function MaskedSelect:updateOutput(input)
   self.output:maskedSelect(input[1], input[2])
   return self.output
end

function MaskedSelect:updateGradInput(input, gradOutput)
   local t, mask = input[1], input[2]
   self._gradBuffer = self._gradBuffer:typeAs(t)
   self._gradBuffer:resizeAs(t):zero()
   self._gradBuffer:maskedCopy(mask, gradOutput)
   self._gradMask:resizeAs(mask):zero()
   self.gradInput = {self._gradBuffer, self._gradMask}
   return self.gradInput
end

function MaskedSelect:type(type, tensorCache)
   self._gradMask = torch.ByteTensor()
   return parent.type(self, type, tensorCache)
end
