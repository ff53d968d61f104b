-- nn.SparseLinear(inputSize, outputSize, doGradInput): a Linear layer on sparse input. One sample is an
-- nnz x 2 tensor of (1-based index, value) rows; a batch is a table of such tensors or a (batch, nnz, 2)
-- tensor. output = bias + W[:, idx] * val. Weight (outputSize, inputSize) as in Torch7; the gradient
-- touches only the referenced columns (indexAdd). With doGradInput, gradInput has the input's layout
-- (index column copied, value column = W[:, idx]^T gradOutput).
local SparseLinear, parent = torch.class('nn.SparseLinear', 'nn.Module')

function SparseLinear:__init(inputSize, outputSize, doGradInput)
   parent.__init(self)
   self.weightDecay = 0
   self.doGradInput = doGradInput or false
   self.weight = torch.Tensor(outputSize, inputSize):zero()
   self.bias = torch.Tensor(outputSize):zero()
   self.gradWeight = torch.Tensor(outputSize, inputSize):zero()
   self.gradBias = torch.Tensor(outputSize):zero()
   assert(type(self.doGradInput) == 'boolean', 'SparseLinear: doGradInput must be a boolean')
   self.lastInput = nil
   self.sparseUpdate = 1
   self:reset()
end

function SparseLinear:reset(stdv)
   stdv = stdv and stdv * math.sqrt(3) or 1 / math.sqrt(self.weight:size(2))
   self.weight:uniform(-stdv, stdv)
   self.bias:uniform(-stdv, stdv):mul(0.000001)
   return self
end

local function sampleList(input)
   if torch.isTensor(input) then
      if input:dim() == 2 then return {input}, false end
      assert(input:dim() == 3 and input:size(3) == 2, 'SparseLinear: input must be nnz x 2, batch x nnz x 2 or a table')
      local l = {}
      for b = 1, input:size(1) do l[b] = input[b] end
      return l, true
   end
   return input, true
end

local function split(self, x)
   assert(x:dim() == 2 and x:size(2) == 2, 'SparseLinear: each sample must be an nnz x 2 tensor')
   local idx = x:select(2, 1):long()
   assert(idx:nElement() == 0 or (idx:min() >= 1 and idx:max() <= self.weight:size(2)),
      'SparseLinear: index out of range')
   return idx, x:select(2, 2)
end

function SparseLinear:updateOutput(input)
   local list, batched = sampleList(input)
   local nOut = self.weight:size(1)
   if batched then self.output:resize(#list, nOut) else self.output:resize(nOut) end
   for b, x in ipairs(list) do
      local out = batched and self.output[b] or self.output
      out:copy(self.bias)
      local idx, val = split(self, x)
      if idx:nElement() > 0 then out:addmv(1, self.weight:index(2, idx), val:contiguous()) end
   end
   return self.output
end

function SparseLinear:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   local list, batched = sampleList(input)
   for b, x in ipairs(list) do
      local go = batched and gradOutput[b] or gradOutput
      local idx, val = split(self, x)
      if idx:nElement() > 0 then
         self.gradWeight:indexAdd(2, idx, torch.ger(go, val:contiguous()):mul(scale))
      end
      self.gradBias:add(scale, go)
   end
   if self.weightDecay ~= 0 then self.gradWeight:add(self.weightDecay, self.weight) end
   self.lastInput = input
end

function SparseLinear:updateGradInput(input, gradOutput)
   if not self.doGradInput then return self.gradInput end
   local list, batched = sampleList(input)
   local gl = {}
   for b, x in ipairs(list) do
      local go = batched and gradOutput[b] or gradOutput
      local idx = split(self, x)
      local gi = x.new():resizeAs(x)
      gi:select(2, 1):copy(x:select(2, 1))
      if idx:nElement() > 0 then gi:select(2, 2):mv(self.weight:index(2, idx):t(), go) end
      gl[b] = gi
   end
   if torch.isTensor(input) then
      self.gradInput = batched and torch.cat((function()
         local v = {}; for b, g in ipairs(gl) do v[b] = g:view(1, g:size(1), 2) end; return v end)(), 1) or gl[1]
   else
      self.gradInput = gl
   end
   return self.gradInput
end

function SparseLinear:zeroGradParameters()
   self.gradWeight:zero(); self.gradBias:zero()
end

function SparseLinear:clearState()
   self.lastInput = nil
   return parent.clearState(self)
end

function SparseLinear:__tostring__()
   return torch.type(self) .. string.format('(%d -> %d)', self.weight:size(2), self.weight:size(1))
end
