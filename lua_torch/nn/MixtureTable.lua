-- nn.MixtureTable([dim]): {gater, experts} -> sum_i gater_i * expert_i, experts a table of tensors
-- or one tensor with the experts along dim.
local MixtureTable, parent = torch.class('nn.MixtureTable', 'nn.Module')

function MixtureTable:__init(dim)
   parent.__init(self)
   self.dim = dim
   self.size = torch.LongStorage()
   self.batchSize = 0
   self.size2 = torch.LongStorage()
   self.backwardSetup = false
   self.gradInput = {}
end

-- the gater viewed to broadcast over one expert (table form) or over the stacked experts
function MixtureTable:_gate(gater, like_dims)
   self.dimG = gater:dim() < 2 and 1 or 2
   self.dim = self.dim or (self.dimG == 1 and 1 or 2)
   local size = {}
   for i = 1, like_dims do size[i] = 1 end
   if self.dimG > 1 then size[1] = gater:size(1) end
   size[self.dim] = gater:size(self.dimG)
   return gater:contiguous():view(unpack(size))
end

function MixtureTable:updateOutput(input)
   local gater, experts = input[1], input[2]
   if self.table or torch.type(experts) == 'table' then
      self.table = true
      if gater:size(gater:dim() < 2 and 1 or 2) ~= #experts then error"Should be one gater output per expert" end
      local g = self:_gate(gater, experts[1]:dim() + 1)
      self.output:resizeAs(experts[1]):zero()
      for i, e in ipairs(experts) do
         self.output:addcmul(e, g:select(self.dim, i):expandAs(e))
      end
   else
      local g = self:_gate(gater, experts:dim())
      self.output:sum(torch.cmul(g:expandAs(experts), experts), self.dim)
      self.output:resizeAs(experts:select(self.dim, 1))
   end
   return self.output
end

function MixtureTable:updateGradInput(input, gradOutput)
   local gater, experts = input[1], input[2]
   self.gradInput[1] = self.gradInput[1] or gater.new()
   local gGater = self.gradInput[1]:resizeAs(gater)
   if self.table then
      local g = self:_gate(gater, experts[1]:dim() + 1)
      self.gradInput[2] = type(self.gradInput[2]) == 'table' and self.gradInput[2] or {}
      local gv = gGater:view(g:size())
      for i, e in ipairs(experts) do
         local gi = g:select(self.dim, i)
         self.gradInput[2][i] = self.gradInput[2][i] or e.new()
         self.gradInput[2][i]:resizeAs(e):copy(gradOutput):cmul(gi:expandAs(e))
         -- d/d gate_i = sum over the expert's other dims of gradOutput * expert_i
         local prod = torch.cmul(gradOutput, e)
         local s = prod
         local target = gv:select(self.dim, i)
         for d = s:dim(), 1, -1 do
            if target:dim() < d or target:size(d) == 1 and s:size(d) ~= 1 then s = s:sum(d) end
         end
         target:copy(s:viewAs(target))
      end
      for i = #experts + 1, #self.gradInput[2] do self.gradInput[2][i] = nil end
   else
      local g = self:_gate(gater, experts:dim())
      self.gradInput[2] = torch.isTensor(self.gradInput[2]) and self.gradInput[2] or experts.new()
      local go = gradOutput:contiguous()
      local size = experts:size():totable()
      size[self.dim] = 1
      local goe = go:view(unpack(size)):expandAs(experts)
      self.gradInput[2]:resizeAs(experts):copy(goe):cmul(g:expandAs(experts))
      local s = torch.cmul(goe, experts)
      for d = s:dim(), 1, -1 do
         if d ~= self.dim and not (self.dimG > 1 and d == 1) then s = s:sum(d) end
      end
      gGater:copy(s:viewAs(gGater))
   end
   return self.gradInput
end

function MixtureTable:type(type, tensorCache)
   self._gaterView, self._expert, self._expertView, self._sum = nil, nil, nil, nil
   self._gradInput, self._expert2, self._expertView2 = nil, nil, nil
   return parent.type(self, type, tensorCache)
end
