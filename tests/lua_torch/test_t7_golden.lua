-- Replays Torch7's golden data read by the t7 codec: rng.t7 entries after torch.manualSeed.  (The
-- tensor_ops cases are replayed one test per case by test_golden_tensor_ops.py.)
local R = require 't7golden'

local T = {}

function T.rng_replay_bit_exact()
   local res = R.rng()
   local summary = R.summary('rng.t7', res)
   print(summary:match('^[^\n]*'))
   if #res.passed ~= res.total then error(summary, 0) end
end

function T.compare_detects_differences()
   -- the comparison itself must be able to fail
   assert(R.compare(torch.DoubleTensor { 1, 2 }, torch.DoubleTensor { 1, 2 }) == nil)
   assert(R.compare(torch.DoubleTensor { 1, 2 }, torch.DoubleTensor { 1, 3 }))
   assert(R.compare(torch.FloatTensor { 1, 2 }, torch.DoubleTensor { 1, 2 }))
   assert(R.compare(torch.DoubleTensor(2, 1):fill(1), torch.DoubleTensor(1, 2):fill(1)))
   assert(R.compare({ 1, { 2 } }, { 1, { 3 } }))
   assert(R.compare({ 1, 2 }, { 1 }))
   assert(R.compare(torch.LongStorage { 1, 2 }, torch.LongStorage { 1, 2 }) == nil)
   assert(R.compare(0 / 0, 0 / 0) == nil)
   assert(R.compare('a', 'b'))
end

return T
