-- nn.WeightedMSECriterion(w): an MSECriterion whose TARGET is multiplied by w elementwise (per sample
-- when the input has one more dimension than w): loss = mean((input - w * target)^2), as in Torch7.
local WeightedMSECriterion, parent = torch.class('nn.WeightedMSECriterion', 'nn.MSECriterion')

function WeightedMSECriterion:__init(w)
   parent.__init(self)
   self.weight = w:clone()
end

local function weightedTarget(self, input, target)
   self.buffer = self.buffer or input.new()
   self.buffer:resizeAs(input):copy(target)
   if input:dim() - 1 == self.weight:dim() then
      self.buffer:cmul(self.weight:view(1, unpack(self.weight:size():totable())):expandAs(input))
   else
      self.buffer:cmul(self.weight)
   end
   return self.buffer
end

function WeightedMSECriterion:updateOutput(input, target)
   return parent.updateOutput(self, input, weightedTarget(self, input, target))
end

function WeightedMSECriterion:updateGradInput(input, target)
   return parent.updateGradInput(self, input, weightedTarget(self, input, target))
end
