local tds = require 'tds'
local T = {}
local D = os.getenv('LUATORCH_SHARED') .. '/data/t7/python-torchfile/'

function T.hash_api()
   local h = tds.Hash()
   h.a = 1; h[2] = 'two'; h[3.5] = torch.ones(2)
   tester:eq(h:size(), 3)
   h.a = nil
   tester:eq(h:size(), 2)
   tester:eq(h[2], 'two')
   local n = 0
   for k, v in pairs(h) do n = n + 1 end
   tester:eq(n, 2)
   local c = tds.Hash({ x = 1, y = 2 })
   tester:eq(c.y, 2)
   tester:eq(torch.type(c), 'tds.Hash')
end

function T.vec_api()
   local v = tds.Vec(3, 1, 2)
   tester:eq(#v, 3)
   v:insert(4); v:insert(1, 0)
   tester:eq(#v, 5); tester:eq(v[1], 0); tester:eq(v[5], 4)
   tester:eq(v:remove(1), 0)
   v:sort()
   local s = {}
   for i, x in ipairs(v) do s[i] = x end
   tester:eq(table.concat(s, ','), '1,2,3,4')
   v:sort(function(a, b) return a > b end)
   tester:eq(v[1], 4)
   v:resize(2); tester:eq(#v, 2)
   tester:eq(tds.Vec({ 'a', 'b' }):concat('-'), 'a-b')
   local ok, err = pcall(v.remove, v, 9)
   tester:assert(not ok and err:find('out of range'), tostring(err))
end

function T.original_files_load_as_tds_objects()
   local h = torch.load(D .. 'tds_hash.t7')
   tester:eq(torch.type(h), 'tds.Hash')
   tester:eq(h[1], 2); tester:eq(h[10], 11)
   local v = torch.load(D .. 'tds_vec.t7')
   tester:eq(torch.type(v), 'tds.Vec')
   tester:eq(#v, 2); tester:eq(v[1], 123); tester:eq(v[2], 456)
end

function T.serialize_roundtrip_same_bytes_layout()
   local h = tds.Hash(); h[1] = 2
   local f = torch.MemoryFile(); f:binary(); f:writeObject(h)
   local s = f:storage(); f:close()
   local g = torch.MemoryFile(s, 'r'); g:binary()
   local back = g:readObject()
   tester:eq(torch.type(back), 'tds.Hash'); tester:eq(back[1], 2)
   -- same payload as the original file
   local orig = torch.DiskFile(D .. 'tds_hash.t7', 'r'):binary()
   local o = orig:readObject(); orig:close()
   local v = tds.Vec(123, 456, { nested = tds.Vec('x') })
   local p = os.tmpname()
   torch.save(p, v)
   local w = torch.load(p)
   tester:eq(torch.type(w), 'tds.Vec'); tester:eq(w[2], 456); tester:eq(w[3].nested[1], 'x')
   os.remove(p)
   -- a Vec written here has the very bytes tds wrote
   local q = os.tmpname()
   torch.save(q, tds.Vec(123, 456))
   local a = io.open(q, 'rb'); local mine = a:read('*a'); a:close()
   local b = io.open(D .. 'tds_vec.t7', 'rb'); local theirs = b:read('*a'); b:close()
   tester:eq(mine == theirs, true, 'byte-identical tds.Vec file')
   os.remove(q)
end

-- `#hash` and `pairs(hash)` as with the original tds (a LuaJIT ffi object)
function T.hash_len_pairs_and_keys()
   local h = tds.Hash()
   tester:eq(#h, 0)
   for i = 1, 10 do h[i] = i * i end
   h.name = 'squares'
   tester:eq(#h, 11)
   h[3] = nil; h[3] = nil   -- removing twice counts once
   tester:eq(#h, 10)
   h[4] = 'replaced'        -- replacing does not count
   tester:eq(#h, 10)
   local seen, sum = 0, 0
   for k, v in pairs(h) do
      seen = seen + 1
      if type(v) == 'number' then sum = sum + v end
   end
   tester:eq(seen, 10)
   tester:eq(sum, 385 - 9 - 16)
   tester:eq(type(h), 'cdata')
   tester:eq(torch.type(h), 'tds.Hash')
   tester:eq(torch.typename(h), 'tds.Hash')
   -- keys shadow methods on reads only where such a key exists
   tester:eq(h:size(), 10)
   local ok, err = pcall(function() h[{}] = 1 end)
   tester:assert(not ok and err:find('string or number key expected'), tostring(err))
   ok, err = pcall(function() h[0 / 0] = 1 end)
   tester:assert(not ok and err:find('NaN'), tostring(err))
   tester:assert(tostring(h):find('tds.Hash[10]', 1, true), tostring(h))
   -- plain tables still iterate as before
   local n = 0
   for _ in pairs({ a = 1, b = 2 }) do n = n + 1 end
   tester:eq(n, 2)
end

function T.hash_roundtrip_with_nested_objects_and_shared_references()
   local h = tds.Hash()
   local t = torch.range(1, 4)
   h.a = t; h.b = t; h.inner = tds.Hash({ x = 1 }); h[7] = 'seven'
   local p = os.tmpname()
   torch.save(p, { h, h })
   local back = torch.load(p)
   os.remove(p)
   tester:assert(rawequal(back[1], back[2]), 'one hash referenced twice stays one object')
   local g = back[1]
   tester:eq(#g, 4)
   tester:eq(g.a:sum(), 10)
   g.a[1] = 100
   tester:eq(g.b[1], 100, 'a tensor referenced twice stays one tensor')
   tester:eq(torch.type(g.inner), 'tds.Hash'); tester:eq(g.inner.x, 1)
   tester:eq(g[7], 'seven')
end

function T.hash_memory_is_released_with_the_object()
   collectgarbage(); collectgarbage()
   local before = collectgarbage('count')
   for _ = 1, 2000 do
      local h = tds.Hash()
      for i = 1, 50 do h[i] = i end
   end
   collectgarbage(); collectgarbage()
   local after = collectgarbage('count')
   tester:assert(after - before < 200, string.format('Lua heap grew by %.0f KB', after - before))
end

return T
