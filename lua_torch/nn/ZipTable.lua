-- nn.ZipTable(): {{a1, a2, ...}, {b1, b2, ...}} -> {{a1, b1}, {a2, b2}, ...}
local ZipTable, ZipParent = torch.class('nn.ZipTable', 'nn.Module')
function ZipTable:__init()
   ZipParent.__init(self)
   self.output, self.gradInput = {}, {}
end
local function zip(tables)
   local out = {}
   for i, t in ipairs(tables) do
      for j, v in ipairs(t) do
         out[j] = out[j] or {}
         out[j][i] = v
      end
   end
   return out
end
function ZipTable:updateOutput(input)
   self.output = zip(input)
   return self.output
end
function ZipTable:updateGradInput(input, gradOutput)
   self.gradInput = zip(gradOutput)
   return self.gradInput
end
