-- nn.ClassNLLCriterion([weights[, sizeAverage=true[, ignoreIndex=-100]]]): negative log
-- likelihood of 1-based class targets given log-probabilities.  forward returns the loss and
-- the total weight of the counted targets.
local K = nn.kernels
local ClassNLLCriterion, parent = torch.class('nn.ClassNLLCriterion', 'nn.Criterion')

function ClassNLLCriterion:__init(weights, sizeAverage, ignoreIndex)
   parent.__init(self)
   self.sizeAverage = sizeAverage == nil and true or sizeAverage
   self.ignoreIndex = ignoreIndex or -100
   if weights then
      assert(weights:dim() == 1, "weights input should be 1-D Tensor")
      self.weights = weights
   end
   self.output_tensor = torch.zeros(1)
   self.total_weight_tensor = torch.ones(1)
   self.target = torch.zeros(1):long()
end

-- targets as a LongTensor (a number becomes a one-element tensor)
function ClassNLLCriterion:_target(target)
   -- type conversion (m:float()) converts every tensor field: the index buffer stays a LongTensor
   if torch.typename(self.target) ~= 'torch.LongTensor' then self.target = torch.LongTensor() end
   if type(target) == 'number' then
      self.target:resize(1)
      self.target[1] = target
      return self.target
   elseif torch.typename(target) ~= 'torch.LongTensor' then
      self.target = self.target:resize(target:size()):copy(target)
      return self.target
   end
   return target
end

function ClassNLLCriterion:updateOutput(input, target)
   target = self:_target(target)
   if input:dim() == 1 and target:nElement() == 1 then target = target:view(torch.LongStorage()) end
   K.check(K.C.tc_nn_nll_loss(self.output_tensor:cdata(), self.total_weight_tensor:cdata(), input:cdata(),
      target:cdata(), K.ptr(self.weights), K.reduction(self.sizeAverage), self.ignoreIndex or -100, 0, K.INDEX_BASE))
   self.output = K.scalar(self.output_tensor)
   return self.output, K.scalar(self.total_weight_tensor)
end

function ClassNLLCriterion:updateGradInput(input, target)
   target = self:_target(target)
   if input:dim() == 1 and target:nElement() == 1 then target = target:view(torch.LongStorage()) end
   self._gradOutput = self._gradOutput or input.new(1):fill(1)
   K.check(K.C.tc_nn_nll_loss_backward(self.gradInput:cdata(), self._gradOutput:cdata(), input:cdata(),
      target:cdata(), K.ptr(self.weights), K.reduction(self.sizeAverage), self.ignoreIndex or -100, 0, K.INDEX_BASE,
      self.total_weight_tensor:cdata()))
   return self.gradInput
end
