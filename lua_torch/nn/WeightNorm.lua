-- nn.WeightNorm(module, outputDim): a Decorator reparametrising the wrapped module's weight as
-- w = g * v / ||v|| per output unit (dim outputDim, default 1; the weight is seen as nOut x rest with the
-- output dim moved to the front). Parameters are v, g (and the module's bias); fields as in Torch7
-- (v, g, gradV, gradG, outputDim, viewIn, viewOut, _norm, _scale).
local WeightNorm, parent = torch.class('nn.WeightNorm', 'nn.Decorator')

function WeightNorm:__init(module, outputDim)
   parent.__init(self, module)
   assert(module.weight, 'nn.WeightNorm: the module has no weight')
   if module.bias then
      self.bias = module.bias
      self.gradBias = module.gradBias
   end
   self.gradWeight = module.gradWeight
   self.weight = module.weight
   self.outputDim = outputDim or 1
   local n = self.weight:size(self.outputDim)
   self.viewIn = torch.LongStorage({n, self.weight:nElement() / n})
   self.viewOut = self.weight:size()
   self.weightSize = self.weight:size()
   for i = self.outputDim - 1, 1, -1 do
      self.viewOut[i], self.viewOut[i + 1] = self.viewOut[i + 1], self.viewOut[i]
   end
   self.v = torch.Tensor(self.viewIn[1], self.viewIn[2])
   self.g = torch.Tensor(self.viewIn[1])
   self._norm = torch.Tensor(self.viewIn[1])
   self._scale = torch.Tensor(self.viewIn[1])
   self.gradG = torch.Tensor(self.viewIn[1]):zero()
   self.gradV = torch.Tensor(self.viewIn[1], self.viewIn[2]):zero()
   self:resetInit()
end

-- the module's weight with the output dim moved first (a view of the same storage)
function WeightNorm:_weightOutFirst(w)
   w = w or self.modules[1].weight
   local order = {self.outputDim}
   for i = 1, w:dim() do if i ~= self.outputDim then order[#order + 1] = i end end
   return w:permute(unpack(order))
end

function WeightNorm:permuteIn(w)
   return self:_weightOutFirst(w):contiguous():view(self.viewIn)
end

function WeightNorm:permuteOut(w)
   -- w is nOut x rest; returned in the module's own layout
   local out = self.modules[1].weight.new(self.weightSize)
   self:_weightOutFirst(out):copy(w:view(self.viewOut))
   return out
end

function WeightNorm:resetInit()
   self.v:copy(self:permuteIn(self.modules[1].weight))
   self.g:norm(self.v, 2, 2)
end

function WeightNorm:parameters()
   if self.bias then
      return {self.v, self.g, self.bias}, {self.gradV, self.gradG, self.gradBias}
   end
   return {self.v, self.g}, {self.gradV, self.gradG}
end

function WeightNorm:evaluate()
   if self.train ~= false then self:updateWeight() end
   parent.evaluate(self)
end

function WeightNorm:updateWeight()
   self._norm:norm(self.v, 2, 2)
   self._scale:cdiv(self.g, self._norm)
   local w = self.v.new():resizeAs(self.v):copy(self.v)
   w:cmul(self._scale:view(-1, 1):expandAs(w))
   self:_weightOutFirst():copy(w:view(self.viewOut))
end

function WeightNorm:updateOutput(input)
   if self.train ~= false then self:updateWeight() end
   self.output = self.modules[1]:updateOutput(input)
   return self.output
end

function WeightNorm:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   local m = self.modules[1]
   m.gradWeight:zero()
   m:accGradParameters(input, gradOutput, scale)
   local dW = self:permuteIn(m.gradWeight)                          -- nOut x rest
   -- dg = <dW, v> / ||v|| ; dv = g/||v|| (dW - dg v/||v||)
   local dg = torch.cmul(dW, self.v):sum(2):view(-1):cdiv(self._norm)
   self.gradG:add(dg)
   local vhat = torch.cdiv(self.v, self._norm:view(-1, 1):expandAs(self.v))
   local dv = dW:clone():add(-1, vhat:cmul(dg:view(-1, 1):expandAs(self.v)))
   dv:cmul(self._scale:view(-1, 1):expandAs(dv))
   self.gradV:add(dv)
end

function WeightNorm:accUpdateGradParameters(input, gradOutput, lr)
   local gv, gg, gb = self.gradV, self.gradG, self.gradBias
   self.gradV, self.gradG = gv:clone():zero(), gg:clone():zero()
   if gb then self.gradBias = gb:clone():zero(); self.modules[1].gradBias = self.gradBias end
   self:accGradParameters(input, gradOutput, 1)
   self.v:add(-lr, self.gradV); self.g:add(-lr, self.gradG)
   if gb then self.bias:add(-lr, self.gradBias); self.gradBias = gb; self.modules[1].gradBias = gb end
   self.gradV, self.gradG = gv, gg
end

function WeightNorm:zeroGradParameters()
   self.gradV:zero(); self.gradG:zero()
   if self.gradBias then self.gradBias:zero() end
end

function WeightNorm:updateParameters(lr)
   self.v:add(-lr, self.gradV); self.g:add(-lr, self.gradG)
   if self.bias then self.bias:add(-lr, self.gradBias) end
end

function WeightNorm:write(file)
   -- the module's weight is derived; keep it current so the file holds the actual weight
   self:updateWeight()
   parent.write(self, file)
end
