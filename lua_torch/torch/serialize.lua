-- Tensor and storage payloads of the .t7 format, and torch.save / load / serialize / deserialize.
local torch, core = ...
torch = torch or rawget(_G, 'torch')
core = core or torch._core
local ffi = require 'ffi'
local lib = core.lib
local File = torch.getmetatable('torch.File')
local KINDS = File._KINDS

local MAX_DIMS = 25
local int64_arr = ffi.typeof('int64_t[?]')

---------------------------------------------------------------------------------------------------
-- Storage: long size, then the elements
for _, T in ipairs(core.types) do
   local K = KINDS[T.name]
   local mt = torch.getmetatable(T.storage)

   mt.write = function(self, file)
      local n = self:size()
      file:writeLong(n)
      file['write' .. T.name](file, self)
   end

   mt.read = function(self, file)
      local n = file:readLong()
      file:_checkAvailable(K, n, T.storage .. ' size')
      self:resize(n)
      if n > 0 then file:_readElements(K, self:data(), n) end
   end
end

---------------------------------------------------------------------------------------------------
-- Tensor: int nDimension, long sizes[nDim], long strides[nDim], long storageOffset (1-based), storage object
local function readLongs(file, n, what)
   local arr = int64_arr(math.max(n, 1))
   if n > 0 then
      file:_checkAvailable(KINDS.Long, n, what)
      file:_readElements(KINDS.Long, arr, n)
   end
   return arr
end

for _, T in ipairs(core.types) do
   local mt = torch.getmetatable(T.tensor)

   mt.write = function(self, file)
      local nd = self:nDimension()
      file:writeInt(nd)
      local sizes, strides = int64_arr(math.max(nd, 1)), int64_arr(math.max(nd, 1))
      for d = 1, nd do
         sizes[d - 1] = self:size(d)
         strides[d - 1] = self:stride(d)
      end
      if nd > 0 then
         file:_writeElements(KINDS.Long, sizes, nd)
         file:_writeElements(KINDS.Long, strides, nd)
      end
      file:writeLong(self:storageOffset())
      local storage = nil
      if self.tc_.storage ~= nil then storage = self:storage() end
      file:writeObject(storage)
   end

   mt.read = function(self, file)
      local nd = file:readInt()
      if nd < 0 or nd > MAX_DIMS then
         error(string.format('corrupted file %s: a %s with %s dimensions', file:_name(), T.tensor, tostring(nd)), 0)
      end
      local sizes = readLongs(file, nd, 'tensor sizes')
      local strides = readLongs(file, nd, 'tensor strides')
      local offset = file:readLong()
      local storage = file:readObject()
      if storage == nil then
         if nd > 0 then
            local numel = 1
            for d = 0, nd - 1 do numel = numel * tonumber(sizes[d]) end
            if numel > 0 then
               error(string.format('corrupted file %s: a %s with sizes but no storage', file:_name(), T.tensor), 0)
            end
         end
         return
      end
      if torch.typename(storage) ~= T.storage then
         error(string.format('corrupted file %s: a %s whose storage is a %s', file:_name(), T.tensor,
            torch.type(storage)), 0)
      end
      if nd == 0 then return end
      -- the view must lie inside the storage (checked here in doubles: no overflow can pass)
      local last, empty = offset - 1, false
      for d = 0, nd - 1 do
         local size, stride = tonumber(sizes[d]), tonumber(strides[d])
         if size < 0 or stride < 0 then
            error(string.format('corrupted file %s: negative size or stride in a %s', file:_name(), T.tensor), 0)
         end
         if size == 0 then empty = true end
         last = last + (size - 1) * stride
      end
      if offset < 1 or (not empty and last >= storage:size()) then
         error(string.format('corrupted file %s: a %s view (offset %d) reaches past its storage of %d elements',
            file:_name(), T.tensor, offset, storage:size()), 0)
      end
      core.check(lib.tc_tensor_set_storage(self.tc_, storage.tc_, offset - 1, nd, sizes, strides))
   end
end

---------------------------------------------------------------------------------------------------
-- high-level helpers

local function setMode(file, mode)
   mode = mode or 'binary'
   if mode == 'binary' then
      file:binary()
   elseif mode == 'ascii' then
      file:ascii()
   elseif mode == 'b32' then
      file:binary():longSize(4)
   elseif mode == 'b64' then
      file:binary():longSize(8)
   else
      error("unknown serialization format '" .. tostring(mode) .. "' (binary, ascii, b32 or b64)", 3)
   end
   return file
end

local function applyOptions(file, referenced, options)
   file:referenced(referenced ~= false)
   if type(options) == 'table' and options.allowFunctions then file:allowFunctions(true) end
end

local counter = 0
-- torch.save(path, obj[, format='binary'][, referenced=true]): written to a temporary file in the same folder
-- and renamed over `path`, so a failure leaves any old file intact.
function torch.save(filename, object, mode, referenced)
   if type(filename) ~= 'string' then error('torch.save: file name (string) expected', 2) end
   counter = counter + 1
   local tmp = string.format('%s.tmp%d_%d', filename, ffi.C.getpid(), counter)
   local file = torch.DiskFile(tmp, 'w')
   local ok, err = pcall(function()
      setMode(file, mode)
      file:referenced(referenced ~= false)
      file:writeObject(object)
   end)
   file:close()
   if not ok then
      os.remove(tmp)
      error(err, 2)
   end
   local renamed, msg = os.rename(tmp, filename)
   if not renamed then
      os.remove(tmp)
      error('torch.save: cannot replace ' .. filename .. ': ' .. tostring(msg), 2)
   end
end

-- torch.load(path[, format='binary'][, referenced=true][, {allowFunctions=true}])
function torch.load(filename, mode, referenced, options)
   if type(filename) ~= 'string' then error('torch.load: file name (string) expected', 2) end
   local file = torch.DiskFile(filename, 'r')
   local ok, result = pcall(function()
      setMode(file, mode)
      applyOptions(file, referenced, options)
      return file:readObject()
   end)
   file:close()
   if not ok then error(result, 2) end
   return result
end

torch.saveobj = torch.save
torch.loadobj = torch.load

function torch.serializeToStorage(object, mode)
   local file = torch.MemoryFile()
   setMode(file, mode)
   file:writeObject(object)
   local storage = file:storage()
   storage:resize(storage:size() - 1) -- drop the trailing 0
   file:close()
   return storage
end

function torch.serialize(object, mode)
   local file = torch.MemoryFile()
   setMode(file, mode)
   file:writeObject(object)
   local s = file:_string()
   file:close()
   return s
end

local function readFromMemory(bytes, n, mode, options)
   local storage = torch.CharStorage(n + 1)
   if n > 0 then ffi.copy(storage:data(), bytes, n) end
   storage[n + 1] = 0
   local file = torch.MemoryFile(storage, 'r')
   setMode(file, mode)
   applyOptions(file, true, options)
   local ok, result = pcall(file.readObject, file)
   file:close()
   if not ok then error(result, 3) end
   return result
end

function torch.deserializeFromStorage(storage, mode, options)
   return readFromMemory(storage:data(), storage:size(), mode, options)
end

function torch.deserialize(str, mode, options)
   if type(str) ~= 'string' then error('torch.deserialize: string expected', 2) end
   return readFromMemory(str, #str, mode, options)
end

return torch
