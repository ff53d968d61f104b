-- Storages: torch.ByteStorage ... torch.DoubleStorage, one ffi struct holding a retained tc_storage*.
local torch, core = ...
local ffi, lib = core.ffi, core.lib
local rawtype = type
local read, write = core.read, core.write

local StorageClass = {}   -- dtype -> class metatable
torch._StorageClass = StorageClass

local SMT = {}
local storage_ct

local function wrap(p)
   if p == nil then error(core.lasterror(), 3) end
   return storage_ct(p)
end
torch._wrapstorage = wrap

local function isStorage(v)
   return rawtype(v) == 'cdata' and ffi.istype(storage_ct, v)
end
torch._isStorage = isStorage
function torch.isStorage(v) return isStorage(v) end

function SMT.__gc(self)
   if self.tc_ ~= nil then lib.tc_storage_release(self.tc_) end
end

function SMT.__index(self, k)
   if rawtype(k) == 'number' then
      local s = self.tc_
      if k < 1 or k > s.size then
         error(string.format('index out of bounds (index %d, storage size %d)', k, tonumber(s.size)), 2)
      end
      return read[s.dtype](s.data, k - 1)
   end
   return StorageClass[self.tc_.dtype][k]
end

function SMT.__newindex(self, k, v)
   if rawtype(k) == 'number' then
      local s = self.tc_
      if k < 1 or k > s.size then
         error(string.format('index out of bounds (index %d, storage size %d)', k, tonumber(s.size)), 2)
      end
      write[s.dtype](s.data, k - 1, v)
      return
   end
   error(string.format("cannot set field '%s' of a %s", tostring(k), torch.typename(self)), 2)
end

function SMT.__len(self) return tonumber(self.tc_.size) end
function SMT.__eq(a, b)
   return isStorage(a) and isStorage(b) and a.tc_ == b.tc_
end
function SMT.__tostring(self) return torch._storage_tostring(self) end
function SMT.__concat(a, b) return tostring(a) .. tostring(b) end

storage_ct = ffi.metatype('lt_storage', SMT)
torch._storage_ct = storage_ct

local methods = {}

function methods:size() return tonumber(self.tc_.size) end
function methods:elementSize() return tonumber(lib.tc_dtype_size(self.tc_.dtype)) end
function methods:data() return ffi.cast(core.by_dtype[self.tc_.dtype].ptr, self.tc_.data) end
function methods:cdata() return self.tc_ end
function methods:resize(n)
   core.check(lib.tc_storage_resize(self.tc_, n), 2)
   return self
end
function methods:fill(v)
   core.check(lib.tc_storage_fill(self.tc_, v), 2)
   return self
end
function methods:zero() return self:fill(0) end
function methods:copy(src)
   if isStorage(src) then
      core.check(lib.tc_storage_copy(self.tc_, src.tc_), 2)
   elseif torch.isTensor(src) then
      torch.getconstructortable(core.by_dtype[self.tc_.dtype].tensor)(self):copy(src)
   else
      error('copy: storage expected', 2)
   end
   return self
end
function methods:totable()
   local s, t = self.tc_, {}
   local r = read[s.dtype]
   for i = 1, tonumber(s.size) do t[i] = r(s.data, i - 1) end
   return t
end
function methods:type(name)
   if not name then return torch.typename(self) end
   if name == torch.typename(self) then return self end
   local out = torch.getconstructortable(name)(self:size())
   return out:copy(self)
end
function methods:string(str)
   local s = self.tc_
   if str == nil then
      return ffi.string(s.data, s.size)
   end
   self:resize(#str)
   ffi.copy(s.data, str, #str)
   return self
end
function methods:retain() lib.tc_storage_retain(self.tc_); return self end
function methods:free() lib.tc_storage_release(self.tc_); return self end
function methods:isStorage() return true end
function methods:pointer() return torch.pointer(self) end

-- constructor(): (), (n), (table), (storage, offset[, size]) view, (n, ptr) external memory
local function constructor(T)
   return function(a, b, c)
      if a == nil then return wrap(lib.tc_storage_new(T.dtype, 0)) end
      if rawtype(a) == 'number' then
         if b ~= nil then
            local p = ffi.cast('void *', b)
            return wrap(lib.tc_storage_new_external(T.dtype, p, a, -1, nil, nil))
         end
         return wrap(lib.tc_storage_new(T.dtype, a))
      end
      if rawtype(a) == 'table' then
         local s = wrap(lib.tc_storage_new(T.dtype, #a))
         local w, d = write[T.dtype], s.tc_.data
         for i = 1, #a do
            local v = a[i]
            if rawtype(v) ~= 'number' then error('table must contain numbers', 2) end
            w(d, i - 1, v)
         end
         return s
      end
      if isStorage(a) then
         -- a view sharing a's memory: the view keeps `a` alive through the Lua side keep-alive table
         local off = (b or 1) - 1
         local n = c or (tonumber(a.tc_.size) - off)
         if off < 0 or n < 0 or off + n > a.tc_.size then error('storage view out of bounds', 2) end
         local p = ffi.cast('char *', a.tc_.data) + off * lib.tc_dtype_size(T.dtype)
         local v = wrap(lib.tc_storage_new_external(T.dtype, p, n, -1, nil, nil))
         torch._storage_parents[torch.pointer(v)] = a
         return v
      end
      error('torch.' .. T.name .. 'Storage: expected (), (size), (table), (storage, offset, size)', 2)
   end
end
torch._storage_parents = setmetatable({}, { __mode = '' })

for _, T in ipairs(core.types) do
   local ctor = constructor(T)
   local mt = torch.newmetatable(T.storage, nil, ctor, nil, function() return ctor() end, torch)
   for k, v in pairs(methods) do mt[k] = v end
   StorageClass[T.dtype] = mt
end
StorageClass[8] = StorageClass[0]
