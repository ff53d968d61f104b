-- torch.MemoryFile([mode]) / torch.MemoryFile(charStorage[, mode]): a torch.File on a growable memory buffer.
-- The bytes of a CharStorage given to the constructor are copied (Torch7 shared them); the storage must end
-- with a 0 byte, as in Torch7, which is not part of the content.
local torch = ... or rawget(_G, 'torch')
local ffi = require 'ffi'

local Buffer = {}
Buffer.__index = Buffer

local function newBuffer(capacity)
   capacity = math.max(capacity or 0, 64)
   return setmetatable({ data = ffi.new('uint8_t[?]', capacity), cap = capacity, len = 0, pos = 0 }, Buffer)
end

function Buffer:reserve(n)
   if n <= self.cap then return end
   local cap = self.cap
   while cap < n do cap = cap * 2 end
   local data = ffi.new('uint8_t[?]', cap)
   ffi.copy(data, self.data, self.len)
   self.data, self.cap = data, cap
end

function Buffer:read(ptr, n)
   local avail = self.len - self.pos
   if n > avail then n = avail end
   if n <= 0 then return 0 end
   ffi.copy(ptr, self.data + self.pos, n)
   self.pos = self.pos + n
   return n
end

function Buffer:write(ptr, n)
   if n <= 0 then return 0 end
   self:reserve(self.pos + n)
   ffi.copy(self.data + self.pos, ptr, n)
   self.pos = self.pos + n
   if self.pos > self.len then self.len = self.pos end
   return n
end

function Buffer:getc()
   if self.pos >= self.len then return -1 end
   local c = self.data[self.pos]
   self.pos = self.pos + 1
   return c
end

function Buffer:ungetc() self.pos = self.pos - 1 end
function Buffer:seek(pos) self.pos = pos end
function Buffer:tell() return self.pos end
function Buffer:length() return self.len end
function Buffer:flush() end
function Buffer:close() end
function Buffer:string() return ffi.string(self.data, self.len) end

local MemoryFile = torch.class('torch.MemoryFile', 'torch.File')

function MemoryFile:__init(a, b)
   local mode, content = 'rw', nil
   if type(a) == 'string' then
      mode = a
   elseif a ~= nil then
      if torch.typename(a) ~= 'torch.CharStorage' then
         error('torch.MemoryFile: expected ([mode]) or (CharStorage[, mode])', 2)
      end
      local n = a:size()
      if n == 0 or a[n] ~= 0 then error('torch.MemoryFile: provided CharStorage must be terminated by 0', 2) end
      content = a
      mode = b or 'rw'
   end
   if mode ~= 'r' and mode ~= 'w' and mode ~= 'rw' then
      error("torch.MemoryFile: bad mode '" .. tostring(mode) .. "' (expected 'r', 'w' or 'rw')", 2)
   end
   self._mode = mode
   if content then
      local n = content:size() - 1
      self._io = newBuffer(n + 1)
      ffi.copy(self._io.data, content:data(), n)
      self._io.len = n
   else
      self._io = newBuffer()
   end
   self:_initState(mode ~= 'w', mode ~= 'r')
end

-- The content as a CharStorage with Torch7's trailing 0 byte.
function MemoryFile:storage()
   local n = self._io.len
   local s = torch.CharStorage(n + 1)
   if n > 0 then ffi.copy(s:data(), self._io.data, n) end
   s[n + 1] = 0
   return s
end

-- the content as a Lua string (without the trailing 0)
function MemoryFile:_string()
   return self._io:string()
end

function MemoryFile:__tostring__()
   return string.format('torch.MemoryFile [status: %s -- mode %s]', self._open and 'open' or 'closed', self._mode)
end

return MemoryFile
