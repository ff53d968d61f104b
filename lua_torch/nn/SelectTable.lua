-- nn.SelectTable(index): element `index` of a table (negative from the end); the gradient is
-- zero for the other elements.
local SelectTable, parent = torch.class('nn.SelectTable', 'nn.Module')

function SelectTable:__init(index)
   parent.__init(self)
   self.index = index
   self.gradInput = {}
end

function SelectTable:_index(input)
   return self.index < 0 and #input + self.index + 1 or self.index
end

function SelectTable:updateOutput(input)
   local index = self:_index(input)
   assert(input[index], "index does not exist in the input table")
   self.output = input[index]
   return self.output
end

local function zero_like(dst, src)
   if type(src) == 'table' then
      dst = type(dst) == 'table' and dst or {}
      for k, v in pairs(src) do dst[k] = zero_like(dst[k], v) end
      for k in pairs(dst) do if src[k] == nil then dst[k] = nil end end
      return dst
   end
   dst = torch.isTensor(dst) and dst or src.new()
   return dst:resizeAs(src):zero()
end

function SelectTable:updateGradInput(input, gradOutput)
   local index = self:_index(input)
   for i = 1, #input do
      if i ~= index then self.gradInput[i] = zero_like(self.gradInput[i], input[i]) end
   end
   self.gradInput[index] = nn.utils.recursiveCopy(self.gradInput[index], gradOutput)
   for i = #input + 1, #self.gradInput do self.gradInput[i] = nil end
   return self.gradInput
end

function SelectTable:type(type, tensorCache)
   self.gradInput = {}
   self.output = {}
   return parent.type(self, type, tensorCache)
end

function SelectTable:__tostring__()
   return torch.type(self) .. '(' .. self.index .. ')'
end

SelectTable.clearState = nn.Identity.clearState
