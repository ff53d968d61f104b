-- nn.Transpose({d1, d2}, {d3, d4}, ...): a sequence of dimension swaps (a view).  With
-- numInputDims set, a leading batch dimension shifts every swap by one.
local Transpose, parent = torch.class('nn.Transpose', 'nn.Module')

function Transpose:__init(...)
   parent.__init(self)
   self.permutations = {...}
   self.numInputDims = nil
end

function Transpose:setNumInputDims(n)
   self.numInputDims = n
   return self
end

local function swap_all(t, perms, shift, reverse)
   local first, last, step = 1, #perms, 1
   if reverse then first, last, step = #perms, 1, -1 end
   for i = first, last, step do
      t = t:transpose(perms[i][1] + shift, perms[i][2] + shift)
   end
   return t
end

function Transpose:_shift(input)
   return (self.numInputDims and input:dim() > self.numInputDims) and input:dim() - self.numInputDims or 0
end

function Transpose:updateOutput(input)
   self.output:set(swap_all(input, self.permutations, self:_shift(input), false))
   return self.output
end

function Transpose:updateGradInput(input, gradOutput)
   self.gradInput:set(swap_all(gradOutput, self.permutations, self:_shift(input), true))
   return self.gradInput
end
