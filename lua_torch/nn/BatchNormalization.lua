-- nn.BatchNormalization(n[, eps=1e-5[, momentum=0.1[, affine=true]]]) over N x n (2-D) inputs;
-- the Spatial/Volumetric variants take N x n x H x W / N x n x T x H x W.  Training normalises
-- with the biased batch variance and keeps running statistics (unbiased variance); evaluation
-- uses them.  Files older than version 2 stored running_std: they are upgraded on read.
local K = nn.kernels
local BN, parent = torch.class('nn.BatchNormalization', 'nn.Module')
BN.__version = 2
BN.nDim = 2   -- dimensions of a batched input

function BN:__init(nOutput, eps, momentum, affine)
   parent.__init(self)
   assert(nOutput and type(nOutput) == 'number', 'Missing argument #1: dimensionality of input. ')
   assert(nOutput ~= 0, 'To set affine=false call BatchNormalization(nOutput,  eps, momentum, false) ')
   self.affine = affine == nil and true or affine
   self.eps = eps or 1e-5
   self.train = true
   self.momentum = momentum or 0.1
   self.running_mean = torch.zeros(nOutput)
   self.running_var = torch.ones(nOutput)
   if self.affine then
      self.weight = torch.Tensor(nOutput)
      self.bias = torch.Tensor(nOutput)
      self.gradWeight = torch.Tensor(nOutput)
      self.gradBias = torch.Tensor(nOutput)
      self:reset()
   end
end

function BN:reset()
   if self.weight then self.weight:uniform() end
   if self.bias then self.bias:zero() end
   self.running_mean:zero()
   self.running_var:fill(1)
end

function BN:checkInputDim(input)
   local n = self.nDim
   if input:dim() ~= n and not (input:dim() == n - 1 and self.train == false) then
      error(string.format('only mini-batch supported (%dD tensor), got %dD tensor instead', n, input:dim()))
   end
   local c = self.running_mean:nElement()
   if input:size(input:dim() == n and 2 or 1) ~= c then
      error(string.format('got %d-feature tensor, expected %d', input:size(2), c))
   end
end

-- an unbatched input (evaluation only) is run as a batch of one
local function batched(self, t)
   if t:dim() == self.nDim - 1 then return t:view(1, unpack(t:size():totable())) end
   return t
end

function BN:updateOutput(input)
   self:checkInputDim(input)
   local x = batched(self, input)
   self.save_mean = self.save_mean or input.new()
   self.save_std = self.save_std or input.new()
   K.check(K.C.tc_nn_batch_norm(self.output:cdata(), self.save_mean:cdata(), self.save_std:cdata(), x:cdata(),
      K.ptr(self.weight), K.ptr(self.bias), self.running_mean:cdata(), self.running_var:cdata(),
      self.train and 1 or 0, self.momentum, self.eps))
   if x ~= input then self.output = self.output:view(input:size()) end
   return self.output
end

function BN:_backward(input, gradOutput, scale, gradInput, gradWeight, gradBias)
   self:checkInputDim(input)
   local x, g = batched(self, input), batched(self, gradOutput)
   K.check(K.C.tc_nn_batch_norm_backward(K.ptr(gradInput), K.ptr(gradWeight), K.ptr(gradBias), g:cdata(),
      x:cdata(), K.ptr(self.weight), self.running_mean:cdata(), self.running_var:cdata(),
      K.ptr(self.save_mean), K.ptr(self.save_std), self.train and 1 or 0, self.eps, scale or 1))
   if gradInput and x ~= input then gradInput:resizeAs(input) end
   return gradInput
end

function BN:backward(input, gradOutput, scale)
   return self:_backward(input, gradOutput, scale, self.gradInput, self.gradWeight, self.gradBias)
end

function BN:updateGradInput(input, gradOutput)
   return self:_backward(input, gradOutput, 1, self.gradInput, nil, nil)
end

function BN:accGradParameters(input, gradOutput, scale)
   return self:_backward(input, gradOutput, scale, nil, self.gradWeight, self.gradBias)
end

function BN:read(file, version)
   parent.read(self, file)
   if version < 2 and self.running_std then
      -- version 1 kept 1/sqrt(var + eps)
      self.running_var = self.running_std:pow(-2):add(-self.eps)
      self.running_std = nil
   end
end

function BN:clearState()
   nn.utils.clear(self, {'output', 'gradInput', 'save_mean', 'save_std'})
   return self
end

function BN:__tostring__()
   return string.format('%s (%dD) (%d)', torch.type(self), self.nDim, self.running_mean:nElement())
end
