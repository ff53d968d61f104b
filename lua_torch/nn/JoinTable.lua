-- nn.JoinTable(dim[, nInputDims]): concatenates a table of tensors along dim (shifted by one for
-- a batch dim when nInputDims is given; negative dims count from the end).
local JoinTable, parent = torch.class('nn.JoinTable', 'nn.Module')

function JoinTable:__init(dimension, nInputDims)
   parent.__init(self)
   self.size = torch.LongStorage()
   self.dimension = dimension
   self.gradInput = {}
   self.nInputDims = nInputDims
end

function JoinTable:_getPositiveDimension(input)
   local dim = self.dimension
   if dim < 0 then
      dim = input[1]:dim() + dim + 1
   elseif self.nInputDims and input[1]:dim() == self.nInputDims + 1 then
      dim = dim + 1
   end
   return dim
end

function JoinTable:updateOutput(input)
   local dim = self:_getPositiveDimension(input)
   for i, t in ipairs(input) do
      if i == 1 then self.size:resize(t:dim()):copy(t:size())
      else self.size[dim] = self.size[dim] + t:size(dim) end
   end
   self.output:resize(self.size)
   local offset = 1
   for _, t in ipairs(input) do
      self.output:narrow(dim, offset, t:size(dim)):copy(t)
      offset = offset + t:size(dim)
   end
   return self.output
end

function JoinTable:updateGradInput(input, gradOutput)
   local dim = self:_getPositiveDimension(input)
   for i = #input + 1, #self.gradInput do self.gradInput[i] = nil end
   local offset = 1
   for i, t in ipairs(input) do
      self.gradInput[i] = self.gradInput[i] or t.new()
      self.gradInput[i]:resizeAs(t):copy(gradOutput:narrow(dim, offset, t:size(dim)))
      offset = offset + t:size(dim)
   end
   return self.gradInput
end

function JoinTable:type(type, tensorCache)
   self.gradInput = {}
   return parent.type(self, type, tensorCache)
end
