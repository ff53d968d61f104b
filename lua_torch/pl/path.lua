-- pl.path: the subset of penlight's path module that Torch scripts use (trepl exposes it as the global `path`).
local libc = require 'paths.libc'
local paths = require 'paths'

local path = { sep = '/', dirsep = ':' }

function path.exists(p)
   return libc.exists(p) and p or false
end

function path.isdir(p) return libc.isdir(p) end
function path.isfile(p) return libc.isfile(p) end

function path.getsize(p)
   local st = libc.stat(p)
   return st and tonumber(st.st_size) or nil
end

function path.getmtime(p)
   local st = libc.stat(p)
   return st and tonumber(st.st_mtim.tv_sec) or nil
end

-- join without making absolute; an absolute later part restarts the path
function path.join(p1, p2, ...)
   if select('#', ...) > 0 then
      return path.join(path.join(p1, p2), ...)
   end
   if p2 == nil then return p1 end
   if p2:sub(1, 1) == '/' then return p2 end
   if p1 == '' or p1:sub(-1) == '/' then return p1 .. p2 end
   return p1 .. '/' .. p2
end

-- ("a/b", "c.txt") -> split at the last separator
function path.splitpath(p)
   local i = #p
   while i > 0 and p:sub(i, i) ~= '/' do i = i - 1 end
   if i == 0 then return '', p end
   local dir = p:sub(1, i - 1)
   if dir == '' then dir = '/' end
   return dir, p:sub(i + 1)
end

function path.basename(p) return select(2, path.splitpath(p)) end
function path.dirname(p) return (path.splitpath(p)) end

-- ("a/b.c", ".txt"): the extension keeps its dot
function path.splitext(p)
   local i = #p
   while i > 0 do
      local c = p:sub(i, i)
      if c == '/' then break end
      if c == '.' then
         -- a leading dot (hidden file) is not an extension
         if i > 1 and p:sub(i - 1, i - 1) ~= '/' then return p:sub(1, i - 1), p:sub(i) end
         break
      end
      i = i - 1
   end
   return p, ''
end

function path.extension(p) return select(2, path.splitext(p)) end

function path.isabs(p) return p:sub(1, 1) == '/' end

function path.abspath(p, pwd)
   if path.isabs(p) then return paths.normalize(p) end
   return paths.normalize(path.join(pwd or paths.cwd(), p))
end

function path.normpath(p) return paths.normalize(p) end
function path.currentdir() return paths.cwd() end

function path.expanduser(p)
   if p:sub(1, 1) == '~' then return (libc.getenv('HOME') or '') .. p:sub(2) end
   return p
end

function path.mkdir(p) return paths.mkdir(p) end
function path.rmdir(p) return paths.rmdir(p) end

function path.relpath(p, start)
   start = path.abspath(start or paths.cwd())
   p = path.abspath(p)
   local a, b = {}, {}
   for part in start:gmatch('[^/]+') do a[#a + 1] = part end
   for part in p:gmatch('[^/]+') do b[#b + 1] = part end
   local i = 1
   while a[i] and b[i] and a[i] == b[i] do i = i + 1 end
   local out = {}
   for _ = i, #a do out[#out + 1] = '..' end
   for j = i, #b do out[#out + 1] = b[j] end
   if #out == 0 then return '.' end
   return table.concat(out, '/')
end

return path
