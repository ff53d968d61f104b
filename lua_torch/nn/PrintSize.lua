-- nn.PrintSize([prefix]): prints the size of what passes through, both ways
local PrintSize, PrintSizeParent = torch.class('nn.PrintSize', 'nn.Module')
function PrintSize:__init(prefix)
   PrintSizeParent.__init(self)
   self.prefix = prefix or 'PrintSize'
end
local function sizeString(x)
   if torch.isTensor(x) then return table.concat(x:size():totable(), 'x') end
   if type(x) == 'table' then
      local parts = {}
      for i, v in ipairs(x) do parts[i] = sizeString(v) end
      return '{' .. table.concat(parts, ', ') .. '}'
   end
   return tostring(x)
end
function PrintSize:updateOutput(input)
   self.output = input
   print(self.prefix .. ':input\n' .. sizeString(input))
   return self.output
end
function PrintSize:updateGradInput(input, gradOutput)
   print(self.prefix .. ':gradOutput\n' .. sizeString(gradOutput))
   self.gradInput = gradOutput
   return self.gradInput
end
