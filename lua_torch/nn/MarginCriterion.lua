-- nn.MarginCriterion([margin=1]): max(0, margin - y x), targets +-1.
local K = nn.kernels
local MarginCriterion, parent = torch.class('nn.MarginCriterion', 'nn.Criterion')

function MarginCriterion:__init(margin)
   parent.__init(self)
   self.sizeAverage = true
   self.margin = margin or 1
end

function MarginCriterion:updateOutput(input, target)
   return K.pointwiseLoss(self, input, target, 'MARGIN', self.margin)
end

function MarginCriterion:updateGradInput(input, target)
   return K.pointwiseLossBackward(self, input, target, 'MARGIN', self.margin)
end
