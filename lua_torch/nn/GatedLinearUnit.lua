-- nn.GatedLinearUnit([dim=last]): splits the input in two halves a, b along dim and returns a * sigmoid(b).
local GatedLinearUnit, parent = torch.class('nn.GatedLinearUnit', 'nn.Module')

function GatedLinearUnit:__init(dim)
   parent.__init(self)
   self.dim = dim
end

local function halves(self, input)
   local d = self.dim or input:dim()
   local n = input:size(d)
   if n % 2 ~= 0 then error('nn.GatedLinearUnit: dimension ' .. d .. ' has odd size ' .. n, 3) end
   return input:narrow(d, 1, n / 2), input:narrow(d, n / 2 + 1, n / 2), d
end

function GatedLinearUnit:updateOutput(input)
   local a, b = halves(self, input)
   self._gate = self._gate or input.new()
   self._gate:resizeAs(b):copy(b):sigmoid()
   self.output:resizeAs(a):copy(a):cmul(self._gate)
   return self.output
end

function GatedLinearUnit:updateGradInput(input, gradOutput)
   local a, b, d = halves(self, input)
   local n = a:size(d)
   self._gate = self._gate or input.new()
   self._gate:resizeAs(b):copy(b):sigmoid()
   self.gradInput:resizeAs(input)
   local ga, gb = self.gradInput:narrow(d, 1, n), self.gradInput:narrow(d, n + 1, n)
   ga:copy(gradOutput):cmul(self._gate)                              -- d/da = sigmoid(b)
   gb:copy(self._gate):mul(-1):add(1):cmul(self._gate):cmul(a):cmul(gradOutput)  -- a * s * (1 - s)
   return self.gradInput
end

function GatedLinearUnit:clearState()
   nn.utils.clear(self, '_gate')
   return parent.clearState(self)
end
