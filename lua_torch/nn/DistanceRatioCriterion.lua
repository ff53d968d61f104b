-- nn.DistanceRatioCriterion(sizeAverage): input {Ds, Dd} (distances to a similar and a dissimilar sample,
-- vectors of N); loss = -log(exp(-Ds) / (exp(-Ds) + exp(-Dd))), summed over N (averaged with sizeAverage,
-- the default), as in Torch7.
local DistanceRatioCriterion, parent = torch.class('nn.DistanceRatioCriterion', 'nn.Criterion')

function DistanceRatioCriterion:__init(sizeAverage)
   parent.__init(self)
   self.sizeAverage = sizeAverage == nil and true or sizeAverage
   self.gradInput = {}
end

-- p = exp(-Ds) / (exp(-Ds) + exp(-Dd)) = sigmoid(Dd - Ds), computed stably.
local function similarProbability(self, Ds, Dd)
   self._p = self._p or Ds.new()
   self._p:resizeAs(Ds):copy(Dd):add(-1, Ds):sigmoid()
   return self._p
end

function DistanceRatioCriterion:updateOutput(input)
   assert(#input == 2, 'DistanceRatioCriterion: expecting a table {Ds, Dd}')
   local Ds, Dd = input[1], input[2]
   assert(Ds:nElement() == Dd:nElement(), 'DistanceRatioCriterion: Ds and Dd differ in size')
   -- -log(p) = log(1 + exp(Ds - Dd)), softplus written with log1p of the smaller exponent
   self._loss = self._loss or Ds.new()
   self._loss:resizeAs(Ds):copy(Ds):add(-1, Dd)
   local lossSum = 0
   local a = self._loss:clone()
   local relu = a:clone():clamp(0, math.huge)
   local rest = a:abs():mul(-1):exp():log1p()
   lossSum = relu:sum() + rest:sum()
   if self.sizeAverage then lossSum = lossSum / Ds:nElement() end
   self.output = lossSum
   return self.output
end

function DistanceRatioCriterion:updateGradInput(input)
   local Ds, Dd = input[1], input[2]
   local p = similarProbability(self, Ds, Dd)
   local scale = self.sizeAverage and 1 / Ds:nElement() or 1
   self.gradInput[1] = self.gradInput[1] or Ds.new()
   self.gradInput[2] = self.gradInput[2] or Dd.new()
   -- d/dDs = 1 - p ; d/dDd = -(1 - p)
   self.gradInput[1]:resizeAs(Ds):copy(p):mul(-scale):add(scale)
   self.gradInput[2]:resizeAs(Dd):copy(self.gradInput[1]):mul(-1)
   return self.gradInput
end
