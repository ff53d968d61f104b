-- nn.Abs: |x|; the gradient is sign(x) * gradOutput.
local Abs, parent = torch.class('nn.Abs', 'nn.Module')

function Abs:updateOutput(input)
   self.output:resizeAs(input):copy(input):abs()
   return self.output
end

function Abs:updateGradInput(input, gradOutput)
   self.gradInput:resizeAs(input):copy(input):sign():cmul(gradOutput)
   return self.gradInput
end
