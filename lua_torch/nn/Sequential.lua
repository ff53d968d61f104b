-- nn.Sequential: children applied in order.  Its output *is* the last child's output tensor and
-- its gradInput the first child's (aliasing scripts rely on).
local Sequential, parent = torch.class('nn.Sequential', 'nn.Container')

function Sequential:__len() return #self.modules end

function Sequential:add(module)
   if #self.modules == 0 then self.gradInput = module.gradInput end
   table.insert(self.modules, module)
   self.output = module.output
   return self
end

function Sequential:insert(module, index)
   index = index or (#self.modules + 1)
   if index > #self.modules + 1 or index < 1 then
      error"index should be contiguous to existing modules"
   end
   table.insert(self.modules, index, module)
   self.output = self.modules[#self.modules].output
   self.gradInput = self.modules[1].gradInput
end

function Sequential:remove(index)
   index = index or #self.modules
   if index > #self.modules or index < 1 then error"index out of range" end
   table.remove(self.modules, index)
   if #self.modules > 0 then
      self.output = self.modules[#self.modules].output
      self.gradInput = self.modules[1].gradInput
   else
      self.output = torch.Tensor()
      self.gradInput = torch.Tensor()
   end
end

function Sequential:updateOutput(input)
   local current = input
   for i, m in ipairs(self.modules) do
      current = self:rethrowErrors(m, i, 'updateOutput', current)
   end
   self.output = current
   return current
end

function Sequential:updateGradInput(input, gradOutput)
   local grad = gradOutput
   for i = #self.modules, 2, -1 do
      grad = self:rethrowErrors(self.modules[i], i, 'updateGradInput', self.modules[i - 1].output, grad)
   end
   grad = self:rethrowErrors(self.modules[1], 1, 'updateGradInput', input, grad)
   self.gradInput = grad
   return grad
end

function Sequential:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   local grad = gradOutput
   for i = #self.modules, 2, -1 do
      local m, prev = self.modules[i], self.modules[i - 1]
      self:rethrowErrors(m, i, 'accGradParameters', prev.output, grad, scale)
      grad = m.gradInput
   end
   self:rethrowErrors(self.modules[1], 1, 'accGradParameters', input, grad, scale)
end

function Sequential:backward(input, gradOutput, scale)
   scale = scale or 1
   local grad = gradOutput
   for i = #self.modules, 2, -1 do
      grad = self:rethrowErrors(self.modules[i], i, 'backward', self.modules[i - 1].output, grad, scale)
   end
   grad = self:rethrowErrors(self.modules[1], 1, 'backward', input, grad, scale)
   self.gradInput = grad
   return grad
end

function Sequential:accUpdateGradParameters(input, gradOutput, lr)
   local grad = gradOutput
   for i = #self.modules, 2, -1 do
      local m, prev = self.modules[i], self.modules[i - 1]
      self:rethrowErrors(m, i, 'accUpdateGradParameters', prev.output, grad, lr)
      grad = m.gradInput
   end
   self:rethrowErrors(self.modules[1], 1, 'accUpdateGradParameters', input, grad, lr)
end

function Sequential:__tostring__()
   local tab, line = '  ', '\n'
   local s = 'nn.Sequential {' .. line .. tab .. '[input'
   for i = 1, #self.modules do s = s .. ' -> (' .. i .. ')' end
   s = s .. ' -> output]'
   for i, m in ipairs(self.modules) do
      s = s .. line .. tab .. '(' .. i .. '): ' .. tostring(m):gsub(line, line .. tab)
   end
   return s .. line .. '}'
end
