local tds = require 'tds'
local T = {}
local D = '/work/shared/data/t7/python-torchfile/'

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

return T
