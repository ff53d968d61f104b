-- torch.MemoryFile([mode]) / torch.MemoryFile(charStorage[, mode]): a torch.File on a growable memory buffer
-- (the C core's tc_file). The bytes of a CharStorage given to the constructor are copied (Torch7 shared them);
-- as in Torch7 the storage must end with a 0 byte, which is not part of the content.
local torch = ... or rawget(_G, 'torch')
local ffi = require 'ffi'
local lib = torch._core.lib

local MemoryFile = torch.class('torch.MemoryFile', 'torch.File')

function MemoryFile:__init(a, b)
   local mode, content = 'rw', nil
   if type(a) == 'string' then
      mode = a
   elseif a ~= nil then
      if torch.typename(a) ~= 'torch.CharStorage' then
         error('torch.MemoryFile: expected ([mode]) or (CharStorage[, mode])', 2)
      end
      content = a
      mode = b or 'rw'
   end
   if mode ~= 'r' and mode ~= 'w' and mode ~= 'rw' then
      error("torch.MemoryFile: bad mode '" .. tostring(mode) .. "' (expected 'r', 'w' or 'rw')", 2)
   end
   self._mode = mode
   local f
   if content then
      -- the file writes into the caller's storage (Torch7 shares it); it must end with a 0 byte
      f = lib.tc_file_memory_on_storage(content.tc_, mode)
      if f == nil then
         error('torch.MemoryFile: ' .. ffi.string(lib.tc_last_error()):gsub('^tc_file_memory_on_storage: ', ''), 0)
      end
   else
      f = lib.tc_file_memory_new(mode)
   end
   if f == nil then error(ffi.string(lib.tc_last_error()), 2) end
   self:_attach(f)
end

local dataptr = ffi.new('const uint8_t *[1]')
local sizeptr = ffi.new('int64_t[1]')
local function bytes(self)
   if lib.tc_file_memory_data(self._f, dataptr, sizeptr) < 0 then error(ffi.string(lib.tc_last_error()), 3) end
   return dataptr[0], tonumber(sizeptr[0])
end

-- The file's own CharStorage (content plus Torch7's trailing 0 byte): the same storage each time, so
-- later writes show in it, as in Torch7.
function MemoryFile:storage()
   local p = lib.tc_file_memory_storage(self._f)
   if p == nil then error(ffi.string(lib.tc_last_error()), 2) end
   lib.tc_storage_retain(p)
   return torch._wrapstorage(p)
end

-- the content as a Lua string (without the trailing 0)
function MemoryFile:_string()
   local data, n = bytes(self)
   return ffi.string(data, n)
end

function MemoryFile:__tostring__()
   local open = self._f ~= nil and lib.tc_file_is_open(self._f) ~= 0
   return string.format('torch.MemoryFile [status: %s -- mode %s]', open and 'open' or 'closed', self._mode)
end

return MemoryFile
