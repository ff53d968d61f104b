-- nn.SmoothL1Criterion([sizeAverage=true]): Huber-like loss, quadratic below 1.
local K = nn.kernels
local SmoothL1Criterion, parent = torch.class('nn.SmoothL1Criterion', 'nn.Criterion')

function SmoothL1Criterion:__init(sizeAverage)
   parent.__init(self)
   self.sizeAverage = sizeAverage == nil and true or sizeAverage
end

function SmoothL1Criterion:updateOutput(input, target)
   return K.pointwiseLoss(self, input, target, 'SMOOTH_L1', 1)
end

function SmoothL1Criterion:updateGradInput(input, target)
   return K.pointwiseLossBackward(self, input, target, 'SMOOTH_L1', 1)
end
