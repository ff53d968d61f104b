-- nn.OneHot(outputSize): index tensor (or a number) -> one-hot rows over a new last dimension
local OneHot, OneHotParent = torch.class('nn.OneHot', 'nn.Module')
function OneHot:__init(outputSize)
   OneHotParent.__init(self)
   self.outputSize = outputSize
end
function OneHot:updateOutput(input)
   local idx, size
   if type(input) == 'number' then
      idx, size = torch.LongTensor { input }, {}
   else
      idx, size = input:long(), input:size():totable()
   end
   if idx:nElement() > 0 and (idx:min() < 1 or idx:max() > self.outputSize) then
      error(string.format('nn.OneHot: indices must be in [1, %d]', self.outputSize), 2)
   end
   size[#size + 1] = self.outputSize
   self.output:resize(unpack(size)):zero()
   size[#size] = 1
   self.output:scatter(#size, idx:contiguous():view(unpack(size)), 1)
   return self.output
end
function OneHot:updateGradInput(input, gradOutput)
   if type(input) == 'number' then return 0 end
   self.gradInput:resize(input:size()):zero()
   return self.gradInput
end
