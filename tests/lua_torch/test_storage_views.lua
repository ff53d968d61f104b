-- torch.XStorage(storage, offset, size): views share memory, keep their base alive, and are freed with
-- their last handle (no growth over many views)
local T = {}

local function rss()
   local f = io.open('/proc/self/status')
   local s = f:read('*a'); f:close()
   return tonumber(s:match('VmRSS:%s+(%d+)'))
end

function T.views_share_and_keep_the_base_alive()
   local base = torch.DoubleStorage(10)
   for i = 1, 10 do base[i] = i end
   local v = torch.DoubleStorage(base, 3, 4)
   tester:eq(v:size(), 4); tester:eq(v[1], 3); tester:eq(v[4], 6)
   v[2] = 40
   tester:eq(base[4], 40, 'writes through the view reach the base')
   local rest = torch.DoubleStorage(base, 8)
   tester:eq(rest:size(), 3)
   base = nil
   collectgarbage(); collectgarbage()
   tester:eq(v[4], 6, 'the view keeps its base alive')
   tester:eq(rest[3], 10)
   local ok, err = pcall(torch.DoubleStorage, v, 3, 5)
   tester:assert(not ok and err:find('out of bounds'), tostring(err))
   ok, err = pcall(torch.FloatStorage, v, 1, 2)
   tester:assert(not ok and err:find('same type'), tostring(err))
end

function T.views_are_freed()
   collectgarbage(); collectgarbage()
   local before = rss()
   for _ = 1, 300 do
      local big = torch.ByteStorage(1000000):fill(7)   -- 1 MB each, touched: 300 MB if views leaked their bases
      local v = torch.ByteStorage(big, 10, 100)
      v[1] = 1
   end
   collectgarbage(); collectgarbage()
   local grown = rss() - before
   tester:assert(grown < 100000, string.format('resident memory grew by %d kB', grown))
end

return T
