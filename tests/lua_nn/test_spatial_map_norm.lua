-- SpatialConvolutionMap (+ nn.tables), SpatialSubSampling, SpatialLPPooling and the local
-- subtractive / divisive / contrastive normalisations: forward against independent computations,
-- gradients with nn.Jacobian (double precision), and the real 2012 torch-demos files.
require 'nn'
local T = {}
local D = os.getenv('LUATORCH_SHARED') .. '/data/t7/torch-demos/'

local function check(m, input, name, noParams)
   require('nncheck').jacobian(m, input, name, noParams, true)
end

function T.tables()
   local f = nn.tables.full(3, 2)
   tester:eq(f:totable(), { { 1, 1 }, { 2, 1 }, { 3, 1 }, { 1, 2 }, { 2, 2 }, { 3, 2 } })
   tester:eq(nn.tables.oneToOne(3):totable(), { { 1, 1 }, { 2, 2 }, { 3, 3 } })
   torch.manualSeed(11)
   local r = nn.tables.random(7, 5, 3)
   tester:eq(r:size(1), 15)
   for o = 1, 5 do
      local seen = {}
      for k = 1, 3 do
         local row = r[(o - 1) * 3 + k]
         tester:eq(row[2], o)
         tester:assert(row[1] >= 1 and row[1] <= 7 and not seen[row[1]], 'distinct inputs per output plane')
         seen[row[1]] = true
      end
   end
end

function T.convolution_map_matches_per_connection_xcorr()
   torch.manualSeed(1)
   local conn = torch.Tensor { { 1, 1 }, { 3, 1 }, { 2, 2 }, { 3, 2 }, { 1, 3 } }
   local m = nn.SpatialConvolutionMap(conn, 3, 2, 2, 1)
   tester:eq(m.nInputPlane, 3); tester:eq(m.nOutputPlane, 3)
   tester:eq(m.weight:size():totable(), { 5, 2, 3 })
   local x = torch.randn(3, 7, 8)
   local y = m:forward(x)
   -- reference: out[o] = bias[o] + sum over connections (i -> o) of the valid cross-correlation, strided
   local full = {}
   for o = 1, 3 do full[o] = torch.zeros(6, 6):fill(m.bias[o]) end
   for c = 1, 5 do
      local i, o = conn[c][1], conn[c][2]
      full[o]:add(torch.xcorr2(x[i], m.weight[c], 'V'))
   end
   tester:eq(y:size():totable(), { 3, 6, 3 })
   for o = 1, 3 do
      local ref = full[o]:index(2, torch.LongTensor { 1, 3, 5 })
      tester:assertTensorEq(y[o], ref, 1e-12, 'output plane ' .. o)
   end
   -- batch mode equals per-sample
   local xb = torch.randn(2, 3, 7, 8)
   local yb = m:forward(xb):clone()
   tester:assertTensorEq(yb[2], m:forward(xb[2]), 1e-12, 'batch = per sample')
   check(nn.SpatialConvolutionMap(conn, 3, 2, 2, 1), torch.randn(2, 3, 7, 8), 'SpatialConvolutionMap')
   check(nn.SpatialConvolutionMap(nn.tables.full(2, 2), 2, 2), torch.randn(2, 5, 5), 'SpatialConvolutionMap full')
   -- default init: U(-s, s), s = 1/sqrt(kW*kH*fan-in) for weights and biases of that output plane
   local big = nn.SpatialConvolutionMap(nn.tables.full(4, 2), 5, 5)
   tester:assertle(big.weight:abs():max(), 1 / math.sqrt(100) + 1e-12)
   tester:assertge(big.weight:abs():max(), 0.5 / math.sqrt(100))
   -- the connection table keeps its plane numbers through :float()
   local fm = nn.SpatialConvolutionMap(conn, 3, 2):float()
   tester:eq(torch.type(fm.weight), 'torch.FloatTensor')
   tester:eq(fm.connTable:totable(), conn:totable())
   tester:eq(torch.type(fm:forward(x:float())), 'torch.FloatTensor')
end

function T.subsampling_is_a_weighted_window_sum()
   torch.manualSeed(2)
   local m = nn.SpatialSubSampling(2, 2, 3, 2, 1)
   local x = torch.randn(2, 6, 5)
   local y = m:forward(x)
   tester:eq(y:size():totable(), { 2, 4, 2 })
   for c = 1, 2 do
      for i = 1, 4 do
         for j = 1, 2 do
            local s = x[c]:narrow(1, i, 3):narrow(2, (j - 1) * 2 + 1, 2):sum()
            tester:assertalmosteq(y[c][i][j], m.bias[c] + m.weight[c] * s, 1e-12)
         end
      end
   end
   check(nn.SpatialSubSampling(3, 2, 2, 2, 2), torch.randn(2, 3, 6, 6), 'SpatialSubSampling')
end

function T.lp_pooling()
   local x = torch.rand(3, 4, 6) + 0.1
   local l2 = nn.SpatialLPPooling(3, 2, 2, 3)
   local y = l2:forward(x)
   tester:eq(y:size():totable(), { 3, 1, 3 })          -- kW = 2, kH = 3, strides default to the kernel
   local p3 = nn.SpatialLPPooling(3, 3, 2, 2)
   local z = p3:forward(x)
   local w = x[2]:narrow(1, 3, 2):narrow(2, 3, 2)
   tester:assertalmosteq(z[2][2][2], w:clone():pow(3):sum() ^ (1 / 3), 1e-10)
   local w2 = x[1]:narrow(1, 1, 3):narrow(2, 1, 2)
   tester:assertalmosteq(y[1][1][1], math.sqrt(w2:clone():pow(2):sum()), 1e-10)
   tester:eq(#l2:parameters(), 0, 'no learnable parameters (Torch7 disowns the children\'s)')
   check(nn.SpatialLPPooling(2, 2, 2, 2), torch.rand(2, 4, 4) + 0.1, 'SpatialLPPooling', true)
end

-- out = x - local mean over the window inside the image and all planes (kernel-weighted)
local function subtractiveRef(x, k)
   local n, h, w = x:size(1), x:size(2), x:size(3)
   local kh, kw = k:size(1), k:size(2)
   local out = x:clone()
   for i = 1, h do
      for j = 1, w do
         local s, ws = 0, 0
         for u = 1, kh do
            for v = 1, kw do
               local ii, jj = i + u - 1 - (kh - 1) / 2, j + v - 1 - (kw - 1) / 2
               if ii >= 1 and ii <= h and jj >= 1 and jj <= w then
                  ws = ws + k[u][v]
                  for p = 1, n do s = s + k[u][v] * x[p][ii][jj] end
               end
            end
         end
         for p = 1, n do out[p][i][j] = x[p][i][j] - s / (n * ws) end
      end
   end
   return out
end

function T.subtractive_normalization()
   torch.manualSeed(5)
   local k = torch.rand(3, 5) + 0.5
   local kcopy = k:clone()
   local m = nn.SpatialSubtractiveNormalization(2, k)
   tester:assertalmosteq(k:sum(), 0.5, 1e-12, 'the kernel is normalised in place, as in Torch7')
   local x = torch.randn(2, 6, 7)
   tester:assertTensorEq(m:forward(x), subtractiveRef(x, kcopy), 1e-10, 'against the direct computation')
   local xb = torch.randn(3, 2, 6, 7)
   local yb = m:forward(xb):clone()
   tester:assertTensorEq(yb[3], subtractiveRef(xb[3], kcopy), 1e-10, 'batch mode')
   -- separable (1-D) kernel = the outer-product 2-D kernel
   local k1 = torch.Tensor { 1, 2, 1 }
   local sep = nn.SpatialSubtractiveNormalization(2, k1:clone())
   tester:assertTensorEq(sep:forward(x), subtractiveRef(x, torch.ger(k1, k1)), 1e-10, '1-D kernel')
   check(nn.SpatialSubtractiveNormalization(2, torch.ones(3, 3)), torch.randn(2, 5, 5), 'Subtractive', true)
   local ok, err = pcall(nn.SpatialSubtractiveNormalization, 2, torch.ones(4, 4))
   tester:assert(not ok and err:find('ODD'), tostring(err))
end

function T.divisive_and_contrastive_normalization()
   torch.manualSeed(6)
   local k = torch.ones(3, 3)
   local x = torch.randn(2, 5, 6)
   local m = nn.SpatialDivisiveNormalization(2, k:clone())
   local y = m:forward(x)
   -- reference: std = sqrt(sum_p sum_window k x^2 / (n * sum k)) / (weight of the window inside / sum k)
   local n, h, w = 2, 5, 6
   for _, pt in ipairs { { 1, 1 }, { 3, 4 }, { 5, 6 } } do
      local i, j = pt[1], pt[2]
      local s, inside = 0, 0
      for u = -1, 1 do
         for v = -1, 1 do
            if i + u >= 1 and i + u <= h and j + v >= 1 and j + v <= w then
               inside = inside + 1
               for p = 1, n do s = s + x[p][i + u][j + v] ^ 2 end
            end
         end
      end
      local std = math.sqrt(s / (n * 9)) / (inside / 9)
      if std <= 1e-4 then std = 1e-4 end
      tester:assertalmosteq(y[1][i][j], x[1][i][j] / std, 1e-10, 'divisive at ' .. i .. ',' .. j)
   end
   check(nn.SpatialDivisiveNormalization(2, torch.ones(3, 3)), torch.randn(2, 5, 5), 'Divisive', true)
   -- contrastive = subtractive then divisive with the same kernel
   local c = nn.SpatialContrastiveNormalization(2, torch.ones(5, 5))
   local sub = nn.SpatialSubtractiveNormalization(2, torch.ones(5, 5))
   local div = nn.SpatialDivisiveNormalization(2, torch.ones(5, 5))
   tester:assertTensorEq(c:forward(x), div:forward(sub:forward(x)), 1e-10, 'contrastive composition')
   tester:eq(c:forward(torch.randn(4, 2, 5, 6)):size():totable(), { 4, 2, 5, 6 })
   check(nn.SpatialContrastiveNormalization(1, torch.ones(3, 3)), torch.randn(1, 5, 5), 'Contrastive', true)
   tester:eq(torch.type(c:float():forward(x:float())), 'torch.FloatTensor')
end

function T.torch_demos_files_run()
   -- 2012 files: connection-table convolutions and the early LP pooling (Square, SpatialSubSampling with a
   -- per-position 0.25 weight, Sqrt); random.net mixes Float and Double tensors, so, as in Torch7, :float()
   local net = torch.load(D .. 'random.net'):float()
   local y = net:forward(torch.FloatTensor(3, 46, 46):uniform())
   tester:eq(y:size():totable(), { 32, 7, 7 })
   local u = torch.load(D .. 'unsupervised.net')
   local x = torch.rand(3, 22, 22)
   local out = u:forward(x)
   tester:eq(out:size():totable(), { 32, 1, 1 })
   -- the first LP pooling by hand: sqrt(0.25 * sum of squares of each 2x2 window). The file's two LP
   -- modules share their buffers (as saved by Torch7), so run the first one on its own
   local t = u.modules[2].output:clone()
   local p = u.modules[3]:forward(t):clone()
   tester:eq(p:size():totable(), { 32, 8, 8 })
   tester:assertalmosteq(p[5][3][4], math.sqrt(0.25 * t[5]:narrow(1, 5, 2):narrow(2, 7, 2):clone():pow(2):sum()), 1e-10)
   -- and the first map convolution by its connection table
   local c1 = u.modules[1]
   local o = c1.connTable[7][2]
   local ref = torch.xcorr2(x[c1.connTable[7][1]], c1.weight[7], 'V'):add(c1.bias[o])
   tester:assertTensorEq(c1.output[o], ref, 1e-10, 'map convolution of the real file')
end

return T
