-- nn.ClassSimplexCriterion(nClasses): an MSECriterion against class targets embedded as the vertices of a
-- regular simplex (nClasses points in nClasses-1 dims, zero-padded to nClasses), as in Torch7. Input is
-- nClasses wide (or a batch of such rows), target holds 1-based class indices.
local ClassSimplexCriterion, parent = torch.class('nn.ClassSimplexCriterion', 'nn.MSECriterion')

-- n+1 unit vectors in n dims with equal pairwise angles (regular simplex).
local function regsplex(n)
   local a = torch.zeros(n + 1, n)
   for k = 1, n do
      if k == 1 then
         a[k][k] = 1
      else
         a[k][k] = math.sqrt(1 - a[{{k}, {1, k - 1}}]:norm() ^ 2)
      end
      local c = (a[k][k] ^ 2 - 1 - 1 / n) / a[k][k]
      a[{{k + 1, n + 1}, {k}}]:fill(c)
   end
   return a
end

function ClassSimplexCriterion:__init(nClasses)
   parent.__init(self)
   assert(nClasses and nClasses > 1 and nClasses == math.floor(nClasses), 'ClassSimplexCriterion: nClasses > 1 required')
   self.nClasses = nClasses
   local simp = regsplex(nClasses - 1)
   self.simplex = torch.cat(simp, torch.zeros(simp:size(1), nClasses - simp:size(2)), 2)
   self._target = torch.Tensor(nClasses)
end

function ClassSimplexCriterion:_transformTarget(target)
   if torch.type(target) == 'number' then
      self._target:resize(self.nClasses):copy(self.simplex[target])
   else
      local t = target:view(-1):long()
      self._target:resize(t:size(1), self.nClasses):index(self.simplex, 1, t)
   end
   return self._target
end

function ClassSimplexCriterion:updateOutput(input, target)
   local t = self:_transformTarget(target)
   self._target = t:typeAs(input)
   assert(self._target:nElement() == input:nElement(), 'ClassSimplexCriterion: input and target sizes differ')
   return parent.updateOutput(self, input, self._target:viewAs(input))
end

function ClassSimplexCriterion:updateGradInput(input, target)
   assert(self._target:nElement() == input:nElement(), 'ClassSimplexCriterion: call updateOutput first')
   return parent.updateGradInput(self, input, self._target:viewAs(input))
end

-- Scores of the input against each class vertex (dot products), and the best class.
function ClassSimplexCriterion:getPredictions(input)
   if input:dim() == 1 then input = input:view(1, -1) end
   return torch.mm(input, self.simplex:typeAs(input):t())
end

function ClassSimplexCriterion:getTopPrediction(input)
   local _, maxs = self:getPredictions(input):max(2)
   return maxs
end
