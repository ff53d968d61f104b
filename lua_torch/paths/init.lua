-- paths: Torch7's file-system helpers, over libc through LuaJIT's ffi (no Python round trips).
local ffi = require 'ffi'
local libc = require 'paths.libc'
local C = libc.C

local paths = {}

local function is_win() return ffi.os == 'Windows' end
local function is_mac() return ffi.os == 'OSX' end
paths.is_win = is_win
paths.is_mac = is_mac

paths.sep = '/'

function paths.cwd()
   return (libc.getcwd())
end

-- Collapse '.', '..' and repeated separators of an absolute path.
local function normalize(p)
   local absolute = p:sub(1, 1) == '/'
   local parts = {}
   for part in p:gmatch('[^/]+') do
      if part == '..' then
         if #parts > 0 and parts[#parts] ~= '..' then
            parts[#parts] = nil
         elseif not absolute then
            parts[#parts + 1] = '..'
         end
      elseif part ~= '.' then
         parts[#parts + 1] = part
      end
   end
   local s = table.concat(parts, '/')
   if absolute then return '/' .. s end
   if s == '' then return '.' end
   return s
end
paths.normalize = normalize

-- Torch7: the result is absolute and normalized, resolved against the current directory; a later absolute
-- component restarts the path.
function paths.concat(...)
   local args = { ... }
   local p = paths.cwd()
   for i = 1, select('#', ...) do
      local a = args[i]
      if type(a) ~= 'string' then
         error('paths.concat: argument #' .. i .. ' is a ' .. type(a) .. ', expected a string', 2)
      end
      if a:sub(1, 1) == '/' then
         p = a
      elseif a ~= '' then
         p = p .. '/' .. a
      end
   end
   return normalize(p)
end

function paths.filep(p)
   return libc.isfile(p)
end

function paths.dirp(p)
   return libc.isdir(p)
end

function paths.basename(p, suffix)
   if type(p) ~= 'string' then error('paths.basename: expected a string path', 2) end
   local s = p:gsub('/+$', '')
   if s == '' then return p:sub(1, 1) == '/' and '/' or '' end
   s = s:match('([^/]*)$')
   if suffix then
      local dotted = suffix:sub(1, 1) == '.' and suffix or '.' .. suffix
      if #s > #dotted and s:sub(-#dotted) == dotted then
         s = s:sub(1, -#dotted - 1)
      end
   end
   return s
end

function paths.dirname(p)
   if type(p) ~= 'string' then error('paths.dirname: expected a string path', 2) end
   local s = p:gsub('/+$', '')
   if s == '' then return p:sub(1, 1) == '/' and '/' or '.' end
   local dir = s:match('^(.*)/[^/]*$')
   if dir == nil then return '.' end
   dir = dir:gsub('/+$', '')
   if dir == '' then return '/' end
   return dir
end

-- extension without the dot; nil when there is none
function paths.extname(p)
   local base = paths.basename(p)
   local ext = base:match('^.+%.([^.]+)$')
   return ext
end

function paths.mkdir(d)
   return C.mkdir(d, tonumber('777', 8)) == 0
end

function paths.rmdir(d)
   return C.rmdir(d) == 0
end

-- Removes a file or a whole tree; the second argument must be 'yes' (Torch7's guard).
function paths.rmall(d, yes)
   if yes ~= 'yes' then
      error("paths.rmall: pass 'yes' as the second argument to confirm removing " .. tostring(d), 2)
   end
   local st = libc.stat(d, true)
   if not st then return false end
   if libc.kind(st.st_mode) == 'directory' then
      local names = libc.listdir(d) or {}
      for _, name in ipairs(names) do
         if name ~= '.' and name ~= '..' then
            paths.rmall(d .. '/' .. name, 'yes')
         end
      end
      return C.rmdir(d) == 0
   end
   return C.unlink(d) == 0
end

-- all entries of d (with '.' and '..'), nil when d is not a readable directory
function paths.dir(d)
   return (libc.listdir(d))
end

local function filtered(d, accept)
   local names = libc.listdir(d)
   if not names then return function() return nil end end
   local i = 0
   return function()
      while true do
         i = i + 1
         local name = names[i]
         if name == nil then return nil end
         if accept(name) then return name end
      end
   end
end

-- iterator over entry names; filter is a function or a string.find pattern
function paths.files(d, filter)
   local accept = function() return true end
   if type(filter) == 'function' then
      accept = filter
   elseif type(filter) == 'string' then
      accept = function(name) return name:find(filter) ~= nil end
   end
   return filtered(d, accept)
end

function paths.iterdirs(d)
   return filtered(d, function(name)
      return name ~= '.' and name ~= '..' and libc.isdir(d .. '/' .. name)
   end)
end

function paths.iterfiles(d)
   return filtered(d, function(name)
      return libc.isfile(d .. '/' .. name)
   end)
end

local tmpcount = 0
-- A fresh temporary file name (the file is created empty, as tmpnam-based Torch7 left one; removed at exit
-- is not promised).
function paths.tmpname()
   local dir = libc.getenv('TMPDIR') or '/tmp'
   local template = ffi.new('char[?]', #dir + 32)
   ffi.copy(template, dir .. '/lua_XXXXXX')
   local fd = C.mkstemp(template)
   if fd < 0 then
      tmpcount = tmpcount + 1
      return string.format('%s/lua_%d_%d', dir, C.getpid(), tmpcount)
   end
   C.close(fd)
   return ffi.string(template)
end

paths.home = libc.getenv('HOME') or '.'

function paths.uname()
   if is_win() then return 'Windows' end
   if is_mac() then return 'Darwin' end
   return ffi.os
end

-- Folder of the running executable (the Python interpreter hosting LuaJIT here).
function paths.execdir()
   local buf = ffi.new('char[4096]')
   local n = C.readlink('/proc/self/exe', buf, 4095)
   if n <= 0 then return nil end
   return paths.dirname(ffi.string(buf, n))
end

function paths.findprogram(...)
   local dirs = {}
   for d in (libc.getenv('PATH') or ''):gmatch('[^:]+') do dirs[#dirs + 1] = d end
   for _, name in ipairs { ... } do
      if name:find('/') then
         if libc.isfile(name) then return name end
      else
         for _, d in ipairs(dirs) do
            local full = d .. '/' .. name
            if libc.isfile(full) then return full end
         end
      end
   end
   return nil
end

-- Absolute path of the calling Lua file (or of `arg` resolved against it).
function paths.thisfile(arg, depth)
   local info = debug.getinfo((depth or 1) + 1, 'S')
   local src = info and info.source
   if not src or src:sub(1, 1) ~= '@' then return nil end
   local file = paths.concat(src:sub(2))
   if arg then return paths.concat(paths.dirname(file), arg) end
   return file
end

-- dofile relative to the calling file's folder
function paths.dofile(f, depth)
   local s = paths.thisfile(nil, 1 + (depth or 1))
   if s and s ~= '' then f = paths.concat(paths.dirname(s), f) end
   return dofile(f)
end

-- Torch7 loaded C libraries by name; here every package is Lua, so this is require.
function paths.require(name)
   return require(name)
end

paths.install_prefix = paths.execdir() and paths.dirname(paths.execdir()) or '/usr/local'
paths.install_lua_path = paths.install_prefix .. '/share/lua/5.1'
paths.install_bin = paths.install_prefix .. '/bin'

return paths
