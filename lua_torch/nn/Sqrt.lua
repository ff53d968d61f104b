-- nn.Sqrt([eps=0]): sqrt(x + eps); the gradient is gradOutput / (2 y).
local Sqrt, parent = torch.class('nn.Sqrt', 'nn.Module')

function Sqrt:__init(b)
   parent.__init(self)
   self.eps = b or 0
end

function Sqrt:updateOutput(input)
   self.eps = self.eps or 0
   self.output:resizeAs(input):copy(input):add(self.eps):sqrt()
   return self.output
end

function Sqrt:updateGradInput(input, gradOutput)
   self.gradInput:resizeAs(input):copy(gradOutput):cdiv(self.output):mul(0.5)
   return self.gradInput
end
