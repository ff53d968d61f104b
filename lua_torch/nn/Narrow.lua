-- nn.Narrow(dim, offset[, length=1]): negative dim/offset count from the end; a negative length
-- means "up to size + length + 1" (-1 = to the end).
local Narrow, parent = torch.class('nn.Narrow', 'nn.Module')

function Narrow:__init(dimension, offset, length)
   parent.__init(self)
   self.dimension = dimension
   self.index = offset
   self.length = length or 1
   if not dimension or not offset then error('nn.Narrow(dimension, offset, length)') end
end

function Narrow:_range(input)
   local dim = self.dimension < 0 and input:dim() + self.dimension + 1 or self.dimension
   local n = input:size(dim)
   local offset = self.index < 0 and n + self.index + 1 or self.index
   local length = self.length < 0 and n - offset + self.length + 2 or self.length
   return dim, offset, length
end

function Narrow:updateOutput(input)
   local dim, offset, length = self:_range(input)
   self.output:set(input:narrow(dim, offset, length))
   return self.output
end

function Narrow:updateGradInput(input, gradOutput)
   local dim, offset, length = self:_range(input)
   self.gradInput = self.gradInput:typeAs(input)
   self.gradInput:resizeAs(input):zero()
   self.gradInput:narrow(dim, offset, length):copy(gradOutput)
   return self.gradInput
end
