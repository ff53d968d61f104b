-- nn.ZipTableOneToMany(): {x, {y1, ..., yn}} -> {{x, y1}, ..., {x, yn}}
local ZipOne, ZipOneParent = torch.class('nn.ZipTableOneToMany', 'nn.Module')
function ZipOne:__init()
   ZipOneParent.__init(self)
   self.output, self.gradInput = {}, {}
   self.gradInputEl = torch.Tensor()
end
function ZipOne:updateOutput(input)
   assert(#input == 2, 'input must be table of element and table')
   self.output = {}
   for i, v in ipairs(input[2]) do self.output[i] = { input[1], v } end
   return self.output
end
function ZipOne:updateGradInput(input, gradOutput)
   assert(#input == 2, 'input must be table of element and table')
   self.gradInputEl:resizeAs(input[1]):zero()
   local rest = {}
   for i, g in ipairs(gradOutput) do
      self.gradInputEl:add(g[1])
      rest[i] = g[2]
   end
   self.gradInput = { self.gradInputEl, rest }
   return self.gradInput
end
