-- sys: the process/clock helpers Torch scripts, xlua and optim use.
local ffi = require 'ffi'
local libc = require 'paths.libc'
local paths = require 'paths'

local sys = {}

-- wall-clock seconds with sub-second resolution
function sys.clock()
   return libc.walltime()
end

local ticked = libc.walltime()
function sys.tic()
   ticked = libc.walltime()
end

function sys.toc(verbose)
   local elapsed = libc.walltime() - ticked
   if verbose then print(elapsed) end
   return elapsed
end

-- runs cmd through the shell and returns its standard output (trailing newline removed)
function sys.execute(cmd, readwhat)
   local f = io.popen(cmd, 'r')
   if not f then return nil end
   local s = f:read(readwhat or '*a')
   f:close()
   if s then s = s:gsub('\n$', '') end
   return s
end

function sys.fexecute(cmd, readwhat)
   return sys.execute(cmd .. ' 2>&1', readwhat)
end

function sys.uname()
   if ffi.os == 'Windows' then return 'windows' end
   if ffi.os == 'OSX' then return 'macos' end
   return 'linux'
end
sys.OS = sys.uname()

function sys.sleep(seconds)
   libc.sleep(seconds)
end

function sys.usleep(us)
   libc.sleep(us / 1e6)
end

function sys.ls(d) return sys.execute('ls ' .. (d or '')) end
function sys.ll(d) return sys.execute('ls -l ' .. (d or '')) end
function sys.la(d) return sys.execute('ls -la ' .. (d or '')) end
function sys.lla(d) return sys.execute('ls -lA ' .. (d or '')) end

sys.dirname = paths.dirname
sys.concat = paths.concat
sys.basename = paths.basename
sys.pwd = paths.cwd
sys.dirp = paths.dirp
sys.filep = paths.filep
sys.prefix = paths.install_prefix

-- folder of the calling file
function sys.fpath()
   local info = debug.getinfo(2, 'S')
   local src = info and info.source or ''
   if src:sub(1, 1) ~= '@' then return '.' end
   local dir = src:sub(2):match('^(.*)/[^/]*$')
   return dir or '.'
end

function sys.split(str, pattern)
   local parts = {}
   pattern = pattern or '%s+'
   local start = 1
   while true do
      local a, b = str:find(pattern, start)
      if not a or b < a then break end
      parts[#parts + 1] = str:sub(start, a - 1)
      start = b + 1
   end
   parts[#parts + 1] = str:sub(start)
   return parts
end

function sys.isNaN(x)
   return x ~= x
end

sys.COLORS = {
   none = '\27[0m', black = '\27[0;30m', red = '\27[0;31m', green = '\27[0;32m', yellow = '\27[0;33m',
   blue = '\27[0;34m', magenta = '\27[0;35m', cyan = '\27[0;36m', white = '\27[0;37m',
   Black = '\27[1;30m', Red = '\27[1;31m', Green = '\27[1;32m', Yellow = '\27[1;33m', Blue = '\27[1;34m',
   Magenta = '\27[1;35m', Cyan = '\27[1;36m', White = '\27[1;37m',
   _black = '\27[40m', _red = '\27[41m', _green = '\27[42m', _yellow = '\27[43m', _blue = '\27[44m',
   _magenta = '\27[45m', _cyan = '\27[46m', _white = '\27[47m',
}
sys.colors = sys.COLORS

return sys
