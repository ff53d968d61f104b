-- Maxout, CReLU, LayerNormalization, L1Cost, ModuleCriterion, SpatialDepthWiseConvolution
require 'nn'
local T = {}

local jac = require('nncheck').jacobian

function T.maxout()
   torch.manualSeed(1)
   local m = nn.Maxout(4, 3, 2)
   local x = torch.randn(5, 4)
   local lin = m.modules[1]
   local z = torch.addmm(lin.bias:view(1, 6):expand(5, 6), x, lin.weight:t())
   local want = torch.cmax(z:narrow(2, 1, 3), z:narrow(2, 4, 3))
   tester:assertTensorEq(m:forward(x), want, 1e-12)
   tester:eq(m:forward(torch.randn(4)):size():totable(), { 3 })
   jac(nn.Maxout(3, 2, 3), torch.randn(2, 3), 'Maxout')
end

function T.crelu()
   local m = nn.CReLU(3)
   local x = torch.randn(2, 3, 4, 4)
   local y = m:forward(x)
   tester:eq(y:size():totable(), { 2, 6, 4, 4 })
   tester:assertTensorEq(y:narrow(2, 1, 3), torch.cmax(x, 0), 0)
   tester:assertTensorEq(y:narrow(2, 4, 3), torch.cmax(-x, 0), 0)
   tester:eq(m:forward(torch.randn(3, 2, 2)):size():totable(), { 6, 2, 2 })
   jac(nn.CReLU(1), torch.randn(3, 4), 'CReLU', true)
end

function T.layer_normalization()
   torch.manualSeed(2)
   local m = nn.LayerNormalization(5, 0.5)
   -- one vector (Torch7's module chain, Mean(1, 1) -> Replicate(n, 1, 1), lines the mean up with a
   -- single vector; a batch gets the same chain, with Torch7's results, which are not a per-row norm)
   for _ = 1, 3 do
      local x = torch.randn(5)
      local c = x - x:mean()
      tester:assertTensorEq(m:forward(x), c / c:norm() * math.sqrt(5) + 0.5, 1e-9)
   end
   jac(nn.LayerNormalization(4), torch.randn(4), 'LayerNormalization')
   tester:eq(#nn.LayerNormalization(4, 0, 1e-10, false).modules, 4, 'no gain and bias without affine')
end

function T.l1cost_and_module_criterion()
   local c = nn.L1Cost()
   local x = torch.Tensor { -1, 2, -3 }
   tester:eq(c:forward(x), 6)
   tester:eq(c:backward(x):totable(), { -1, 1, -1 })
   local mc = nn.ModuleCriterion(nn.MSECriterion(), nn.Tanh(), nn.MulConstant(2))
   local inp, tgt = torch.randn(4), torch.randn(4)
   tester:assertalmosteq(mc:forward(inp, tgt), (torch.tanh(inp) - tgt * 2):pow(2):mean(), 1e-12)
   local g = mc:backward(inp, tgt)
   local want = (torch.tanh(inp) - tgt * 2):mul(2 / 4):cmul(torch.tanh(inp):pow(2):mul(-1):add(1))
   tester:assertTensorEq(g, want, 1e-12)
end

function T.depthwise_convolution()
   torch.manualSeed(3)
   local nIn, nOut = 3, 2
   local m = nn.SpatialDepthWiseConvolution(nIn, nOut, 3, 2, 1, 1, 1, 0)
   local x = torch.randn(2, nIn, 5, 6)
   local y = m:forward(x)
   tester:eq(y:size():totable(), { 2, nIn * nOut, 4, 6 })
   -- output plane (i, o) = conv of input plane i with filter weight[o][i] + bias[o][i]
   local w = m.weight:view(nOut, nIn, 2, 3)
   for i = 1, nIn do
      for o = 1, nOut do
         local conv = nn.SpatialConvolution(1, 1, 3, 2, 1, 1, 1, 0)
         conv.weight:copy(w[o][i])
         conv.bias:fill(m.bias[o][i])
         tester:assertTensorEq(y[2][(i - 1) * nOut + o], conv:forward(x[2]:narrow(1, i, 1))[1], 1e-10,
            'plane ' .. i .. ',' .. o)
      end
   end
   jac(nn.SpatialDepthWiseConvolution(2, 2, 2, 2, 1, 1, 1, 1), torch.randn(1, 2, 4, 3), 'SpatialDepthWiseConvolution')
end

return T
