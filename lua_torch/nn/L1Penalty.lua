-- nn.L1Penalty(l1weight[, sizeAverage=false, provideOutput=true]): identity forward that records
-- loss = l1weight * ||input||_1 (divided by nElement when sizeAverage) and adds its gradient
-- l1weight * sign(input) to the incoming one (replaces it when provideOutput is false).
local L1Penalty, parent = torch.class('nn.L1Penalty', 'nn.Module')

function L1Penalty:__init(l1weight, sizeAverage, provideOutput)
   parent.__init(self)
   self.l1weight = l1weight
   self.sizeAverage = sizeAverage or false
   if provideOutput == nil then self.provideOutput = true else self.provideOutput = provideOutput end
end

local function scale(self, input)
   local m = self.l1weight
   if self.sizeAverage == true then m = m / input:nElement() end
   return m
end

function L1Penalty:updateOutput(input)
   self.loss = scale(self, input) * input:norm(1)
   self.output = input
   return self.output
end

function L1Penalty:updateGradInput(input, gradOutput)
   self.gradInput:resizeAs(input):copy(input):sign():mul(scale(self, input))
   if self.provideOutput == true then self.gradInput:add(gradOutput) end
   return self.gradInput
end
