-- nn.CosineEmbeddingCriterion([margin=0]): {x1, x2} with y = +-1: 1 - cos for y = 1,
-- max(0, cos - margin) for y = -1.
local K = nn.kernels
local CosineEmbeddingCriterion, parent = torch.class('nn.CosineEmbeddingCriterion', 'nn.Criterion')

function CosineEmbeddingCriterion:__init(margin)
   parent.__init(self)
   self.margin = margin or 0
   self.gradInput = {torch.Tensor(), torch.Tensor()}
   self.sizeAverage = true
end

local function rows(t) return t:dim() == 1 and t:view(1, -1) or t end
local function targets(y, like)
   if type(y) == 'number' then return like.new(1):fill(y) end
   return y:typeAs(like)
end

function CosineEmbeddingCriterion:updateOutput(input, y)
   local a, b = rows(input[1]), rows(input[2])
   self.output_tensor = self.output_tensor or a.new(1)
   K.check(K.C.tc_nn_cosine_embedding_loss(self.output_tensor:cdata(), a:cdata(), b:cdata(),
      targets(y, a):cdata(), self.margin, K.reduction(self.sizeAverage)))
   self.output = K.scalar(self.output_tensor)
   return self.output
end

function CosineEmbeddingCriterion:updateGradInput(input, y)
   local a, b = rows(input[1]), rows(input[2])
   self._gradOutput = self._gradOutput or a.new(1):fill(1)
   K.check(K.C.tc_nn_cosine_embedding_loss_backward(self.gradInput[1]:cdata(), self.gradInput[2]:cdata(),
      self._gradOutput:cdata(), a:cdata(), b:cdata(), targets(y, a):cdata(), self.margin,
      K.reduction(self.sizeAverage)))
   self.gradInput[1] = self.gradInput[1]:viewAs(input[1])
   self.gradInput[2] = self.gradInput[2]:viewAs(input[2])
   return self.gradInput
end
