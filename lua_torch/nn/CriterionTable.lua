-- nn.CriterionTable(criterion): a module whose input is {input, target}, output the loss
local CriterionTable, CriterionTableParent = torch.class('nn.CriterionTable', 'nn.Module')
function CriterionTable:__init(criterion)
   CriterionTableParent.__init(self)
   self.criterion = criterion
   self.gradInput = { criterion.gradInput }
end
function CriterionTable:updateOutput(input)
   self.output = self.criterion:updateOutput(unpack(input))
   return self.output
end
function CriterionTable:updateGradInput(input, gradOutput)
   self.criterion:updateGradInput(unpack(input))
   self.gradInput = { self.criterion.gradInput }
   return self.gradInput
end
