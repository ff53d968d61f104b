-- nn.Padding(dim, pad[, nInputDim[, value=0[, index=1]]]): adds |pad| entries of value along dim;
-- pad < 0 inserts before position index counted from the start, pad > 0 after, from the end.
local Padding, parent = torch.class('nn.Padding', 'nn.Module')

function Padding:__init(dim, pad, nInputDim, value, index)
   self.value = value or 0
   self.index = index or 1
   self.dim = dim
   self.pad = pad
   self.nInputDim = nInputDim
   self.outputSize = torch.LongStorage()
   parent.__init(self)
end

-- the padded dimension, the insertion position and the pad width
function Padding:_where(input)
   local dim = self.dim
   if self.nInputDim and input:dim() ~= self.nInputDim then dim = dim + 1 end
   local index, pad = self.index, self.pad
   if pad > 0 then index = input:size(dim) - index + 2 else pad = -pad end
   return dim, index, pad
end

-- copies between the input-shaped tensor `a` and the padded `b` (to_padded chooses the direction)
local function transfer(a, b, dim, index, pad, to_padded)
   local n = a:size(dim)
   local function move(pa, pb) if to_padded then pb:copy(pa) else pa:copy(pb) end end
   if index == 1 then
      move(a, b:narrow(dim, 1 + pad, n))
   elseif index == n + 1 then
      move(a, b:narrow(dim, 1, n))
   else
      move(a:narrow(dim, 1, index - 1), b:narrow(dim, 1, index - 1))
      move(a:narrow(dim, index, n - index + 1), b:narrow(dim, index + pad, n - index + 1))
   end
end

function Padding:updateOutput(input)
   local dim, index, pad = self:_where(input)
   self.outputSize:resize(input:dim()):copy(input:size())
   self.outputSize[dim] = self.outputSize[dim] + pad
   self.output:resize(self.outputSize):fill(self.value)
   transfer(input, self.output, dim, index, pad, true)
   return self.output
end

function Padding:updateGradInput(input, gradOutput)
   local dim, index, pad = self:_where(input)
   self.gradInput:resizeAs(input)
   transfer(self.gradInput, gradOutput, dim, index, pad, false)
   return self.gradInput
end
