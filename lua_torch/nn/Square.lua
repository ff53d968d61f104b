-- nn.Square: x^2; the gradient is 2 x gradOutput.
local Square, parent = torch.class('nn.Square', 'nn.Module')

function Square:updateOutput(input)
   self.output:resizeAs(input):copy(input):cmul(input)
   return self.output
end

function Square:updateGradInput(input, gradOutput)
   self.gradInput:resizeAs(input):copy(input):mul(2):cmul(gradOutput)
   return self.gradInput
end
