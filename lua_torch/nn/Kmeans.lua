-- nn.Kmeans(k, dim, scale): k-means as a module. weight (k, dim) holds the centroids; the forward of an
-- (n, dim) batch gives each row's nearest centroid (1-based, as the input's type) and sets self.loss to
-- the summed squared distances. accGradParameters sets gradWeight = scale * (centroid - mean of its rows)
-- for clusters that got rows, so updateParameters(1) is one Lloyd step (Torch7 semantics).
local Kmeans, parent = torch.class('nn.Kmeans', 'nn.Module')

function Kmeans:__init(k, dim, scale)
   parent.__init(self)
   self.k, self.dim = k, dim
   self.scale = scale or 1
   assert(self.k > 0, 'Kmeans: k must be positive')
   assert(self.dim > 0, 'Kmeans: dim must be positive')
   self.weight = torch.Tensor(k, dim)
   self.gradWeight = torch.Tensor(k, dim)
   self.loss = 0
   self.clusterSampleCount = torch.Tensor(k)
   self:reset()
end

function Kmeans:reset(stdev)
   stdev = stdev or 1
   self.weight:uniform(-stdev, stdev)
   return self
end

-- centroids from k distinct random rows of x
function Kmeans:initRandom(x)
   assert(x:dim() == 2 and x:size(2) == self.dim and x:size(1) >= self.k, 'Kmeans: need at least k rows of dim')
   local perm = torch.randperm(x:size(1)):narrow(1, 1, self.k):long()
   self.weight:copy(x:index(1, perm))
end

-- k-means++ seeding: each new centroid drawn with probability proportional to the squared distance
function Kmeans:initKmeansPlus(x, p)
   assert(x:dim() == 2 and x:size(2) == self.dim and x:size(1) >= self.k, 'Kmeans: need at least k rows of dim')
   p = p or 0.95
   self.weight[1]:copy(x[torch.random(1, x:size(1))])
   local d = torch.Tensor(x:size(1)):typeAs(x):fill(math.huge)
   for c = 2, self.k do
      local diff = x - self.weight[c - 1]:view(1, -1):expandAs(x)
      d:cmin(diff:pow(2):sum(2):view(-1))
      local pick = torch.multinomial(d:double():add(1e-12), 1)[1]
      self.weight[c]:copy(x[pick])
   end
end

function Kmeans:updateOutput(input)
   assert(input:dim() == 2 and input:size(2) == self.dim, 'Kmeans: input must be n x dim')
   local n = input:size(1)
   -- squared distances ||x||^2 - 2 x.c + ||c||^2 in one GEMM
   self._dist = self._dist or input.new()
   self._dist:resize(n, self.k):mm(input, self.weight:t()):mul(-2)
   self._dist:add(self.weight:clone():pow(2):sum(2):view(1, self.k):expand(n, self.k))
   self._dist:add(input:clone():pow(2):sum(2):expand(n, self.k))
   local minDist, idx = self._dist:min(2)
   self._indices = idx:view(-1)
   self.output = self.output:typeAs(input):resize(n):copy(self._indices)
   self.loss = minDist:clamp(0, math.huge):sum()
   return self.output
end

function Kmeans:updateGradInput(input, gradOutput)
   self.gradInput:resizeAs(input):zero()
   return self.gradInput
end

function Kmeans:accGradParameters(input, gradOutput, scale)
   scale = self.scale or scale or 1
   local sums = self.weight.new():resizeAs(self.weight):zero()
   sums:indexAdd(1, self._indices, input)   -- (Torch7's indexAdd returns the source: no chaining)
   self.clusterSampleCount = self.clusterSampleCount:typeAs(self.weight)
   self.clusterSampleCount:zero()
   self.clusterSampleCount:indexAdd(1, self._indices, torch.ones(input:size(1)):typeAs(self.weight))
   local has = self.clusterSampleCount:gt(0)
   local counts = self.clusterSampleCount:clone():clamp(1, math.huge)
   local means = sums:cdiv(counts:view(-1, 1):expandAs(sums))
   local g = (self.weight - means):mul(scale)
   g:cmul(has:typeAs(g):view(-1, 1):expandAs(g))
   self.gradWeight:copy(g)
end
