-- nn.BCECriterion([weights[, sizeAverage=true]]): binary cross entropy of probabilities, with
-- 1e-12 inside the logs as Torch7; weights (one per element of a sample) expand over a batch.
local K = nn.kernels
local BCECriterion, parent = torch.class('nn.BCECriterion', 'nn.Criterion')

local EPS = 1e-12

function BCECriterion:__init(weights, sizeAverage)
   parent.__init(self)
   self.sizeAverage = sizeAverage == nil and true or sizeAverage
   if weights ~= nil then
      assert(weights:dim() == 1, "weights input should be 1-D Tensor")
      self.weights = weights
   end
end

function BCECriterion:_weights(input)
   if not self.weights then return nil end
   if input:dim() > 1 and self.weights:nElement() ~= input:nElement() then
      return self.weights:view(1, self.weights:size(1)):expandAs(input)
   end
   return self.weights
end

function BCECriterion:updateOutput(input, target)
   assert(input:nElement() == target:nElement(), "input and target size mismatch")
   return K.pointwiseLoss(self, input, target, 'BCE', EPS, self:_weights(input))
end

function BCECriterion:updateGradInput(input, target)
   assert(input:nElement() == target:nElement(), "input and target size mismatch")
   return K.pointwiseLossBackward(self, input, target, 'BCE', EPS, self:_weights(input))
end
