-- nn.MultiLabelMarginCriterion: multi-label hinge loss; targets list 1-based classes, ended by 0.
local K = nn.kernels
local MultiLabelMarginCriterion, parent = torch.class('nn.MultiLabelMarginCriterion', 'nn.Criterion')

function MultiLabelMarginCriterion:__init()
   parent.__init(self)
   self.sizeAverage = true
   self.isTarget = torch.Tensor()
end

local function long(t) return torch.typename(t) == 'torch.LongTensor' and t or t:long() end

function MultiLabelMarginCriterion:updateOutput(input, target)
   self.output_tensor = self.output_tensor or input.new(1)
   K.check(K.C.tc_nn_multilabel_margin_loss(self.output_tensor:cdata(), input:cdata(), long(target):cdata(),
      K.reduction(self.sizeAverage), K.INDEX_BASE))
   self.output = K.scalar(self.output_tensor)
   return self.output
end

function MultiLabelMarginCriterion:updateGradInput(input, target)
   self._gradOutput = self._gradOutput or input.new(1):fill(1)
   K.check(K.C.tc_nn_multilabel_margin_loss_backward(self.gradInput:cdata(), self._gradOutput:cdata(), input:cdata(),
      long(target):cdata(), K.reduction(self.sizeAverage), K.INDEX_BASE))
   return self.gradInput
end
