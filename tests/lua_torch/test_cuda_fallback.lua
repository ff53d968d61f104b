-- Without a GPU, the CUDA packages fail with one clear sentence, so scripts fall back to the CPU.
local T = {}

function T.require_fails_cleanly()
   for _, name in ipairs({'cutorch', 'cunn', 'cudnn'}) do
      local ok, err = pcall(require, name)
      tester:assert(not ok, name .. ' must not load without a GPU')
      tester:assert(tostring(err):find('CUDA is not available', 1, true) ~= nil, tostring(err))
   end
end

function T.cuda_methods_fail_cleanly()
   require 'nn'
   local ok, err = pcall(function() nn.Linear(2, 2):cuda() end)
   tester:assert(not ok and tostring(err):find('CUDA is not available', 1, true) ~= nil, tostring(err))
end

function T.classic_fallback_pattern_runs_on_cpu()
   require 'nn'
   local ok = pcall(require, 'cunn')
   local m = nn.Linear(3, 2)
   if ok then m = m:cuda() end
   local y = m:forward(torch.randn(3))
   tester:asserteq(y:size(1), 2)
end

return T
