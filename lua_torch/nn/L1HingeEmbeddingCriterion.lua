-- nn.L1HingeEmbeddingCriterion([margin=1]): {x1, x2} with y = +-1: ||x1 - x2||_1 for y = 1,
-- max(0, margin - ||x1 - x2||_1) for y = -1.
local K = nn.kernels
local L1HingeEmbeddingCriterion, parent = torch.class('nn.L1HingeEmbeddingCriterion', 'nn.Criterion')

function L1HingeEmbeddingCriterion:__init(margin)
   parent.__init(self)
   self.margin = margin or 1
   self.gradInput = {torch.Tensor(), torch.Tensor()}
end

local function targets(y, like)
   if type(y) == 'number' then return like.new(1):fill(y) end
   return y:typeAs(like)
end
local function rows(t) return t:dim() == 1 and t:view(1, -1) or t end

function L1HingeEmbeddingCriterion:updateOutput(input, y)
   local a, b = rows(input[1]), rows(input[2])
   self.output_tensor = self.output_tensor or a.new(1)
   K.check(K.C.tc_nn_l1_hinge_embedding_loss(self.output_tensor:cdata(), a:cdata(), b:cdata(),
      targets(y, a):cdata(), self.margin, K.C.TC_REDUCTION_SUM))
   self.output = K.scalar(self.output_tensor)
   return self.output
end

function L1HingeEmbeddingCriterion:updateGradInput(input, y)
   local a, b = rows(input[1]), rows(input[2])
   self._gradOutput = self._gradOutput or a.new(1):fill(1)
   K.check(K.C.tc_nn_l1_hinge_embedding_loss_backward(self.gradInput[1]:cdata(), self.gradInput[2]:cdata(),
      self._gradOutput:cdata(), a:cdata(), b:cdata(), targets(y, a):cdata(), self.margin, K.C.TC_REDUCTION_SUM))
   self.gradInput[1] = self.gradInput[1]:viewAs(input[1])
   self.gradInput[2] = self.gradInput[2]:viewAs(input[2])
   return self.gradInput
end
