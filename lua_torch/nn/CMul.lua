-- nn.CMul(size...): y = x .* w, w of the given size broadcast over a batch.
local CMul, parent = torch.class('nn.CMul', 'nn.Module')

local function size_args(...)
   local args = {...}
   if #args == 1 and torch.type(args[1]) == 'torch.LongStorage' then
      return torch.LongStorage(#args[1]):copy(args[1])
   end
   return torch.LongStorage(args)
end
nn._sizeArgs = size_args

function CMul:__init(...)
   parent.__init(self)
   self.size = size_args(...)
   self.weight = torch.Tensor(self.size)
   self.gradWeight = torch.Tensor(self.size)
   self.output:resize(self.size)
   self:reset()
end

function CMul:reset(stdv)
   stdv = stdv and stdv * math.sqrt(3) or 1 / math.sqrt(self.weight:nElement())
   self.weight:uniform(-stdv, stdv)
end

-- w viewed to broadcast against t: same shape, or (1, n) against a (batch, n) view of t
function CMul:_views(t, w)
   if t:nElement() == w:nElement() then return t:view(-1), w:contiguous():view(-1) end
   if w:dim() == t:dim() then return t, w:expandAs(t) end
   local tv = t:view(t:size(1), -1)
   return tv, w:contiguous():view(1, -1):expandAs(tv)
end

function CMul:updateOutput(input)
   self.output:resizeAs(input):copy(input)
   local o, w = self:_views(self.output, self.weight)
   o:cmul(w)
   return self.output
end

function CMul:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   self.gradInput:resizeAs(input):copy(gradOutput)
   local g, w = self:_views(self.gradInput, self.weight)
   g:cmul(w)
   return self.gradInput
end

function CMul:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   local prod = torch.cmul(input:contiguous(), gradOutput:contiguous())
   if prod:nElement() == self.gradWeight:nElement() then
      self.gradWeight:add(scale, prod:view(self.gradWeight:size()))
   elseif self.weight:dim() == input:dim() then
      -- summed over the dims where the weight was expanded
      local s = prod
      for d = 1, s:dim() do
         if self.weight:size(d) == 1 and s:size(d) ~= 1 then s = s:sum(d) end
      end
      self.gradWeight:add(scale, s:viewAs(self.gradWeight))
   else
      self.gradWeight:add(scale, prod:view(input:size(1), -1):sum(1):viewAs(self.gradWeight))
   end
end

function CMul:clearState()
   nn.utils.clear(self, {'_output', '_weight', '_gradWeight', '_expand', '_repeat', '_sum'})
   return parent.clearState(self)
end
