-- Storages: torch.ByteStorage ... torch.DoubleStorage, one ffi struct holding a retained tc_storage*.
local torch, core = ...
local ffi, lib = core.ffi, core.lib
local rawtype = type
local read, write = core.read, core.write

local StorageClass = {}   -- dtype -> class metatable
local from_file
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
-- retain/free pair up: the handle itself owns one reference (released by __gc), so free() only gives
-- back references taken by retain() -- a stray free() can never release memory still in use.
local extra_refs = {}
function methods:retain()
   local key = torch.pointer(self)
   extra_refs[key] = (extra_refs[key] or 0) + 1
   lib.tc_storage_retain(self.tc_)
   return self
end
function methods:free()
   local key = torch.pointer(self)
   local n = extra_refs[key] or 0
   if n > 0 then
      extra_refs[key] = n > 1 and n - 1 or nil
      lib.tc_storage_release(self.tc_)
   end
   return self
end
function methods:isStorage() return true end
function methods:pointer() return torch.pointer(self) end

-- (filename[, shared[, size]]): the file's contents as elements.  shared=false (default) reads a copy;
-- shared=true maps the file, so writes to the storage reach the file (the mapping lives as long as the
-- process: the core's external storages have no Lua-side release hook).
pcall(ffi.cdef, [[
int open(const char *path, int flags, ...);
int close(int fd);
void *mmap(void *addr, size_t length, int prot, int flags, int fd, long offset);
]])
function from_file(T, filename, shared, size)
   local elem = tonumber(lib.tc_dtype_size(T.dtype))
   local fh = io.open(filename, 'rb')
   if not fh then error('torch.' .. T.name .. 'Storage: cannot open ' .. filename, 3) end
   local bytes = fh:seek('end')
   local n = size and size > 0 and size or math.floor(bytes / elem)
   if n * elem > bytes then
      fh:close()
      error(string.format('torch.%sStorage: %s has %d bytes, %d elements need %d', T.name, filename, bytes, n, n * elem), 3)
   end
   if not shared then
      fh:seek('set', 0)
      local data = fh:read(n * elem) or ''
      fh:close()
      local st = wrap(lib.tc_storage_new(T.dtype, n))
      if n > 0 then ffi.copy(st.tc_.data, data, n * elem) end
      return st
   end
   fh:close()
   local O_RDWR, PROT_RW, MAP_SHARED = 2, 3, 1
   local fd = ffi.C.open(filename, O_RDWR)
   if fd < 0 then error('torch.' .. T.name .. 'Storage: cannot open ' .. filename .. ' for writing', 3) end
   local p = ffi.C.mmap(nil, math.max(n * elem, 1), PROT_RW, MAP_SHARED, fd, 0)
   ffi.C.close(fd)
   if ffi.cast('intptr_t', p) == -1 then error('torch.' .. T.name .. 'Storage: mmap failed for ' .. filename, 3) end
   return wrap(lib.tc_storage_new_external(T.dtype, p, n, -1, nil, nil))
end

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
      if rawtype(a) == 'string' then
         return from_file(T, a, b, c)
      end
      if isStorage(a) then
         -- a view sharing a's memory; the C view holds a reference to a's storage (freed with the view)
         if a.tc_.dtype ~= T.dtype then
            error('torch.' .. T.name .. 'Storage: a storage view needs a storage of the same type', 2)
         end
         local off = (b or 1) - 1
         local n = c or (tonumber(a.tc_.size) - off)
         if off < 0 or n < 0 or off + n > a.tc_.size then error('storage view out of bounds', 2) end
         return wrap(lib.tc_storage_view(a.tc_, off, n))
      end
      error('torch.' .. T.name .. 'Storage: expected (), (size), (table), (storage, offset, size)', 2)
   end
end

for _, T in ipairs(core.types) do
   local ctor = constructor(T)
   local mt = torch.newmetatable(T.storage, nil, ctor, nil, function() return ctor() end, torch)
   for k, v in pairs(methods) do mt[k] = v end
   StorageClass[T.dtype] = mt
end
StorageClass[8] = StorageClass[0]
