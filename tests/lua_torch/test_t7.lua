-- The .t7 codec: byte-exact writes, round trips, references, classes, functions, File API, error paths.
local U = require 't7util'
local eq, raises, sameTensor = U.eq, U.raises, U.sameTensor

local T = {}

local TYPES = { 'Byte', 'Char', 'Short', 'Int', 'Long', 'Half', 'Float', 'Double' }

-- inventory §3.4: torch.save('a.t7', torch.Tensor{1,2}) is these 127 bytes
local WORKED_BINARY = U.unhex [[
04000000 01000000
03000000 56203 1
12000000 746f7263682e446f75626c6554656e736f72
01000000
0200000000000000
0100000000000000
0100000000000000
04000000 02000000
03000000 562031
13000000 746f7263682e446f75626c6553746f72616765
0200000000000000
000000000000F03F 0000000000000040
]]
local WORKED_ASCII = '4\n1\n3\nV 1\n18\ntorch.DoubleTensor\n1\n2\n1\n1\n4\n2\n3\nV 1\n19\ntorch.DoubleStorage\n2\n1 2\n'

function T.worked_example_binary_bytes()
   local s = torch.serialize(torch.Tensor { 1, 2 })
   eq(#s, 127)
   eq(U.hex(s), U.hex(WORKED_BINARY))
   -- and through torch.save on disk
   local p = U.tmpname()
   torch.save(p, torch.Tensor { 1, 2 })
   local f = io.open(p, 'rb'); local bytes = f:read('*a'); f:close(); os.remove(p)
   eq(U.hex(bytes), U.hex(WORKED_BINARY))
end

function T.worked_example_ascii_bytes()
   eq(torch.serialize(torch.Tensor { 1, 2 }, 'ascii'), WORKED_ASCII)
   local x = torch.deserialize(WORKED_ASCII, 'ascii')
   sameTensor(x, torch.DoubleTensor { 1, 2 })
end

function T.worked_example_shared_storage_and_booleans()
   -- {a=t, b=t:narrow(1,2,2), [true]=false, [1]='x'}: b's storage is a reference to a's
   local t = torch.Tensor { 1, 2, 3, 4 }
   local obj = { a = t, b = t:narrow(1, 2, 2), [true] = false, [1] = 'x' }
   for _, mode in ipairs { 'binary', 'ascii' } do
      local s = torch.serialize(obj, mode)
      if mode == 'ascii' then
         assert(s:find('\n5\n1\n5\n0\n', 1, true), 'boolean pair written as 5/1 -> 5/0')
      end
      local r = torch.deserialize(s, mode)
      eq(r[true], false); eq(r[1], 'x')
      sameTensor(r.a, t); sameTensor(r.b, t:narrow(1, 2, 2))
      eq(r.b:storageOffset(), 2)
      eq(U.cptr(r.a:storage()), U.cptr(r.b:storage()), 'storage shared after load')
      r.a[3] = 30
      eq(r.b[2], 30)
   end
   -- the storage is written once: exactly one "torch.DoubleStorage" class name in the stream
   local s = torch.serialize(obj)
   local _, count = s:gsub('torch%.DoubleStorage', '')
   eq(count, 1)
end

function T.empty_tensor_bytes()
   -- empty tensor: nDimension 0, no sizes/strides, offset 1, nil storage
   local s = torch.serialize(torch.DoubleTensor(), 'ascii')
   eq(s, '4\n1\n3\nV 1\n18\ntorch.DoubleTensor\n0\n1\n0\n')
   local x = torch.deserialize(s, 'ascii')
   eq(torch.typename(x), 'torch.DoubleTensor'); eq(x:nDimension(), 0)
end

function T.roundtrip_every_type_binary_ascii()
   for _, mode in ipairs { 'binary', 'ascii', 'b32', 'b64' } do
      for _, name in ipairs(TYPES) do
         local ctor = torch[name .. 'Tensor']
         local x = ctor(3, 4)
         local i = 0
         x:apply(function() i = i + 1; return (name == 'Byte') and (i * 7 % 256) or (i * 3 - 20) end)
         local back = torch.deserialize(torch.serialize(x, mode), mode)
         sameTensor(back, x, name .. ' ' .. mode)
         -- transposed view and a storage alone
         local v = x:t()
         sameTensor(torch.deserialize(torch.serialize(v, mode), mode), v, name .. ' view ' .. mode)
         local s = x:storage()
         local sb = torch.deserialize(torch.serialize(s, mode), mode)
         eq(torch.typename(sb), 'torch.' .. name .. 'Storage')
         eq(sb:size(), s:size())
         for k = 1, s:size() do eq(sb[k], s[k], name .. ' storage element') end
      end
   end
end

function T.float_double_special_values()
   local x = torch.DoubleTensor { 0.1, -1e308, 1 / 0, -1 / 0, 0 / 0, 2 ^ -1074, -0.0, 123456789012345678 }
   for _, mode in ipairs { 'binary', 'ascii' } do
      local y = torch.deserialize(torch.serialize(x, mode), mode)
      sameTensor(y, x, 'double ' .. mode)
      eq(1 / y[7], -1 / 0, 'negative zero kept')
      local f = torch.FloatTensor { 0.1, 3.4e38, 1e-45, 1 / 0 }
      sameTensor(torch.deserialize(torch.serialize(f, mode), mode), f, 'float ' .. mode)
   end
   -- ascii formats are %.17g and %.9g
   local s = torch.serialize(0.1, 'ascii')
   eq(s, '1\n0.10000000000000001\n')
   s = torch.serialize(torch.FloatStorage { 0.1 }, 'ascii')
   assert(s:find('\n0.100000001\n$'), s)
end

function T.long_values_and_b32()
   local x = torch.LongTensor { 2 ^ 40, -5, 2 ^ 31 - 1 }
   sameTensor(torch.deserialize(torch.serialize(x)), x)
   local s64, s32 = torch.serialize(torch.Tensor { 1, 2 }, 'b64'), torch.serialize(torch.Tensor { 1, 2 }, 'b32')
   eq(#s64, 127)
   eq(#s32, 127 - 4 * 4, 'sizes, strides, offset and storage size shrink to 4 bytes')
   sameTensor(torch.deserialize(s32, 'b32'), torch.DoubleTensor { 1, 2 })
   local p = U.tmpname()
   torch.save(p, { t = torch.FloatTensor(2, 2):fill(3) }, 'b32')
   sameTensor(torch.load(p, 'b32').t, torch.FloatTensor(2, 2):fill(3))
   os.remove(p)
end

function T.plain_values_and_tables()
   local nested = { 1, 2.5, 'three', true, false, { x = { y = 'z' } }, [10] = 'ten', ['a b'] = -1,
                    s = 'bytes\0\n\255', empty = '', [1.5] = 'float key' }
   for _, mode in ipairs { 'binary', 'ascii' } do
      local r = torch.deserialize(torch.serialize(nested, mode), mode)
      eq(r[1], 1); eq(r[2], 2.5); eq(r[3], 'three'); eq(r[4], true); eq(r[5], false)
      eq(r[6].x.y, 'z'); eq(r[10], 'ten'); eq(r['a b'], -1); eq(r.s, 'bytes\0\n\255'); eq(r.empty, '')
      eq(r[1.5], 'float key')
      eq(torch.deserialize(torch.serialize(nil, mode), mode), nil)
      eq(torch.deserialize(torch.serialize('str', mode), mode), 'str')
      eq(torch.deserialize(torch.serialize(42, mode), mode), 42)
   end
end

function T.cycles_and_shared_tables()
   local a = { name = 'a' }
   a.self = a
   local shared = { 1, 2 }
   a.x, a.y = shared, shared
   a[a] = a -- a table that is its own key and value
   for _, mode in ipairs { 'binary', 'ascii' } do
      local r = torch.deserialize(torch.serialize(a, mode), mode)
      eq(r.self, r); eq(r.x, r.y); eq(r[r], r); eq(r.name, 'a')
   end
end

function T.referenced_false_copies()
   local shared = { 1 }
   local obj = { shared, shared }
   local f = torch.MemoryFile():binary():referenced(false)
   eq(f:isReferenced(), false)
   f:writeObject(obj)
   local s = f:storage()
   f:close()
   local g = torch.MemoryFile(s):binary():referenced(false)
   local r = g:readObject()
   assert(r[1] ~= r[2] and r[1][1] == 1 and r[2][1] == 1, 'force mode writes copies')
   -- indices are still written: the second copy carries index 3, not a reference
   local bytes = s:string()
   local third = U.le32(3) .. U.le32(3)   -- tag table (3), index 3
   assert(bytes:find(third, 1, true), 'indices still counted')
end

function T.objects_shared_across_writeObject_calls()
   local t = torch.Tensor(3):fill(1)
   local f = torch.MemoryFile():binary()
   f:writeObject(t)
   f:writeObject({ t })
   f:seek(1)
   local a = f:readObject()
   local b = f:readObject()
   eq(b[1], a, 'a tensor written twice on one file reads back as one object')
end


function T.custom_class_default_and_custom_rw()
   t7test = {}
   local Point = torch.class('t7test.Point')
   function Point:__init(x, y) self.x, self.y = x, y end
   function Point:norm2() return self.x ^ 2 + self.y ^ 2 end
   local Custom = torch.class('t7test.Custom')
   Custom.__version = 3
   function Custom:__init(v) self.v = v end
   function Custom:write(file) file:writeDouble(self.v * 2); file:writeObject(self.extra) end
   function Custom:read(file, version) self.v = file:readDouble() / 2; self.version = version; self.extra = file:readObject() end
   local Sub = torch.class('t7test.Sub', 't7test.Point')

   local p = t7test.Point(3, 4)
   p.me = p
   p.co = coroutine.create(function() end) -- unwritable field: skipped with a warning
   local c = t7test.Custom(21)
   c.extra = { p }
   local s = t7test.Sub(1, 1)
   for _, mode in ipairs { 'binary', 'ascii' } do
      local oldPrint = print
      local warned
      print = function(msg) warned = msg end
      local bytes = torch.serialize({ p, c, s }, mode)
      print = oldPrint
      assert(warned and warned:find('cannot write object field <co>'), tostring(warned))
      local r = torch.deserialize(bytes, mode)
      eq(torch.typename(r[1]), 't7test.Point'); eq(r[1]:norm2(), 25); eq(r[1].me, r[1]); eq(r[1].co, nil)
      eq(torch.typename(r[2]), 't7test.Custom'); eq(r[2].v, 21); eq(r[2].version, 3)
      eq(r[2].extra[1], r[1], 'references cross custom payloads')
      eq(torch.typename(r[3]), 't7test.Sub'); eq(r[3]:norm2(), 2)
      assert(bytes:find('V 3', 1, true), 'version written from __version')
   end
   -- version is not inherited: Sub writes V 1
   local bytes = torch.serialize(s, 'ascii')
   assert(bytes:find('\nV 1\n10\nt7test.Sub\n', 1, true), bytes)
end

function T.legacy_file_without_version()
   -- a torch object whose first string is the class name itself (version 0)
   local cls = 'torch.DoubleTensor'
   local bytes = U.le32(4) .. U.le32(1) .. U.le32(#cls) .. cls .. U.le32(1) ..
      string.rep('\0', 0) .. U.unhex('0200000000000000 0100000000000000 0100000000000000') ..
      U.le32(4) .. U.le32(2) .. U.le32(#'torch.DoubleStorage') .. 'torch.DoubleStorage' ..
      U.unhex('0200000000000000 000000000000F03F 0000000000000040')
   sameTensor(torch.deserialize(bytes), torch.DoubleTensor { 1, 2 })
   -- the version handed to read() is 0
   t7legacy = {}
   local C = torch.class('t7legacy.V')
   function C:read(file, version) self.version = version; self.n = file:readInt() end
   local s = U.le32(4) .. U.le32(1) .. U.le32(#'t7legacy.V') .. 't7legacy.V' .. U.le32(77)
   local o = torch.deserialize(s)
   eq(o.version, 0); eq(o.n, 77)
end

function T.cuda_types_load_as_cpu()
   local s = torch.serialize(torch.FloatTensor { 1, 2, 3 })
   s = U.replace(s, U.le32(#'torch.FloatTensor') .. 'torch.FloatTensor', U.le32(#'torch.CudaTensor') .. 'torch.CudaTensor')
   s = U.replace(s, U.le32(#'torch.FloatStorage') .. 'torch.FloatStorage', U.le32(#'torch.CudaStorage') .. 'torch.CudaStorage')
   assert(s:find('torch.CudaTensor', 1, true))
   sameTensor(torch.deserialize(s), torch.FloatTensor { 1, 2, 3 })
   local d = torch.serialize(torch.LongTensor { 5 })
   d = U.replace(d, U.le32(16) .. 'torch.LongTensor', U.le32(20) .. 'torch.CudaLongTensor')
   assert(d:find('torch.CudaLongTensor', 1, true))
   sameTensor(torch.deserialize(d), torch.LongTensor { 5 })
end

function T.unknown_class_error()
   local s = U.le32(4) .. U.le32(1) .. U.le32(3) .. 'V 1' .. U.le32(9) .. 'nn.Foobar' .. U.le32(0)
   local err = raises(function() torch.deserialize(s) end, 'unknown Torch class <nn.Foobar>')
   assert(err:find("require 'nn'", 1, true) and err:find("torch.class('nn.Foobar')", 1, true), err)
end

function T.functions_refused_by_default_and_allowed_on_request()
   local up = 10
   local function add(x) up = up + x; return up end
   local function get() return up end
   local obj = { add = add, get = get, plain = function(a, b) return a * b end }
   local bytes = torch.serialize(obj)
   local err = raises(function() torch.deserialize(bytes) end, 'allowFunctions=true')
   assert(err:find('refused by default'), err)
   local r = torch.deserialize(bytes, 'binary', { allowFunctions = true })
   eq(r.plain(6, 7), 42)
   eq(r.get(), 10)
   eq(r.add(5), 15)
   eq(r.get(), 15, 'closures sharing an upvalue still share it after load')
   eq(up, 10, 'the loaded closures do not touch the original upvalue')
   -- through a File object and torch.load
   local f = torch.MemoryFile(torch.serializeToStorage(obj):resize(#bytes + 1))
   local s = torch.serializeToStorage(obj)
   local withZero = torch.CharStorage(s:size() + 1)
   for i = 1, s:size() do withZero[i] = s[i] end
   withZero[s:size() + 1] = 0
   local mf = torch.MemoryFile(withZero):binary()
   raises(function() mf:readObject() end, 'allowFunctions')
   mf:seek(1)
   mf:allowFunctions(true)
   eq(mf:readObject().plain(2, 3), 6)
   local p = U.tmpname()
   torch.save(p, obj)
   raises(function() torch.load(p) end, 'refused by default')
   eq(torch.load(p, 'binary', true, { allowFunctions = true }).plain(3, 3), 9)
   os.remove(p)
   -- a C function cannot be written
   raises(function() torch.serialize({ f = print }) end, 'Unwritable object')
end

function T.unwritable_values()
   local err = raises(function() torch.serialize({ a = { b = coroutine.create(function() end) } }) end,
      'Unwritable object <thread>')
   assert(err:find('a.b', 1, true), err)
end

function T.hook_substitutes_objects()
   local f = torch.MemoryFile():binary()
   f:writeObject({ x = torch.FloatTensor { 1, 2 }, n = 3 }, nil, function(o)
      if torch.typename(o) == 'torch.FloatTensor' then return o:double() end
      if o == 3 then return 4 end
      return o
   end)
   f:seek(1)
   local r = f:readObject()
   eq(torch.typename(r.x), 'torch.DoubleTensor'); eq(r.n, 4)
end

function T.atomic_save_keeps_old_file()
   local p = U.tmpname()
   torch.save(p, { v = 1 })
   raises(function() torch.save(p, { v = 2, bad = coroutine.create(function() end) }) end, 'Unwritable')
   eq(torch.load(p).v, 1, 'the old file is intact')
   local dir = p:match('^(.*)/[^/]*$')
   local base = p:match('([^/]*)$')
   for name in require('paths').files(dir) do
      assert(not (name:sub(1, #base) == base and name ~= base), 'temporary file left behind: ' .. name)
   end
   os.remove(p)
end

function T.file_primitives_binary_and_ascii()
   for _, mode in ipairs { 'binary', 'ascii' } do
      local f = torch.MemoryFile()
      f[mode](f)
      eq(f:isBinary(), mode == 'binary')
      f:writeInt(-7); f:writeDouble(2.5); f:writeFloat(0.5); f:writeLong(123456789012); f:writeShort(-3)
      f:writeByte(200); f:writeChar(-5); f:writeBool(true); f:writeBool(false)
      f:writeInt(torch.IntStorage { 1, 2, 3 })
      f:writeDouble(torch.DoubleStorage())
      f:writeFloat(torch.FloatStorage { 1.5 })
      f:seek(1)
      eq(f:readInt(), -7); eq(f:readDouble(), 2.5); eq(f:readFloat(), 0.5); eq(f:readLong(), 123456789012)
      eq(f:readShort(), -3); eq(f:readByte(), 200); eq(f:readChar(), -5); eq(f:readBool(), true); eq(f:readBool(), false)
      local s = f:readInt(3)
      eq(torch.typename(s), 'torch.IntStorage'); eq(s:size(), 3); eq(s[3], 3)
      eq(f:readDouble(0):size(), 0)
      local into = torch.FloatStorage(1)
      eq(f:readFloat(into), 1); eq(into[1], 1.5)
      f:close()
   end
   local a = torch.MemoryFile():ascii()
   a:writeInt(torch.IntStorage { 1, 2, 3 }); a:writeInt(torch.IntStorage()); a:writeDouble(1.5)
   a:noAutoSpacing(); a:writeInt(4); a:writeInt(5)
   eq(a:_string(), '1 2 3\n1.5\n45')
end

function T.file_position_strings_and_errors()
   local f = torch.MemoryFile()
   f:writeString('hello\nworld')
   eq(f:position(), 12)
   f:seek(1)
   eq(f:readString('*l'), 'hello')
   eq(f:readString('*a'), 'world')
   f:seek(3)
   eq(f:readString('*a'), 'llo\nworld')
   f:seekEnd(); eq(f:position(), 12)
   raises(function() f:seek(100) end, 'unable to seek')
   f:seek(1)
   f:binary()
   local got = f:readInt(2)  -- 11 bytes hold two ints
   eq(got:size(), 2)
   raises(function() f:readInt() end, 'read error')
   f:quiet()
   eq(f:readInt(), 0)
   assert(f:hasError())
   f:clearError()
   assert(not f:hasError())
   local st = f:storage()
   eq(st:size(), 12); eq(st[12], 0)
   raises(function() torch.MemoryFile(torch.CharStorage { 65 }) end, 'terminated by 0')
   local r = torch.MemoryFile(st, 'r')
   raises(function() r:writeInt(1) end, 'read-only')
   f:close()
   raises(function() f:readInt() end, 'closed file')
end

function T.diskfile_modes_endianness()
   local p = U.tmpname()
   local f = torch.DiskFile(p, 'w'):binary()
   eq(f:isWritable(), true); eq(f:isReadable(), false)
   f:writeInt(1)
   f:bigEndianEncoding()
   f:writeInt(1)
   f:writeDouble(torch.DoubleStorage { 1.0 })
   f:close()
   local raw = io.open(p, 'rb'):read('*a')
   eq(U.hex(raw), '01000000' .. '00000001' .. '3ff0000000000000')
   local r = torch.DiskFile(p, 'r'):binary()
   eq(r:readInt(), 1)
   r:bigEndianEncoding()
   eq(r:readInt(), 1)
   eq(r:readDouble(), 1.0)
   r:close()
   assert(torch.DiskFile.isLittleEndianCPU())
   eq(torch.DiskFile('/no/such/dir/x', 'r', true), nil)
   raises(function() torch.DiskFile('/no/such/dir/x', 'r') end, 'cannot open </no/such/dir/x> in mode r')
   local rw = torch.DiskFile(p, 'rw'):binary()
   rw:seekEnd(); rw:writeInt(9); rw:seek(1)
   eq(rw:readInt(), 1)
   rw:seek(17); eq(rw:readInt(), 9)
   rw:close()
   os.remove(p)
   local l = torch.DiskFile(p, 'w'):binary():longSize(4)
   l:writeLong(5); l:close()
   eq(#io.open(p, 'rb'):read('*a'), 4)
   os.remove(p)
end

function T.serialize_storage_variants()
   local x = { torch.IntTensor { 1, 2 } }
   local st = torch.serializeToStorage(x)
   eq(torch.typename(st), 'torch.CharStorage')
   eq(st:size(), #torch.serialize(x))
   sameTensor(torch.deserializeFromStorage(st)[1], x[1])
   sameTensor(torch.deserialize(torch.serialize(x, 'ascii'), 'ascii')[1], x[1])
   -- clone idiom: write, seek(1), read
   local f = torch.MemoryFile('rw'):binary()
   f:writeObject(x)
   f:seek(1)
   local y = f:readObject()
   y[1][1] = 100
   eq(x[1][1], 1)
end

return T
