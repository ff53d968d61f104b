-- nn.MSECriterion([sizeAverage=true]): mean (or sum) of squared differences over all elements.
local K = nn.kernels
local MSECriterion, parent = torch.class('nn.MSECriterion', 'nn.Criterion')

function MSECriterion:__init(sizeAverage)
   parent.__init(self)
   self.sizeAverage = sizeAverage == nil and true or sizeAverage
end

function MSECriterion:updateOutput(input, target)
   return K.pointwiseLoss(self, input, target, 'MSE', 0)
end

function MSECriterion:updateGradInput(input, target)
   return K.pointwiseLossBackward(self, input, target, 'MSE', 0)
end
