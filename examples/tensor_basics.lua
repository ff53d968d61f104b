-- A tour of the Torch7 tensor API as legacy scripts use it.   luatorch run examples/tensor_basics.lua
torch.manualSeed(1)

local x = torch.Tensor(2, 3):fill(1)        -- 2x3 of ones (torch.Tensor is DoubleTensor)
print(x)
print('size:', x:size(1), x:size(2), 'first size via #x:', (#x)[1])

local y = torch.range(1, 6):view(2, 3)      -- 1..6 as a 2x3 view
x:add(y)                                   -- in place: x = x + y
print(x)
print('x[2][3] =', x[2][3], 'column 2:', x[{ {}, 2 }]:totable()[1])

local z = torch.add(x, 10)                 -- function form allocates
local r = torch.Tensor()
torch.cmul(r, x, y)                        -- result-first form writes into r
print(z, r)

print('sum', x:sum(), 'sum over dim 2 keeps the dim:', x:sum(2):size(1), 'x', x:sum(2):size(2))
local vals, idx = x:max(2)                 -- values and 1-based indices
print(vals, idx)

local mask = x:gt(4)                       -- ByteTensor mask
print('elements > 4:', x[mask]:totable())
x[mask] = 0
print(x)

local A, B = torch.randn(3, 4), torch.randn(4, 2)
print('A*B is', torch.typename(A * B), (#(A * B))[1], 'x', (#(A * B))[2])
print(string.format('dot: %.4f', torch.dot(torch.Tensor({ 1, 2 }), torch.Tensor({ 3, 4 }))))
