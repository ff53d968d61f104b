-- nn.L1Cost(): a criterion on the input alone: loss = sum |input|, gradient sign(input).
local L1Cost, parent = torch.class('nn.L1Cost', 'nn.Criterion')

function L1Cost:__init()
   parent.__init(self)
end

function L1Cost:updateOutput(input)
   self.output = input:norm(1)
   return self.output
end

function L1Cost:updateGradInput(input)
   self.gradInput:resizeAs(input):copy(input):sign()
   return self.gradInput
end
