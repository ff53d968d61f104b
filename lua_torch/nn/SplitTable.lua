-- nn.SplitTable(dim[, nInputDims]): a table of input:select(dim, i) views.
local SplitTable, parent = torch.class('nn.SplitTable', 'nn.Module')

function SplitTable:__init(dimension, nInputDims)
   parent.__init(self)
   self.dimension = dimension
   self.nInputDims = nInputDims
end

function SplitTable:_getPositiveDimension(input)
   local dim = self.dimension
   if dim < 0 then
      dim = input:dim() + dim + 1
   elseif self.nInputDims and input:dim() == self.nInputDims + 1 then
      dim = dim + 1
   end
   return dim
end

function SplitTable:updateOutput(input)
   local dim = self:_getPositiveDimension(input)
   local out = {}
   for i = 1, input:size(dim) do out[i] = input:select(dim, i) end
   self.output = out
   return out
end

function SplitTable:updateGradInput(input, gradOutput)
   if self.gradInput then
      local dim = self:_getPositiveDimension(input)
      self.gradInput:resizeAs(input)
      for i = 1, input:size(dim) do self.gradInput:select(dim, i):copy(gradOutput[i]) end
   end
   return self.gradInput
end
