-- nn.DistKLDivCriterion([sizeAverage=true]): KL divergence; input holds log-probabilities.
local K = nn.kernels
local DistKLDivCriterion, parent = torch.class('nn.DistKLDivCriterion', 'nn.Criterion')

function DistKLDivCriterion:__init(sizeAverage)
   parent.__init(self)
   self.sizeAverage = sizeAverage == nil and true or sizeAverage
end

function DistKLDivCriterion:updateOutput(input, target)
   return K.pointwiseLoss(self, input, target, 'KL_DIV', 0)
end

function DistKLDivCriterion:updateGradInput(input, target)
   return K.pointwiseLossBackward(self, input, target, 'KL_DIV', 0)
end
