-- nn.CAddTensorTable(): {x, {y1, ..., yn}} -> {x + y1, ..., x + yn}
local CAddTensorTable, CAddParent = torch.class('nn.CAddTensorTable', 'nn.Module')
function CAddTensorTable:__init()
   CAddParent.__init(self)
   self.gradInput = {}
end
function CAddTensorTable:updateOutput(input)
   local out = {}
   for i = 1, #input[2] do out[i] = input[2][i]:clone():add(input[1]) end
   self.output = out
   return self.output
end
function CAddTensorTable:updateGradInput(input, gradOutput)
   local g1 = input[1].new():resizeAs(input[1]):copy(gradOutput[1])
   for i = 2, #input[2] do g1:add(gradOutput[i]) end
   local g2 = {}
   for i = 1, #input[2] do g2[i] = gradOutput[i]:clone() end
   self.gradInput = { g1, g2 }
   return self.gradInput
end
