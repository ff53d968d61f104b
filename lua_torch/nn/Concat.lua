-- nn.Concat(dim): the same input to every child; outputs concatenated along dim.
local Concat, parent = torch.class('nn.Concat', 'nn.Container')

function Concat:__init(dimension)
   parent.__init(self)
   self.outputSize = torch.LongStorage()
   self.dimension = dimension
end

function Concat:updateOutput(input)
   local outs = {}
   for i, m in ipairs(self.modules) do
      local out = self:rethrowErrors(m, i, 'updateOutput', input)
      outs[i] = out
      if i == 1 then
         self.outputSize:resize(out:dim()):copy(out:size())
      else
         self.outputSize[self.dimension] = self.outputSize[self.dimension] + out:size(self.dimension)
      end
   end
   self.output:resize(self.outputSize)
   local offset = 1
   for _, out in ipairs(outs) do
      local n = out:size(self.dimension)
      self.output:narrow(self.dimension, offset, n):copy(out)
      offset = offset + n
   end
   return self.output
end

-- calls fn(i, module, slice of gradOutput for that child)
function Concat:_eachSlice(gradOutput, fn)
   local offset = 1
   for i, m in ipairs(self.modules) do
      local n = m.output:size(self.dimension)
      fn(i, m, gradOutput:narrow(self.dimension, offset, n))
      offset = offset + n
   end
end

function Concat:updateGradInput(input, gradOutput)
   self.gradInput:resizeAs(input)
   self:_eachSlice(gradOutput, function(i, m, g)
      local gi = self:rethrowErrors(m, i, 'updateGradInput', input, g)
      if i == 1 then self.gradInput:copy(gi) else self.gradInput:add(gi) end
   end)
   return self.gradInput
end

function Concat:accGradParameters(input, gradOutput, scale)
   self:_eachSlice(gradOutput, function(i, m, g)
      self:rethrowErrors(m, i, 'accGradParameters', input, g, scale or 1)
   end)
end

function Concat:backward(input, gradOutput, scale)
   self.gradInput:resizeAs(input)
   self:_eachSlice(gradOutput, function(i, m, g)
      local gi = self:rethrowErrors(m, i, 'backward', input, g, scale or 1)
      if i == 1 then self.gradInput:copy(gi) else self.gradInput:add(gi) end
   end)
   return self.gradInput
end

function Concat:accUpdateGradParameters(input, gradOutput, lr)
   self:_eachSlice(gradOutput, function(i, m, g)
      self:rethrowErrors(m, i, 'accUpdateGradParameters', input, g, lr)
   end)
end

Concat.__tostring__ = nn.Container._branchesToString
