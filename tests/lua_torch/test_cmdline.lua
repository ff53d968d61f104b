-- torch.CmdLine
local T = {}

local function eq(a, b, msg)
   if a ~= b then error((msg or 'mismatch') .. ': got ' .. tostring(a) .. ', expected ' .. tostring(b), 2) end
end

-- runs f with io.write/print/stderr captured and os.exit turned into an error; returns output, exit code
local function capture(f)
   local out = {}
   local oldWrite, oldPrint, oldExit, oldStderr = io.write, print, os.exit, io.stderr
   io.write = function(...) for _, s in ipairs { ... } do out[#out + 1] = tostring(s) end end
   print = function(...)
      local t = {}
      for i = 1, select('#', ...) do t[i] = tostring((select(i, ...))) end
      out[#out + 1] = table.concat(t, '\t') .. '\n'
   end
   io.stderr = { write = function(_, s) out[#out + 1] = s end }
   os.exit = function(code) error({ exit = code }) end
   local ok, err = pcall(f)
   io.write, print, os.exit, io.stderr = oldWrite, oldPrint, oldExit, oldStderr
   local code
   if not ok then
      if type(err) == 'table' and err.exit then code = err.exit else error(err, 0) end
   end
   return table.concat(out), code
end

local function make()
   local cmd = torch.CmdLine()
   cmd:text('Train a net')
   cmd:text()
   cmd:text('Options')
   cmd:option('-lr', 0.1, 'learning rate')
   cmd:option('-cuda', false, 'use cuda')
   cmd:option('-verbose', true, 'talk')
   cmd:option('-name', 'net', 'model name')
   cmd:option('-n', 3, 'count', 'number')
   return cmd
end

function T.defaults_and_flags()
   local cmd = make()
   local p = cmd:parse({})
   eq(p.lr, 0.1); eq(p.cuda, false); eq(p.verbose, true); eq(p.name, 'net'); eq(p.n, 3)
   p = cmd:parse({ '-lr', '0.5', '-cuda', '-verbose', '-name', 'x', '-n', '1e2' })
   eq(p.lr, 0.5); eq(p.cuda, true); eq(p.verbose, false, 'a flag inverts a true default')
   eq(p.name, 'x'); eq(p.n, 100)
   eq(type(p.lr), 'number')
   -- a string option keeps digits as a string
   p = cmd:parse({ '-name', '12' })
   eq(p.name, '12')
   p = cmd:parse({ '-lr', '-3' })
   eq(p.lr, -3)
end

function T.arguments()
   local cmd = torch.CmdLine()
   cmd:argument('-input', 'input file')
   cmd:argument('-output', 'output file')
   cmd:option('-k', 1, 'k')
   local p = cmd:parse({ 'a.t7', '-k', '4', 'b.t7' })
   eq(p.input, 'a.t7'); eq(p.output, 'b.t7'); eq(p.k, 4)
   local out, code = capture(function() cmd:parse({ 'a.t7' }) end)
   eq(code, 1); assert(out:find('not enough arguments'), out)
   out, code = capture(function() cmd:parse({ 'a', 'b', 'c' }) end)
   eq(code, 1); assert(out:find('invalid argument: c'), out)
end

function T.errors_exit()
   local cmd = make()
   local out, code = capture(function() cmd:parse({ '-lr', 'abc' }) end)
   eq(code, 1); assert(out:find('invalid type for option %-lr %(should be number%)'), out)
   out, code = capture(function() cmd:parse({ '-lr' }) end)
   eq(code, 1); assert(out:find('missing argument for option %-lr'), out)
   out, code = capture(function() cmd:parse({ '-bogus' }) end)
   eq(code, 1); assert(out:find('invalid argument: %-bogus'), out)
   assert(not pcall(cmd.option, cmd, '-x', nil, 'no default'))
   assert(not pcall(cmd.option, cmd, '-x', 1, 'wrong type', 'string'))
end

function T.help_format()
   local cmd = make()
   cmd:argument('-data', 'the data')
   local out, code = capture(function() cmd:parse({ '--help' }) end)
   eq(code, 0)
   local expected = table.concat({
      'Usage: [options] <data>',
      'Train a net',
      '',
      'Options',
      '  -lr      learning rate [0.1]',
      '  -cuda    use cuda [false]',
      '  -verbose talk [true]',
      '  -name    model name [net]',
      '  -n       count [3]',
      '  <data>   the data',
      '' }, '\n')
   eq(out, expected)
   out = capture(function() cmd:help({ [0] = 'train.lua' }) end)
   assert(out:find('^Usage: train.lua %[options%] <data>\n'), out)
end

function T.string_naming()
   local cmd = make()
   local p = cmd:parse({ '-lr', '0.5', '-cuda', '-name', 'x' })
   local name
   capture(function() name = cmd:string('exp', p, { name = true }) end)
   eq(name, 'exp,cuda=t,lr=0.5')
   capture(function() name = cmd:string('exp', cmd:parse({}), {}) end)
   eq(name, 'exp')
   capture(function() name = cmd:string('exp', cmd:parse({}), { n = false }) end)
   eq(name, 'exp,n=3')
   local c2 = torch.CmdLine('/', ':')
   c2:argument('-a', 'a')
   c2:option('-v', false, 'v')
   capture(function() name = c2:string('', c2:parse({ 'z', '-v' }), {}) end)
   eq(name, '/a:z/v:t')
end

function T.log_tees_print()
   local cmd = make()
   cmd:addTime('run', '%Y')
   local file = os.tmpname()
   local oldPrint = print
   local seen = {}
   print = function(...) seen[#seen + 1] = select(1, ...) end
   cmd:log(file, { lr = 0.1 })
   print('hello', 3)
   local restored = rawget(_G, '__luatorch_screen_print')
   print = oldPrint
   _G.__luatorch_screen_print = nil
   local text = io.open(file):read('*a')
   os.remove(file)
   assert(text:find('%[program started on'), text)
   assert(text:find('%d%d%d%d%[run%]:  hello 3'), text)
   assert(text:find('lr 0.1'), text)
   eq(seen[#seen], 'hello')
   cmd:silent()
   eq(cmd.silentio, true)
end

return T
