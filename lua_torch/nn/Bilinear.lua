-- nn.Bilinear(in1, in2, out[, bias=true]): y_k = x1^T W_k x2 + b_k for batches {x1, x2}.
local Bilinear, parent = torch.class('nn.Bilinear', 'nn.Module')

function Bilinear:__init(inputSize1, inputSize2, outputSize, bias)
   parent.__init(self)
   local bias = (bias == nil) and true or bias
   self.weight = torch.Tensor(outputSize, inputSize1, inputSize2)
   self.gradWeight = torch.Tensor(outputSize, inputSize1, inputSize2)
   if bias then
      self.bias = torch.Tensor(outputSize)
      self.gradBias = torch.Tensor(outputSize)
   end
   self.gradInput = {torch.Tensor(), torch.Tensor()}
   self:reset()
end

function Bilinear:reset(stdv)
   stdv = stdv and stdv * math.sqrt(3) or 1 / math.sqrt(self.weight:size(2))
   self.weight:uniform(-stdv, stdv)
   if self.bias then self.bias:uniform(-stdv, stdv) end
   return self
end

function Bilinear:updateOutput(input)
   local x1, x2 = input[1], input[2]
   local n, k = x1:size(1), self.weight:size(1)
   self.output:resize(n, k)
   -- y[:, k] = rowwise (x1 W_k) . x2
   for j = 1, k do
      self.output:select(2, j):copy(torch.cmul(torch.mm(x1, self.weight[j]), x2):sum(2):view(n))
   end
   if self.bias then self.output:add(self.bias:view(1, k):expand(n, k)) end
   return self.output
end

function Bilinear:updateGradInput(input, gradOutput)
   local x1, x2 = input[1], input[2]
   local n, k = x1:size(1), self.weight:size(1)
   self.gradInput[1]:resizeAs(x1):zero()
   self.gradInput[2]:resizeAs(x2):zero()
   for j = 1, k do
      local g = gradOutput:select(2, j):contiguous():view(n, 1)
      self.gradInput[1]:add(torch.cmul(torch.mm(x2, self.weight[j]:t()), g:expandAs(x1)))
      self.gradInput[2]:add(torch.cmul(torch.mm(x1, self.weight[j]), g:expandAs(x2)))
   end
   return self.gradInput
end

function Bilinear:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   local x1, x2 = input[1], input[2]
   local n, k = x1:size(1), self.weight:size(1)
   for j = 1, k do
      local g = gradOutput:select(2, j):contiguous():view(n, 1)
      self.gradWeight[j]:addmm(scale, torch.cmul(x1, g:expandAs(x1)):t(), x2)
   end
   if self.bias then self.gradBias:add(scale, gradOutput:sum(1):view(k)) end
end

function Bilinear:__tostring__()
   return torch.type(self) .. string.format('(%dx%d -> %d) %s', self.weight:size(2), self.weight:size(3),
      self.weight:size(1), self.bias == nil and ' without bias' or '')
end

function Bilinear:clearState()
   nn.utils.clear(self, 'buff1', 'buff2')
   return parent.clearState(self)
end
