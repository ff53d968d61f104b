-- nn.SoftMarginCriterion([sizeAverage=true]): log(1 + exp(-y x)), targets +-1.
local K = nn.kernels
local SoftMarginCriterion, parent = torch.class('nn.SoftMarginCriterion', 'nn.Criterion')

function SoftMarginCriterion:__init(sizeAverage)
   parent.__init(self)
   self.sizeAverage = sizeAverage == nil and true or sizeAverage
end

function SoftMarginCriterion:updateOutput(input, target)
   return K.pointwiseLoss(self, input, target, 'SOFT_MARGIN', 0)
end

function SoftMarginCriterion:updateGradInput(input, target)
   return K.pointwiseLossBackward(self, input, target, 'SOFT_MARGIN', 0)
end
