-- nn.AbsCriterion([sizeAverage=true]): mean (or sum) of absolute differences.
local K = nn.kernels
local AbsCriterion, parent = torch.class('nn.AbsCriterion', 'nn.Criterion')

function AbsCriterion:__init(sizeAverage)
   parent.__init(self)
   self.sizeAverage = sizeAverage == nil and true or sizeAverage
end

function AbsCriterion:updateOutput(input, target)
   return K.pointwiseLoss(self, input, target, 'L1', 0)
end

function AbsCriterion:updateGradInput(input, target)
   return K.pointwiseLossBackward(self, input, target, 'L1', 0)
end
