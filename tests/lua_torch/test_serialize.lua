-- Tensors, storages and torch.class objects through the t7 codec (torch.serialize / deserialize)
local T = {}

function T.all_types_roundtrip()
   for _, name in ipairs({ 'Byte', 'Char', 'Short', 'Int', 'Long', 'Float', 'Double' }) do
      local x = torch[name .. 'Tensor']({ { 1, 2, 3 }, { 4, 5, 6 } })
      local y = torch.deserialize(torch.serialize(x))
      tester:eq(torch.typename(y), 'torch.' .. name .. 'Tensor')
      tester:eq(y:totable(), x:totable())
      local a = torch.deserialize(torch.serialize(x, 'ascii'), 'ascii')
      tester:eq(a:totable(), x:totable())
   end
end

function T.views_share_storage_after_load()
   local base = torch.range(1, 12)
   local obj = { a = base:view(3, 4), b = base:narrow(1, 5, 4), s = base:storage() }
   local back = torch.deserialize(torch.serialize(obj))
   tester:eq(back.a:totable(), { { 1, 2, 3, 4 }, { 5, 6, 7, 8 }, { 9, 10, 11, 12 } })
   tester:eq(back.b:totable(), { 5, 6, 7, 8 })
   tester:assert(torch.pointer(back.a:storage()) == torch.pointer(back.b:storage()), 'one storage')
   tester:assert(torch.pointer(back.s) == torch.pointer(back.a:storage()), 'the storage object is shared')
   back.b[1] = 100
   tester:eq(back.a[2][1], 100, 'views still alias after loading')
   tester:eq(back.b:storageOffset(), 5)
end

function T.empty_and_noncontiguous()
   local e = torch.deserialize(torch.serialize(torch.Tensor()))
   tester:eq(e:dim(), 0)
   local t = torch.Tensor({ { 1, 2 }, { 3, 4 } }):t()
   local u = torch.deserialize(torch.serialize(t))
   tester:eq(u:totable(), { { 1, 3 }, { 2, 4 } })
end

function T.class_objects()
   local P = torch.class('ltestser.Point')
   function P:__init(x, y) self.x, self.y = x, y end
   function P:norm2() return self.x * self.x + self.y * self.y end
   local p = ltestser.Point(3, 4)
   p.w = torch.FloatTensor({ 1, 2 })
   local q = torch.deserialize(torch.serialize(p))
   tester:eq(torch.typename(q), 'ltestser.Point')
   tester:eq(q:norm2(), 25)
   tester:eq(q.w:totable(), { 1, 2 })
end

ltestser = {}
return T
