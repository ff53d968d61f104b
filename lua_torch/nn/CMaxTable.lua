-- nn.CMaxTable: the element-wise maximum of a table of tensors; the gradient goes to the input
-- that held the maximum (the first one on ties).
local CMaxTable, parent = torch.class('nn.CMaxTable', 'nn.Module')

function CMaxTable:__init()
   parent.__init(self)
   self.gradInput = {}
   self.maxIdx = torch.Tensor()
   self.mask = torch.Tensor()
   self.maxVals = torch.Tensor()
   self.gradMaxVals = torch.Tensor()
end

-- the comparison into self.mask (the input's type), then as a ByteTensor mask
function CMaxTable:_byteMask()
   self.maskByteTensor = self.maskByteTensor or torch.ByteTensor()
   return self.maskByteTensor:resize(self.mask:size()):copy(self.mask)
end

function CMaxTable:_compare(a, b) self.mask:gt(a, b) end

function CMaxTable:updateOutput(input)
   self.output:resizeAs(input[1]):copy(input[1])
   self.maxIdx:resizeAs(input[1]):fill(1)
   for i = 2, #input do
      self:_compare(input[i], self.output)
      local mask = self:_byteMask()
      self.maxIdx:maskedFill(mask, i)
      self.maxVals:maskedSelect(input[i], mask)
      self.output:maskedCopy(mask, self.maxVals)
   end
   return self.output
end

function CMaxTable:updateGradInput(input, gradOutput)
   for i = 1, #input do
      self.gradInput[i] = self.gradInput[i] or input[i].new()
      self.gradInput[i]:resizeAs(input[i]):fill(0)
      self.mask:eq(self.maxIdx, i)
      local mask = self:_byteMask()
      self.gradMaxVals:maskedSelect(gradOutput, mask)
      self.gradInput[i]:maskedCopy(mask, self.gradMaxVals)
   end
   for i = #input + 1, #self.gradInput do self.gradInput[i] = nil end
   return self.gradInput
end
