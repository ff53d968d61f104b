-- torch.File: Torch7's file API and the .t7 object codec (writeObject / readObject).
--
-- Two layers:
--   * typed primitives (readInt, writeDouble(storage), readString, seek, ...) on the C core's tc_file
--     (tensor_core/include/tc_file.h): binary (packed, optional byte swapping, C long of 4 or 8 bytes) or ascii
--     (Torch7's printf/scanf forms, one "\n" after each call, nothing for empty arrays). The concrete classes
--     DiskFile and MemoryFile only open the tc_file (`self._f`);
--   * the object stream of `.t7` files (inventory §3): type tags, shared references by index, torch classes
--     with `V <version>` headers and their own read/write, Lua functions as bytecode (refused unless allowed).
--
-- Hostile input: every length read from a file is checked against the bytes left before anything is
-- allocated, and every malformed value raises a Lua error (never a crash).
local torch = ... or rawget(_G, 'torch')
local ffi = require 'ffi'
local core = torch._core
local lib = core.lib

local File = torch.class('torch.File')

local TYPE_NIL, TYPE_NUMBER, TYPE_STRING, TYPE_TABLE, TYPE_TORCH = 0, 1, 2, 3, 4
local TYPE_BOOLEAN, TYPE_FUNCTION, TYPE_RECUR_FUNCTION, LEGACY_TYPE_RECUR_FUNCTION = 5, 6, 8, 7
File.TYPE = {
   NIL = TYPE_NIL, NUMBER = TYPE_NUMBER, STRING = TYPE_STRING, TABLE = TYPE_TABLE, TORCH = TYPE_TORCH,
   BOOLEAN = TYPE_BOOLEAN, FUNCTION = TYPE_FUNCTION, RECUR_FUNCTION = TYPE_RECUR_FUNCTION,
   LEGACY_RECUR_FUNCTION = LEGACY_TYPE_RECUR_FUNCTION,
}

---------------------------------------------------------------------------------------------------
-- element kinds: tc_file element codes and in-memory C types (a Long is an int64_t in memory; in a binary
-- file it takes the file's longSize bytes)
local KINDS = {
   Byte = { elem = 0, ctype = 'uint8_t' },
   Char = { elem = 1, ctype = 'int8_t' },
   Short = { elem = 2, ctype = 'int16_t' },
   Int = { elem = 3, ctype = 'int32_t' },
   Long = { elem = 9, ctype = 'int64_t', long = true },
   Half = { elem = 5, ctype = 'uint16_t', half = true },
   Float = { elem = 6, ctype = 'float' },
   Double = { elem = 7, ctype = 'double' },
}
for name, K in pairs(KINDS) do
   K.name = name
   K.ptr = ffi.typeof(K.ctype .. ' *')
   K.arr = ffi.typeof(K.ctype .. '[?]')
   K.storage = 'torch.' .. name .. 'Storage'
end
File._KINDS = KINDS

-- Text from a file (class names, bytes quoted by the C reader) made safe for a message: no control or
-- non-ASCII bytes, bounded length. Messages cross into Python, which needs valid text.
local function printable(text, limit)
   local s = tostring(text):gsub('[^%w%p \n\t]', function(c) return string.format('\\x%02x', c:byte()) end)
   limit = limit or 200
   if #s > limit then s = s:sub(1, limit) .. '...' end
   return s
end
File._printable = printable

local function lasterror()
   return printable(ffi.string(lib.tc_last_error()), 1000)
end

-- Concrete classes call this with the tc_file they opened (NULL-checked); it is freed with the handle.
function File:_attach(f)
   self._f = ffi.gc(f, lib.tc_file_free)
   self._referenced = true
   self._allowFunctions = false
end

-- (a closed tc_file is refused by the C calls themselves)
local function handle(self)
   local f = self._f
   if f == nil then error('attempt to use a closed file', 3) end
   return f
end

local function check(rc, level)
   if rc < 0 then error(lasterror(), (level or 1) + 1) end
   return rc
end

function File:binary() check(lib.tc_file_set_binary(handle(self), 1), 2); return self end
function File:ascii() check(lib.tc_file_set_binary(handle(self), 0), 2); return self end
function File:autoSpacing() check(lib.tc_file_set_auto_spacing(handle(self), 1), 2); return self end
function File:noAutoSpacing() check(lib.tc_file_set_auto_spacing(handle(self), 0), 2); return self end
function File:quiet() check(lib.tc_file_set_quiet(handle(self), 1), 2); return self end
function File:pedantic() check(lib.tc_file_set_quiet(handle(self), 0), 2); return self end
function File:clearError() check(lib.tc_file_clear_error(handle(self)), 2); return self end
function File:isBinary() return lib.tc_file_is_binary(self._f) ~= 0 end
function File:isAutoSpacing() return lib.tc_file_is_auto_spacing(self._f) ~= 0 end
function File:isQuiet() return lib.tc_file_is_quiet(self._f) ~= 0 end
function File:isReadable() return lib.tc_file_is_open(self._f) ~= 0 and lib.tc_file_is_readable(self._f) ~= 0 end
function File:isWritable() return lib.tc_file_is_open(self._f) ~= 0 and lib.tc_file_is_writable(self._f) ~= 0 end
function File:hasError() return lib.tc_file_has_error(self._f) ~= 0 end

-- longSize(0|4|8): bytes of a C long in binary mode (0 = native, 8 on 64-bit Linux/macOS)
function File:longSize(size)
   if size ~= 0 and size ~= 4 and size ~= 8 then
      error('Invalid long size specified: expected 0, 4 or 8, got ' .. tostring(size), 2)
   end
   check(lib.tc_file_set_long_size(handle(self), size), 2)
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

function File:_name()
   if self._f == nil then return '?' end
   return ffi.string(lib.tc_file_name(self._f))
end

-- Transfers n elements of kind K at ptr; returns the count done (fewer only for a quiet file).
function File:_readElements(K, ptr, n)
   return tonumber(check(lib.tc_file_read(handle(self), K.elem, ptr, n), 2))
end

function File:_writeElements(K, ptr, n)
   return tonumber(check(lib.tc_file_write(handle(self), K.elem, ptr, n), 2))
end

-- Raises unless the rest of the file can hold n elements of kind K (checked before any allocation).
function File:_checkAvailable(K, n, what)
   if type(n) ~= 'number' or n ~= n or n < 0 or n ~= math.floor(n) or n > 2 ^ 62 then
      error(string.format('corrupted file %s: invalid %s %s at position %d', self:_name(), what or 'length',
         tostring(n), self:position()), 0)
   end
   if lib.tc_file_check_available(handle(self), K.elem, n) < 0 then
      error(string.format('corrupted or truncated file (%s %d): %s', what or 'length', n, lasterror()), 0)
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
         local got = self:_readElements(K, scratch, 1)
         if got < 1 then return 0 end
         if K.long then return tonumber(scratch[0]) end
         if K.half then return lib.tc_half_to_float(scratch[0]) end
         return scratch[0]
      elseif type(arg) == 'number' then
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
         if K.half then scratch[0] = lib.tc_float_to_half(arg) else scratch[0] = arg end
         return self:_writeElements(K, scratch, 1)
      elseif storageOf(name, arg) then
         return self:_writeElements(K, arg:data(), arg:size())
      end
      error(string.format('write%s: expected a number or a torch.%sStorage', name, name), 2)
   end
end

function File:readBool() return self:readInt() == 1 end
function File:writeBool(v) return self:writeInt(v and 1 or 0) end

local outptr = ffi.new('const char *[1]')
-- raw bytes: '*a' everything left, '*l' up to the next newline (consumed, not returned)
function File:readString(format)
   if format ~= '*a' and format ~= '*l' then error("readString: format must be '*a' or '*l'", 2) end
   local n = check(lib.tc_file_read_string(handle(self), format == '*a' and 1 or 0, outptr), 2)
   return ffi.string(outptr[0], n)
end

function File:writeString(s)
   if type(s) ~= 'string' then error('writeString: string expected', 2) end
   return tonumber(check(lib.tc_file_write_string(handle(self), s, #s), 2))
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
   return self:_writeElements(KINDS.Char, s, #s)
end

---------------------------------------------------------------------------------------------------
-- position (1-based in the Lua API)
function File:seek(pos)
   if type(pos) ~= 'number' or pos < 1 then error('unable to seek at position ' .. tostring(pos), 2) end
   check(lib.tc_file_seek(handle(self), pos - 1), 2)
   return self
end

function File:seekEnd()
   check(lib.tc_file_seek_end(handle(self)), 2)
   return self
end

function File:position()
   return tonumber(check(lib.tc_file_position(handle(self)), 2)) + 1
end

function File:synchronize()
   check(lib.tc_file_synchronize(handle(self)), 2)
   return self
end

function File:close()
   local f = self._f
   if f ~= nil and lib.tc_file_is_open(f) ~= 0 then
      check(lib.tc_file_close(f), 2)
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

-- Classes from packages not (yet) provided here whose payload is known: loaded as plain Lua tables.
-- reader(file, version, t) fills t (already registered for references) and returns it.
local FOREIGN_READERS = {}
File._FOREIGN_READERS = FOREIGN_READERS
-- tds.Hash: long n, then n (key, value) objects -> a Lua table
FOREIGN_READERS['tds.Hash'] = function(file, version, t)
   local n = file:readLong()
   file:_checkAvailable(KINDS.Int, 2 * n, 'tds.Hash size')
   for _ = 1, n do
      local k = file:readObject()
      local v = file:readObject()
      if k == nil then error('corrupted file: nil key in a tds.Hash', 0) end
      t[k] = v
   end
   return t
end
-- tds.Vec: long n, then n objects -> a Lua array
FOREIGN_READERS['tds.Vec'] = function(file, version, t)
   local n = file:readLong()
   file:_checkAvailable(KINDS.Int, n, 'tds.Vec size')
   for i = 1, n do t[i] = file:readObject() end
   return t
end


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
      return torch._classof(obj).write ~= nil or obj.write ~= nil or torch.isTensor(obj) or torch.isStorage(obj)
   end
   return false
end

-- where in the object the writer is, for messages ("model.modules.3.weight"); keys are kept raw on the stack
local function namePath(st)
   local parts = {}
   for i, k in ipairs(st.nameStack) do parts[i] = tostring(k) end
   return table.concat(parts, '.')
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
   if not self:isWritable() then
      error('writeObject: attempt to write in a read-only or closed file (' .. self:_name() .. ')', 2)
   end
   local st = state(self)
   local names = st.nameStack
   names[#names + 1] = debugName or '<?>'
   -- a hook stays in force for writeObject calls made by a class's own write method inside this write
   local outerHook = st.hook
   hook = hook or outerHook
   st.hook = hook
   local ok, err = pcall(self._writeObject, self, object, hook, st)
   st.hook = outerHook
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
   -- a cdata class (torch.metatype) keeps its methods on the class: its own __index may see only its keys
   local write = type(object) == 'cdata' and torch._classof(object).write or object.write
   if write then
      write(object, self, hook)
   elseif type(object) == 'table' then
      local fields = {}
      for k, v in pairs(object) do
         if self:isWritableObject(v) then
            fields[k] = v
         else
            print(string.format('$ Warning: cannot write object field <%s> of <%s> %s', tostring(k), className,
               namePath(st)))
         end
      end
      self:_writeNested(fields, nil, hook, st)
   else
      error(string.format('Unwritable object <%s> at %s', className, namePath(st)), 0)
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
      error(string.format('Unwritable object <%s> at %s', torch.type(object), namePath(st)), 0)
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
         self:_writeNested(v, k, hook, st)
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
   if not self:isReadable() then
      error('readObject: attempt to read in a write-only or closed file (' .. self:_name() .. ')', 2)
   end
   local st = state(self)
   if st.reading then return self:_readObject(st) end
   st.reading, st.added = true, {}
   local ok, result = pcall(self._readObject, self, st)
   st.reading = false
   if not ok then
      for _, index in ipairs(st.added) do st.readObjects[index] = nil end
      error(printable(result, 4000), 0)
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
         -- the reader fills a table registered first, so references to the object inside it resolve
         local value = {}
         register(self, st, index, value)
         return reader(self, versionNumber, value)
      end
      local shown = printable(className)
      local package = shown:match('^([^.]+)%.')
      error(string.format('unknown Torch class <%s> in %s: load the package that defines it first%s, or declare ' ..
         "it with torch.class('%s') (with its read method if it has its own format)", shown, self:_name(),
         package and string.format(" (require '%s')", package) or '', shown), 0)
   end
   local object = factory(self)
   register(self, st, index, object)
   local read = type(object) == 'cdata' and torch._classof(object).read or object.read
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
