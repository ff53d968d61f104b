-- torch.XStorage(storage, offset, size): views share memory, keep their base alive, and are freed with
-- their last handle (no growth over many views)
local T = {}

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
   -- neither a view nor its base survives its last handle (nothing keeps them in a table)
   local seen = setmetatable({}, { __mode = 'v' })
   do
      local base = torch.ByteStorage(1000):fill(7)
      local v = torch.ByteStorage(base, 10, 100)
      seen[1], seen[2] = base, v
      tester:eq(base.tc_.refcount, 2, 'the view holds one C reference to its base')
   end
   collectgarbage(); collectgarbage()
   tester:eq(seen[1], nil, 'base collected')
   tester:eq(seen[2], nil, 'view collected')
   -- the C reference is given back with the view
   local base = torch.ByteStorage(10)
   local v = torch.ByteStorage(base, 2, 3)
   tester:eq(base.tc_.refcount, 2)
   v = nil
   collectgarbage(); collectgarbage()
   tester:eq(base.tc_.refcount, 1)
end

return T
