-- The C core as seen from Lua: the library, dtype tables, and typed element readers/writers.
-- Declarations come from the generated header (loaded by the bridge before anything else).
local ffi = require 'ffi'
local loaded = package.loaded['torch._core']
if not loaded then
   error("torch: the C core is not loaded; run Lua through luatorch/th (bridge.runtime)")
end
local lib = loaded.lib

ffi.cdef [[
typedef struct lt_tensor { tc_tensor *tc_; } lt_tensor;
typedef struct lt_storage { tc_storage *tc_; } lt_storage;
]]

local core = { ffi = ffi, lib = lib }

-- dtype code -> Torch7 type prefix, C element type
core.types = {
   { dtype = 0, name = 'Byte',   ctype = 'uint8_t' },
   { dtype = 1, name = 'Char',   ctype = 'int8_t' },
   { dtype = 2, name = 'Short',  ctype = 'int16_t' },
   { dtype = 3, name = 'Int',    ctype = 'int32_t' },
   { dtype = 4, name = 'Long',   ctype = 'int64_t' },
   { dtype = 5, name = 'Half',   ctype = 'uint16_t' },
   { dtype = 6, name = 'Float',  ctype = 'float' },
   { dtype = 7, name = 'Double', ctype = 'double' },
}
core.BOOL = 8
core.by_name = {}
core.by_dtype = {}
for _, T in ipairs(core.types) do
   T.ptr = ffi.typeof(T.ctype .. ' *')
   T.tensor = 'torch.' .. T.name .. 'Tensor'
   T.storage = 'torch.' .. T.name .. 'Storage'
   T.floating = (T.name == 'Float' or T.name == 'Double')
   T.integral = not T.floating and T.name ~= 'Half'
   core.by_name[T.name] = T
   core.by_dtype[T.dtype] = T
end
core.by_dtype[8] = core.by_name.Byte   -- bool tensors from Python read as bytes

-- read(ptr, i) / write(ptr, i, v): element i (0-based) of raw data at `ptr`
core.read, core.write = {}, {}
for _, T in ipairs(core.types) do
   local P = T.ptr
   if T.name == 'Long' then
      core.read[T.dtype] = function(p, i) return tonumber(ffi.cast(P, p)[i]) end
      core.write[T.dtype] = function(p, i, v) ffi.cast(P, p)[i] = v end
   elseif T.name == 'Half' then
      core.read[T.dtype] = function(p, i) return lib.tc_half_to_float(ffi.cast(P, p)[i]) end
      core.write[T.dtype] = function(p, i, v) ffi.cast(P, p)[i] = lib.tc_float_to_half(v) end
   else
      core.read[T.dtype] = function(p, i) return ffi.cast(P, p)[i] end
      core.write[T.dtype] = function(p, i, v) ffi.cast(P, p)[i] = v end
   end
end
core.read[8] = core.read[0]
core.write[8] = core.write[0]

function core.lasterror()
   return ffi.string(lib.tc_last_error())
end

-- The error level of the nearest caller outside the torch package (so messages name the script's
-- file:line, as Torch7's did), counted from the function that calls error().
function core.userlevel()
   local level = 3
   while true do
      local info = debug.getinfo(level, 'S')
      if not info then return 2 end
      if not info.source:find('lua_torch/torch/', 1, true) and info.what ~= 'C' then return level - 1 end
      level = level + 1
   end
end

-- Raises a Lua error carrying the core's message when a call failed (-1 or NULL).
function core.check(rc)
   if rc == -1 or rc == nil then
      error(core.lasterror(), core.userlevel())
   end
   return rc
end

core.int64_arr = ffi.typeof('int64_t[?]')
core.int_arr = ffi.typeof('int[?]')

return core
