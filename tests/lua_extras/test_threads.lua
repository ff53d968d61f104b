local threads = require 'threads'
local T = {}

function T.jobs_run_in_workers_with_upvalues_and_results()
   local base = 10
   local pool = threads.Threads(2, function(id) workerTag = 'w' .. id end)
   local out, tids = {}, {}
   for i = 1, 8 do
      pool:addjob(function(x) return x * base, __threadid, workerTag, torch.ones(3):mul(x) end,
         function(v, tid, tag, t)
            out[#out + 1] = v; tids[tid] = true
            tester:eq(tag, 'w' .. tid)
            tester:eq(t:sum(), 3 * v / 10)
         end, i)
   end
   pool:synchronize()
   table.sort(out)
   tester:eq(#out, 8); tester:eq(out[1], 10); tester:eq(out[8], 80)
   tester:assert(tids[1] or tids[2], 'thread ids seen')
   tester:eq(pool:hasjob(), false)
   pool:terminate()
   local ok, err = pcall(pool.addjob, pool, function() end)
   tester:assert(not ok and err:find('terminated'), tostring(err))
end

function T.worker_errors_reach_the_main_thread()
   local pool = threads.Threads(1)
   pool:addjob(function() error('boom in worker') end)
   local ok, err = pcall(pool.synchronize, pool)
   tester:assert(not ok and err:find('boom in worker'), tostring(err))
   pool:terminate()
   ok, err = pcall(threads.Threads, 1, function() error('bad init') end)
   tester:assert(not ok and err:find('bad init'), tostring(err))
end

function T.mutex_shared_by_id()
   local m = threads.Mutex()
   local id = m:id()
   local pool = threads.Threads(2)
   local n = 0
   for i = 1, 4 do
      pool:addjob(function()
         local threads = require 'threads'
         local mm = threads.Mutex(id)
         mm:lock(); mm:unlock()
         return 1
      end, function(v) n = n + v end)
   end
   pool:synchronize(); pool:terminate()
   tester:eq(n, 4)
   m:lock(); m:unlock()
end

function T.tensors_cross_by_reference()
   local x = torch.zeros(4)
   local pool = threads.Threads(2)
   local back
   pool:addjob(function(t, tab) t:fill(7); tab.y:add(1); return t, { z = tab.y } end,
      function(t, r) back = t; r.z:add(10) end, x, { y = x })
   pool:synchronize(); pool:terminate()
   tester:eq(x[1], 18)                  -- filled in the worker, +1 in the worker, +10 here: one storage
   tester:eq(back:data() == x:data(), true, 'same memory')
end

return T
