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
   local t0 = os.clock()
   while os.clock() - t0 < 0.05 do x = x + 1 end
   local t = timer:time()
   assert(t.real >= 0.04 and t.user + t.sys >= 0.03, t.real .. ' ' .. t.user)
   timer:stop()
   local stopped = timer:time()
   sys.sleep(0.03)
   eq(timer:time().real, stopped.real, 'a stopped timer does not advance')
   timer:resume()
   sys.sleep(0.03)
   assert(timer:time().real >= stopped.real + 0.025)
   timer:reset()
   assert(timer:time().real < 0.01)
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
   local a, b = xlua.unpack({ { x = 3 } }, 'f', 'desc',
      { arg = 'x', type = 'number', req = true }, { arg = 'y', type = 'number', default = 7 })
   eq(a, 3); eq(b, 7)
   a, b = xlua.unpack({ 4, 5 }, 'f', 'desc', { arg = 'x' }, { arg = 'y', default = 7 })
   eq(a, 4); eq(b, 5)
   assert(not pcall(xlua.unpack, { {} }, 'f', 'desc', { arg = 'x', req = true }))
   local p = string.split('a b  c')
   eq(#p, 3)
   assert(xlua.table2string({ a = 1 }):find('a : 1'))
   local prof = xlua.Profiler()
   prof:start('x'); assert(prof:lap('x') >= 0)
end

return T
