-- nn.ModuleFromCriterion(criterion): a criterion as a module over {prediction, target}; its output
-- is a 1-element tensor holding the loss, and the gradient w.r.t. the target is zero.
local ModuleFromCriterion, parent = torch.class('nn.ModuleFromCriterion', 'nn.Module')

function ModuleFromCriterion:__init(criterion)
   self.criterion = criterion
   self.output = torch.Tensor(1)
   self.gradInput = {torch.Tensor(), torch.Tensor()}
end

function ModuleFromCriterion:updateOutput(input)
   local prediction, target = unpack(input)
   self.output[1] = self.criterion:updateOutput(prediction, target)
   return self.output
end

function ModuleFromCriterion:updateGradInput(input, gradOutput)
   local prediction, target = unpack(input)
   local g = self.criterion:updateGradInput(prediction, target)
   local scale = gradOutput[1]
   if type(g) == 'table' then
      if type(self.gradInput[1]) ~= 'table' then
         self.gradInput[1] = {}
         for i = 1, #g do self.gradInput[1][i] = g[i].new() end
      end
      for i = 1, #g do self.gradInput[1][i]:resizeAs(g[i]):copy(g[i]):mul(scale) end
   else
      self.gradInput[1]:resizeAs(g):copy(g):mul(scale)
   end
   self.gradInput[2]:resizeAs(target):zero()
   return self.gradInput
end
