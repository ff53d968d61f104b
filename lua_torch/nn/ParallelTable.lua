-- nn.ParallelTable: child i is applied to input[i]; the outputs form a table.
local ParallelTable, parent = torch.class('nn.ParallelTable', 'nn.Container')

function ParallelTable:__init()
   parent.__init(self)
   self.modules = {}
   self.output = {}
   self.gradInput = {}
end

function ParallelTable:updateOutput(input)
   for i, m in ipairs(self.modules) do
      self.output[i] = self:rethrowErrors(m, i, 'updateOutput', input[i])
   end
   return self.output
end

function ParallelTable:updateGradInput(input, gradOutput)
   for i, m in ipairs(self.modules) do
      self.gradInput[i] = self:rethrowErrors(m, i, 'updateGradInput', input[i], gradOutput[i])
   end
   return self.gradInput
end

function ParallelTable:accGradParameters(input, gradOutput, scale)
   for i, m in ipairs(self.modules) do
      self:rethrowErrors(m, i, 'accGradParameters', input[i], gradOutput[i], scale or 1)
   end
end

function ParallelTable:accUpdateGradParameters(input, gradOutput, lr)
   for i, m in ipairs(self.modules) do
      self:rethrowErrors(m, i, 'accUpdateGradParameters', input[i], gradOutput[i], lr)
   end
end

function ParallelTable:__tostring__()
   local tab, line = '  ', '\n'
   local s = torch.type(self) .. ' {' .. line .. tab .. 'input'
   for i, m in ipairs(self.modules) do
      local last = i == #self.modules
      s = s .. line .. tab .. (last and '   `-> ' or '  |`-> ') .. '(' .. i .. '): '
            .. tostring(m):gsub(line, line .. tab .. (last and '       ' or '  |    '))
   end
   return s .. line .. tab .. '   ... -> output' .. line .. '}'
end
