-- paths, lfs and pl.path
local paths = require 'paths'
local lfs = require 'lfs'
local path = require 'pl.path'

local T = {}

local function eq(a, b, msg)
   if a ~= b then error((msg or 'mismatch') .. ': got ' .. tostring(a) .. ', expected ' .. tostring(b), 2) end
end

local function tmpdir()
   local d = os.tmpname()
   os.remove(d)
   assert(paths.mkdir(d))
   return d
end

function T.concat_is_absolute_and_normalized()
   local cwd = paths.cwd()
   eq(paths.concat(), cwd)
   eq(paths.concat('x'), cwd .. '/x')
   eq(paths.concat('a', 'b/', './c'), cwd .. '/a/b/c')
   eq(paths.concat('/tmp', 'a', '..', 'b'), '/tmp/b')
   eq(paths.concat('/tmp', '/etc', 'x'), '/etc/x')
   eq(paths.concat('/'), '/')
   assert(not pcall(paths.concat, 1))
end

function T.basename_dirname_extname()
   eq(paths.basename('/a/b/c.t7'), 'c.t7')
   eq(paths.basename('/a/b/c.t7', 't7'), 'c')
   eq(paths.basename('/a/b/c.t7', '.t7'), 'c')
   eq(paths.basename('/a/b/'), 'b')
   eq(paths.dirname('/a/b/c.t7'), '/a/b')
   eq(paths.dirname('c.t7'), '.')
   eq(paths.dirname('/c'), '/')
   eq(paths.extname('/a/b/c.t7'), 't7')
   eq(paths.extname('/a/b.d/c'), nil)
   eq(paths.extname('x.tar.gz'), 'gz')
end

function T.mkdir_filep_dirp_files_rmall()
   local d = tmpdir()
   assert(paths.dirp(d) and not paths.filep(d))
   assert(not paths.mkdir(d), 'mkdir of an existing folder fails')
   local f = io.open(d .. '/one.t7', 'w'); f:write('x'); f:close()
   f = io.open(d .. '/two.txt', 'w'); f:close()
   assert(paths.mkdir(d .. '/sub'))
   assert(paths.filep(d .. '/one.t7') and not paths.dirp(d .. '/one.t7'))
   assert(not paths.filep(d .. '/missing'))
   local all = {}
   for name in paths.files(d) do all[name] = true end
   assert(all['.'] and all['..'] and all['one.t7'] and all['two.txt'] and all.sub)
   local t7 = {}
   for name in paths.files(d, '%.t7$') do t7[#t7 + 1] = name end
   eq(#t7, 1); eq(t7[1], 'one.t7')
   local byfn = {}
   for name in paths.files(d, function(n) return n:sub(1, 1) == 't' end) do byfn[#byfn + 1] = name end
   eq(#byfn, 1)
   local dirs = {}
   for name in paths.iterdirs(d) do dirs[#dirs + 1] = name end
   eq(#dirs, 1); eq(dirs[1], 'sub')
   local files = {}
   for name in paths.iterfiles(d) do files[name] = true end
   assert(files['one.t7'] and files['two.txt'] and not files.sub)
   eq(#paths.dir(d), 5)
   eq(paths.dir(d .. '/missing'), nil)
   assert(not pcall(paths.rmall, d), 'rmall needs the yes guard')
   assert(not paths.rmdir(d), 'rmdir of a non-empty folder fails')
   assert(paths.rmall(d, 'yes'))
   assert(not paths.dirp(d))
end

function T.misc()
   local t = paths.tmpname()
   assert(paths.filep(t)); os.remove(t)
   assert(type(paths.home) == 'string')
   eq(paths.uname(), 'Linux')
   assert(not paths.is_win() and not paths.is_mac())
   assert(paths.dirp(paths.execdir()))
   assert(paths.findprogram('sh'):match('/sh$'))
   local this = paths.thisfile()
   assert(this:match('test_paths%.lua$'), this)
   eq(paths.thisfile('x.lua'), paths.dirname(this) .. '/x.lua')
end

function T.lfs()
   local d = tmpdir()
   eq(lfs.attributes(d, 'mode'), 'directory')
   local f = d .. '/f'
   assert(lfs.touch(f))
   local a = lfs.attributes(f)
   eq(a.mode, 'file'); eq(a.size, 0)
   assert(lfs.touch(f, 1000, 2000))
   eq(lfs.attributes(f).modification, 2000)
   eq(lfs.attributes(f).access, 1000)
   local ok, msg = lfs.attributes(d .. '/none')
   assert(ok == nil and msg:find('No such file'))
   assert(lfs.mkdir(d .. '/s'))
   local r, m = lfs.mkdir(d .. '/s')
   assert(r == nil and m:find('exists'))
   local seen = {}
   for name in lfs.dir(d) do seen[name] = true end
   assert(seen.f and seen.s and seen['.'])
   local old = lfs.currentdir()
   assert(lfs.chdir(d))
   eq(lfs.currentdir(), (io.popen('cd ' .. d .. ' && pwd -P'):read('*l')))
   assert(lfs.chdir(old))
   assert(lfs.rmdir(d .. '/s'))
   os.remove(f)
   assert(lfs.rmdir(d))
end

function T.pl_path()
   eq(path.join('a', 'b', 'c.t7'), 'a/b/c.t7')
   eq(path.join('a/', 'b'), 'a/b')
   eq(path.join('a', '/b'), '/b')
   eq(path.basename('/x/y.z'), 'y.z')
   eq(path.dirname('/x/y.z'), '/x')
   local root, ext = path.splitext('/x/y.tar.gz')
   eq(root, '/x/y.tar'); eq(ext, '.gz')
   root, ext = path.splitext('/x/.hidden')
   eq(root, '/x/.hidden'); eq(ext, '')
   eq(path.extension('a.lua'), '.lua')
   assert(path.isdir('/tmp') and not path.isfile('/tmp'))
   eq(path.exists('/tmp'), '/tmp')
   eq(path.exists('/no/such/thing'), false)
   eq(path.abspath('/a/./b/../c'), '/a/c')
   eq(path.relpath('/a/b/c', '/a/d'), '../b/c')
   assert(path.isabs('/a') and not path.isabs('a'))
end

return T
