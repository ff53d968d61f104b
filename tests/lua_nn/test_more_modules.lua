-- SpatialDropout / VolumetricDropout, WeightedMSECriterion, SpatialMaxUnpooling, L1Penalty,
-- GatedLinearUnit, TemporalSubSampling: semantics against direct computations, nn.Jacobian gradients.
require 'nn'
local T = {}

local jac = require('nncheck').jacobian

function T.spatial_and_volumetric_dropout_drop_whole_planes()
   torch.manualSeed(1)
   local d = nn.SpatialDropout(0.5)
   local x = torch.rand(4, 6, 5, 5) + 1
   local y = d:forward(x)
   for n = 1, 4 do
      for c = 1, 6 do
         local plane = y[n][c]
         local kept = plane:ne(0):sum()
         tester:assert(kept == 0 or kept == 25, 'a plane is kept or dropped whole')
         if kept == 25 then tester:assertTensorEq(plane, x[n][c], 0, 'kept planes are not rescaled') end
      end
   end
   local g = d:backward(x, torch.ones(4, 6, 5, 5))
   tester:assertTensorEq(g:ne(0):double(), y:ne(0):double(), 0, 'gradient masked like the output')
   d:evaluate()
   tester:assertTensorEq(d:forward(x), x * 0.5, 1e-12, 'evaluation scales by 1 - p')
   tester:eq(tostring(d), 'nn.SpatialDropout(0.500000)')
   local ok, err = pcall(function() d:backward(x, x) end)
   tester:assert(not ok and err:find('only defined while training') ~= nil, tostring(err))
   local v = nn.VolumetricDropout(0.3)
   local z = v:forward(torch.rand(2, 3, 4, 4, 4) + 1)
   for n = 1, 2 do
      for c = 1, 3 do
         local kept = z[n][c]:ne(0):sum()
         tester:assert(kept == 0 or kept == 64, 'a volume is kept or dropped whole')
      end
   end
   tester:eq(v:forward(torch.rand(3, 2, 2, 2)):size(1), 3, 'unbatched 4-D')
   ok, err = pcall(function() v:forward(torch.rand(3, 2)) end)
   tester:assert(not ok and err:find('5D') ~= nil, tostring(err))
end

function T.weighted_mse_weights_the_target()
   torch.manualSeed(2)
   local w = torch.rand(3, 4)
   local c = nn.WeightedMSECriterion(w)
   local x, t = torch.randn(3, 4), torch.randn(3, 4)
   tester:assertalmosteq(c:forward(x, t), (x - torch.cmul(w, t)):pow(2):mean(), 1e-12)
   tester:assertTensorEq(c:backward(x, t), (x - torch.cmul(w, t)):mul(2 / 12), 1e-12)
   -- a batch: the weight applies to every sample
   local xb, tb = torch.randn(5, 3, 4), torch.randn(5, 3, 4)
   local ref = 0
   for i = 1, 5 do ref = ref + (xb[i] - torch.cmul(w, tb[i])):pow(2):sum() end
   tester:assertalmosteq(c:forward(xb, tb), ref / 60, 1e-12)
   c.sizeAverage = false
   tester:assertalmosteq(c:forward(xb, tb), ref, 1e-10)
end

function T.max_unpooling_inverts_max_pooling()
   torch.manualSeed(3)
   local pool = nn.SpatialMaxPooling(2, 2, 2, 2)
   local unpool = nn.SpatialMaxUnpooling(pool)
   local x = torch.randn(2, 3, 6, 4)
   local y = pool:forward(x)
   local z = unpool:forward(y)
   tester:eq(z:size():totable(), { 2, 3, 6, 4 })
   -- every window keeps exactly its maximum, in place
   for n = 1, 2 do
      for c = 1, 3 do
         for i = 1, 3 do
            for j = 1, 2 do
               local win = z[n][c]:narrow(1, 2 * i - 1, 2):narrow(2, 2 * j - 1, 2)
               local src = x[n][c]:narrow(1, 2 * i - 1, 2):narrow(2, 2 * j - 1, 2)
               tester:eq(win:ne(0):sum(), 1)
               tester:assertalmosteq(win:sum(), src:max(), 1e-12)
            end
         end
      end
   end
   local seq = nn.Sequential():add(pool):add(unpool)
   jac(seq, x, 'pool+unpool', true)
   tester:assert(tostring(unpool):find('associated to') ~= nil)
   local ok = pcall(nn.SpatialMaxUnpooling, nn.SpatialMaxPooling(3, 3, 2, 2))
   tester:assert(not ok, 'kernel must equal stride')
end

function T.l1_penalty()
   local m = nn.L1Penalty(0.1)
   local x = torch.Tensor { -2, 0.5, 3 }
   tester:assert(m:forward(x) == x, 'identity forward')
   tester:assertalmosteq(m.loss, 0.1 * 5.5, 1e-12)
   tester:assertTensorEq(m:backward(x, torch.ones(3)), torch.Tensor { 0.9, 1.1, 1.1 }, 1e-12)
   local avg = nn.L1Penalty(0.3, true, false)
   avg:forward(x)
   tester:assertalmosteq(avg.loss, 0.1 * 5.5, 1e-12)
   tester:assertTensorEq(avg:backward(x, torch.ones(3)), torch.Tensor { -0.1, 0.1, 0.1 }, 1e-12, 'gradient replaced')
end

function T.gated_linear_unit()
   torch.manualSeed(4)
   local x = torch.randn(3, 6)
   local y = nn.GatedLinearUnit():forward(x)
   tester:assertTensorEq(y, torch.cmul(x:narrow(2, 1, 3), torch.sigmoid(x:narrow(2, 4, 3))), 1e-12)
   local z = nn.GatedLinearUnit(1):forward(torch.randn(4, 5))
   tester:eq(z:size():totable(), { 2, 5 })
   jac(nn.GatedLinearUnit(), torch.randn(2, 8), 'GatedLinearUnit')
   jac(nn.GatedLinearUnit(1), torch.randn(4, 3), 'GatedLinearUnit dim 1')
   local ok, err = pcall(function() nn.GatedLinearUnit():forward(torch.randn(2, 5)) end)
   tester:assert(not ok and err:find('odd size') ~= nil, tostring(err))
end

function T.temporal_subsampling()
   torch.manualSeed(5)
   local m = nn.TemporalSubSampling(3, 2, 2)
   local x = torch.randn(7, 3)
   local y = m:forward(x)
   tester:eq(y:size():totable(), { 3, 3 })
   for t = 1, 3 do
      for f = 1, 3 do
         local s = x[2 * t - 1][f] + x[2 * t][f]
         tester:assertalmosteq(y[t][f], m.bias[f] + m.weight[f] * s, 1e-12)
      end
   end
   local yb = m:forward(torch.randn(2, 7, 3))
   tester:eq(yb:size():totable(), { 2, 3, 3 })
   jac(nn.TemporalSubSampling(3, 3, 1), torch.randn(6, 3), 'TemporalSubSampling')
   jac(nn.TemporalSubSampling(2, 2, 2), torch.randn(2, 6, 2), 'TemporalSubSampling batch')
end

function T.lookup_table_gradients_scale_by_frequency_and_padding()
   torch.manualSeed(6)
   local idx = torch.LongTensor { { 2, 3, 2 }, { 5, 2, 1 } }
   local g = torch.randn(2, 3, 4)
   for _, opts in ipairs { { freq = false, pad = 0 }, { freq = true, pad = 0 }, { freq = true, pad = 3 } } do
      local lt = nn.LookupTable(6, 4, opts.pad)
      if opts.freq then lt:scaleGradByFreq() end
      lt:forward(idx)
      lt:zeroGradParameters()
      lt:backward(idx, g, 0.5)
      local want = torch.zeros(6, 4)
      local count = {}
      for k = 1, 6 do count[k] = idx:eq(k):sum() end
      for b = 1, 2 do
         for j = 1, 3 do
            local r = idx[b][j]
            if r ~= opts.pad then
               want[r]:add(0.5 / (opts.freq and count[r] or 1), g[b][j])
            end
         end
      end
      tester:assertTensorEq(lt.gradWeight, want, 1e-12, 'freq=' .. tostring(opts.freq) .. ' pad=' .. opts.pad)
   end
end

return T
