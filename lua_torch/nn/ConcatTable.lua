-- nn.ConcatTable: the same input to every child; the outputs form a table.
local ConcatTable, parent = torch.class('nn.ConcatTable', 'nn.Container')

function ConcatTable:__init()
   parent.__init(self)
   self.modules = {}
   self.output = {}
end

function ConcatTable:updateOutput(input)
   for i, m in ipairs(self.modules) do
      self.output[i] = self:rethrowErrors(m, i, 'updateOutput', input)
   end
   return self.output
end

-- gradInput = sum of the children's gradInputs (tables summed element-wise, recursively)
local function accumulate(dst, src, first)
   if torch.type(src) == 'table' then
      dst = torch.type(dst) == 'table' and dst or {}
      for k, v in pairs(src) do dst[k] = accumulate(dst[k], v, first) end
      if first then for k in pairs(dst) do if src[k] == nil then dst[k] = nil end end end
      return dst
   end
   dst = torch.isTensor(dst) and dst or src.new()
   if first then dst:resizeAs(src):copy(src) else dst:add(src) end
   return dst
end

function ConcatTable:_backwardWith(method, input, gradOutput, scale)
   for i, m in ipairs(self.modules) do
      local gi = self:rethrowErrors(m, i, method, input, gradOutput[i], scale)
      self.gradInput = accumulate(self.gradInput, gi, i == 1)
   end
   if #self.modules == 0 then self.gradInput = {} end
   return self.gradInput
end

function ConcatTable:updateGradInput(input, gradOutput)
   return self:_backwardWith('updateGradInput', input, gradOutput)
end

function ConcatTable:backward(input, gradOutput, scale)
   return self:_backwardWith('backward', input, gradOutput, scale or 1)
end

function ConcatTable:accGradParameters(input, gradOutput, scale)
   for i, m in ipairs(self.modules) do
      self:rethrowErrors(m, i, 'accGradParameters', input, gradOutput[i], scale or 1)
   end
end

function ConcatTable:accUpdateGradParameters(input, gradOutput, lr)
   for i, m in ipairs(self.modules) do
      self:rethrowErrors(m, i, 'accUpdateGradParameters', input, gradOutput[i], lr)
   end
end

ConcatTable.__tostring__ = nn.Container._branchesToString
