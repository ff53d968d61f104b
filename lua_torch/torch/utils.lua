-- torch.* utilities: default tensor type, pointer identity, threads, include.
local torch, core = ...
local ffi, lib = core.ffi, core.lib
local rawtype = type

local default_type = 'torch.DoubleTensor'

function torch.setdefaulttensortype(name)
   local T = core.by_name[(tostring(name):match('^torch%.(%a+)Tensor$')) or '']
   if not T then error('setdefaulttensortype: unknown tensor type ' .. tostring(name), 2) end
   default_type = name
   torch.Tensor = torch.getconstructortable(T.tensor)
   torch.Storage = torch.getconstructortable(T.storage)
end

function torch.getdefaulttensortype() return default_type end

-- identity of the underlying object: the C tensor/storage for tensors and storages, else the Lua object
function torch.pointer(obj)
   if rawtype(obj) == 'cdata' then
      if torch._isTensor(obj) or torch._isStorage(obj) then
         return tonumber(ffi.cast('uintptr_t', obj.tc_))
      end
      return tonumber(ffi.cast('uintptr_t', obj))
   end
   local tp = rawtype(obj)
   if tp == 'table' or tp == 'function' or tp == 'thread' or tp == 'userdata' then
      local s = string.format('%p', obj)
      if s == '%p' then
         s = tostring(obj):match('0x%x+')
      end
      return tonumber(s)
   end
   return nil
end

function torch.data(x, asnumber)
   if asnumber then return tonumber(ffi.cast('uintptr_t', lib.tc_tensor_data(x.tc_))) end
   return x:data()
end

function torch.setnumthreads(n) lib.tc_set_num_threads(n) end
function torch.getnumthreads() return lib.tc_get_num_threads() end
function torch.getnumcores() return lib.tc_get_num_threads() end

function torch.include(package, file)
   dofile(torch.packageLuaPath(package) .. '/' .. file)
end
function torch.packageLuaPath(name)
   if not name then return torch._dir:sub(1, -2) end
   for p in package.path:gmatch('[^;]+') do
      local candidate = p:gsub('%?', (name:gsub('%.', '/')))
      local fh = io.open(candidate, 'r')
      if fh then
         fh:close()
         return (candidate:match('^(.*)/[^/]*$')) or '.'
      end
   end
   return nil
end
function include(file)
   local level = 2
   local src = debug.getinfo(level, 'S').source
   local dir = src:match('^@(.*)/[^/]*$') or '.'
   return dofile(dir .. '/' .. file)
end

function torch.isatty(f) return false end
function torch.setheaptracking() end
function torch.updateerrorhandlers() end

function torch.tic() return os.clock() end
function torch.toc(t) return os.clock() - t end

-- env tables for userdata/functions (File keeps its reference tables there)
local envs = setmetatable({}, { __mode = 'k' })
function torch.getenv(obj)
   if rawtype(obj) == 'function' then return getfenv(obj) end
   return envs[torch.pointer(obj) or obj] or {}
end
function torch.setenv(obj, t)
   if rawtype(obj) == 'function' then return setfenv(obj, t) end
   envs[torch.pointer(obj) or obj] = t
end

-- Lua 5.1 names that scripts use
if not table.unpack then table.unpack = unpack end
if not math.pow then math.pow = function(a, b) return a ^ b end end
if not math.log10 then math.log10 = function(x) return math.log(x, 10) end end
