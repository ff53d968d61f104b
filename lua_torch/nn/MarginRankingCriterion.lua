-- nn.MarginRankingCriterion([margin=1]): {x1, x2} with target y = +-1: max(0, -y (x1 - x2) + margin).
local MarginRankingCriterion, parent = torch.class('nn.MarginRankingCriterion', 'nn.Criterion')

function MarginRankingCriterion:__init(margin)
   parent.__init(self)
   self.margin = margin or 1
   self.sizeAverage = true
   self.gradInput = {torch.Tensor(1), torch.Tensor(1)}
end

function MarginRankingCriterion:updateOutput(input, y)
   local x1, x2 = input[1], input[2]
   if torch.type(x1) == 'number' or x1:nElement() == 1 then
      local a = type(x1) == 'number' and x1 or x1[1]
      local b = type(x2) == 'number' and x2 or x2[1]
      local t = type(y) == 'number' and y or y[1]
      self.output = math.max(0, -t * (a - b) + self.margin)
      return self.output
   end
   self._output = (x1 - x2):cmul(y):mul(-1):add(self.margin)
   self.output = self._output:clamp(0, math.huge):sum()
   if self.sizeAverage then self.output = self.output / y:size(1) end
   return self.output
end

function MarginRankingCriterion:updateGradInput(input, y)
   local x1, x2 = input[1], input[2]
   if torch.type(x1) == 'number' or x1:nElement() == 1 then
      local a = type(x1) == 'number' and x1 or x1[1]
      local b = type(x2) == 'number' and x2 or x2[1]
      local t = type(y) == 'number' and y or y[1]
      local dist = -t * (a - b) + self.margin
      self.gradInput[1]:resize(1)
      self.gradInput[2]:resize(1)
      if dist < 0 then
         self.gradInput[1][1], self.gradInput[2][1] = 0, 0
      else
         self.gradInput[1][1], self.gradInput[2][1] = -t, t
      end
      return self.gradInput
   end
   local active = (x1 - x2):cmul(y):mul(-1):add(self.margin):gt(0):typeAs(x1)
   local g = torch.cmul(active, y):mul(-1)
   if self.sizeAverage then g:div(y:size(1)) end
   self.gradInput[1]:resizeAs(x1):copy(g)
   self.gradInput[2]:resizeAs(x2):copy(g):mul(-1)
   return self.gradInput
end
