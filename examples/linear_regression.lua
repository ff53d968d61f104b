-- Least squares by gradient descent with torch7 BLAS calls, checked against torch.gels.
--   luatorch run examples/linear_regression.lua [-n 200] [-lr 0.1]
local cmd = torch.CmdLine()
cmd:option('-n', 200, 'number of samples')
cmd:option('-lr', 0.1, 'learning rate')
cmd:option('-steps', 500, 'gradient steps')
local opt = cmd:parse(arg or {})

torch.manualSeed(123)
local d = 3
local trueW = torch.Tensor({ 2, -1, 0.5 })
local X = torch.randn(opt.n, d)
local Y = torch.mv(X, trueW) + torch.randn(opt.n) * 0.01

local w = torch.zeros(d)
local grad = torch.Tensor(d)
for step = 1, opt.steps do
   local err = torch.mv(X, w):add(-1, Y)          -- X w - Y
   grad:mv(X:t(), err):div(opt.n)                 -- X^T (Xw - Y) / n
   w:add(-opt.lr, grad)
   if step % 100 == 0 then print(string.format('step %4d  loss %.6f', step, err:pow(2):mean())) end
end
print('learned weights', w)

local ls = torch.gels(Y:view(opt.n, 1), X)       -- the least-squares answer from LAPACK
print(string.format('max difference to gels: %.2e', (ls:narrow(1, 1, d):view(d) - w):abs():max()))
