-- nn.CMinTable: the element-wise minimum of a table of tensors (see CMaxTable; Torch7's field names).
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
   return nn.CMaxTable._select(self, input, 'lt', self.minIdx, self.minVals)
end

function CMinTable:updateGradInput(input, gradOutput)
   return nn.CMaxTable._route(self, input, gradOutput, self.minIdx)
end
