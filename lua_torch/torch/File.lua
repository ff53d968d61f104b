-- torch.File: Torch7's file API and the .t7 object codec (writeObject / readObject).
--
-- Three layers:
--   * a byte stream (`self._io`), given by the concrete class: DiskFile (C stdio) or MemoryFile (a growable
--     buffer); both speak read/write/getc/ungetc/seek/tell/length/flush/close with 0-based positions;
--   * typed primitives (readInt, writeDouble(storage), ...) in binary (packed, optional byte swapping, C long of
--     4 or 8 bytes) or ascii (Torch7's printf/scanf forms, one "\n" after each call, nothing for empty arrays);
--   * the object stream of `.t7` files (inventory §3): type tags, shared references by index, torch classes
--     with `V <version>` headers and their own read/write, Lua functions as bytecode (refused unless allowed).
--
-- Hostile input: every length read from a file is checked against the bytes left before anything is
-- allocated, and every malformed value raises a Lua error (never a crash).
local torch = ... or rawget(_G, 'torch')
local ffi = require 'ffi'
local core = torch._core
local lib = core and core.lib

local File = torch.class('torch.File')

local TYPE_NIL, TYPE_NUMBER, TYPE_STRING, TYPE_TABLE, TYPE_TORCH = 0, 1, 2, 3, 4
local TYPE_BOOLEAN, TYPE_FUNCTION, TYPE_RECUR_FUNCTION, LEGACY_TYPE_RECUR_FUNCTION = 5, 6, 8, 7
File.TYPE = {
   NIL = TYPE_NIL, NUMBER = TYPE_NUMBER, STRING = TYPE_STRING, TABLE = TYPE_TABLE, TORCH = TYPE_TORCH,
   BOOLEAN = TYPE_BOOLEAN, FUNCTION = TYPE_FUNCTION, RECUR_FUNCTION = TYPE_RECUR_FUNCTION,
   LEGACY_RECUR_FUNCTION = LEGACY_TYPE_RECUR_FUNCTION,
}

local MAX_DIMS = 25

---------------------------------------------------------------------------------------------------
-- element kinds
-- size: bytes in memory (a Long is an int64_t in memory; its size in a binary file is the file's longSize)
local KINDS = {
   Byte = { ctype = 'uint8_t', size = 1, raw = true },
   Char = { ctype = 'int8_t', size = 1, raw = true },
   Short = { ctype = 'int16_t', size = 2, fmt = '%d', integer = true },
   Int = { ctype = 'int32_t', size = 4, fmt = '%d', integer = true },
   Long = { ctype = 'int64_t', size = 8, fmt = '%d', integer = true, long = true },
   Half = { ctype = 'uint16_t', size = 2, fmt = '%.9g', half = true },
   Float = { ctype = 'float', size = 4, fmt = '%.9g' },
   Double = { ctype = 'double', size = 8, fmt = '%.17g' },
}
for name, K in pairs(KINDS) do
   K.name = name
   K.ptr = ffi.typeof(K.ctype .. ' *')
   K.arr = ffi.typeof(K.ctype .. '[?]')
   K.storage = 'torch.' .. name .. 'Storage'
end
File._KINDS = KINDS

local int32_arr = ffi.typeof('int32_t[?]')
local uint8_ptr = ffi.typeof('uint8_t *')

local function half_to_number(h)
   if lib then return lib.tc_half_to_float(h) end
   error('torch.File: half precision needs the C core')
end
local function number_to_half(v)
   if lib then return lib.tc_float_to_half(v) end
   error('torch.File: half precision needs the C core')
end

local function swap_bytes(ptr, n, size)
   local p = ffi.cast(uint8_ptr, ptr)
   for i = 0, n - 1 do
      local base = i * size
      for j = 0, size / 2 - 1 do
         local a, b = base + j, base + size - 1 - j
         p[a], p[b] = p[b], p[a]
      end
   end
end

---------------------------------------------------------------------------------------------------
-- state shared by every concrete file
function File:_initState(readable, writable)
   self._readable = readable
   self._writable = writable
   self._binary = false
   self._autoSpacing = true
   self._quiet = false
   self._hasError = false
   self._swap = false
   self._longSize = 8
   self._referenced = true
   self._allowFunctions = false
   self._open = true
end

local function checkOpen(self)
   if not self._open then error('attempt to use a closed file', 3) end
end
local function checkReadable(self)
   checkOpen(self)
   if not self._readable then error('attempt to read in a write-only file', 3) end
end
local function checkWritable(self)
   checkOpen(self)
   if not self._writable then error('attempt to write in a read-only file', 3) end
end

function File:binary() self._binary = true; return self end
function File:ascii() self._binary = false; return self end
function File:autoSpacing() self._autoSpacing = true; return self end
function File:noAutoSpacing() self._autoSpacing = false; return self end
function File:quiet() self._quiet = true; return self end
function File:pedantic() self._quiet = false; return self end
function File:clearError() self._hasError = false; return self end
function File:isBinary() return self._binary end
function File:isAutoSpacing() return self._autoSpacing end
function File:isQuiet() return self._quiet end
function File:isReadable() return self._readable and self._open end
function File:isWritable() return self._writable and self._open end
function File:hasError() return self._hasError end

-- longSize(0|4|8): bytes of a C long in binary mode (0 = native, 8 on 64-bit Linux/macOS)
function File:longSize(size)
   if size ~= 0 and size ~= 4 and size ~= 8 then
      error('Invalid long size specified: expected 0, 4 or 8, got ' .. tostring(size), 2)
   end
   self._longSize = (size == 0) and 8 or size
   return self
end

-- referenced(false): indices are still written but objects are never shared (Torch7's "force" mode)
function File:referenced(ref)
   self._referenced = ref and true or false
   return self
end
function File:isReferenced() return self._referenced end

-- Lua functions in a file are LuaJIT bytecode, which runs code when loaded and is not verified by LuaJIT:
-- reading them is refused unless the caller opts in (torch.load(path, fmt, ref, {allowFunctions=true})).
function File:allowFunctions(allow)
   self._allowFunctions = allow ~= false
   return self
end

-- The error a failed transfer raises (or records, for a quiet file).
function File:_ioError(what, done, wanted)
   self._hasError = true
   if not self._quiet then
      error(string.format('%s error: %s %d blocks instead of %d (%s, position %d)', what,
         what == 'read' and 'read' or 'wrote', done, wanted, self:_name(), self._io:tell() + 1), 0)
   end
end

function File:_name() return self._path or '<memory>' end

---------------------------------------------------------------------------------------------------
-- binary element transfer

local function binaryRead(self, K, ptr, n)
   local io = self._io
   if K.long and self._longSize == 4 then
      local tmp = int32_arr(math.max(n, 1))
      local got = io:read(tmp, 4 * n)
      local count = math.floor(got / 4)
      if self._swap then swap_bytes(tmp, count, 4) end
      local out = ffi.cast(K.ptr, ptr)
      for i = 0, count - 1 do out[i] = tmp[i] end
      return count
   end
   local got = io:read(ptr, K.size * n)
   local count = math.floor(got / K.size)
   if self._swap and K.size > 1 then swap_bytes(ptr, count, K.size) end
   return count
end

local function binaryWrite(self, K, ptr, n)
   local io = self._io
   if K.long and self._longSize == 4 then
      local tmp = int32_arr(math.max(n, 1))
      local src = ffi.cast(K.ptr, ptr)
      for i = 0, n - 1 do tmp[i] = src[i] end
      if self._swap then swap_bytes(tmp, n, 4) end
      return math.floor(io:write(tmp, 4 * n) / 4)
   end
   if self._swap and K.size > 1 then
      local tmp = K.arr(n)
      ffi.copy(tmp, ptr, K.size * n)
      swap_bytes(tmp, n, K.size)
      ptr = tmp
   end
   return math.floor(io:write(ptr, K.size * n) / K.size)
end

---------------------------------------------------------------------------------------------------
-- ascii element transfer

local WS = { [32] = true, [9] = true, [10] = true, [13] = true, [11] = true, [12] = true }

-- one scanf-like number: skips white space, then the longest run of number characters
local function scanNumber(io, integer)
   local c = io:getc()
   while c >= 0 and WS[c] do c = io:getc() end
   if c < 0 then return nil end
   local chars = {}
   while c >= 0 do
      local ch = string.char(c)
      local ok
      if integer then
         ok = ch:find('^[%d%+%-]') ~= nil
      else
         ok = ch:find('^[%w%.%+%-]') ~= nil
      end
      if not ok then break end
      chars[#chars + 1] = ch
      if #chars > 400 then return nil end
      c = io:getc()
   end
   if c >= 0 then io:ungetc() end
   local s = table.concat(chars)
   local v = tonumber(s)
   if v == nil and not integer then
      local low = s:lower()
      local sign = low:sub(1, 1) == '-' and -1 or 1
      local body = low:gsub('^[%+%-]', '')
      if body == 'nan' or body:find('^nan%(') then
         v = 0 / 0
      elseif body == 'inf' or body == 'infinity' then
         v = sign * math.huge
      end
   end
   if v ~= nil and integer and v ~= math.floor(v) then return nil end
   return v
end

local function asciiEndOfCall(self, n)
   if self._autoSpacing and n > 0 then
      local c = self._io:getc()
      if c >= 0 and c ~= 10 then self._io:ungetc() end
   end
end

local function asciiRead(self, K, ptr, n)
   local io = self._io
   if K.raw then
      local got = io:read(ptr, n)
      asciiEndOfCall(self, n)
      return got
   end
   local out = ffi.cast(K.ptr, ptr)
   local count = 0
   for i = 0, n - 1 do
      local v = scanNumber(io, K.integer)
      if v == nil then break end
      if K.half then
         out[i] = number_to_half(v)
      else
         out[i] = v
      end
      count = count + 1
   end
   asciiEndOfCall(self, n)
   return count
end

local function formatLong(v)
   local d = tonumber(v)
   if d >= -9007199254740992 and d <= 9007199254740992 then return string.format('%d', d) end
   return (tostring(v):gsub('[UL]+$', ''))
end

local function asciiWrite(self, K, ptr, n)
   local io = self._io
   if K.raw then
      local wrote = io:write(ptr, n)
      if self._autoSpacing and n > 0 then io:write('\n', 1) end
      return wrote
   end
   local src = ffi.cast(K.ptr, ptr)
   local parts = {}
   local fmt = K.fmt
   for i = 0, n - 1 do
      local v = src[i]
      if K.long then
         parts[i + 1] = formatLong(v)
      elseif K.half then
         parts[i + 1] = string.format(fmt, half_to_number(v))
      else
         parts[i + 1] = string.format(fmt, v)
      end
   end
   local s = table.concat(parts, self._autoSpacing and ' ' or '')
   if self._autoSpacing and n > 0 then s = s .. '\n' end
   io:write(s, #s)
   return n
end

-- Transfers n elements of kind K at ptr; returns the count done (an error unless quiet when short).
function File:_readElements(K, ptr, n)
   checkReadable(self)
   local got = self._binary and binaryRead(self, K, ptr, n) or asciiRead(self, K, ptr, n)
   if got < n then self:_ioError('read', got, n) end
   return got
end

function File:_writeElements(K, ptr, n)
   checkWritable(self)
   local done = self._binary and binaryWrite(self, K, ptr, n) or asciiWrite(self, K, ptr, n)
   if done < n then self:_ioError('write', done, n) end
   return done
end

-- Raises unless the rest of the file can hold n elements of kind K (checked before any allocation).
function File:_checkAvailable(K, n, what)
   if type(n) ~= 'number' or n ~= n or n < 0 or n ~= math.floor(n) then
      error(string.format('corrupted file %s: invalid %s %s at position %d', self:_name(), what or 'length',
         tostring(n), self._io:tell() + 1), 0)
   end
   local remaining = self._io:length() - self._io:tell()
   local need
   if self._binary then
      need = n * (K.long and self._longSize or K.size)
   else
      need = n  -- every ascii element takes at least one byte
   end
   if need > remaining then
      error(string.format('corrupted or truncated file %s: %s %d needs %d bytes but only %d are left ' ..
         '(position %d)', self:_name(), what or 'length', n, need, remaining, self._io:tell() + 1), 0)
   end
end

---------------------------------------------------------------------------------------------------
-- readTYPE() / readTYPE(n) / readTYPE(storage), writeTYPE(number) / writeTYPE(storage)
local function storageOf(name, v)
   return torch.typename(v) == 'torch.' .. name .. 'Storage'
end

for name, K in pairs(KINDS) do
   local scratch = K.arr(1)
   File['read' .. name] = function(self, arg)
      if arg == nil then
         if self._readable and self._open and not self._binary and self._io:tell() >= self._io:length() then
            self:_ioError('read', 0, 1)
            return 0
         end
         local got = self:_readElements(K, scratch, 1)
         if got < 1 then return 0 end
         if K.long then return tonumber(scratch[0]) end
         if K.half then return half_to_number(scratch[0]) end
         return scratch[0]
      elseif type(arg) == 'number' then
         checkReadable(self)
         self:_checkAvailable(K, arg, name .. ' count')
         local s = torch[name .. 'Storage'](arg)
         if arg == 0 then return s end
         local got = self:_readElements(K, s:data(), arg)
         if got < arg then s:resize(got) end
         return s
      elseif storageOf(name, arg) then
         local n = arg:size()
         if n == 0 then return 0 end
         return self:_readElements(K, arg:data(), n)
      end
      error(string.format('read%s: expected nothing, a count or a torch.%sStorage', name, name), 2)
   end
   File['write' .. name] = function(self, arg)
      if type(arg) == 'number' then
         if K.half then scratch[0] = number_to_half(arg) else scratch[0] = arg end
         return self:_writeElements(K, scratch, 1)
      elseif storageOf(name, arg) then
         local n = arg:size()
         if n == 0 then checkWritable(self); return 0 end
         return self:_writeElements(K, arg:data(), n)
      end
      error(string.format('write%s: expected a number or a torch.%sStorage', name, name), 2)
   end
end

function File:readBool() return self:readInt() == 1 end
function File:writeBool(v) return self:writeInt(v and 1 or 0) end

-- raw bytes: '*a' everything left, '*l' up to the next newline (consumed, not returned)
function File:readString(format)
   checkReadable(self)
   local io = self._io
   if format == '*a' then
      local n = io:length() - io:tell()
      if n <= 0 then self:_ioError('read', 0, 1); return '' end
      local buf = ffi.new('uint8_t[?]', n)
      local got = io:read(buf, n)
      return ffi.string(buf, got)
   elseif format == '*l' then
      if io:tell() >= io:length() then self:_ioError('read', 0, 1); return '' end
      local chars = {}
      while true do
         local c = io:getc()
         if c < 0 or c == 10 then break end
         chars[#chars + 1] = string.char(c)
      end
      return table.concat(chars)
   end
   error("readString: format must be '*a' or '*l'", 2)
end

function File:writeString(s)
   checkWritable(self)
   if type(s) ~= 'string' then error('writeString: string expected', 2) end
   local done = self._io:write(s, #s)
   if done < #s then self:_ioError('write', done, #s) end
   return done
end

-- raw byte strings of known length (object stream): n bytes, plus ascii's trailing newline
function File:_readBytes(n)
   self:_checkAvailable(KINDS.Char, n, 'string length')
   if n == 0 then return '' end
   local buf = ffi.new('uint8_t[?]', n)
   local got = self:_readElements(KINDS.Char, buf, n)
   return ffi.string(buf, got)
end

function File:_writeBytes(s)
   if #s == 0 then checkWritable(self); return 0 end
   return self:_writeElements(KINDS.Char, s, #s)
end

---------------------------------------------------------------------------------------------------
-- position (1-based in the Lua API)
function File:seek(pos)
   checkOpen(self)
   if type(pos) ~= 'number' or pos < 1 or pos > self._io:length() + 1 then
      error('unable to seek at position ' .. tostring(pos), 2)
   end
   self._io:seek(pos - 1)
   return self
end

function File:seekEnd()
   checkOpen(self)
   self._io:seek(self._io:length())
   return self
end

function File:position()
   checkOpen(self)
   return self._io:tell() + 1
end

function File:synchronize()
   checkOpen(self)
   self._io:flush()
   return self
end

function File:close()
   if self._open then
      self._io:close()
      self._open = false
   end
   return true
end

---------------------------------------------------------------------------------------------------
-- the object stream

-- CUDA types in files from GPU runs load as the CPU type with the same element type.
local CUDA_TO_CPU = {}
for _, pair in ipairs {
   { 'Cuda', 'Float' }, { 'CudaDouble', 'Double' }, { 'CudaByte', 'Byte' }, { 'CudaChar', 'Char' },
   { 'CudaShort', 'Short' }, { 'CudaInt', 'Int' }, { 'CudaLong', 'Long' }, { 'CudaHalf', 'Half' },
} do
   CUDA_TO_CPU['torch.' .. pair[1] .. 'Tensor'] = 'torch.' .. pair[2] .. 'Tensor'
   CUDA_TO_CPU['torch.' .. pair[1] .. 'Storage'] = 'torch.' .. pair[2] .. 'Storage'
end
File._CUDA_TO_CPU = CUDA_TO_CPU

-- Classes from packages not (yet) provided here whose payload is known: loaded as plain Lua values.
local FOREIGN_READERS = {}
File._FOREIGN_READERS = FOREIGN_READERS
-- tds.Hash: long n, then n (key, value) objects -> a Lua table
FOREIGN_READERS['tds.Hash'] = function(file)
   local n = file:readLong()
   file:_checkAvailable(KINDS.Int, 2 * n, 'tds.Hash size')
   local t = {}
   for _ = 1, n do
      local k = file:readObject()
      local v = file:readObject()
      if k == nil then error('corrupted file: nil key in a tds.Hash', 0) end
      t[k] = v
   end
   return t
end
-- tds.Vec: long n, then n objects -> a Lua array
FOREIGN_READERS['tds.Vec'] = function(file)
   local n = file:readLong()
   file:_checkAvailable(KINDS.Int, n, 'tds.Vec size')
   local t = {}
   for i = 1, n do t[i] = file:readObject() end
   return t
end

-- names read from a file, made safe to show in a message (no control or non-ASCII bytes, bounded length)
local function printable(name)
   local s = tostring(name):gsub('[^%w%p ]', function(c) return string.format('\\x%02x', c:byte()) end)
   if #s > 200 then s = s:sub(1, 200) .. '...' end
   return s
end
File._printable = printable

local function isTorchObject(obj)
   return torch.typename(obj) ~= nil
end

local function state(self)
   local s = self._objects
   if not s then
      s = {
         writeIndex = {},     -- object (or C pointer for tensors/storages) -> index
         writeKeep = {},      -- keeps written handles alive so C addresses are not reused
         nWritten = 0,
         readObjects = {},    -- index -> object
         upvalueIds = {},     -- upvalue id (lightuserdata) -> integer id (writing)
         upvalueOwners = {},  -- integer id -> {closure, upvalue index} (reading)
         nameStack = {},
      }
      self._objects = s
   end
   return s
end

-- Identity for references: the C object behind a tensor or storage handle (two handles on one storage are
-- one object), the Lua value itself otherwise.
local uintptr = ffi.typeof('uintptr_t')
local function identity(obj)
   if torch.isTensor(obj) or torch.isStorage(obj) then return tonumber(ffi.cast(uintptr, obj.tc_)) end
   return obj
end

local function isCFunction(f)
   local info = debug.getinfo(f, 'S')
   return info.what == 'C'
end

function File:isWritableObject(obj)
   local tp = type(obj)
   if tp == 'nil' or tp == 'number' or tp == 'string' or tp == 'boolean' or tp == 'table' then return true end
   if tp == 'function' then return not isCFunction(obj) end
   if isTorchObject(obj) then
      return obj.write ~= nil or torch.isTensor(obj) or torch.isStorage(obj)
   end
   return false
end

local function objectTypeOf(obj)
   local tp = type(obj)
   if tp == 'nil' then return TYPE_NIL end
   if tp == 'number' then return TYPE_NUMBER end
   if tp == 'string' then return TYPE_STRING end
   if tp == 'boolean' then return TYPE_BOOLEAN end
   if isTorchObject(obj) then return TYPE_TORCH end
   if tp == 'table' then return TYPE_TABLE end
   if tp == 'function' and not isCFunction(obj) then return TYPE_RECUR_FUNCTION end
   return nil
end

-- Writes any serializable value. debugName labels error messages; hook(obj) may substitute each object
-- before it is written (e.g. to convert CUDA tensors).
function File:writeObject(object, debugName, hook)
   checkWritable(self)
   local st = state(self)
   local names = st.nameStack
   names[#names + 1] = debugName or '<?>'
   local ok, err = pcall(self._writeObject, self, object, hook, st)
   names[#names] = nil
   if not ok then error(err, 0) end
end

-- torch objects: "V <version>", class name, then the class's own payload (its write method, else a table
-- of its writable fields)
local function writeTorchPayload(self, object, hook, st)
   local version = 'V ' .. tostring(torch.version(object) or 1)
   local className = torch.typename(object)
   self:writeInt(#version)
   self:_writeBytes(version)
   self:writeInt(#className)
   self:_writeBytes(className)
   local write = object.write
   if write then
      write(object, self, hook)
   elseif type(object) == 'table' then
      local fields = {}
      for k, v in pairs(object) do
         if self:isWritableObject(v) then
            fields[k] = v
         else
            print(string.format('$ Warning: cannot write object field <%s> of <%s> %s', tostring(k), className,
               table.concat(st.nameStack, '.')))
         end
      end
      self:_writeNested(fields, nil, hook, st)
   else
      error(string.format('Unwritable object <%s> at %s', className, table.concat(st.nameStack, '.')), 0)
   end
end

local function writeFunctionPayload(self, f, hook, st)
   local bytecode = string.dump(f)
   self:writeInt(#bytecode)
   self:_writeBytes(bytecode)
   local upvalues = {}
   local i = 1
   while true do
      local name, value = debug.getupvalue(f, i)
      if name == nil then break end
      local id = debug.upvalueid(f, i)
      local n = st.upvalueIds[id]
      if not n then
         n = (st.nUpvalueIds or 0) + 1
         st.nUpvalueIds = n
         st.upvalueIds[id] = n
      end
      upvalues[i] = { name = name, id = n, value = value }
      i = i + 1
   end
   self:_writeNested(upvalues, 'upvalues', hook, st)
end

function File:_writeObject(object, hook, st)
   if hook then object = hook(object) end
   local typeidx = objectTypeOf(object)
   if typeidx == nil then
      error(string.format('Unwritable object <%s> at %s', torch.type(object), table.concat(st.nameStack, '.')), 0)
   end
   self:writeInt(typeidx)
   if typeidx == TYPE_NIL then
      return
   elseif typeidx == TYPE_NUMBER then
      self:writeDouble(object)
      return
   elseif typeidx == TYPE_BOOLEAN then
      self:writeBool(object)
      return
   elseif typeidx == TYPE_STRING then
      self:writeInt(#object)
      self:_writeBytes(object)
      return
   end

   -- tables, torch objects and functions carry an index; one already written becomes a reference
   local key = identity(object)
   if self._referenced then
      local index = st.writeIndex[key]
      if index then
         self:writeInt(index)
         return
      end
   end
   local index = st.nWritten + 1
   st.nWritten = index
   st.writeIndex[key] = index
   st.writeKeep[index] = object
   self:writeInt(index)

   if typeidx == TYPE_TORCH then
      writeTorchPayload(self, object, hook, st)
   elseif typeidx == TYPE_RECUR_FUNCTION then
      writeFunctionPayload(self, object, hook, st)
   else
      local n = 0
      for _ in pairs(object) do n = n + 1 end
      self:writeInt(n)
      for k, v in pairs(object) do
         self:_writeNested(k, nil, hook, st)
         self:_writeNested(v, tostring(k), hook, st)
      end
   end
end

function File:_writeNested(obj, name, hook, st)
   local names = st.nameStack
   names[#names + 1] = name or '<?>'
   self:_writeObject(obj, hook, st)
   names[#names] = nil
end

local function loadFunction(self, bytecode)
   if not self._allowFunctions then
      error('torch.File:readObject: ' .. self:_name() .. ' contains a serialized Lua function (LuaJIT ' ..
         'bytecode), which runs code when loaded; refused by default. If you trust the file, load it with ' ..
         "torch.load(path, format, referenced, {allowFunctions=true}) or call file:allowFunctions(true) " ..
         'before readObject', 0)
   end
   local f, err = loadstring(bytecode)
   if not f then
      error('torch.File:readObject: cannot load a serialized function from ' .. self:_name() .. ': ' ..
         tostring(err) .. ' (bytecode from another LuaJIT build is not portable)', 0)
   end
   return f
end

-- Reads one value. When it fails part way, the objects it registered are forgotten again, so that a retry
-- (after seek) does not return half-read objects.
function File:readObject()
   checkReadable(self)
   local st = state(self)
   if st.reading then return self:_readObject(st) end
   st.reading, st.added = true, {}
   local ok, result = pcall(self._readObject, self, st)
   st.reading = false
   if not ok then
      for _, index in ipairs(st.added) do st.readObjects[index] = nil end
      error(result, 0)
   end
   return result
end

local function register(self, st, index, object)
   if self._referenced then
      st.readObjects[index] = object
      st.added[#st.added + 1] = index
   end
end

function File:_readObject(st)
   local typeidx = self:readInt()
   if typeidx == TYPE_NIL then
      return nil
   elseif typeidx == TYPE_NUMBER then
      return self:readDouble()
   elseif typeidx == TYPE_BOOLEAN then
      return self:readBool()
   elseif typeidx == TYPE_STRING then
      return self:_readBytes(self:readInt())
   elseif typeidx == TYPE_FUNCTION then
      local bytecode = self:_readBytes(self:readInt())
      local f = loadFunction(self, bytecode)
      local upvalues = self:readObject()
      if type(upvalues) == 'table' then
         for k, v in pairs(upvalues) do
            if type(k) == 'number' then debug.setupvalue(f, k, v) end
         end
      end
      return f
   elseif typeidx ~= TYPE_TABLE and typeidx ~= TYPE_TORCH and typeidx ~= TYPE_RECUR_FUNCTION
      and typeidx ~= LEGACY_TYPE_RECUR_FUNCTION then
      error(string.format('corrupted file %s: unknown object type tag %s at position %d', self:_name(),
         tostring(typeidx), self:position() - 4), 0)
   end

   local index = self:readInt()
   if self._referenced then
      local known = st.readObjects[index]
      if known ~= nil then return known end
   end

   if typeidx == TYPE_RECUR_FUNCTION or typeidx == LEGACY_TYPE_RECUR_FUNCTION then
      local bytecode = self:_readBytes(self:readInt())
      local f = loadFunction(self, bytecode)
      register(self, st, index, f)
      local upvalues = self:readObject()
      if type(upvalues) == 'table' then
         for i, entry in pairs(upvalues) do
            if type(i) == 'number' then
               if typeidx == LEGACY_TYPE_RECUR_FUNCTION then
                  debug.setupvalue(f, i, entry)
               elseif type(entry) == 'table' then
                  debug.setupvalue(f, i, entry.value)
                  local owner = st.upvalueOwners[entry.id]
                  if owner then
                     debug.upvaluejoin(f, i, owner[1], owner[2])
                  elseif entry.id ~= nil then
                     st.upvalueOwners[entry.id] = { f, i }
                  end
               end
            end
         end
      end
      return f
   elseif typeidx == TYPE_TABLE then
      local t = {}
      register(self, st, index, t)
      local n = self:readInt()
      -- each pair takes at least two type tags
      self:_checkAvailable(KINDS.Int, 2 * n, 'table size')
      for _ = 1, n do
         local k = self:readObject()
         local v = self:readObject()
         if k == nil then
            error('corrupted file ' .. self:_name() .. ': a table key is nil', 0)
         end
         if k ~= k then
            error('corrupted file ' .. self:_name() .. ': a table key is NaN', 0)
         end
         t[k] = v
      end
      return t
   end

   -- torch object
   local version = self:_readBytes(self:readInt())
   local versionNumber = tonumber(version:match('^V (.*)$') or '')
   local className
   if versionNumber then
      className = self:_readBytes(self:readInt())
   else
      className = version -- legacy file: no version string
      versionNumber = 0
   end
   local factory = torch.factory(className)
   if not factory and CUDA_TO_CPU[className] then
      factory = torch.factory(CUDA_TO_CPU[className])
   end
   if not factory then
      local reader = FOREIGN_READERS[className]
      if reader then
         local placeholder = {}
         register(self, st, index, placeholder)
         local value = reader(self, versionNumber)
         -- references read later resolve to the finished value
         register(self, st, index, value)
         return value
      end
      local shown = printable(className)
      local package = shown:match('^([^.]+)%.')
      error(string.format('unknown Torch class <%s> in %s: load the package that defines it first%s, or declare ' ..
         "it with torch.class('%s') (with its read method if it has its own format)", shown, self:_name(),
         package and string.format(" (require '%s')", package) or '', shown), 0)
   end
   local object = factory(self)
   register(self, st, index, object)
   local read = object.read
   if read then
      read(object, self, versionNumber)
   elseif type(object) == 'table' then
      local fields = self:readObject()
      if type(fields) ~= 'table' then
         error(string.format('corrupted file %s: the fields of a %s are a %s, not a table', self:_name(),
            printable(className), type(fields)), 0)
      end
      for k, v in pairs(fields) do object[k] = v end
   else
      error(string.format('cannot read a %s: its class has no read method', printable(className)), 0)
   end
   return object
end

return File
