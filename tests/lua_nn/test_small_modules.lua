-- PixelShuffle, OneHot, ZeroGrad, Constant, WhiteNoise, Collapse, CAddTensorTable, ZipTable,
-- ZipTableOneToMany, CriterionTable, PrintSize
require 'nn'
local T = {}

function T.pixel_shuffle()
   torch.manualSeed(1)
   local r = 2
   local x = torch.randn(2, 3 * r * r, 4, 5)
   local y = nn.PixelShuffle(r):forward(x)
   tester:eq(y:size():totable(), { 2, 3, 8, 10 })
   -- out[b][c][h*r + i][w*r + j] = in[b][c*r*r + i*r + j][h][w]  (0-based)
   for _, p in ipairs { { 1, 1, 0, 0, 0, 0 }, { 2, 3, 1, 1, 3, 4 }, { 1, 2, 0, 1, 2, 3 } } do
      local b, c, i, j, h, w = unpack(p)
      tester:eq(y[b][c][h * r + i + 1][w * r + j + 1], x[b][(c - 1) * r * r + i * r + j + 1][h + 1][w + 1])
   end
   tester:eq(nn.PixelShuffle(3):forward(torch.randn(18, 2, 2)):size():totable(), { 2, 6, 6 })
   tester:assertlt(nn.Jacobian.testJacobian(nn.PixelShuffle(2), torch.randn(8, 3, 2)), 1e-5)
   local ok, err = pcall(function() nn.PixelShuffle(2):forward(torch.randn(6, 2, 2)) end)
   tester:assert(not ok and err:find('divisible') ~= nil, tostring(err))
end

function T.one_hot_zero_grad_constant()
   local oh = nn.OneHot(4)
   tester:eq(oh:forward(torch.LongTensor { 2, 4 }):totable(), { { 0, 1, 0, 0 }, { 0, 0, 0, 1 } })
   tester:eq(oh:forward(3):totable(), { 0, 0, 1, 0 })
   tester:eq(oh:forward(torch.Tensor { { 1 }, { 2 } }):size():totable(), { 2, 1, 4 })
   local ok, err = pcall(function() oh:forward(torch.LongTensor { 5 }) end)
   tester:assert(not ok and err:find('%[1, 4%]') ~= nil, tostring(err))
   local zg = nn.ZeroGrad()
   local x = torch.randn(3)
   tester:assertTensorEq(zg:forward(x), x, 0)
   tester:eq(zg:backward(x, torch.ones(3)):sum(), 0)
   local c = nn.Constant(torch.Tensor { 1, 2 }, 1)
   tester:eq(c:forward(torch.randn(3, 5)):totable(), { { 1, 2 }, { 1, 2 }, { 1, 2 } })
   tester:eq(c:forward(torch.randn(5)):totable(), { 1, 2 })
   tester:eq(nn.Constant(7):forward(torch.randn(2)):totable(), { 7 })
end

function T.white_noise_and_collapse()
   torch.manualSeed(2)
   local wn = nn.WhiteNoise(0, 0.5)
   local x = torch.zeros(20000)
   local y = wn:forward(x)
   tester:assertalmosteq(y:std(), 0.5, 0.02)
   tester:assertTensorEq(wn:backward(x, torch.ones(20000)), torch.ones(20000), 0)
   wn:evaluate()
   local shifted = nn.WhiteNoise(2, 1)
   shifted:evaluate()
   tester:assertTensorEq(shifted:forward(x), torch.Tensor(20000):fill(2), 0)
   tester:assertTensorEq(wn:forward(x), x, 0)
   local col = nn.Collapse(3)
   tester:eq(col:forward(torch.randn(2, 3, 4, 5)):size():totable(), { 2, 60 })
   tester:eq(col:forward(torch.randn(3, 4, 5):transpose(1, 3)):size():totable(), { 60 })
   tester:assertlt(nn.Jacobian.testJacobian(nn.Collapse(2), torch.randn(2, 3, 4)), 1e-5)
end

function T.table_modules()
   local x, y1, y2 = torch.randn(3), torch.randn(3), torch.randn(3)
   local cat = nn.CAddTensorTable()
   local out = cat:forward({ x, { y1, y2 } })
   tester:assertTensorEq(out[1], x + y1, 1e-12); tester:assertTensorEq(out[2], x + y2, 1e-12)
   local g = cat:backward({ x, { y1, y2 } }, { torch.ones(3), torch.ones(3) * 2 })
   tester:assertTensorEq(g[1], torch.ones(3) * 3, 0); tester:assertTensorEq(g[2][2], torch.ones(3) * 2, 0)
   local z = nn.ZipTable():forward({ { 'a1', 'a2' }, { 'b1', 'b2' } })
   tester:eq(z, { { 'a1', 'b1' }, { 'a2', 'b2' } })
   local o = nn.ZipTableOneToMany():forward({ x, { y1, y2 } })
   tester:assert(o[2][1] == x and o[2][2] == y2)
   local go = nn.ZipTableOneToMany():backward({ x, { y1, y2 } }, { { torch.ones(3), y1 }, { torch.ones(3), y2 } })
   tester:assertTensorEq(go[1], torch.ones(3) * 2, 0)
   local ct = nn.CriterionTable(nn.MSECriterion())
   tester:assertalmosteq(ct:forward({ x, y1 }), (x - y1):pow(2):mean(), 1e-12)
   tester:assertTensorEq(ct:backward({ x, y1 })[1], (x - y1) * (2 / 3), 1e-12)
   tester:assert(nn.PrintSize('p'):forward(x) == x)
end

return T
