-- nn.HingeEmbeddingCriterion([margin=1]): x where y = 1, max(0, margin - x) where y = -1.
local K = nn.kernels
local HingeEmbeddingCriterion, parent = torch.class('nn.HingeEmbeddingCriterion', 'nn.Criterion')

function HingeEmbeddingCriterion:__init(margin)
   parent.__init(self)
   self.sizeAverage = true
   self.margin = margin or 1
end

function HingeEmbeddingCriterion:updateOutput(input, target)
   return K.pointwiseLoss(self, input, target, 'HINGE_EMBEDDING', self.margin)
end

function HingeEmbeddingCriterion:updateGradInput(input, target)
   return K.pointwiseLossBackward(self, input, target, 'HINGE_EMBEDDING', self.margin)
end
