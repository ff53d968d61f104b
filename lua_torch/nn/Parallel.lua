-- nn.Parallel(inputDim, outputDim): child i gets input:select(inputDim, i); outputs are
-- concatenated along outputDim.
local Parallel, parent = torch.class('nn.Parallel', 'nn.Container')

function Parallel:__init(inputDimension, outputDimension)
   parent.__init(self)
   self.modules = {}
   self.inputDimension = inputDimension
   self.outputDimension = outputDimension
end

function Parallel:updateOutput(input)
   local nModule = input:size(self.inputDimension)
   local outs = {}
   self.totalOutputSize = self.totalOutputSize or torch.LongStorage()
   local total = 0
   for i = 1, nModule do
      local out = self:rethrowErrors(self.modules[i], i, 'updateOutput', input:select(self.inputDimension, i))
      outs[i] = out
      if out:dim() < self.outputDimension then
         error('Parallel: output of module ' .. i .. ' has fewer than ' .. self.outputDimension .. ' dimensions')
      end
      total = total + out:size(self.outputDimension)
      if i == 1 then self.totalOutputSize:resize(out:dim()):copy(out:size()) end
   end
   self.totalOutputSize[self.outputDimension] = total
   self.output:resize(self.totalOutputSize)
   local offset = 1
   for _, out in ipairs(outs) do
      local n = out:size(self.outputDimension)
      self.output:narrow(self.outputDimension, offset, n):copy(out)
      offset = offset + n
   end
   return self.output
end

function Parallel:_each(input, gradOutput, fn)
   local offset = 1
   for i = 1, input:size(self.inputDimension) do
      local m = self.modules[i]
      local n = m.output:size(self.outputDimension)
      fn(i, m, input:select(self.inputDimension, i), gradOutput:narrow(self.outputDimension, offset, n))
      offset = offset + n
   end
end

function Parallel:updateGradInput(input, gradOutput)
   self.gradInput:resizeAs(input)
   self:_each(input, gradOutput, function(i, m, x, g)
      local gi = self:rethrowErrors(m, i, 'updateGradInput', x, g)
      self.gradInput:select(self.inputDimension, i):copy(gi)
   end)
   return self.gradInput
end

function Parallel:accGradParameters(input, gradOutput, scale)
   self:_each(input, gradOutput, function(i, m, x, g)
      self:rethrowErrors(m, i, 'accGradParameters', x, g, scale or 1)
   end)
end

function Parallel:accUpdateGradParameters(input, gradOutput, lr)
   self:_each(input, gradOutput, function(i, m, x, g)
      self:rethrowErrors(m, i, 'accUpdateGradParameters', x, g, lr)
   end)
end

function Parallel:__tostring__()
   local tab, line = '  ', '\n'
   local s = torch.type(self) .. ' {' .. line .. tab .. 'input'
   for i, m in ipairs(self.modules) do
      local last = i == #self.modules
      s = s .. line .. tab .. (last and '   `-> ' or '  |`-> ') .. '(' .. i .. '): '
            .. tostring(m):gsub(line, line .. tab .. (last and '       ' or '  |    '))
   end
   return s .. line .. tab .. '   ... -> output' .. line .. '}'
end
