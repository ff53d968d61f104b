-- The core's fused LSTM and GRU cells from Lua (nn.kernels): forward against the gate equations written
-- with tensor ops, backward against central differences of the forward (double precision).
require 'nn'
local K = nn.kernels
local numgrad = require('nncheck').numgrad
local T = {}

local B, I, H = 3, 4, 5

local function lstm_ref(x, h, c, wih, whh, bih, bhh)
   local gates = x * wih:t() + h * whh:t()
   gates:add(bih:view(1, 4 * H):expandAs(gates)):add(bhh:view(1, 4 * H):expandAs(gates))
   local i = torch.sigmoid(gates:narrow(2, 1, H))
   local f = torch.sigmoid(gates:narrow(2, H + 1, H))
   local g = torch.tanh(gates:narrow(2, 2 * H + 1, H))
   local o = torch.sigmoid(gates:narrow(2, 3 * H + 1, H))
   local cy = torch.cmul(f, c) + torch.cmul(i, g)
   return torch.cmul(o, torch.tanh(cy)), cy
end

local function gru_ref(x, h, wih, whh, bih, bhh)
   local gi = x * wih:t() + bih:view(1, 3 * H):expand(B, 3 * H)
   local gh = h * whh:t() + bhh:view(1, 3 * H):expand(B, 3 * H)
   local r = torch.sigmoid(gi:narrow(2, 1, H) + gh:narrow(2, 1, H))
   local z = torch.sigmoid(gi:narrow(2, H + 1, H) + gh:narrow(2, H + 1, H))
   local n = torch.tanh(gi:narrow(2, 2 * H + 1, H) + torch.cmul(r, gh:narrow(2, 2 * H + 1, H)))
   return torch.cmul(-z + 1, n) + torch.cmul(z, h)
end

function T.lstm_cell_forward_and_backward()
   torch.manualSeed(3)
   local x, h, c = torch.randn(B, I), torch.randn(B, H), torch.randn(B, H)
   local wih, whh = torch.randn(4 * H, I):mul(0.5), torch.randn(4 * H, H):mul(0.5)
   local bih, bhh = torch.randn(4 * H), torch.randn(4 * H)
   local hy, cy, ws = torch.Tensor(), torch.Tensor(), torch.Tensor()
   K.lstmCell(hy, cy, ws, x, h, c, wih, whh, bih, bhh)
   local rh, rc = lstm_ref(x, h, c, wih, whh, bih, bhh)
   tester:assertTensorEq(hy, rh, 1e-12, 'hy')
   tester:assertTensorEq(cy, rc, 1e-12, 'cy')
   local gh, gc = torch.randn(B, H), torch.randn(B, H)
   local g = {input = torch.Tensor(), hx = torch.Tensor(), cx = torch.Tensor(),
              w_ih = torch.zeros(4 * H, I), w_hh = torch.zeros(4 * H, H), b_ih = torch.zeros(4 * H),
              b_hh = torch.zeros(4 * H)}
   K.lstmCellBackward(g, gh, gc, x, h, c, wih, whh, cy, ws, 1)
   local function loss()
      local a, b = lstm_ref(x, h, c, wih, whh, bih, bhh)
      return torch.cmul(a, gh):sum() + torch.cmul(b, gc):sum()
   end
   for name, t in pairs({input = x, hx = h, cx = c, w_ih = wih, w_hh = whh, b_ih = bih, b_hh = bhh}) do
      tester:assertTensorEq(g[name], numgrad(t, loss), 1e-6, 'LSTM gradient of ' .. name)
   end
   -- parameter gradients accumulate with the scale, as accGradParameters does
   local before = g.w_hh:clone()
   K.lstmCellBackward({w_hh = g.w_hh}, gh, gc, x, h, c, wih, whh, cy, ws, 0.5)
   tester:assertTensorEq(g.w_hh, before * 1.5, 1e-12, 'scaled accumulation')
end

function T.gru_cell_forward_and_backward()
   torch.manualSeed(4)
   local x, h = torch.randn(B, I), torch.randn(B, H)
   local wih, whh = torch.randn(3 * H, I):mul(0.5), torch.randn(3 * H, H):mul(0.5)
   local bih, bhh = torch.randn(3 * H), torch.randn(3 * H)
   local hy, ws = torch.Tensor(), torch.Tensor()
   K.gruCell(hy, ws, x, h, wih, whh, bih, bhh)
   tester:assertTensorEq(hy, gru_ref(x, h, wih, whh, bih, bhh), 1e-12, 'GRU hy')
   local gh = torch.randn(B, H)
   local g = {input = torch.Tensor(), hx = torch.Tensor(), w_ih = torch.zeros(3 * H, I), w_hh = torch.zeros(3 * H, H),
              b_ih = torch.zeros(3 * H), b_hh = torch.zeros(3 * H)}
   K.gruCellBackward(g, gh, x, h, wih, whh, ws, 1)
   local function loss() return torch.cmul(gru_ref(x, h, wih, whh, bih, bhh), gh):sum() end
   for name, t in pairs({input = x, hx = h, w_ih = wih, w_hh = whh, b_ih = bih, b_hh = bhh}) do
      tester:assertTensorEq(g[name], numgrad(t, loss), 1e-6, 'GRU gradient of ' .. name)
   end
end

function T.cell_errors_name_the_problem()
   local ok, err = pcall(K.lstmCell, torch.Tensor(), torch.Tensor(), torch.Tensor(), torch.randn(B, I),
      torch.randn(B, H), torch.randn(B, H), torch.randn(4 * H, I + 1), torch.randn(4 * H, H))
   tester:assert(not ok and tostring(err):find('w_ih') ~= nil, tostring(err))
end

return T
