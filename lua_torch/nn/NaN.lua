-- nn.NaN(module, id): a Decorator that raises an error naming the module when its input, output, gradOutput
-- or gradInput holds a NaN (Torch7's debugging aid).
local NaN, parent = torch.class('nn.NaN', 'nn.Decorator')
local idseq = 0

function NaN:__init(module, id)
   parent.__init(self, module)
   idseq = idseq + 1
   self.id = id or idseq
end

local function hasNaN(x)
   if torch.isTensor(x) then return x:ne(x):sum() > 0 end
   if type(x) == 'table' then
      for _, v in pairs(x) do if hasNaN(v) then return true end end
   end
   return false
end

function NaN:recursiveIsNaN(x) return hasNaN(x) end

function NaN:_check(what, x)
   if hasNaN(x) then
      error(string.format('NaN found in %s of module :\n%s (id %s)', what, tostring(self.modules[1]), tostring(self.id)))
   end
end

function NaN:updateOutput(input)
   self:_check('input', input)
   self.output = self.modules[1]:updateOutput(input)
   self:_check('output', self.output)
   return self.output
end

function NaN:updateGradInput(input, gradOutput)
   self:_check('gradOutput', gradOutput)
   self.gradInput = self.modules[1]:updateGradInput(input, gradOutput)
   self:_check('gradInput', self.gradInput)
   return self.gradInput
end

function NaN:accGradParameters(input, gradOutput, scale)
   self.modules[1]:accGradParameters(input, gradOutput, scale)
   local _, grads = self.modules[1]:parameters()
   if grads then self:_check('gradParameters', grads) end
end

function NaN:__tostring__()
   return 'nn.NaN(' .. tostring(self.id) .. ') @ ' .. tostring(self.modules[1]):gsub('\n', '\n  ')
end
