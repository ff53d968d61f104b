-- tds: Hash and Vec with the Torch7 tds API, serialized to .t7 exactly as tds writes them (a long count,
-- then the objects), so .t7 files holding tds objects load as tds objects once tds is required.
--
-- tds.Hash is an ffi cdata object, as in the original (which was a LuaJIT ffi binding): that is what makes
-- `#hash` work, since LuaJIT honours __len on cdata but not on tables (this LuaJIT is built without 5.2
-- compatibility). Its pairs live in a Lua table owned by the object and freed with it. `pairs(hash)` works
-- because requiring tds makes the global pairs honour a cdata class's __pairs, as Torch's LuaJIT (built
-- with 5.2 compatibility) did. Keys are strings or numbers, as in tds. A key shadows a method of the same
-- name (size, keys, ...) on that instance; the .t7 codec reaches the methods through the class.
-- tds.Vec is a plain table whose elements sit in the array part, so `#vec` and ipairs are native.
require 'torch'
local ffi = require 'ffi'

local tds = {}
_G.tds = tds   -- torch.class('tds.X') needs the global table

pcall(ffi.cdef, 'typedef struct { int32_t id; } luatorch_tds_hash;')

local Hash = {}              -- the class: methods, metamethods and torch class fields
local hashStore = {}         -- id -> table of the hash's pairs
local hashCount = {}         -- id -> number of pairs (so # is O(1))
local lastId = 0

local function checkKey(k)
   local tk = type(k)
   if tk ~= 'string' and tk ~= 'number' then
      error('tds.Hash: string or number key expected, got ' .. torch.type(k), 3)
   end
   if k ~= k then error('tds.Hash: NaN cannot be a key', 3) end
end

function Hash.__new()
   lastId = lastId + 1
   hashStore[lastId] = {}
   hashCount[lastId] = 0
   return ffi.new('luatorch_tds_hash', lastId)
end

Hash.__index = function(self, k)
   local v = hashStore[self.id][k]
   if v == nil then return Hash[k] end
   return v
end

Hash.__newindex = function(self, k, v)
   checkKey(k)
   local id = self.id
   local d = hashStore[id]
   local old = d[k]
   if old == nil and v ~= nil then
      hashCount[id] = hashCount[id] + 1
   elseif old ~= nil and v == nil then
      hashCount[id] = hashCount[id] - 1
   end
   d[k] = v
end

Hash.__len = function(self) return hashCount[self.id] end

Hash.__gc = function(self)
   hashStore[self.id] = nil
   hashCount[self.id] = nil
end

Hash.__pairs = function(self)
   return next, hashStore[self.id], nil
end

Hash.__tostring = function(self)
   local parts = {}
   for k, v in next, hashStore[self.id] do
      parts[#parts + 1] = tostring(k) .. ' : ' .. tostring(v)
      if #parts >= 20 then parts[#parts + 1] = '...'; break end
   end
   return 'tds.Hash[' .. #self .. ']{\n' .. table.concat(parts, '\n') .. '\n}'
end

Hash.__eq = function(a, b)
   return ffi.istype('luatorch_tds_hash', a) and ffi.istype('luatorch_tds_hash', b) and a.id == b.id
end

function Hash.size(self) return hashCount[self.id] end

-- tds writes its objects as version 0 ('V 0')
Hash.__version = 0
Hash.__factory = Hash.__new

function Hash.write(self, file)
   file:writeLong(#self)
   for k, v in next, hashStore[self.id] do
      file:writeObject(k)
      file:writeObject(v)
   end
end

function Hash.read(self, file)
   local n = file:readLong()
   for _ = 1, n do
      local k = file:readObject()
      local v = file:readObject()
      if k == nil then error('corrupted file: nil key in a tds.Hash', 0) end
      self[k] = v
   end
end

ffi.metatype('luatorch_tds_hash', Hash)
torch.metatype('tds.Hash', Hash, 'luatorch_tds_hash')

-- tds.Hash([table]) : a new hash, holding a copy of the table's pairs when one is given
local hashConstructor = setmetatable({}, {
   __index = Hash,
   __call = function(_, init)
      local h = Hash.__new()
      if init ~= nil then
         if type(init) ~= 'table' then error('tds.Hash: expected a table to copy', 2) end
         for k, v in pairs(init) do h[k] = v end
      end
      return h
   end,
   __tostring = function() return 'tds.Hash' end,
})

-- pairs honours a cdata class's __pairs (LuaJIT 5.2-compatibility semantics, as Torch's LuaJIT had)
if not rawget(_G, '__luatorch_pairs') then
   local rawpairs = pairs
   local classof = torch._classof
   _G.__luatorch_pairs = rawpairs
   pairs = function(t)
      if type(t) == 'cdata' then
         local mt = classof(t)
         local p = mt and mt.__pairs
         if p then return p(t) end
      end
      return rawpairs(t)
   end
end

local Vec = torch.class('tds.Vec')
Vec.__version = 0

-- tds.Vec(...) : tds.Vec(a, b, c) or tds.Vec({a, b, c})
function Vec:__init(...)
   local n = select('#', ...)
   local first = ...
   if n == 1 and type(first) == 'table' and torch.typename(first) == nil then
      for i = 1, #first do self[i] = first[i] end
   else
      for i = 1, n do self[i] = (select(i, ...)) end
   end
end

function Vec:size() return #self end

-- insert(value) appends; insert(i, value) shifts the tail right
function Vec:insert(i, v)
   if v == nil then table.insert(self, i); return self end
   if type(i) ~= 'number' or i < 1 or i > #self + 1 then error('tds.Vec.insert: index out of range', 2) end
   table.insert(self, i, v)
   return self
end

function Vec:remove(i)
   i = i or #self
   if type(i) ~= 'number' or i < 1 or i > #self then error('tds.Vec.remove: index out of range', 2) end
   return table.remove(self, i)
end

function Vec:resize(n)
   for i = #self, n + 1, -1 do self[i] = nil end
   return self
end

function Vec:sort(cmp)
   table.sort(self, cmp)
   return self
end

function Vec:concat(sep, i, j) return table.concat(self, sep or '', i or 1, j or #self) end

function Vec:write(file)
   file:writeLong(#self)
   for i = 1, #self do file:writeObject(self[i]) end
end

function Vec:read(file)
   local n = file:readLong()
   for i = 1, n do self[i] = file:readObject() end
end

function Vec:__tostring__()
   local parts = {}
   for i = 1, math.min(#self, 20) do parts[i] = tostring(self[i]) end
   if #self > 20 then parts[#parts + 1] = '...' end
   return 'tds.Vec[' .. #self .. ']{' .. table.concat(parts, ', ') .. '}'
end

tds.Hash = hashConstructor
tds.hash = tds.Hash
tds.Vec = tds.Vec or Vec
tds.vec = tds.Vec

package.loaded['tds'] = tds
return tds
