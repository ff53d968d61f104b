-- nn.MapTable(module[, shared=true]): the module applied to every element of the input table;
-- clones share weight, bias and their gradients with the first.
local MapTable, parent = torch.class('nn.MapTable', 'nn.Container')

function MapTable:__init(module, shared)
   parent.__init(self)
   self.shared = shared == nil and true or shared
   self.sharedparams = {'weight', 'bias', 'gradWeight', 'gradBias'}
   self.output = {}
   self.gradInput = {}
   self:add(module)
end

function MapTable:_extend(n)
   self.sharedparams = self.sharedparams or {'weight', 'bias', 'gradWeight', 'gradBias'}
   self.modules[1] = self.module
   for i = 2, n do
      if not self.modules[i] then
         self.modules[i] = self.shared and self.module:clone(unpack(self.sharedparams)) or self.module:clone()
      end
   end
end

function MapTable:resize(n)
   self:_extend(n)
   for i = n + 1, #self.modules do
      self.modules[i]:clearState()
      self.modules[i] = nil
   end
end

function MapTable:add(module)
   assert(not self.module, 'Single module required')
   self.module = module
   self.modules[1] = module
   return self
end

function MapTable:_each(input, method, ...)
   self:_extend(#input)
   local out = {}
   for i = 1, #input do
      local extra = {...}
      if #extra > 0 and type(extra[1]) == 'table' then extra[1] = extra[1][i] end
      out[i] = self:rethrowErrors(self.modules[i], i, method, input[i], unpack(extra, 1, select('#', ...)))
   end
   return out
end

function MapTable:updateOutput(input)
   self.output = self:_each(input, 'updateOutput')
   return self.output
end

function MapTable:updateGradInput(input, gradOutput)
   self.gradInput = self:_each(input, 'updateGradInput', gradOutput)
   return self.gradInput
end

function MapTable:accGradParameters(input, gradOutput, scale)
   self:_each(input, 'accGradParameters', gradOutput, scale or 1)
end

function MapTable:accUpdateGradParameters(input, gradOutput, lr)
   self:_each(input, 'accUpdateGradParameters', gradOutput, lr or 1)
end

function MapTable:zeroGradParameters()
   if self.module then
      if self.shared then self.module:zeroGradParameters() else parent.zeroGradParameters(self) end
   end
end

function MapTable:updateParameters(lr)
   if self.module then
      if self.shared then self.module:updateParameters(lr) else parent.updateParameters(self, lr) end
   end
end

function MapTable:clearState()
   for i = 2, #self.modules do self.modules[i] = nil end
   if self.module then self.module:clearState() end
   return nn.Module.clearState(self)
end

function MapTable:__tostring__()
   return torch.type(self) .. ' {\n  ' .. tostring(self.module):gsub('\n', '\n  ') .. '\n}'
end
