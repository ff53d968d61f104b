-- nn.Reshape(s1, s2, ...[, batchMode]): a view with the given sizes, keeping a leading batch dim.
-- Without batchMode, the input is a batch unless it has exactly the target's element count and
-- its first dimension is not 1 (Torch7's rule).
local Reshape, parent = torch.class('nn.Reshape', 'nn.Module')

function Reshape:__init(...)
   parent.__init(self)
   local args = {...}
   if torch.type(args[#args]) == 'boolean' then
      self.batchMode = table.remove(args)
   end
   self.size = torch.LongStorage()
   if #args == 1 and torch.typename(args[1]) == 'torch.LongStorage' then
      self.size:resize(#args[1]):copy(args[1])
   else
      self.size = torch.LongStorage(args)
   end
   self.nelement = 1
   self.batchsize = torch.LongStorage(#self.size + 1)
   for i = 1, #self.size do
      self.nelement = self.nelement * self.size[i]
      self.batchsize[i + 1] = self.size[i]
   end
end

local function contiguous(self, field, t)
   if t:isContiguous() then return t end
   self[field] = self[field] or t.new()
   return self[field]:resizeAs(t):copy(t)
end

function Reshape:updateOutput(input)
   input = contiguous(self, '_input', input)
   local unbatched = self.batchMode == false
      or (self.batchMode == nil and input:nElement() == self.nelement and input:size(1) ~= 1)
   if unbatched then
      self.output:view(input, self.size)
   else
      self.batchsize[1] = input:size(1)
      self.output:view(input, self.batchsize)
   end
   return self.output
end

function Reshape:updateGradInput(input, gradOutput)
   gradOutput = contiguous(self, '_gradOutput', gradOutput)
   self.gradInput:viewAs(gradOutput, input)
   return self.gradInput
end

function Reshape:__tostring__()
   return torch.type(self) .. '(' .. table.concat(self.size:totable(), 'x') .. ')'
end

function Reshape:clearState()
   nn.utils.clear(self, '_input', '_gradOutput')
   return parent.clearState(self)
end
