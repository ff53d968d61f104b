-- torch.DiskFile(path[, 'r'|'w'|'rw'][, quiet]): a torch.File on a disk file, through C stdio (LuaJIT ffi).
local torch = ... or rawget(_G, 'torch')
local ffi = require 'ffi'
require 'paths.libc'

for _, decl in ipairs {
   'typedef struct luatorch_FILE luatorch_FILE;',
   'luatorch_FILE *fopen(const char *path, const char *mode);',
   'int fclose(luatorch_FILE *f);',
   'size_t fread(void *ptr, size_t size, size_t n, luatorch_FILE *f);',
   'size_t fwrite(const void *ptr, size_t size, size_t n, luatorch_FILE *f);',
   'int fseeko(luatorch_FILE *f, int64_t offset, int whence);',
   'int64_t ftello(luatorch_FILE *f);',
   'int fflush(luatorch_FILE *f);',
   'int fgetc(luatorch_FILE *f);',
   'int setvbuf(luatorch_FILE *f, char *buf, int mode, size_t size);',
} do pcall(ffi.cdef, decl) end
local C = ffi.C
local SEEK_SET, SEEK_END = 0, 2

-- the byte stream: positions are 0-based; the length is tracked so that reads can be checked against it
local Stream = {}
Stream.__index = Stream

local function openStream(path, mode)
   local cmode = ({ r = 'rb', w = 'wb', rw = 'r+b' })[mode]
   local fp = C.fopen(path, cmode)
   if fp == nil and mode == 'rw' then
      fp = C.fopen(path, 'w+b') -- Torch7 creates a missing file in rw mode
   end
   if fp == nil then return nil end
   ffi.gc(fp, C.fclose)
   local self = setmetatable({ fp = fp, pos = 0, len = 0, lastWasWrite = false }, Stream)
   C.fseeko(fp, 0, SEEK_END)
   self.len = tonumber(C.ftello(fp))
   C.fseeko(fp, 0, SEEK_SET)
   return self
end

-- C stdio needs a positioning call between a write and a read on the same stream
function Stream:_switch(writing)
   if self.lastWasWrite ~= writing then
      C.fseeko(self.fp, self.pos, SEEK_SET)
      self.lastWasWrite = writing
   end
end

function Stream:read(ptr, n)
   if n <= 0 then return 0 end
   self:_switch(false)
   local got = tonumber(C.fread(ptr, 1, n, self.fp))
   self.pos = self.pos + got
   return got
end

function Stream:write(ptr, n)
   if n <= 0 then return 0 end
   self:_switch(true)
   local done = tonumber(C.fwrite(ptr, 1, n, self.fp))
   self.pos = self.pos + done
   if self.pos > self.len then self.len = self.pos end
   return done
end

function Stream:getc()
   self:_switch(false)
   local c = C.fgetc(self.fp)
   if c >= 0 then self.pos = self.pos + 1 end
   return c
end

function Stream:ungetc()
   self.pos = self.pos - 1
   C.fseeko(self.fp, self.pos, SEEK_SET)
end

function Stream:seek(pos)
   self.pos = pos
   C.fseeko(self.fp, pos, SEEK_SET)
end

function Stream:tell() return self.pos end
function Stream:length() return self.len end
function Stream:flush() C.fflush(self.fp) end
function Stream:nobuffer() C.setvbuf(self.fp, nil, 2, 0) end

function Stream:close()
   if self.fp ~= nil then
      local fp = self.fp
      self.fp = nil
      ffi.gc(fp, nil)
      return C.fclose(fp) == 0
   end
   return true
end

local DiskFile = torch.class('torch.DiskFile', 'torch.File')

function DiskFile:__init(path, mode, quiet)
   mode = mode or 'r'
   if type(path) ~= 'string' then error('torch.DiskFile: file name (string) expected', 2) end
   if mode ~= 'r' and mode ~= 'w' and mode ~= 'rw' then
      error("torch.DiskFile: bad mode '" .. tostring(mode) .. "' (expected 'r', 'w' or 'rw')", 2)
   end
   self._path = path
   self._mode = mode
   local stream = openStream(path, mode)
   if not stream then
      self:_initState(false, false)
      self._open = false
      if quiet then return end
      error(string.format('cannot open <%s> in mode %s (%s)', path, mode, ffi.string(C.strerror(ffi.errno()))), 2)
   end
   self._io = stream
   self:_initState(mode ~= 'w', mode ~= 'r')
   if quiet then self._quiet = true end
end

-- torch.DiskFile(path, mode, true) returns nil when the file cannot be opened (Torch7's quiet open)
do
   local ctor = torch.getconstructortable('torch.DiskFile')
   local mt = torch.getmetatable('torch.DiskFile')
   local plainNew = mt.new
   local function new(path, mode, quiet)
      local f = plainNew(path, mode, quiet)
      if not f._open then return nil end
      return f
   end
   mt.new = new
   if ctor then
      debug.getmetatable(ctor).__call = function(_, ...) return new(...) end
   end
end

local function isLittleEndianCPU() return ffi.abi('le') end
DiskFile.isLittleEndianCPU = isLittleEndianCPU
DiskFile.isBigEndianCPU = function() return not isLittleEndianCPU() end

function DiskFile:nativeEndianEncoding() self._swap = false; return self end
function DiskFile:littleEndianEncoding() self._swap = not isLittleEndianCPU(); return self end
function DiskFile:bigEndianEncoding() self._swap = isLittleEndianCPU(); return self end

function DiskFile:noBuffer()
   if self._io then self._io:nobuffer() end
   return self
end

function DiskFile:__tostring__()
   return string.format('torch.DiskFile on <%s> [status: %s -- mode %s]', self._path,
      self._open and 'open' or 'closed', self._mode)
end

return DiskFile
