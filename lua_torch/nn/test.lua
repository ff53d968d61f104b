-- nn.test([tests[, seed]]): nn's own unit tests, run through torch.Tester as in Torch7
-- (`luatorch th -lnn -e "nn.test()"`, or nn.test{'Linear', 'Tanh'} for a selection). Each test checks
-- the module's gradient w.r.t. its input and every parameter against central differences (double
-- precision, nn.Jacobian), the accUpdateGradParameters path, and that save/load gives the same results.
local precision = 1e-5
local expprecision = 1e-4

local function buildTests(mytester)
   local nntest = {}

   local function jac(m, input, name, opts)
      opts = opts or {}
      local err = nn.Jacobian.testJacobian(m, input, opts.minval, opts.maxval)
      mytester:assertlt(err, opts.precision or precision, name .. ': error on state')
      if not opts.noParams then
         local params, grads = m:parameters()
         for i, p in ipairs(params or {}) do
            local e = nn.Jacobian.testJacobianParameters(m, input, p, grads[i], opts.minval, opts.maxval)
            mytester:assertlt(e, opts.precision or precision, name .. ': error on parameter ' .. i)
         end
         if not opts.noUpdate and m.weight and m.gradWeight and torch.type(m) ~= 'nn.WeightNorm' then
            local e = nn.Jacobian.testJacobianUpdateParameters(m, input, m.weight, opts.minval, opts.maxval)
            mytester:assertlt(e, opts.precision or precision, name .. ': error on weight [direct update]')
         end
      end
      if not opts.noIO then
         local eo, eg = nn.Jacobian.testIO(m, input, opts.minval, opts.maxval)
         mytester:asserteq(eo, 0, name .. ': forward error after save/load')
         mytester:asserteq(eg, 0, name .. ': backward error after save/load')
      end
   end

   local function rnd(...) return torch.Tensor(...):uniform(-1, 1) end
   local function ri(a, b) return torch.random(a, b) end

   -- {name, builder returning module, input[, opts]}
   local cases = {
      {'Add', function() return nn.Add(4) end},
      {'CAdd', function() return nn.CAdd(3, 4) end, function() return rnd(2, 3, 4) end},
      {'CMul', function() return nn.CMul(3, 4) end, function() return rnd(2, 3, 4) end},
      {'Linear', function() return nn.Linear(5, 4) end, function() return rnd(3, 5) end},
      {'Bilinear', function() return nn.Bilinear(3, 4, 2) end, nil},
      {'Euclidean', function() return nn.Euclidean(5, 4) end, function() return rnd(5) end, {noUpdate = true}},
      {'WeightedEuclidean', function() return nn.WeightedEuclidean(5, 4) end, function() return rnd(5) end, {noUpdate = true}},
      {'Cosine', function() return nn.Cosine(5, 3) end, function() return rnd(2, 5) end, {noUpdate = true}},
      {'PartialLinear', function() return nn.PartialLinear(5, 4):setPartition(torch.Tensor{1, 3}) end,
         function() return rnd(3, 5) end, {noUpdate = true}},
      {'LinearWeightNorm', function() return nn.LinearWeightNorm(5, 3) end, function() return rnd(2, 5) end, {noUpdate = true}},
      {'WeightNorm', function() return nn.WeightNorm(nn.Linear(5, 3)) end, function() return rnd(2, 5) end},
      {'Tanh', function() return nn.Tanh() end}, {'Sigmoid', function() return nn.Sigmoid() end},
      {'ReLU', function() return nn.ReLU() end}, {'ReLU6', function() return nn.ReLU6() end},
      {'ELU', function() return nn.ELU(0.7) end}, {'LeakyReLU', function() return nn.LeakyReLU(0.1) end},
      {'HardTanh', function() return nn.HardTanh() end}, {'Clamp', function() return nn.Clamp(-0.5, 0.5) end},
      {'Abs', function() return nn.Abs() end}, {'Exp', function() return nn.Exp() end},
      {'Log', function() return nn.Log() end, function() return torch.Tensor(3, 4):uniform(0.5, 1.5) end,
         {minval = 0.5, maxval = 1.5}},
      {'Sqrt', function() return nn.Sqrt() end, function() return torch.Tensor(3, 4):uniform(0.5, 1.5) end,
         {minval = 0.5, maxval = 1.5}},
      {'Square', function() return nn.Square() end}, {'Power', function() return nn.Power(3) end},
      {'SoftPlus', function() return nn.SoftPlus() end}, {'SoftSign', function() return nn.SoftSign() end},
      {'LogSigmoid', function() return nn.LogSigmoid() end}, {'LogSoftmax', function() return nn.LogSoftMax() end},
      {'Softmax', function() return nn.SoftMax() end}, {'Softmin', function() return nn.SoftMin() end},
      {'HardShrink', function() return nn.HardShrink(0.3) end}, {'SoftShrink', function() return nn.SoftShrink(0.3) end},
      {'PReLU', function() return nn.PReLU(4) end, function() return rnd(3, 4) end},
      {'GatedLinearUnit', function() return nn.GatedLinearUnit() end, function() return rnd(3, 6) end},
      {'Normalize', function() return nn.Normalize(2) end, function() return rnd(3, 5) end},
      {'Mean', function() return nn.Mean(2) end}, {'Sum', function() return nn.Sum(2) end},
      {'Max', function() return nn.Max(2) end}, {'Min', function() return nn.Min(2) end},
      {'MulConstant', function() return nn.MulConstant(2.5) end}, {'AddConstant', function() return nn.AddConstant(1.5) end},
      {'Mul', function() return nn.Mul() end},
      {'Narrow', function() return nn.Narrow(2, 2, 2) end}, {'Replicate', function() return nn.Replicate(3) end},
      {'Padding', function() return nn.Padding(2, 2) end}, {'Squeeze', function() return nn.Squeeze() end,
         function() return rnd(3, 1, 4) end},
      {'Unsqueeze', function() return nn.Unsqueeze(2) end},
      {'View', function() return nn.View(12) end, function() return rnd(3, 4) end},
      {'Reshape', function() return nn.Reshape(2, 6) end, function() return rnd(3, 4) end},
      {'Transpose', function() return nn.Transpose({1, 2}) end},
      {'Contiguous', function() return nn.Contiguous() end},
      {'Convert', function() return nn.Convert('bchw', 'bf') end, function() return rnd(2, 3, 4, 5) end},
      {'BatchNormalization', function() return nn.BatchNormalization(4) end, function() return rnd(5, 4) end,
         {noUpdate = true}},
      {'SpatialBatchNormalization', function() return nn.SpatialBatchNormalization(3) end,
         function() return rnd(2, 3, 4, 4) end, {noUpdate = true}},
      {'SpatialConvolution', function() return nn.SpatialConvolution(2, 3, 3, 2, 2, 1, 1, 0) end,
         function() return rnd(2, 2, 6, 5) end},
      {'SpatialConvolutionMM', function() return nn.SpatialConvolutionMM(2, 3, 3, 3, 1, 1, 1, 1) end,
         function() return rnd(2, 5, 5) end},
      {'SpatialConvolutionLocal', function() return nn.SpatialConvolutionLocal(2, 3, 6, 5, 3, 2, 2, 1, 1, 0) end,
         function() return rnd(2, 2, 5, 6) end},
      {'SpatialFullConvolution', function() return nn.SpatialFullConvolution(2, 3, 3, 3, 2, 2, 1, 1, 1, 1) end,
         function() return rnd(2, 4, 4) end},
      {'SpatialFullConvolutionMap', function() return nn.SpatialFullConvolutionMap(nn.tables.oneToOne(3), 3, 2, 2, 1) end,
         function() return rnd(3, 4, 4) end, {noUpdate = true}},
      {'SpatialDilatedConvolution', function() return nn.SpatialDilatedConvolution(2, 2, 3, 3, 1, 1, 2, 2, 2, 2) end,
         function() return rnd(2, 7, 7) end},
      {'SpatialDepthWiseConvolution', function() return nn.SpatialDepthWiseConvolution(2, 2, 3, 3) end,
         function() return rnd(2, 5, 5) end, {noUpdate = true}},
      {'SpatialMaxPooling', function() return nn.SpatialMaxPooling(2, 2, 2, 2) end, function() return rnd(2, 6, 6) end},
      {'SpatialAveragePooling', function() return nn.SpatialAveragePooling(3, 2, 1, 2, 1, 0) end,
         function() return rnd(2, 6, 6) end},
      {'SpatialAdaptiveMaxPooling', function() return nn.SpatialAdaptiveMaxPooling(3, 2) end, function() return rnd(2, 7, 5) end},
      {'SpatialAdaptiveAveragePooling', function() return nn.SpatialAdaptiveAveragePooling(3, 2) end, function() return rnd(2, 7, 5) end},
      {'SpatialFractionalMaxPooling', function() return nn.SpatialFractionalMaxPooling(2, 2, 3, 3):fixPoolingRegions() end,
         function() return rnd(2, 6, 6) end, {noIO = true}},
      {'SpatialUpSamplingNearest', function() return nn.SpatialUpSamplingNearest(2) end, function() return rnd(2, 3, 3) end},
      {'SpatialUpSamplingBilinear', function() return nn.SpatialUpSamplingBilinear(2) end, function() return rnd(1, 2, 3, 3) end},
      {'UpSampling', function() return nn.UpSampling(2, 'nearest') end, function() return rnd(1, 2, 2, 3, 3) end},
      {'SpatialReflectionPadding', function() return nn.SpatialReflectionPadding(1, 2, 2, 1) end, function() return rnd(2, 4, 4) end},
      {'SpatialReplicationPadding', function() return nn.SpatialReplicationPadding(1, 2, 2, 1) end, function() return rnd(2, 4, 4) end},
      {'SpatialZeroPadding', function() return nn.SpatialZeroPadding(1, 2, -1, 1) end, function() return rnd(2, 4, 4) end},
      {'SpatialLogSoftMax', function() return nn.SpatialLogSoftMax() end, function() return rnd(3, 2, 2) end},
      {'SpatialSoftMax', function() return nn.SpatialSoftMax() end, function() return rnd(3, 2, 2) end},
      {'SpatialCrossMapLRN', function() return nn.SpatialCrossMapLRN(3) end, function() return rnd(4, 3, 3) end},
      {'PixelShuffle', function() return nn.PixelShuffle(2) end, function() return rnd(1, 8, 2, 2) end},
      {'TemporalConvolution', function() return nn.TemporalConvolution(3, 4, 2, 1) end, function() return rnd(6, 3) end},
      {'TemporalMaxPooling', function() return nn.TemporalMaxPooling(2, 1) end, function() return rnd(6, 3) end},
      {'TemporalSubSampling', function() return nn.TemporalSubSampling(3, 2, 1) end, function() return rnd(6, 3) end},
      {'TemporalRowConvolution', function() return nn.TemporalRowConvolution(3, 2, 1) end, function() return rnd(6, 3) end},
      {'TemporalDynamicKMaxPooling', function() return nn.TemporalDynamicKMaxPooling(2, 0.5) end, function() return rnd(6, 3) end},
      {'FeatureLPPooling', function() return nn.FeatureLPPooling(2, 1, 2) end, function() return rnd(5, 3) end},
      {'VolumetricConvolution', function() return nn.VolumetricConvolution(2, 2, 2, 2, 2) end,
         function() return rnd(2, 3, 3, 3) end},
      {'VolumetricFullConvolution', function() return nn.VolumetricFullConvolution(2, 2, 2, 2, 2) end,
         function() return rnd(2, 2, 2, 2) end},
      {'VolumetricMaxPooling', function() return nn.VolumetricMaxPooling(2, 2, 2) end, function() return rnd(2, 4, 4, 4) end},
      {'VolumetricAveragePooling', function() return nn.VolumetricAveragePooling(2, 2, 2) end, function() return rnd(2, 4, 4, 4) end},
      {'LookupTable', function() return nn.LookupTable(7, 3) end, nil},
      {'Index', function() return nn.Index(1) end, nil},
      {'Sequential', function() return nn.Sequential():add(nn.Linear(4, 3)):add(nn.Tanh()):add(nn.Linear(3, 2)) end,
         function() return rnd(2, 4) end},
      {'Concat', function() return nn.Concat(2):add(nn.Linear(4, 3)):add(nn.Linear(4, 2)) end, function() return rnd(2, 4) end},
      {'DepthConcat', function() return nn.DepthConcat(2):add(nn.SpatialConvolution(2, 2, 1, 1)):add(nn.SpatialConvolution(2, 1, 3, 3)) end,
         function() return rnd(1, 2, 4, 4) end},
      {'Bottle', function() return nn.Bottle(nn.Linear(4, 3)) end, function() return rnd(2, 3, 4) end},
      {'Maxout', function() return nn.Maxout(4, 3, 2) end, function() return rnd(2, 4) end},
      {'CReLU', function() return nn.CReLU(3) end, function() return rnd(2, 3) end},
      {'GradientReversal', function() return nn.GradientReversal(1) end, nil, {skip = true}},
   }

   for _, c in ipairs(cases) do
      local name, build, mkInput, opts = c[1], c[2], c[3], c[4]
      if not (opts and opts.skip) and mkInput ~= nil or (not (opts and opts.skip) and c[3] == nil and name ~= 'Bilinear' and name ~= 'LookupTable' and name ~= 'Index') then
         nntest[name] = function()
            local m = build()
            local input = mkInput and mkInput() or rnd(3, 4)
            jac(m, input, name, opts)
         end
      end
   end

   -- criterions: gradient of the loss against central differences
   local function critGrad(c, input, target, name, prec)
      c:forward(input, target)
      local g = c:backward(input, target):clone()
      local x = input:view(-1)
      local num = g:clone():zero():view(-1)
      for i = 1, x:size(1) do
         local v = x[i]
         x[i] = v + 1e-6; local fp = c:forward(input, target)
         x[i] = v - 1e-6; local fm = c:forward(input, target)
         x[i] = v
         num[i] = (fp - fm) / 2e-6
      end
      mytester:assertlt((g:view(-1) - num):abs():max(), prec or 1e-6, name .. ': gradInput')
   end
   nntest.MSECriterion = function() critGrad(nn.MSECriterion(), rnd(3, 4), rnd(3, 4), 'MSECriterion') end
   nntest.AbsCriterion = function() critGrad(nn.AbsCriterion(), rnd(3, 4), rnd(3, 4), 'AbsCriterion') end
   nntest.SmoothL1Criterion = function() critGrad(nn.SmoothL1Criterion(), rnd(3, 4), rnd(3, 4), 'SmoothL1Criterion') end
   nntest.WeightedMSECriterion = function()
      critGrad(nn.WeightedMSECriterion(rnd(4)), rnd(3, 4), rnd(3, 4), 'WeightedMSECriterion')
   end
   nntest.BCECriterion = function()
      critGrad(nn.BCECriterion(), torch.Tensor(3, 4):uniform(0.1, 0.9), torch.Tensor(3, 4):random(0, 1), 'BCECriterion')
   end
   nntest.ClassNLLCriterion = function()
      critGrad(nn.ClassNLLCriterion(), rnd(3, 5), torch.Tensor{1, 5, 2}, 'ClassNLLCriterion')
   end
   nntest.CrossEntropyCriterion = function()
      critGrad(nn.CrossEntropyCriterion(), rnd(3, 5), torch.Tensor{1, 5, 2}, 'CrossEntropyCriterion')
   end
   nntest.DistKLDivCriterion = function()
      critGrad(nn.DistKLDivCriterion(), rnd(3, 4), torch.Tensor(3, 4):uniform(0.1, 1), 'DistKLDivCriterion')
   end
   nntest.MultiMarginCriterion = function()
      critGrad(nn.MultiMarginCriterion(), rnd(3, 5), torch.Tensor{1, 5, 2}, 'MultiMarginCriterion')
   end
   nntest.SoftMarginCriterion = function()
      critGrad(nn.SoftMarginCriterion(), rnd(3, 4), torch.Tensor(3, 4):random(0, 1):mul(2):add(-1), 'SoftMarginCriterion')
   end
   nntest.ClassSimplexCriterion = function()
      critGrad(nn.ClassSimplexCriterion(5), rnd(3, 5), torch.Tensor{1, 5, 2}, 'ClassSimplexCriterion')
   end
   nntest.SpatialAutoCropMSECriterion = function()
      critGrad(nn.SpatialAutoCropMSECriterion(), rnd(2, 5, 6), rnd(2, 3, 3), 'SpatialAutoCropMSECriterion')
   end
   nntest.MultiLabelSoftMarginCriterion = function()
      critGrad(nn.MultiLabelSoftMarginCriterion(), rnd(3, 4), torch.Tensor(3, 4):random(0, 1), 'MultiLabelSoftMarginCriterion')
   end

   -- tables and odd inputs
   nntest.Bilinear = function()
      local m = nn.Bilinear(3, 4, 2)
      local x1, x2 = rnd(2, 3), rnd(2, 4)
      local y = m:forward({x1, x2})
      local ref = rnd(2, 2)
      for b = 1, 2 do for k = 1, 2 do ref[b][k] = x1[b]:dot(m.weight[k] * x2[b]) + m.bias[k] end end
      mytester:assertlt((y - ref):abs():max(), 1e-10, 'Bilinear forward')
   end
   nntest.LookupTable = function()
      local m = nn.LookupTable(7, 3)
      local idx = torch.LongTensor{{1, 3, 7}, {3, 2, 1}}
      local y = m:forward(idx)
      mytester:assertlt((y[1][3] - m.weight[7]):abs():max(), 0 + 1e-15, 'LookupTable forward')
      local go = rnd(2, 3, 3)
      m:zeroGradParameters(); m:backward(idx, go)
      local ref = m.weight:clone():zero()
      for b = 1, 2 do for t = 1, 3 do ref[idx[b][t]]:add(go[b][t]) end end
      mytester:assertlt((m.gradWeight - ref):abs():max(), 1e-12, 'LookupTable gradWeight')
   end
   nntest.Module_getParameters = function()
      local n = nn.Sequential():add(nn.Linear(4, 3)):add(nn.Linear(3, 2))
      local p, g = n:getParameters()
      mytester:asserteq(p:nElement(), 4 * 3 + 3 + 3 * 2 + 2, 'getParameters size')
      p:fill(0.5)
      mytester:asserteq(n.modules[2].bias[1], 0.5, 'getParameters shares storage')
   end
   nntest.tostringnnLinear = function()
      mytester:asserteq(tostring(nn.Linear(3, 4)), 'nn.Linear(3 -> 4)', 'tostring Linear')
   end
   return nntest
end

return function(tests, seed) return torch._runTestSuite(buildTests, tests, seed) end
