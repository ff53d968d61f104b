-- nn.DotProduct: {a, b} -> row-wise dot products (a vector for a batch, one number for vectors).
local DotProduct, parent = torch.class('nn.DotProduct', 'nn.Module')

function DotProduct:__init()
   parent.__init(self)
   self.gradInput = {torch.Tensor(), torch.Tensor()}
end

function DotProduct:updateOutput(input)
   local a, b = input[1], input[2]
   if a:dim() == 1 then a, b = a:view(1, -1), b:view(1, -1) end
   self.buffer = self.buffer or a.new()
   self.buffer:cmul(a, b)
   self.output:sum(self.buffer, 2)
   self.output:resize(a:size(1))
   return self.output
end

function DotProduct:updateGradInput(input, gradOutput)
   local a, b = input[1], input[2]
   local vector = a:dim() == 1
   if vector then a, b = a:view(1, -1), b:view(1, -1) end
   self.gradInput[1] = self.gradInput[1] or a.new()
   self.gradInput[2] = self.gradInput[2] or b.new()
   local g = gradOutput:contiguous():view(-1, 1):expandAs(a)
   self.gradInput[1]:resizeAs(a):copy(b):cmul(g)
   self.gradInput[2]:resizeAs(b):copy(a):cmul(g)
   if vector then
      self.gradInput[1]:resize(a:size(2))
      self.gradInput[2]:resize(b:size(2))
   end
   return self.gradInput
end

function DotProduct:clearState()
   if self.buffer then self.buffer:set() end
   return parent.clearState(self)
end
