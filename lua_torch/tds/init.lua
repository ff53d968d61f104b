-- tds: Hash and Vec with the Torch7 tds API, as Lua tables (the data lives in the table itself, methods in
-- the class metatable), serialized to .t7 exactly as tds writes them (a long count, then the objects), so
-- .t7 files holding tds objects load as tds objects once tds is required.
--
-- Known difference: this LuaJIT has no 5.2 compatibility, so `#hash` does not see __len on a table:
-- use hash:size() (or #vec, which is native since a Vec's elements sit in the array part).
-- Keys equal to a method name ('size', 'write', ...) would shadow the method on that instance.
require 'torch'

local tds = {}
_G.tds = tds   -- torch.class('tds.X') needs the global table

local Hash = torch.class('tds.Hash')
local Vec = torch.class('tds.Vec')
-- tds writes its objects as version 0 ('V 0')
Hash.__version = 0
Vec.__version = 0

-- tds.Hash([table]) : a copy of the table's pairs
function Hash:__init(init)
   if init ~= nil then
      if type(init) ~= 'table' then error('tds.Hash: expected a table to copy', 2) end
      for k, v in pairs(init) do self[k] = v end
   end
end

function Hash:size()
   local n = 0
   for _ in pairs(self) do n = n + 1 end
   return n
end

function Hash:write(file)
   file:writeLong(self:size())
   for k, v in pairs(self) do
      file:writeObject(k)
      file:writeObject(v)
   end
end

function Hash:read(file)
   local n = file:readLong()
   for _ = 1, n do
      local k = file:readObject()
      local v = file:readObject()
      if k == nil then error('corrupted file: nil key in a tds.Hash', 0) end
      self[k] = v
   end
end

function Hash:__tostring__()
   local parts = {}
   for k, v in pairs(self) do
      parts[#parts + 1] = tostring(k) .. ' : ' .. tostring(v)
      if #parts >= 20 then parts[#parts + 1] = '...'; break end
   end
   return 'tds.Hash[' .. self:size() .. ']{\n' .. table.concat(parts, '\n') .. '\n}'
end

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

tds.Hash = tds.Hash or Hash
tds.hash = tds.Hash
tds.Vec = tds.Vec or Vec
tds.vec = tds.Vec

package.loaded['tds'] = tds
return tds
