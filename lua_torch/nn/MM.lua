-- nn.MM([transA=false[, transB=false]]): {A, B} -> A B (2-D), or batched products of 3-D inputs.
local MM, parent = torch.class('nn.MM', 'nn.Module')

function MM:__init(transA, transB)
   parent.__init(self)
   self.transA = transA or false
   self.transB = transB or false
   self.gradInput = {torch.Tensor(), torch.Tensor()}
end

local function tr(t, on) if not on then return t end return t:dim() == 2 and t:t() or t:transpose(2, 3) end

function MM:updateOutput(input)
   assert(#input == 2, 'input must be a pair of minibatch matrices')
   local a, b = tr(input[1], self.transA), tr(input[2], self.transB)
   assert(a:dim() == 2 or a:dim() == 3, 'input tensors must be 2D or 3D')
   if a:dim() == 2 then
      assert(b:dim() == 2, 'second input tensor must be 2D')
      assert(a:size(2) == b:size(1), 'matrix sizes do not match')
      self.output:resize(a:size(1), b:size(2)):mm(a, b)
   else
      assert(b:dim() == 3, 'second input tensor must be 3D')
      assert(a:size(1) == b:size(1), 'inputs must contain the same number of minibatches')
      self.output:resize(a:size(1), a:size(2), b:size(3)):bmm(a, b)
   end
   return self.output
end

function MM:updateGradInput(input, gradOutput)
   self.gradInput[1] = self.gradInput[1] or input[1].new()
   self.gradInput[2] = self.gradInput[2] or input[2].new()
   local a, b = input[1], input[2]
   local g = gradOutput
   local batched = a:dim() == 3
   local function mul(r, x, y) if batched then r:bmm(x, y) else r:mm(x, y) end end
   self.gradInput[1]:resizeAs(a)
   self.gradInput[2]:resizeAs(b)
   -- with opA = tr(a, transA), opB = tr(b, transB):  dopA = G opB^T,  dopB = opA^T G
   if self.transA then mul(self.gradInput[1], tr(b, self.transB), tr(g, true))
   else mul(self.gradInput[1], g, tr(b, not self.transB)) end
   if self.transB then mul(self.gradInput[2], tr(g, true), tr(a, self.transA))
   else mul(self.gradInput[2], tr(a, not self.transA), g) end
   return self.gradInput
end
