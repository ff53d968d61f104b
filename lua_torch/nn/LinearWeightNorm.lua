-- nn.LinearWeightNorm(inputSize, outputSize, bias, eps): a Linear whose weight rows are reparametrised as
-- weight[i] = g[i] * v[i] / ||v[i]|| (Salimans & Kingma). Parameters: v, g (and bias); weight is derived
-- before each forward. Fields as in Torch7: v, g, gradV, gradG, eps, norm.
local LinearWeightNorm, parent = torch.class('nn.LinearWeightNorm', 'nn.Linear')

function LinearWeightNorm:__init(inputSize, outputSize, bias, eps)
   nn.Module.__init(self)
   self.weight = torch.Tensor(outputSize, inputSize)
   self.gradWeight = torch.Tensor(outputSize, inputSize)
   self.v = torch.Tensor(outputSize, inputSize)
   self.gradV = torch.Tensor(outputSize, inputSize)
   self.g = torch.Tensor(outputSize, 1)
   self.gradG = torch.Tensor(outputSize, 1)
   self.eps = eps or 1e-16
   self.norm = torch.Tensor(outputSize, 1)
   if bias ~= false then
      self.bias = torch.Tensor(outputSize)
      self.gradBias = torch.Tensor(outputSize)
   end
   self:reset()
end

function LinearWeightNorm:evaluate()
   parent.evaluate(self)
   self:updateWeightMatrix()
end

function LinearWeightNorm:initFromWeight(weight)
   weight = weight or self.weight
   self.g:norm(weight, 2, 2):clamp(self.eps, math.huge)
   self.v:copy(weight)
   return self
end

function LinearWeightNorm.fromLinear(linear)
   local module = nn.LinearWeightNorm(linear.weight:size(2), linear.weight:size(1), linear.bias ~= nil)
   module.weight:copy(linear.weight)
   module:initFromWeight(module.weight)
   if linear.bias then module.bias:copy(linear.bias) end
   return module
end

function LinearWeightNorm:toLinear()
   self:updateWeightMatrix()
   local module = nn.Linear(self.weight:size(2), self.weight:size(1), self.bias ~= nil)
   module.weight:copy(self.weight)
   if self.bias then module.bias:copy(self.bias) end
   return module
end

function LinearWeightNorm:parameters()
   if self.bias then
      return {self.v, self.g, self.bias}, {self.gradV, self.gradG, self.gradBias}
   end
   return {self.v, self.g}, {self.gradV, self.gradG}
end

function LinearWeightNorm:reset(stdv)
   stdv = stdv and stdv * math.sqrt(3) or 1 / math.sqrt(self.weight:size(2))
   self.weight:uniform(-stdv, stdv)
   self:initFromWeight()
   if self.bias then self.bias:uniform(-stdv, stdv) end
   return self
end

function LinearWeightNorm:updateWeightMatrix()
   self.norm:norm(self.v, 2, 2):clamp(self.eps, math.huge)
   self.weight:cdiv(self.v, self.norm:expandAs(self.v)):cmul(self.g:expandAs(self.v))
end

function LinearWeightNorm:updateOutput(input)
   if self.train ~= false then self:updateWeightMatrix() end
   return parent.updateOutput(self, input)
end

function LinearWeightNorm:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   -- gradient w.r.t. the derived weight, then chain rule through w = g v / ||v||
   self.gradWeight:zero()
   parent.accGradParameters(self, input, gradOutput, scale)  -- gradWeight = dW (and gradBias accumulated)
   local dW = self.gradWeight
   -- dg = sum(dW .* v, row) / ||v||
   self._dg = torch.sum(torch.cmul(dW, self.v), 2):cdiv(self.norm)
   self.gradG:add(self._dg)
   -- dv = g/||v|| * (dW - dg * v/||v||)
   local vhat = torch.cdiv(self.v, self.norm:expandAs(self.v))
   local dv = dW:clone():add(-1, vhat:cmul(self._dg:expandAs(self.v)))
   dv:cmul(torch.cdiv(self.g, self.norm):expandAs(self.v))
   self.gradV:add(dv)
end

function LinearWeightNorm:defaultAccUpdateGradParameters(input, gradOutput, lr)
   local gradV, gradG = self.gradV, self.gradG
   self.gradV, self.gradG = self.v.new(self.v:size()):zero(), self.g.new(self.g:size()):zero()
   local gb = self.gradBias
   if gb then self.gradBias = self.bias.new(self.bias:size()):zero() end
   self:accGradParameters(input, gradOutput, 1)
   self.v:add(-lr, self.gradV); self.g:add(-lr, self.gradG)
   if gb then self.bias:add(-lr, self.gradBias); self.gradBias = gb end
   self.gradV, self.gradG = gradV, gradG
end
LinearWeightNorm.accUpdateGradParameters = LinearWeightNorm.defaultAccUpdateGradParameters

function LinearWeightNorm:__tostring__()
   return torch.type(self) .. string.format('(%d -> %d)%s', self.weight:size(2), self.weight:size(1),
      self.bias == nil and ' without bias' or '')
end
