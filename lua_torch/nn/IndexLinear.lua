-- nn.IndexLinear(inputSize, outputSize, doGradInput, keysOffset, weight, bias, normalize): a linear layer
-- on sparse (key, value) inputs with a (inputSize, outputSize) weight (rows indexed by key, the transpose
-- of Linear's), as in Torch7. Input: {keys, values} where keys/values are tables of per-sample 1-D tensors
-- (keys 1-based, shifted by keysOffset), or a single sample {keys, values} of tensors.
-- output[b] = bias + sum_k values[b][k] * weight[keys[b][k] + keysOffset]. The normalize variant
-- (Torch7's per-feature max-abs scaling) is not provided.
local IndexLinear, parent = torch.class('nn.IndexLinear', 'nn.Module')

function IndexLinear:__init(inputSize, outputSize, doGradInput, keysOffset, weight, bias, normalize)
   parent.__init(self)
   assert(not normalize, 'nn.IndexLinear: normalize mode is not supported')
   self.inputSize, self.outputSize = inputSize, outputSize
   self.doGradInput = doGradInput or false
   self.keysOffset = keysOffset or 0
   self.normalize = false
   self.weight = weight or torch.Tensor(inputSize, outputSize):zero()
   self.bias = bias or torch.Tensor(outputSize):zero()
   self.gradWeight = torch.Tensor():resizeAs(self.weight):zero()
   self.gradBias = torch.Tensor():resizeAs(self.bias):zero()
   self.weightDecay = 0
   if not weight then self:reset() end
end

function IndexLinear:reset(stdv)
   stdv = stdv and stdv * math.sqrt(3) or 1 / math.sqrt(self.weight:size(2))
   self.weight:uniform(-stdv, stdv)
   self.bias:uniform(-stdv, stdv)
   return self
end

local function samples(input)
   local keys, values = input[1], input[2]
   if torch.isTensor(keys) then return {keys}, {values}, false end
   assert(type(keys) == 'table' and type(values) == 'table' and #keys == #values,
      'nn.IndexLinear: input must be {keys, values}')
   return keys, values, true
end

function IndexLinear:_rows(keys)
   local k = keys:long()
   if self.keysOffset ~= 0 then k = k + self.keysOffset end
   assert(k:nElement() == 0 or (k:min() >= 1 and k:max() <= self.inputSize), 'nn.IndexLinear: key out of range')
   return k
end

function IndexLinear:updateOutput(input)
   local keys, values, batched = samples(input)
   self.output:resize(#keys, self.outputSize)
   for b = 1, #keys do
      local out = self.output[b]
      out:copy(self.bias)
      local k = self:_rows(keys[b])
      if k:nElement() > 0 then out:addmv(1, self.weight:index(1, k):t(), values[b]:typeAs(self.weight)) end
   end
   if not batched then self.output = self.output[1] end
   return self.output
end

function IndexLinear:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   local keys, values, batched = samples(input)
   local go = batched and gradOutput or gradOutput:view(1, -1)
   for b = 1, #keys do
      local k = self:_rows(keys[b])
      if k:nElement() > 0 then
         self.gradWeight:indexAdd(1, k, torch.ger(values[b]:typeAs(self.weight), go[b]):mul(scale))
      end
      self.gradBias:add(scale, go[b])
   end
end

function IndexLinear:updateGradInput(input, gradOutput)
   if not self.doGradInput then return self.gradInput end
   local keys, values, batched = samples(input)
   local go = batched and gradOutput or gradOutput:view(1, -1)
   local gv = {}
   for b = 1, #keys do
      local k = self:_rows(keys[b])
      gv[b] = values[b].new():resize(k:nElement()):zero()
      if k:nElement() > 0 then gv[b]:mv(self.weight:index(1, k), go[b]) end
   end
   self.gradInput = batched and {keys, gv} or {keys[1], gv[1]}
   return self.gradInput
end

function IndexLinear:__tostring__()
   return torch.type(self) .. string.format('(%d -> %d)', self.inputSize, self.outputSize)
end
