-- Random numbers (inventory §1.14)
local T = {}

function T.seed_reproduces_torch7()
   torch.manualSeed(123)
   tester:eq(torch.uniform(), 0.69646918727085, 1e-14, 'Torch7 value for seed 123')
   torch.manualSeed(123)
   local x = torch.rand(3)
   tester:eq(x[1], 0.69646918727085, 1e-14)
   tester:eq(torch.initialSeed(), 123)
end

function T.state_roundtrip()
   torch.manualSeed(7)
   local st = torch.getRNGState()
   tester:eq(torch.typename(st), 'torch.ByteTensor')
   local a = torch.randn(5)
   torch.setRNGState(st)
   local b = torch.randn(5)
   tester:assertTensorEq(a, b, 0)
end

function T.generators_are_independent()
   local g1, g2 = torch.Generator(), torch.Generator()
   torch.manualSeed(g1, 5); torch.manualSeed(g2, 5)
   local a = torch.uniform(g1)
   torch.uniform()  -- the default generator does not disturb g2
   tester:eq(torch.uniform(g2), a)
   local x = torch.Tensor(4):uniform(g1, 2, 3)
   tester:assert(x:min() >= 2 and x:max() <= 3, 'uniform bounds')
   local r = torch.rand(g1, 2, 2)
   tester:eq(r:size():totable(), { 2, 2 })
end

function T.draws_and_fills()
   torch.manualSeed(1)
   local x = torch.Tensor(1000)
   x:uniform(-1, 1); tester:assert(x:min() >= -1 and x:max() <= 1)
   x:normal(5, 0.001); tester:assert(math.abs(x:mean() - 5) < 0.01)
   x:bernoulli(0.3); tester:assert(x:eq(0):sum() + x:eq(1):sum() == 1000, 'bernoulli gives 0/1')
   x:random(3, 5); tester:assert(x:min() >= 3 and x:max() <= 5)
   x:random(4); tester:assert(x:min() >= 1 and x:max() <= 4)
   x:exponential(2); tester:assert(x:min() >= 0)
   x:geometric(0.5); tester:assert(x:min() >= 1)
   local p = torch.Tensor(1000):fill(1)
   x:bernoulli(p); tester:eq(x:sum(), 1000, 'bernoulli with a probability tensor')
   local r = torch.random(10); tester:assert(r >= 1 and r <= 10 and r == math.floor(r))
   r = torch.random(-2, 2); tester:assert(r >= -2 and r <= 2)
   tester:assert(torch.random() >= 0)
   tester:assert(type(torch.normal()) == 'number')
   tester:assert(torch.bernoulli(1) == 1)
   tester:assert(torch.geometric(0.5) >= 1)
   tester:eq(torch.randn(2, 3):size():totable(), { 2, 3 })
   tester:eq(torch.rand(torch.LongStorage({ 4 })):nElement(), 4)
   tester:eq(torch.rand(2, 'torch.FloatTensor'):type(), 'torch.FloatTensor')
   local y = torch.FloatTensor(); y:rand(3); tester:eq(y:nElement(), 3)
   -- function forms with a tensor fill it
   local z = torch.Tensor(5)
   tester:assert(torch.uniform(z, 5, 6) == z, 'returns the tensor')
   tester:assert(z:min() >= 5 and z:max() <= 6, 'torch.uniform(x, a, b) fills x')
   torch.normal(z, 10, 0); tester:eq(z:totable(), { 10, 10, 10, 10, 10 })
end

function T.randperm_multinomial()
   torch.manualSeed(3)
   local p = torch.randperm(10)
   tester:eq(torch.typename(p), 'torch.DoubleTensor')
   local s = torch.sort(p)
   tester:eq(s:totable(), torch.range(1, 10):totable(), 'a permutation of 1..n')
   tester:eq(torch.typename(torch.randperm(4, 'torch.LongTensor')), 'torch.LongTensor')
   local m = torch.multinomial(torch.Tensor({ 0, 0, 1 }), 4, true)
   tester:eq(torch.typename(m), 'torch.LongTensor')
   tester:eq(m:totable(), { 3, 3, 3, 3 }, '1-based categories')
   local w = torch.multinomial(torch.Tensor({ 1, 1, 1 }), 3)
   tester:eq(torch.sort(w:double()):totable(), { 1, 2, 3 }, 'without replacement')
end

return T
