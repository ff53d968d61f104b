-- Appendix-A classes added late: forward against independent computations, Jacobian checks (double).
require 'nn'
local T = {}
local precision = 1e-5

local function check(m, input, name)
   require('nncheck').jacobian(m, input, name, false, true)
end

-- central-difference gradient of a criterion w.r.t. a tensor it reads
local function criterionGrad(c, input, x, target)
   return require('nncheck').numgrad(x, function() return c:forward(input, target) end)
end

function T.SpatialConvolutionLocal()
   torch.manualSeed(11)
   local nIn, nOut, iW, iH, kW, kH, dW, dH, padW, padH = 2, 3, 6, 5, 3, 2, 2, 1, 1, 0
   local m = nn.SpatialConvolutionLocal(nIn, nOut, iW, iH, kW, kH, dW, dH, padW, padH)
   local x = torch.randn(nIn, iH, iW)
   local y = m:forward(x):clone()
   -- independent: direct sums over the padded input
   local xp = torch.zeros(nIn, iH + 2 * padH, iW + 2 * padW)
   xp:narrow(2, padH + 1, iH):narrow(3, padW + 1, iW):copy(x)
   local maxerr = 0
   for i = 1, m.oH do for j = 1, m.oW do
      local patch = xp:narrow(2, (i - 1) * dH + 1, kH):narrow(3, (j - 1) * dW + 1, kW):contiguous():view(-1)
      for o = 1, nOut do
         local ref = m.weight[i][j][o]:dot(patch) + m.bias[o][i][j]
         maxerr = math.max(maxerr, math.abs(ref - y[o][i][j]))
      end
   end end
   tester:assertlt(maxerr, 1e-10, 'SpatialConvolutionLocal forward')
   check(m, x, 'SpatialConvolutionLocal')
   check(m, torch.randn(2, nIn, iH, iW), 'SpatialConvolutionLocal batch')
   y = m:forward(x):clone()  -- the checks above randomise the parameters
   local yb = m:forward(torch.cat(x:view(1, nIn, iH, iW), x:view(1, nIn, iH, iW), 1))
   tester:assertlt((yb[2] - y):abs():max(), 1e-12, 'batch rows match single sample')
end

function T.LinearWeightNorm()
   torch.manualSeed(12)
   local m = nn.LinearWeightNorm(5, 3)
   local x = torch.randn(4, 5)
   local y = m:forward(x)
   local w = m.v:clone()
   for i = 1, 3 do w[i]:mul(m.g[i][1] / m.v[i]:norm()) end
   tester:assertlt((y - (x * w:t() + m.bias:view(1, 3):expand(4, 3))):abs():max(), 1e-12, 'LinearWeightNorm forward')
   check(m, x, 'LinearWeightNorm')
   local lin = m:toLinear()
   tester:assertlt((lin:forward(x) - y):abs():max(), 1e-12, 'toLinear')
end

function T.decorators_pass_through()
   torch.manualSeed(13)
   local x = torch.randn(3, 4)
   for _, mk in ipairs({function(l) return nn.NaN(l) end, function(l) return nn.Profile(l, 1000) end,
                        function(l) return nn.GPU(l, 1) end, function(l) return nn.DontCast(l) end}) do
      local lin = nn.Linear(4, 2)
      local d = mk(lin)
      tester:assertlt((d:forward(x) - lin:forward(x)):abs():max(), 1e-15, torch.type(d) .. ' forward')
      check(d, x, torch.type(d))
   end
   local bad = nn.NaN(nn.Log())
   tester:assertError(function() bad:forward(torch.Tensor{-1, 1}) end, 'NaN detects a NaN output')
   -- DontCast keeps the module in double while the network is cast to float, converting at the edges
   local dc = nn.DontCast(nn.Linear(4, 2), true)
   local net = nn.Sequential():add(dc):float()
   tester:asserteq(torch.type(dc.modules[1].weight), 'torch.DoubleTensor', 'DontCast keeps the module type')
   local out = net:forward(x:float())
   tester:asserteq(torch.type(out), 'torch.FloatTensor', 'DontCast casts the output back')
   local gi = net:backward(x:float(), out:clone():fill(1))
   tester:asserteq(torch.type(gi), 'torch.FloatTensor', 'DontCast casts gradInput back')
end

function T.DistanceRatioCriterion()
   torch.manualSeed(14)
   local c = nn.DistanceRatioCriterion()
   local ds, dd = torch.rand(5), torch.rand(5)
   local loss = c:forward({ds, dd})
   local ref = 0
   for i = 1, 5 do ref = ref - math.log(math.exp(-ds[i]) / (math.exp(-ds[i]) + math.exp(-dd[i]))) end
   tester:assertlt(math.abs(loss - ref / 5), 1e-12, 'DistanceRatioCriterion forward')
   local g = c:backward({ds, dd})
   tester:assertlt((g[1] - criterionGrad(c, {ds, dd}, ds)):abs():max(), 1e-6, 'grad Ds')
   tester:assertlt((g[2] - criterionGrad(c, {ds, dd}, dd)):abs():max(), 1e-6, 'grad Dd')
end

function T.SpatialAutoCropMSECriterion()
   torch.manualSeed(15)
   local c = nn.SpatialAutoCropMSECriterion()
   local x, t = torch.randn(2, 3, 7, 6), torch.randn(2, 3, 4, 3)
   local loss = c:forward(x, t)
   local crop = x:narrow(3, 2, 4):narrow(4, 2, 3)
   tester:assertlt(math.abs(loss - (crop - t):pow(2):mean()), 1e-12, 'forward on the centre crop')
   local g = c:backward(x, t):clone()
   tester:assertlt((g - criterionGrad(c, x, x, t)):abs():max(), 1e-6, 'gradInput')
end

function T.ClassSimplexCriterion()
   torch.manualSeed(16)
   local n = 4
   local c = nn.ClassSimplexCriterion(n)
   -- the simplex: unit vectors, equal pairwise dot products -1/(n-1)
   local S = c.simplex
   local G = S * S:t()
   for i = 1, n do for j = 1, n do
      local want = i == j and 1 or -1 / (n - 1)
      tester:assertlt(math.abs(G[i][j] - want), 1e-12, 'simplex geometry')
   end end
   local x, t = torch.randn(3, n), torch.LongTensor{2, 4, 1}
   local loss = c:forward(x, t)
   local ref = 0
   for i = 1, 3 do ref = ref + (x[i] - S[t[i]]):pow(2):sum() end
   tester:assertlt(math.abs(loss - ref / (3 * n)), 1e-12, 'forward')
   local g = c:backward(x, t):clone()
   tester:assertlt((g - criterionGrad(c, x, x, t)):abs():max(), 1e-6, 'gradInput')
   tester:assertTableEq(c:getTopPrediction(S:index(1, t)):view(-1):totable(), t:totable(), 'predictions')
end

function T.SpatialFullConvolutionMap()
   torch.manualSeed(17)
   local ct = nn.tables.random(3, 4, 2)
   local m = nn.SpatialFullConvolutionMap(ct, 3, 2, 2, 1)
   local x = torch.randn(3, 4, 5)
   local y = m:forward(x):clone()
   -- independent: sum of per-connection transposed convolutions (full conv2 with a stride)
   local ref = torch.zeros(4, (4 - 1) * 1 + 2, (5 - 1) * 2 + 3)
   for o = 1, 4 do ref[o]:fill(m.bias[o]) end
   for c = 1, ct:size(1) do
      local i, o = ct[c][1], ct[c][2]
      for a = 1, 4 do for b = 1, 5 do
         ref[o]:narrow(1, a, 2):narrow(2, (b - 1) * 2 + 1, 3):add(x[i][a][b], m.weight[c])
      end end
   end
   tester:assertlt((y - ref):abs():max(), 1e-12, 'SpatialFullConvolutionMap forward')
   check(m, x, 'SpatialFullConvolutionMap')
   check(m, torch.randn(2, 3, 4, 5), 'SpatialFullConvolutionMap batch')
end

function T.TemporalRowConvolution()
   torch.manualSeed(18)
   local m = nn.TemporalRowConvolution(3, 3, 2)
   local x = torch.randn(7, 3)
   local y = m:forward(x):clone()
   tester:asserteq(y:size(1), 3, 'output frames')
   local maxerr = 0
   for t = 1, 3 do for f = 1, 3 do
      local ref = m.bias[f]
      for k = 1, 3 do ref = ref + m.weight[f][1][k] * x[(t - 1) * 2 + k][f] end
      maxerr = math.max(maxerr, math.abs(ref - y[t][f]))
   end end
   tester:assertlt(maxerr, 1e-12, 'TemporalRowConvolution forward')
   check(m, x, 'TemporalRowConvolution')
   check(m, torch.randn(2, 7, 3), 'TemporalRowConvolution batch')
   local mf = nn.TemporalRowConvolution(3, 2, 1, true)
   check(mf, torch.randn(2, 3, 6), 'TemporalRowConvolution featFirst')
end

function T.FeatureLPPooling()
   torch.manualSeed(19)
   local m = nn.FeatureLPPooling(3, 2, 2, true)
   local x = torch.randn(2, 7, 3)
   local y = m:forward(x):clone()
   tester:asserteq(y:size(2), 3, 'pooled features')
   local ref = torch.Tensor(2, 3, 3)
   for o = 1, 3 do ref:select(2, o):copy(x:narrow(2, (o - 1) * 2 + 1, 3):clone():pow(2):sum(2):sqrt()) end
   tester:assertlt((y - ref):abs():max(), 1e-12, 'FeatureLPPooling forward')
   check(m, x, 'FeatureLPPooling p=2')
   -- odd powers of negative values have no real root (NaN in Torch7 too): positive inputs only
   local err = nn.Jacobian.testJacobian(nn.FeatureLPPooling(2, 1, 3), torch.rand(5, 2):add(0.5), 0.5, 1.5)
   tester:assertlt(err, precision, 'FeatureLPPooling p=3')
end

function T.TemporalDynamicKMaxPooling()
   torch.manualSeed(20)
   local m = nn.TemporalDynamicKMaxPooling(2, 0.5)
   local x = torch.randn(7, 3)
   local y = m:forward(x):clone()
   tester:asserteq(y:size(1), 4, 'k = ceil(0.5 * 7)')
   for f = 1, 3 do
      local col = x:select(2, f)
      local sorted = col:clone():sort(1, true)
      local thr = sorted[4]
      local kept = {}
      for t = 1, 7 do if col[t] >= thr then kept[#kept + 1] = col[t] end end
      tester:assertTableEq(y:select(2, f):totable(), kept, 'kept in order')
   end
   check(m, x, 'TemporalDynamicKMaxPooling')
   check(nn.TemporalDynamicKMaxPooling(3), torch.randn(2, 5, 4), 'TemporalDynamicKMaxPooling batch')
end

function T.UpSampling()
   torch.manualSeed(21)
   local x = torch.randn(2, 3, 2, 3)
   local m = nn.UpSampling(2, 'nearest')
   tester:assertlt((m:forward(x) - nn.SpatialUpSamplingNearest(2):forward(x)):abs():max(), 1e-15, '4D nearest')
   check(m, x, 'UpSampling nearest 4D')
   local v = torch.randn(1, 2, 2, 2, 3)
   local y = m:forward(v)
   tester:asserteq(y:size(3), 4, '5D time upsampled')
   tester:asserteq(y[1][2][4][3][6], v[1][2][2][2][3], '5D nearest value')
   check(m, v, 'UpSampling nearest 5D')
   local l = nn.UpSampling(2, 'linear')
   tester:assertlt((l:forward(x) - nn.SpatialUpSamplingBilinear(2):forward(x)):abs():max(), 1e-15, '4D linear')
   check(l, x, 'UpSampling linear')
end

function T.LookupTable_scaleGradByFreq_and_padding()
   torch.manualSeed(22)
   local m = nn.LookupTable(6, 3, 2):scaleGradByFreq()
   local idx = torch.LongTensor{{1, 2, 1}, {5, 2, 1}}
   local go = torch.randn(2, 3, 3)
   m:zeroGradParameters()
   m:forward(idx); m:backward(idx, go, 0.5)
   local counts = {}
   for _, v in ipairs(idx:view(-1):totable()) do counts[v] = (counts[v] or 0) + 1 end
   local ref = torch.zeros(6, 3)
   for b = 1, 2 do for t = 1, 3 do
      local i = idx[b][t]
      if i ~= 2 then ref[i]:add(0.5 / counts[i], go[b][t]) end
   end end
   tester:assertlt((m.gradWeight - ref):abs():max(), 1e-12, 'frequency-scaled gradient, padding row skipped')
end

function T.WeightNorm()
   torch.manualSeed(23)
   local lin = nn.Linear(5, 3)
   local w0 = lin.weight:clone()
   local m = nn.WeightNorm(lin)
   local x = torch.randn(4, 5)
   tester:assertlt((m:forward(x) - (x * w0:t() + lin.bias:view(1, 3):expand(4, 3))):abs():max(), 1e-12,
      'initialised so the weight is unchanged')
   m.g:mul(2)
   local y = m:forward(x)
   tester:assertlt((y - (x * w0:t() * 2 + lin.bias:view(1, 3):expand(4, 3))):abs():max(), 1e-12, 'g scales rows')
   check(m, x, 'WeightNorm(Linear)')
   local conv = nn.WeightNorm(nn.SpatialConvolution(2, 3, 3, 3))
   check(conv, torch.randn(2, 5, 5), 'WeightNorm(SpatialConvolution)')
   local full = nn.WeightNorm(nn.SpatialFullConvolution(2, 3, 2, 2), 2)
   check(full, torch.randn(2, 3, 3), 'WeightNorm(SpatialFullConvolution, outputDim 2)')
end

function T.PartialLinear()
   torch.manualSeed(24)
   local m = nn.PartialLinear(5, 6)
   m.bias:uniform(-1, 1)
   local x = torch.randn(3, 5)
   local W = m.network:get(1):get(2).weight
   tester:assertlt((m:forward(x) - (x * W:t() + m.bias:expand(3, 6))):abs():max(), 1e-12, 'full partition')
   m:setPartition(torch.Tensor{2, 5})
   local sel = torch.LongTensor{2, 5}
   local y = m:forward(x)
   tester:assertlt((y - (x * W:index(1, sel):t() + m.bias:index(2, sel):expand(3, 2))):abs():max(), 1e-12, 'partition')
   local err = nn.Jacobian.testJacobian(m, x)
   tester:assertlt(err, precision, 'PartialLinear gradInput')
   local e = nn.Jacobian.testJacobianParameters(m, x, m.bias, m.gradBias)
   tester:assertlt(e, precision, 'PartialLinear bias')
   e = nn.Jacobian.testJacobianParameters(m, x, W, m.network:get(1):get(2).gradWeight)
   tester:assertlt(e, precision, 'PartialLinear weight')
end

function T.SparseLinear()
   torch.manualSeed(25)
   local m = nn.SparseLinear(8, 3, true)
   local x = torch.Tensor{{2, 0.5}, {7, -1.5}, {4, 2}}
   local dense = torch.zeros(8)
   for i = 1, 3 do dense[x[i][1]] = x[i][2] end
   local y = m:forward(x):clone()
   tester:assertlt((y - (m.weight * dense + m.bias)):abs():max(), 1e-12, 'forward = dense Linear')
   local go = torch.randn(3)
   m:zeroGradParameters()
   m:backward(x, go)
   tester:assertlt((m.gradWeight - torch.ger(go, dense)):abs():max(), 1e-12, 'gradWeight')
   tester:assertlt((m.gradBias - go):abs():max(), 1e-12, 'gradBias')
   local gi = m.gradInput
   local gd = m.weight:t() * go
   for i = 1, 3 do tester:assertlt(math.abs(gi[i][2] - gd[x[i][1]]), 1e-12, 'gradInput value') end
   local batch = {x, torch.Tensor{{1, 1}, {8, -2}}}
   local yb = m:forward(batch)
   tester:assertlt((yb[1] - y):abs():max(), 1e-12, 'batch of tables')
end

function T.Kmeans()
   torch.manualSeed(26)
   local m = nn.Kmeans(2, 2)
   local x = torch.cat(torch.randn(10, 2):add(5), torch.randn(10, 2):add(-5), 1)
   m.weight:copy(torch.Tensor{{4, 4}, {-4, -4}})
   local a = m:forward(x)
   for i = 1, 20 do tester:asserteq(a[i], i <= 10 and 1 or 2, 'nearest centroid') end
   local ref = 0
   for i = 1, 20 do ref = ref + (x[i] - m.weight[a[i]]):pow(2):sum() end
   tester:assertlt(math.abs(m.loss - ref), 1e-9, 'loss')
   m:zeroGradParameters()
   m:backward(x, a)
   m:updateParameters(1)
   tester:assertlt((m.weight[1] - x:narrow(1, 1, 10):mean(1):view(2)):abs():max(), 1e-12, 'Lloyd step, cluster 1')
   tester:assertlt((m.weight[2] - x:narrow(1, 11, 10):mean(1):view(2)):abs():max(), 1e-12, 'Lloyd step, cluster 2')
end

function T.FractionalMaxPooling()
   torch.manualSeed(27)
   -- output = input - 1 with pool 2: alpha = 1, every window starts at i, i.e. max pooling 2x2 stride 1
   local x = torch.randn(2, 3, 6, 7)
   local m = nn.SpatialFractionalMaxPooling(2, 2, 6, 5)
   tester:assertlt((m:forward(x) - nn.SpatialMaxPooling(2, 2, 1, 1):forward(x)):abs():max(), 1e-15, 'spatial alpha 1')
   local r = nn.SpatialFractionalMaxPooling(2, 2, 0.5, 0.5):fixPoolingRegions()
   local y = r:forward(x)
   tester:asserteq(y:size(3), 3, 'ratio height'); tester:asserteq(y:size(4), 3, 'ratio width')
   local s1 = r.randomSamples:clone()
   r:forward(x)
   tester:asserteq((r.randomSamples - s1):abs():max(), 0, 'fixed regions keep their samples')
   local err = nn.Jacobian.testJacobian(r, torch.randn(3, 6, 7))
   tester:assertlt(err, precision, 'SpatialFractionalMaxPooling gradInput')
   local v = torch.randn(2, 4, 5, 6)
   local vm = nn.VolumetricFractionalMaxPooling(2, 2, 2, 3, 5, 4)
   tester:assertlt((vm:forward(v) - nn.VolumetricMaxPooling(2, 2, 2, 1, 1, 1):forward(v)):abs():max(), 1e-15,
      'volumetric alpha 1')
   local vr = nn.VolumetricFractionalMaxPooling(2, 2, 2, 0.5, 0.5, 0.5):fixPoolingRegions()
   err = nn.Jacobian.testJacobian(vr, torch.randn(1, 2, 6, 6, 6))
   tester:assertlt(err, precision, 'VolumetricFractionalMaxPooling gradInput')
end

function T.Convert()
   torch.manualSeed(28)
   local x = torch.randn(2, 3, 4, 5)
   local m = nn.Convert('bchw', 'bf')
   tester:asserteq((m:forward(x) - x:contiguous():view(2, 60)):abs():max(), 0, 'flatten')
   check(m, x, 'Convert bchw->bf')
   local t = nn.Convert('bchw', 'bhwc')
   tester:assertlt((t:forward(x) - x:permute(1, 3, 4, 2)):abs():max(), 1e-15, 'to channels last')
   check(t, x, 'Convert bchw->bhwc')
   check(nn.Convert('bchw', 'bwf'), x, 'Convert bchw->bwf')
   tester:assertError(function() nn.Convert('bf', 'bchw'):forward(torch.randn(2, 3)) end, 'unknown output dims')
end

function T.IndexLinear()
   torch.manualSeed(29)
   local m = nn.IndexLinear(10, 3, true)
   local keys = {torch.LongTensor{1, 4, 9}, torch.LongTensor{2}}
   local vals = {torch.Tensor{0.5, -1, 2}, torch.Tensor{3}}
   local y = m:forward({keys, vals}):clone()
   for b = 1, 2 do
      local dense = torch.zeros(10)
      for i = 1, keys[b]:size(1) do dense[keys[b][i]] = vals[b][i] end
      tester:assertlt((y[b] - (m.weight:t() * dense + m.bias)):abs():max(), 1e-12, 'forward = dense')
   end
   local go = torch.randn(2, 3)
   m:zeroGradParameters()
   m:backward({keys, vals}, go)
   local ref = torch.zeros(10, 3)
   for b = 1, 2 do for i = 1, keys[b]:size(1) do ref[keys[b][i]]:add(vals[b][i], go[b]) end end
   tester:assertlt((m.gradWeight - ref):abs():max(), 1e-12, 'gradWeight')
   tester:assertlt((m.gradBias - go:sum(1):view(3)):abs():max(), 1e-12, 'gradBias')
   tester:assertlt((m.gradInput[2][1] - m.weight:index(1, keys[1]) * go[1]):abs():max(), 1e-12, 'gradInput values')
end

return T
