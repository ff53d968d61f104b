-- lfs: the LuaFileSystem functions Torch scripts use, over libc through LuaJIT's ffi.
local ffi = require 'ffi'
local libc = require 'paths.libc'
local C = libc.C

local lfs = { _VERSION = 'LuaFileSystem 1.8.0 (luatorch)' }

local function perms(mode)
   local s = {}
   local letters = { 'r', 'w', 'x' }
   for i = 8, 0, -1 do
      s[#s + 1] = bit.band(mode, bit.lshift(1, i)) ~= 0 and letters[(8 - i) % 3 + 1] or '-'
   end
   return table.concat(s)
end

local function attributes(st)
   return {
      dev = tonumber(st.st_dev), ino = tonumber(st.st_ino), mode = libc.kind(st.st_mode),
      nlink = tonumber(st.st_nlink), uid = tonumber(st.st_uid), gid = tonumber(st.st_gid),
      rdev = tonumber(st.st_rdev), access = tonumber(st.st_atim.tv_sec),
      modification = tonumber(st.st_mtim.tv_sec), change = tonumber(st.st_ctim.tv_sec),
      size = tonumber(st.st_size), permissions = perms(st.st_mode),
      blocks = tonumber(st.st_blocks), blksize = tonumber(st.st_blksize),
   }
end

local function query(nofollow, path, request)
   if type(path) ~= 'string' then
      error('bad argument #1 to attributes (string expected, got ' .. type(path) .. ')', 3)
   end
   local st, msg = libc.stat(path, nofollow)
   if not st then return nil, msg, ffi.errno() end
   local t = attributes(st)
   if type(request) == 'string' then
      if t[request] == nil then error("invalid attribute name '" .. request .. "'", 3) end
      return t[request]
   elseif type(request) == 'table' then
      for k, v in pairs(t) do request[k] = v end
      return request
   end
   return t
end

function lfs.attributes(path, request) return query(false, path, request) end
function lfs.symlinkattributes(path, request) return query(true, path, request) end

local function result(ok, what)
   if ok then return true end
   local errno = ffi.errno()
   return nil, what .. ': ' .. ffi.string(C.strerror(errno)), errno
end

function lfs.mkdir(path) return result(C.mkdir(path, tonumber('777', 8)) == 0, path) end
function lfs.rmdir(path) return result(C.rmdir(path) == 0, path) end
function lfs.chdir(path) return result(C.chdir(path) == 0, path) end

function lfs.currentdir()
   return libc.getcwd()
end

-- lfs.dir returns an iterator and a directory object (with :next() and :close()).
function lfs.dir(path)
   local names, msg = libc.listdir(path)
   if not names then error('cannot open ' .. msg, 2) end
   local i = 0
   local obj = {}
   function obj.next()
      i = i + 1
      return names[i]
   end
   function obj.close() i = #names end
   local mt = { __index = { next = obj.next, close = obj.close } }
   local handle = setmetatable({}, mt)
   return function() return obj.next() end, handle
end

function lfs.touch(path, atime, mtime)
   local f = io.open(path, 'a')
   if not f then return nil, path .. ': cannot open', ffi.errno() end
   f:close()
   if atime == nil and mtime == nil then
      return result(C.utime(path, nil) == 0, path)
   end
   local times = ffi.new('luatorch_utimbuf')
   times.actime = atime or os.time()
   times.modtime = mtime or atime
   return result(C.utime(path, times) == 0, path)
end

-- Locks are advisory and nothing here shares files across processes: accepted and ignored.
function lfs.lock() return true end
function lfs.unlock() return true end

return lfs
