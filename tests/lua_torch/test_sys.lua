-- sys, xlua and torch.Timer
local sys = require 'sys'
local xlua = require 'xlua'

local T = {}

local function eq(a, b, msg)
   if a ~= b then error((msg or 'mismatch') .. ': got ' .. tostring(a) .. ', expected ' .. tostring(b), 2) end
end

function T.clock_sleep_tictoc()
   local t0 = sys.clock()
   assert(math.abs(t0 - os.time()) < 2)
   sys.tic()
   sys.sleep(0.05)
   local dt = sys.toc()
   assert(dt >= 0.045 and dt < 1, dt)
   sys.usleep(1000)
   assert(sys.clock() - t0 >= 0.05)
end

function T.execute_and_helpers()
   eq(sys.execute('echo hello'), 'hello')
   eq(sys.execute('printf "  two words \\n\\n"'), 'two words')
   eq(sys.uname(), 'linux'); eq(sys.OS, 'linux')
   assert(sys.fpath():match('lua_torch$'), sys.fpath())
   local parts = sys.split('a,b,,c', ',')
   eq(#parts, 4); eq(parts[3], '')
   assert(sys.isNaN(0 / 0) and not sys.isNaN(1))
   eq(sys.COLORS.red, '\27[0;31m')
   eq(sys.dirname('/a/b'), '/a')
end

function T.timer()
   local timer = torch.Timer()
   eq(torch.typename(timer), 'torch.Timer')
   local x = 0
   -- busy for 50 ms of wall time (os.clock is process CPU time, which runs faster than the wall clock
   -- while OpenMP worker threads spin after a parallel region)
   local t0 = sys.clock()
   while sys.clock() - t0 < 0.05 do x = x + 1 end
   local t = timer:time()
   assert(t.real >= 0.045 and t.user + t.sys >= 0.02, t.real .. ' ' .. t.user)
   timer:stop()
   local stopped = timer:time()
   sys.sleep(0.03)
   eq(timer:time().real, stopped.real, 'a stopped timer does not advance')
   timer:resume()
   sys.sleep(0.03)
   assert(timer:time().real >= stopped.real + 0.025)
   local before = timer:time().real
   timer:reset()
   assert(timer:time().real < before, 'reset restarts from zero')
   timer:stop():reset()
   eq(timer:time().real, 0)
end

function T.xlua_formatTime()
   eq(xlua.formatTime(62), '1m2s')
   eq(xlua.formatTime(0.003), '3ms')
   eq(xlua.formatTime(3725), '1h2m')
   eq(xlua.formatTime(90061), '1D1h')
   eq(xlua.formatTime(0), '0ms')
end

function T.xlua_progress_writes_bar()
   local chunks = {}
   local old = xlua.progressStream
   xlua.progressStream = { write = function(_, ...) for _, s in ipairs { ... } do chunks[#chunks + 1] = s end end,
                           flush = function() end }
   for i = 1, 5 do xlua.progress(i, 5) end
   xlua.progressStream = old
   local s = table.concat(chunks)
   assert(s:find('%[.*%] ETA: .*| Step: .*1/5'), s)
   assert(s:find('5/5\n$'), s)
   assert(s:find('Tot:'), s)
end

function T.xlua_misc()
   eq(xlua.require('no_such_package_here'), nil)
   eq(xlua.require('sys'), sys)
   eq(xlua.trycatch(function() error('x') end, function(e) return 'caught' end), 'caught')
   -- Torch7's convention: the table of all arguments first, then the values in order
   local all, a, b = xlua.unpack({ { x = 3 } }, 'f', 'desc',
      { arg = 'x', type = 'number', req = true }, { arg = 'y', type = 'number', default = 7 })
   eq(a, 3); eq(b, 7); eq(all.x, 3); eq(all.y, 7); eq(all[1], 3); eq(all[2], 7)
   assert(tostring(all.usage):find('f', 1, true))
   all, a, b = xlua.unpack({ 4, 5 }, 'f', 'desc', { arg = 'x' }, { arg = 'y', default = 7 })
   eq(a, 4); eq(b, 5)
   local _, w, h = xlua.unpack({ 9 }, 'f', 'desc', { arg = 'w' }, { arg = 'h', defaulta = 'w' })
   eq(w, 9); eq(h, 9)
   local ok, err = pcall(xlua.unpack, { {} }, 'f', 'desc', { arg = 'x', req = true })
   assert(not ok and err:find('missing argument: x', 1, true))
   local obj = {}
   xlua.unpack_class(obj, { { lr = 0.5 } }, 'Obj', 'desc', { arg = 'lr' }, { arg = 'mom', default = 0 })
   eq(obj.lr, 0.5); eq(obj.mom, 0)
   require 'dok'
   eq(dok.unpack, xlua.unpack)
   local _, v = dok.unpack({ 2 }, 'g', 'desc', { arg = 'v' })
   eq(v, 2)
   local p = string.split('a b  c')
   eq(#p, 3)
   assert(xlua.table2string({ a = 1 }):find('a : 1'))
   local prof = xlua.Profiler()
   prof:start('x'); assert(prof:lap('x') >= 0)
end

-- Torch7's packages registered themselves as globals: legacy scripts do a bare `require 'image'` and
-- then call image.scale
function T.package_globals()
   for _, name in ipairs { 'nn', 'optim', 'nngraph', 'xlua', 'image', 'gnuplot', 'paths', 'sys', 'csvigo', 'dok' } do
      local m = require(name)
      eq(rawget(_G, name), m, name .. ' is a global after require')
   end
end

return T
