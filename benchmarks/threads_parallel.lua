-- 4 pure-Lua CPU jobs on 1 vs 2 worker threads (run: OMP_NUM_THREADS=1 python -m bridge.cli run benchmarks/threads_parallel.lua)
local threads = require 'threads'
for _, n in ipairs{1, 2} do
   local pool = threads.Threads(n)
   local t0 = os.clock(); local w0 = torch.Timer()
   for j = 1, 4 do pool:addjob(function() local s = 0; for i = 1, 3e7 do s = s + i % 7 end; return s end, function() end) end
   pool:synchronize()
   print(n, 'threads wall', w0:time().real)
   pool:terminate()
end
