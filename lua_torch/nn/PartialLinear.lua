-- nn.PartialLinear(inputsize, outputsize, bias): a Linear layer that computes only the output units listed in
-- its partition (setPartition(indices); resetPartition() restores all). Built as in Torch7 from a small
-- network: ParallelTable(Identity, LookupTable(outputsize, inputsize)) -> MM(false, true); bias (1, outputsize).
-- Input: a (batch, inputsize) matrix; output (batch, #partition).
local PartialLinear, parent = torch.class('nn.PartialLinear', 'nn.Module')

function PartialLinear:__init(inputsize, outputsize, bias)
   parent.__init(self)
   bias = (bias == nil) and true or bias
   local pt = nn.ParallelTable()
   pt:add(nn.Identity()):add(nn.LookupTable(outputsize, inputsize))
   self.network = nn.Sequential():add(pt):add(nn.MM(false, true))
   if bias then
      self.bias = torch.Tensor(1, outputsize):zero()
      self.gradBias = torch.Tensor(1, outputsize):zero()
   end
   self.inputsize, self.outputsize = inputsize, outputsize
   self.allcolumns = torch.range(1, self.outputsize)
   self:resetPartition()
end

function PartialLinear:setPartition(indices)
   self.partition = indices:type(self.allcolumns:type())
   return self
end

function PartialLinear:resetPartition()
   self.partition = self.allcolumns
   return self
end

function PartialLinear:parameters()
   local lt = self.network:get(1):get(2)
   if self.bias then return {lt.weight, self.bias}, {lt.gradWeight, self.gradBias} end
   return {lt.weight}, {lt.gradWeight}
end

function PartialLinear:reset(stdv)
   stdv = stdv and stdv * math.sqrt(3) or 1 / math.sqrt(self.inputsize)
   self.network:get(1):get(2).weight:uniform(-stdv, stdv)
   if self.bias then self.bias:uniform(-stdv, stdv) end
   return self
end

function PartialLinear:updateOutput(input)
   assert(input:dim() == 2, 'PartialLinear: input must be a (batch, inputsize) matrix')
   self.output = self.network:forward({input, self.partition})
   if self.bias then
      self.output:add(self.bias:index(2, self.partition:long()):expandAs(self.output))
   end
   return self.output
end

function PartialLinear:updateGradInput(input, gradOutput)
   if self.gradInput then
      self.network:updateGradInput({input, self.partition}, gradOutput)
      self.gradInput = self.network.gradInput[1]
   end
   return self.gradInput
end

function PartialLinear:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   self.network:accGradParameters({input, self.partition}, gradOutput, scale)
   if self.bias then
      self.gradBias:indexAdd(2, self.partition:long(), gradOutput:sum(1):mul(scale))
   end
end

function PartialLinear:zeroGradParameters()
   self.network:zeroGradParameters()
   if self.gradBias then self.gradBias:zero() end
end

function PartialLinear:updateParameters(lr)
   self.network:updateParameters(lr)
   if self.bias then self.bias:add(-lr, self.gradBias) end
end

function PartialLinear:type(t, cache)
   parent.type(self, t, cache)
   self.network:type(t, cache)
   return self
end

function PartialLinear:__tostring__()
   return torch.type(self) .. string.format('(%d -> %d)', self.inputsize, self.outputsize) ..
      (self.bias == nil and ' without bias' or '')
end
