-- nn.CMinTable: the element-wise minimum of a table of tensors (see CMaxTable).
local CMinTable, parent = torch.class('nn.CMinTable', 'nn.Module')

function CMinTable:__init()
   parent.__init(self)
   self.gradInput = {}
   self.minIdx = torch.Tensor()
   self.mask = torch.Tensor()
   self.minVals = torch.Tensor()
   self.gradMaxVals = torch.Tensor()
end

function CMinTable:updateOutput(input)
   self.output:resizeAs(input[1]):copy(input[1])
   self.minIdx:resizeAs(input[1]):fill(1)
   for i = 2, #input do
      self.mask:lt(input[i], self.output)
      local mask = nn.CMaxTable._byteMask(self)
      self.minIdx:maskedFill(mask, i)
      self.minVals:maskedSelect(input[i], mask)
      self.output:maskedCopy(mask, self.minVals)
   end
   return self.output
end

function CMinTable:updateGradInput(input, gradOutput)
   for i = 1, #input do
      self.gradInput[i] = self.gradInput[i] or input[i].new()
      self.gradInput[i]:resizeAs(input[i]):fill(0)
      self.mask:eq(self.minIdx, i)
      local mask = nn.CMaxTable._byteMask(self)
      self.gradMaxVals:maskedSelect(gradOutput, mask)
      self.gradInput[i]:maskedCopy(mask, self.gradMaxVals)
   end
   for i = #input + 1, #self.gradInput do self.gradInput[i] = nil end
   return self.gradInput
end
