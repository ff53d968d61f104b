-- How many values each call returns matters to legacy code: print(torch.exp(x)) must print one tensor, and
-- `local a, b = x:max(1)` must get values and indices.
local T = {}
local function count(...) return select('#', ...) end

function T.functional_forms_return_one_value()
   local x = torch.Tensor { { 1, -2 }, { 3, 4 } }
   local idx = torch.LongTensor { { 2 }, { 1 } }
   local one = {
      torch.exp, torch.abs, torch.sign, torch.floor, torch.sqrt, torch.neg, torch.clone, torch.sum, torch.cumsum,
      torch.t, torch.squeeze,
   }
   for i, f in ipairs(one) do tester:asserteq(count(f(x)), 1, 'unary function #' .. i) end
   tester:asserteq(count(torch.add(x, 1)), 1, 'torch.add')
   tester:asserteq(count(torch.cmul(x, x)), 1, 'torch.cmul')
   tester:asserteq(count(torch.mm(x, x)), 1, 'torch.mm')
   tester:asserteq(count(torch.clamp(x, 0, 1)), 1, 'torch.clamp')
   tester:asserteq(count(torch.gather(x, 2, idx)), 1, 'torch.gather')
   tester:asserteq(count(x:gather(2, idx)), 1, 'x:gather')
   tester:asserteq(count(torch.sum(x, 1)), 1, 'torch.sum(x, 1)')
   tester:asserteq(count(torch.pow(x, 2)), 1, 'torch.pow')
   -- the result-first forms still return their result
   local r = torch.Tensor()
   tester:asserteq(count(torch.exp(r, x)), 1, 'torch.exp(r, x)')
   tester:assert(torch.exp(r, x) == r, 'result tensor returned')
end

function T.value_index_pairs_return_two()
   local x = torch.Tensor { { 1, -2 }, { 3, 4 } }
   for _, f in ipairs { 'max', 'min', 'sort', 'topk', 'kthvalue', 'median', 'mode' } do
      local args = { x, 2 }   -- along dim 2 (topk/kthvalue: k = 2)
      local v, i = torch[f](unpack(args))
      tester:asserteq(count(torch[f](unpack(args))), 2, 'torch.' .. f)
      tester:assert(torch.isTensor(v) and torch.typename(i) == 'torch.LongTensor', f .. ' gives values and indices')
   end
   tester:asserteq(count(x:max(1)), 2, 'x:max(1)')
   tester:asserteq(count(x:max()), 1, 'x:max() is one number')
end

return T
