local threads = require 'threads'
local backend = python.eval('__import__("importlib").import_module("lua_torch.threads.backend")')
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

function T.upvalue_tensors_are_shared_not_copied()
   local buf = torch.zeros(6)
   local offset = 2
   local pool = threads.Threads(2)
   for i = 1, 3 do
      pool:addjob(function() buf[i + offset] = i; return buf:sum() end)
   end
   pool:synchronize(); pool:terminate()
   tester:eq(buf:totable(), { 0, 0, 1, 2, 3, 0 }, 'writes through an upvalue land in the main thread tensor')
end

function T.objects_holding_tensors_are_shared()
   require 'nn'
   local lin = nn.Linear(3, 2)
   lin.weight:zero()
   local pool = threads.Threads(1, function() require 'nn' end)
   pool:addjob(function(m) m.weight:fill(5); return torch.typename(m) end,
      function(name) tester:eq(name, 'nn.Linear') end, lin)
   pool:synchronize(); pool:terminate()
   tester:eq(lin.weight:sum(), 30)
end

function T.specific_mode_addresses_one_thread()
   local pool = threads.Threads(3)
   tester:eq(pool:specific(), false)
   pool:specific(true)
   tester:eq(pool:specific(), true)
   local seen = {}
   for rep = 1, 2 do
      for id = 1, 3 do
         pool:addjob(id, function(want) return __threadid, want end,
            function(tid, want) seen[#seen + 1] = tid == want end, id)
      end
   end
   pool:synchronize()
   tester:eq(#seen, 6)
   for _, ok in ipairs(seen) do tester:assert(ok, 'job ran in the thread it was addressed to') end
   local ok, err = pcall(pool.addjob, pool, 4, function() end)
   tester:assert(not ok and err:find('thread index'), tostring(err))
   ok, err = pcall(pool.addjob, pool, function() end)
   tester:assert(not ok and err:find('thread index'), tostring(err))
   pool:specific(false)
   local n = 0
   for _ = 1, 6 do pool:addjob(function() return 1 end, function(v) n = n + v end) end
   pool:synchronize()
   tester:eq(n, 6)
   pool:terminate()
end

function T.addjob_blocks_on_a_full_queue()
   local pool = threads.Threads(1)
   local done = 0
   for i = 1, 20 do
      pool:addjob(function() local t = os.clock(); while os.clock() - t < 0.002 do end; return i end,
         function() done = done + 1 end)
      -- the job queue holds at most N = 1 job not yet started (finished jobs waiting for their end
      -- callback are not bounded, in Torch7 either: a fast worker can finish several between two adds)
      local waiting = backend.queued(pool._pool, 0)
      tester:assert(waiting <= 1, 'at most one job waits in the queue: ' .. waiting)
   end
   tester:assert(done > 0, 'addjob ran end callbacks while the queue was full')
   pool:synchronize(); pool:terminate()
   tester:eq(done, 20)
end

function T.init_results_and_errors_collected()
   local pool, initres = threads.Threads(2, function() x = 1 end, function(id) return id * 10, 'ok' end)
   tester:eq(#initres, 2)
   local sum = 0
   for _, r in ipairs(initres) do sum = sum + r[1]; tester:eq(r[2], 'ok') end
   tester:eq(sum, 30)
   -- an error in a job and in an end callback are both reported by synchronize, with their thread
   pool:addjob(function() error('job failure') end)
   pool:addjob(function() return 1 end, function() error('endcallback failure') end)
   local ok, err = pcall(pool.synchronize, pool)
   tester:assert(not ok and err:find('job failure') and err:find('endcallback failure'), tostring(err))
   tester:assert(err:find('%[thread %d callback%]') and err:find('%[thread %d endcallback%]'), err)
   tester:eq(pool:haserror(), false)
   pool:addjob(function() return 2 end)
   pool:synchronize()
   pool:terminate()
   tester:eq(pool:isrunning(), false)
   tester:eq(threads.serialization(), 'threads.sharedserialize')
   threads.Threads.serialization('threads.sharedserialize')
end

return T
