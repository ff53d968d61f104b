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

-- the comparison kept in self.mask (the input's type), as a ByteTensor mask
local function byte_mask(self)
   self.maskByteTensor = self.maskByteTensor or torch.ByteTensor()
   return self.maskByteTensor:resize(self.mask:size()):copy(self.mask)
end

-- shared with CMinTable: keep the winner of `cmp` ('gt' or 'lt') and which input it came from
function CMaxTable._select(self, input, cmp, idx, vals)
   self.output:resizeAs(input[1]):copy(input[1])
   idx:resizeAs(input[1]):fill(1)
   for i = 2, #input do
      self.mask[cmp](self.mask, input[i], self.output)
      local mask = byte_mask(self)
      idx:maskedFill(mask, i)
      vals:maskedSelect(input[i], mask)
      self.output:maskedCopy(mask, vals)
   end
   return self.output
end

function CMaxTable._route(self, input, gradOutput, idx)
   for i = 1, #input do
      self.gradInput[i] = self.gradInput[i] or input[i].new()
      self.gradInput[i]:resizeAs(input[i]):fill(0)
      self.mask:eq(idx, i)
      local mask = byte_mask(self)
      self.gradMaxVals:maskedSelect(gradOutput, mask)
      self.gradInput[i]:maskedCopy(mask, self.gradMaxVals)
   end
   for i = #input + 1, #self.gradInput do self.gradInput[i] = nil end
   return self.gradInput
end

function CMaxTable:updateOutput(input)
   return CMaxTable._select(self, input, 'gt', self.maxIdx, self.maxVals)
end

function CMaxTable:updateGradInput(input, gradOutput)
   return CMaxTable._route(self, input, gradOutput, self.maxIdx)
end
