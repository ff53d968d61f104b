-- nn.MultiMarginCriterion([p=1[, weights[, margin=1]]]): multi-class hinge loss, 1-based targets.
local K = nn.kernels
local MultiMarginCriterion, parent = torch.class('nn.MultiMarginCriterion', 'nn.Criterion')

function MultiMarginCriterion:__init(p, weights, margin)
   assert(p == nil or p == 1 or p == 2, 'only p=1 and p=2 supported')
   self.p = p or 1
   self.margin = margin or 1.0
   parent.__init(self)
   self.sizeAverage = true
   if weights then
      assert(weights:dim() == 1, "weights input should be 1-D Tensor")
      self.weights = weights
   end
end

function MultiMarginCriterion:_target(target)
   if type(target) == 'number' then
      self._target_t = self._target_t or torch.LongTensor(1)
      self._target_t[1] = target
      return self._target_t
   end
   return torch.typename(target) == 'torch.LongTensor' and target or target:long()
end

function MultiMarginCriterion:updateOutput(input, target)
   self.output_tensor = self.output_tensor or input.new(1)
   K.check(K.C.tc_nn_multi_margin_loss(self.output_tensor:cdata(), input:cdata(), self:_target(target):cdata(),
      K.ptr(self.weights), self.p, self.margin, K.reduction(self.sizeAverage), K.INDEX_BASE))
   self.output = K.scalar(self.output_tensor)
   return self.output
end

function MultiMarginCriterion:updateGradInput(input, target)
   self._gradOutput = self._gradOutput or input.new(1):fill(1)
   K.check(K.C.tc_nn_multi_margin_loss_backward(self.gradInput:cdata(), self._gradOutput:cdata(), input:cdata(),
      self:_target(target):cdata(), K.ptr(self.weights), self.p, self.margin, K.reduction(self.sizeAverage),
      K.INDEX_BASE))
   return self.gradInput
end
