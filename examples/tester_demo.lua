-- torch.Tester as upstream test files use it; exits non-zero when a test fails.
--   luatorch run examples/tester_demo.lua
local mytest = torch.TestSuite()
local tester = torch.Tester()

function mytest.addition()
   local a = torch.Tensor({ 1, 2 })
   tester:assertTensorEq(a + a, torch.Tensor({ 2, 4 }), 1e-12, 'a + a')
end

function mytest.reductionsKeepDims()
   local m = torch.ones(2, 3)
   tester:eq(m:sum(2):size():totable(), { 2, 1 }, 'sum keeps the reduced dim')
end

tester:add(mytest)
tester:run()
