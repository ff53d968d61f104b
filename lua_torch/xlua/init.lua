-- xlua: the parts of Torch7's xlua that scripts use: progress bar, time formatting, argument unpacking,
-- protected require, table printing, a simple profiler and option parser.
local sys = require 'sys'
local libc = require 'paths.libc'

local xlua = {}

-- The bar goes to stderr so that it never mixes into a script's data written on stdout.
xlua.progressStream = io.stderr

-- "1m2s", "3ms": the two most significant units (days, hours, minutes, seconds, milliseconds)
function xlua.formatTime(seconds)
   seconds = seconds or 0
   local units = {
      { 'D', math.floor(seconds / 86400) },
      { 'h', math.floor(seconds / 3600) % 24 },
      { 'm', math.floor(seconds / 60) % 60 },
      { 's', math.floor(seconds) % 60 },
      { 'ms', math.floor(seconds * 1000) % 1000 },
   }
   local out, used = {}, 0
   for _, u in ipairs(units) do
      if u[2] > 0 and used < 2 then
         out[#out + 1] = u[2] .. u[1]
         used = used + 1
      elseif used > 0 then
         used = used + 1 -- only adjacent units are shown
      end
   end
   if #out == 0 then return '0ms' end
   return table.concat(out)
end

local bar = { width = nil, startTime = nil, lastTime = nil, previous = -1 }

local function terminalWidth()
   if bar.width then return bar.width end
   local cols = tonumber(os.getenv('COLUMNS') or '')
   if not cols and libc.C.isatty(2) == 1 then
      cols = tonumber(sys.execute('tput cols 2>/dev/null') or '')
   end
   bar.width = math.min(cols or 80, 120)
   return bar.width
end

-- Redraws "[====>....] ETA: 1m2s | Step: 3ms  current/total" on one line; ends the line at current == total.
function xlua.progress(current, total)
   local out = xlua.progressStream
   local now = libc.walltime()
   local percent = math.floor(current / total * 100 + 0.5)
   if bar.startTime == nil or percent < bar.previous or current < (bar.lastCurrent or 0) then
      bar.startTime, bar.lastTime = now, now
   end
   local step = now - bar.lastTime
   bar.lastTime = now
   bar.previous = percent
   bar.lastCurrent = current
   local elapsed = now - bar.startTime
   local eta = current > 0 and elapsed / current * (total - current) or 0
   local barLength = math.max(10, terminalWidth() - 60)
   local filled = math.floor(current / total * barLength)
   local s = { ' [' }
   s[#s + 1] = string.rep('=', math.max(filled - 1, 0))
   if filled > 0 then s[#s + 1] = current == total and '=' or '>' end
   s[#s + 1] = string.rep('.', barLength - filled)
   s[#s + 1] = '] '
   if current == total then
      s[#s + 1] = 'Tot: ' .. xlua.formatTime(elapsed)
   else
      s[#s + 1] = 'ETA: ' .. xlua.formatTime(eta)
   end
   s[#s + 1] = ' | Step: ' .. xlua.formatTime(step)
   s[#s + 1] = '  ' .. current .. '/' .. total
   out:write('\r', table.concat(s))
   if current >= total then
      out:write('\n')
      bar.startTime = nil
      bar.previous = -1
      bar.lastCurrent = 0
   end
   out:flush()
end

function xlua.error(message, domain, usage)
   local full = (domain and (domain .. ': ') or '') .. tostring(message)
   if usage then full = full .. '\n' .. usage end
   error(full, 2)
end

-- require that returns nil (and prints a note) instead of raising when the package is missing
function xlua.require(package, luarocks)
   local ok, mod = pcall(require, package)
   if ok then return mod end
   if luarocks then
      print('xlua.require: package ' .. package .. ' is not available (luarocks installs are not supported)')
   end
   return nil
end

function xlua.trycatch(try, catch)
   local ok, err = pcall(try)
   if not ok and catch then return catch(err) end
   return ok
end

local function tostr(v, indent, seen)
   if type(v) ~= 'table' then
      if type(v) == 'string' then return string.format('%q', v) end
      return tostring(v)
   end
   if seen[v] then return '<cycle>' end
   seen[v] = true
   local keys = {}
   for k in pairs(v) do keys[#keys + 1] = k end
   table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
   local lines = { '{' }
   for _, k in ipairs(keys) do
      lines[#lines + 1] = indent .. '  ' .. tostring(k) .. ' : ' .. tostr(v[k], indent .. '  ', seen)
   end
   lines[#lines + 1] = indent .. '}'
   seen[v] = nil
   return table.concat(lines, '\n')
end

function xlua.table2string(t)
   return tostr(t, '', {})
end

function xlua.print(obj, ...)
   if type(obj) == 'table' and getmetatable(obj) == nil then
      print(xlua.table2string(obj))
   else
      print(obj, ...)
   end
end

-- Usage text for xlua.unpack's argument descriptions.
function xlua.usage(funcname, description, example, ...)
   local lines = { '', '+++++ ' .. (funcname or '') .. ' +++++', '' }
   if description then lines[#lines + 1] = description; lines[#lines + 1] = '' end
   lines[#lines + 1] = 'Usage:'
   for _, def in ipairs { ... } do
      local line = '  ' .. (def.req and '' or '[') .. def.arg
      if def.type then line = line .. ' (' .. def.type .. ')' end
      if not def.req then line = line .. ']' end
      if def.help then line = line .. ' -- ' .. def.help end
      if def.default ~= nil then line = line .. ' [default = ' .. tostring(def.default) .. ']' end
      lines[#lines + 1] = line
   end
   if example then lines[#lines + 1] = ''; lines[#lines + 1] = example end
   return table.concat(lines, '\n')
end

-- xlua.unpack(args, funcname, description, {arg=, type=, help=, default=, defaulta=, req=}, ...)
-- `args` is the caller's argument list packed in a table ({...}): either positional values, or one plain
-- table of named values. Returns, as Torch7's did, first a table holding every argument both by name and
-- by position (plus `usage`, whose tostring is the help text), then the values in declaration order:
--    local args, x, y = xlua.unpack({...}, 'f', 'does f', {arg='x', req=true}, {arg='y', default=1})
function xlua.unpack(args, funcname, description, ...)
   local defs = { ... }
   local usage = setmetatable({}, { __tostring = function()
      return xlua.usage(funcname, description, nil, unpack(defs))
   end })
   local first = args[1]
   local named = #args == 1 and type(first) == 'table' and getmetatable(first) == nil and #first == 0
   local given = {}
   if named then
      given = first
   else
      for i, def in ipairs(defs) do given[def.arg] = args[i] end
   end
   local out = {}
   for i, def in ipairs(defs) do
      local v = given[def.arg]
      if v == nil then v = def.default end
      if v == nil and def.defaulta then v = out[def.defaulta] end
      if v == nil and def.req then
         error(tostring(usage) .. '\n\n' .. (funcname or '?') .. ': missing argument: ' .. def.arg, 2)
      end
      out[def.arg] = v
      out[i] = v
   end
   out.usage = usage
   return out, unpack(out, 1, #defs)
end

-- xlua.unpack into an object's fields (named fields only, as Torch7)
function xlua.unpack_class(object, args, funcname, description, ...)
   local all = xlua.unpack(args, funcname, description, ...)
   for k, v in pairs(all) do
      if type(k) ~= 'number' then object[k] = v end
   end
   return object
end

function xlua.who()
   local names = {}
   for k in pairs(_G) do names[#names + 1] = tostring(k) end
   table.sort(names)
   print(table.concat(names, ' '))
end

function xlua.clear(name)
   _G[name] = nil
   collectgarbage()
end

function xlua.clearall()
   collectgarbage()
end

-- Profiler: named sections timed with start/lap, printed by :printAll()
local Profiler = {}
Profiler.__index = Profiler
function xlua.Profiler(mode, verbose)
   return setmetatable({ events = {}, order = {}, mode = mode, verbose = verbose }, Profiler)
end
function Profiler:start(name)
   local e = self.events[name]
   if not e then
      e = { total = 0, n = 0 }
      self.events[name] = e
      self.order[#self.order + 1] = name
   end
   e.started = libc.walltime()
end
function Profiler:lap(name)
   local e = self.events[name]
   if not e or not e.started then return 0 end
   local dt = libc.walltime() - e.started
   e.total, e.n, e.started = e.total + dt, e.n + 1, nil
   if self.verbose then print(string.format('%s: %.3fms', name, dt * 1000)) end
   return dt
end
function Profiler:cpu(name) return self:lap(name) end
function Profiler:printAll()
   for _, name in ipairs(self.order) do
      local e = self.events[name]
      print(string.format('%-30s %10.3fms total, %d calls', name, e.total * 1000, e.n))
   end
end

-- OptionParser: "-x, --long=VALUE" style parser (subset of xlua's)
local OptionParser = {}
OptionParser.__index = OptionParser
function xlua.OptionParser(usage)
   return setmetatable({ usage = usage or '', options = {}, byflag = {} }, OptionParser)
end
function OptionParser:option(flags, opts)
   opts = opts or {}
   local entry = { opts = opts, flags = flags }
   self.options[#self.options + 1] = entry
   for flag in tostring(flags):gmatch('[^,%s]+') do self.byflag[flag] = entry end
   entry.dest = opts.dest or (flags:match('%-%-([%w_%-]+)') or flags:match('%-([%w_]+)')):gsub('%-', '_')
end
function OptionParser:help()
   print(self.usage)
   for _, e in ipairs(self.options) do
      print(string.format('  %-24s %s', e.flags, e.opts.help or ''))
   end
end
function OptionParser:parse(options)
   local parsed, rest = {}, {}
   for _, e in ipairs(self.options) do parsed[e.dest] = e.opts.default end
   local argv = rawget(_G, 'arg') or {}
   local i = 1
   while i <= #argv do
      local word = argv[i]
      local flag, inline = word:match('^(%-%-[^=]+)=(.*)$')
      flag = flag or word
      local e = self.byflag[flag]
      if e then
         if e.opts.action == 'store_true' then parsed[e.dest] = true
         elseif e.opts.action == 'store_false' then parsed[e.dest] = false
         else
            local v = inline
            if v == nil then i = i + 1; v = argv[i] end
            parsed[e.dest] = tonumber(v) or v
         end
      elseif word == '-h' or word == '--help' then
         self:help(); os.exit(0)
      else
         rest[#rest + 1] = word
      end
      i = i + 1
   end
   if options then for k, v in pairs(parsed) do options[k] = v end end
   return parsed, rest
end

-- string helpers xlua adds to the standard library
function string.split(str, pattern)
   pattern = pattern or '%s+'
   local parts = {}
   for _, p in ipairs(sys.split(str, pattern)) do
      if p ~= '' then parts[#parts + 1] = p end
   end
   return parts
end

function string.tosymbol(str)
   local ok, v = pcall(loadstring('return ' .. str))
   if ok then return v end
   return nil
end

function table.splice(tbl, start, length, ...)
   local removed = {}
   for _ = 1, length or 0 do removed[#removed + 1] = table.remove(tbl, start) end
   local inserts = { ... }
   for i = #inserts, 1, -1 do table.insert(tbl, start, inserts[i]) end
   return removed
end

function table.prune(tbl)
   local out = {}
   for _, v in pairs(tbl) do
      if v ~= nil then out[#out + 1] = v end
   end
   return out
end

-- Torch7's xlua registered itself as a global (Lua 5.1 modules did); scripts rely on it
rawset(_G, 'xlua', xlua)

return xlua
