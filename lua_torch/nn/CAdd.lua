-- nn.CAdd(size...): y = x + b, b of the given size broadcast over a batch.
local CAdd, parent = torch.class('nn.CAdd', 'nn.Module')

function CAdd:__init(...)
   parent.__init(self)
   self.size = nn._sizeArgs(...)
   self.bias = torch.Tensor(self.size)
   self.gradBias = torch.Tensor(self.size)
   self.output:resize(self.size)
   self:reset()
end

function CAdd:reset(stdv)
   stdv = stdv and stdv * math.sqrt(3) or 1 / math.sqrt(self.bias:nElement())
   self.bias:uniform(-stdv, stdv)
end

function CAdd:updateOutput(input)
   self.output:resizeAs(input):copy(input)
   local o, b = nn.CMul._views(self, self.output, self.bias)
   o:add(b)
   return self.output
end

function CAdd:updateGradInput(input, gradOutput)
   self.gradInput = self.gradInput or input.new()
   self.gradInput:resizeAs(gradOutput):copy(gradOutput)
   return self.gradInput
end

function CAdd:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   local g = gradOutput:contiguous()
   if g:nElement() == self.gradBias:nElement() then
      self.gradBias:add(scale, g:view(self.gradBias:size()))
   elseif self.bias:dim() == g:dim() then
      local s = g
      for d = 1, s:dim() do
         if self.bias:size(d) == 1 and s:size(d) ~= 1 then s = s:sum(d) end
      end
      self.gradBias:add(scale, s:viewAs(self.gradBias))
   else
      self.gradBias:add(scale, g:view(g:size(1), -1):sum(1):viewAs(self.gradBias))
   end
end
