-- VolumetricFullConvolution, VolumetricDilatedConvolution, VolumetricDilatedMaxPooling,
-- VolumetricMaxUnpooling, VolumetricReplicationPadding: independent checks and nn.Jacobian
require 'nn'
local T = {}

local jac = require('nncheck').jacobian

function T.full_convolution_is_the_adjoint_of_convolution()
   torch.manualSeed(1)
   local full = nn.VolumetricFullConvolution(2, 3, 3, 2, 2, 2, 1, 2, 1, 0, 1, 1, 0, 1):noBias()
   local x = torch.randn(2, 2, 3, 4, 3)
   local y = full:forward(x)
   -- sizes: (n-1) d - 2 pad + k + adj per dim (T: kT=3,dT=2,padT=1,adjT=1; H: kH=2,dH=2,padH=1,adjH=1;
   -- W: kW=2,dW=1,padW=0,adjW=0)
   tester:eq(y:size():totable(), { 2, 3, (3 - 1) * 2 - 2 + 3 + 1, (4 - 1) * 2 - 2 + 2 + 1, (3 - 1) * 1 + 2 })
   -- <full(x), z> = <x, conv(z)> for the convolution with the same weights (nIn/nOut swapped)
   local conv = nn.VolumetricConvolution(3, 2, 3, 2, 2, 2, 1, 2, 1, 0, 1):noBias()
   conv.weight:copy(full.weight)
   local z = torch.randn(y:size())
   local cz = conv:forward(z)
   tester:eq(cz:size():totable(), x:size():totable())
   tester:assertalmosteq(torch.dot(y, z), torch.dot(x, cz), 1e-9)
   jac(nn.VolumetricFullConvolution(2, 2, 2, 2, 2, 2, 1, 1), torch.randn(2, 2, 3, 3), 'VolumetricFullConvolution')
   local ref = nn.VolumetricFullConvolution(1, 1, 2, 2, 2, 2, 2, 2)
   local out = ref:forward({ torch.randn(1, 2, 2, 2), torch.randn(1, 5, 5, 4) })
   tester:eq(out:size():totable(), { 1, 5, 5, 4 }, 'size reference input')
end

function T.dilated_convolution_equals_a_spread_kernel()
   torch.manualSeed(2)
   local dil = nn.VolumetricDilatedConvolution(2, 3, 2, 2, 2, 1, 1, 1, 1, 1, 1, 2, 3, 2)
   local x = torch.randn(2, 6, 7, 6)
   -- the same kernel with zeros between its taps: (kT-1)*dilT + 1 etc.
   local plain = nn.VolumetricConvolution(2, 3, 3, 4, 3, 1, 1, 1, 1, 1, 1)   -- kT=3, kW=4, kH=3
   plain.weight:zero()
   plain.bias:copy(dil.bias)
   for t = 1, 2 do
      for h = 1, 2 do
         for w = 1, 2 do
            plain.weight:select(3, (t - 1) * 2 + 1):select(3, (h - 1) * 2 + 1):select(3, (w - 1) * 3 + 1)
               :copy(dil.weight:select(3, t):select(3, h):select(3, w))
         end
      end
   end
   tester:assertTensorEq(dil:forward(x), plain:forward(x), 1e-10)
   jac(nn.VolumetricDilatedConvolution(1, 2, 2, 2, 2, 1, 1, 1, 0, 0, 0, 2, 2, 2), torch.randn(1, 5, 5, 5),
      'VolumetricDilatedConvolution')
end

function T.dilated_max_pooling_and_unpooling()
   torch.manualSeed(3)
   local p = nn.VolumetricDilatedMaxPooling(2, 2, 2, 1, 1, 1, 0, 0, 0, 2, 2, 2)
   local x = torch.randn(1, 5, 5, 5)
   local y = p:forward(x)
   tester:eq(y:size():totable(), { 1, 3, 3, 3 })
   local win = torch.Tensor(8)
   local k = 0
   for t = 0, 1 do for h = 0, 1 do for w = 0, 1 do
      k = k + 1
      win[k] = x[1][2 + 2 * t][1 + 2 * h][3 + 2 * w]
   end end end
   tester:assertalmosteq(y[1][2][1][3], win:max(), 0)
   jac(nn.VolumetricDilatedMaxPooling(2, 2, 2, 1, 1, 1, 0, 0, 0, 2, 1, 2), torch.randn(1, 5, 4, 5), 'dilated pool', true)
   local pool = nn.VolumetricMaxPooling(2, 2, 2)
   local un = nn.VolumetricMaxUnpooling(pool)
   local v = torch.randn(2, 4, 4, 6)
   local z = un:forward(pool:forward(v))
   tester:eq(z:size():totable(), { 2, 4, 4, 6 })
   tester:eq(z:ne(0):sum(), 2 * 2 * 2 * 3, 'one value per window')
   tester:assertalmosteq(z:sum(), pool.output:sum(), 1e-10)
   jac(nn.Sequential():add(pool):add(un), v, 'pool+unpool', true)
end

function T.replication_padding()
   local m = nn.VolumetricReplicationPadding(1, 2, 0, 1, 2, 0)
   local x = torch.randn(2, 3, 2, 3)
   local y = m:forward(x)
   tester:eq(y:size():totable(), { 2, 3 + 2, 2 + 1, 3 + 3 })
   local clamp = function(v, n) return math.max(1, math.min(n, v)) end
   for t = 1, 5 do for h = 1, 3 do for w = 1, 6 do
      tester:eq(y[2][t][h][w], x[2][clamp(t - 2, 3)][clamp(h, 2)][clamp(w - 1, 3)])
   end end end
   jac(nn.VolumetricReplicationPadding(1, 1, 1, 0, 0, 2), torch.randn(1, 2, 3, 2), 'VolumetricReplicationPadding', true)
end

return T
