-- torch.DiskFile(path[, 'r'|'w'|'rw'][, quiet]): a torch.File on a disk file (the C core's tc_file).
local torch = ... or rawget(_G, 'torch')
local ffi = require 'ffi'
local lib = torch._core.lib

local DiskFile = torch.class('torch.DiskFile', 'torch.File')

function DiskFile:__init(path, mode, quiet)
   mode = mode or 'r'
   if type(path) ~= 'string' then error('torch.DiskFile: file name (string) expected', 2) end
   if mode ~= 'r' and mode ~= 'w' and mode ~= 'rw' then
      error("torch.DiskFile: bad mode '" .. tostring(mode) .. "' (expected 'r', 'w' or 'rw')", 2)
   end
   self._mode = mode
   local f = lib.tc_file_open(path, mode, quiet and 1 or 0)
   if f == nil then
      if quiet then return end -- the constructor returns nil (Torch7's quiet open)
      error((ffi.string(lib.tc_last_error()):gsub('^tc_file_open: ', '')), 0)   -- no position: it would name the class machinery
   end
   self:_attach(f)
end

-- torch.DiskFile(path, mode, true) returns nil when the file cannot be opened
do
   local mt = torch.getmetatable('torch.DiskFile')
   local plainNew = mt.new
   local function new(...)
      local f = plainNew(...)
      if f._f == nil then return nil end
      return f
   end
   mt.new = new
   debug.getmetatable(torch.getconstructortable('torch.DiskFile')).__call = function(_, ...) return new(...) end
end

-- A write-only DiskFile that replaces `path` only when closed (a temporary file beside it until then);
-- :_abort() discards it and leaves any old file intact. torch.save writes through this.
function DiskFile._atomic(path)
   local f = lib.tc_file_open_atomic(path, 0)
   if f == nil then error(ffi.string(lib.tc_last_error()), 2) end
   local self = torch.getmetatable('torch.DiskFile').__factory()
   self._mode = 'w'
   self:_attach(f)
   return self
end

function DiskFile:_abort()
   if self._f ~= nil and lib.tc_file_is_open(self._f) ~= 0 then lib.tc_file_abort(self._f) end
end

local function isLittleEndianCPU() return lib.tc_file_is_little_endian_cpu() ~= 0 end
DiskFile.isLittleEndianCPU = isLittleEndianCPU
DiskFile.isBigEndianCPU = function() return not isLittleEndianCPU() end

local function setEndian(self, code)
   if lib.tc_file_set_endian(self._f, code) < 0 then error(ffi.string(lib.tc_last_error()), 3) end
   return self
end
function DiskFile:nativeEndianEncoding() return setEndian(self, 0) end
function DiskFile:littleEndianEncoding() return setEndian(self, 1) end
function DiskFile:bigEndianEncoding() return setEndian(self, 2) end

function DiskFile:noBuffer()
   if lib.tc_file_no_buffer(self._f) < 0 then error(ffi.string(lib.tc_last_error()), 2) end
   return self
end

function DiskFile:__tostring__()
   local open = self._f ~= nil and lib.tc_file_is_open(self._f) ~= 0
   return string.format('torch.DiskFile on <%s> [status: %s -- mode %s]', self:_name(),
      open and 'open' or 'closed', self._mode)
end

return DiskFile
