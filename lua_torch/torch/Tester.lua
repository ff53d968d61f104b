-- torch.Tester: runs tests, records assertion failures, reports, and errors at the end on failure.
local torch = ...
local Tester = torch.class('torch.Tester')

function Tester:__init()
   self.errors = {}
   self.tests = {}
   self.testnames = {}
   self.disabled = {}
   self.countasserts = 0
   self.assertionPass = {}
   self.assertionFail = {}
   self.earlyAbort = false
   self.rethrow = false
   self.summaryOnly = false
   self._testFailed = false
   self._failures = {}
end

function Tester:setEarlyAbort(b) self.earlyAbort = b; return self end
function Tester:setRethrowErrors(b) self.rethrow = b; return self end
function Tester:setSummaryOnly(b) self.summaryOnly = b; return self end

local function is_suite(t) return torch.typename(t) == 'torch.TestSuite' end

function Tester:add(f, name)
   if type(f) == 'table' then
      local tbl = is_suite(f) and f:_tests() or f
      for k, v in pairs(tbl) do self:add(v, k) end
      return self
   end
   if type(f) ~= 'function' then error('Tester:add: function, table or TestSuite expected', 2) end
   name = name or ('test' .. (#self.testnames + 1))
   if name == '_setUp' then self._setUp = f return self end
   if name == '_tearDown' then self._tearDown = f return self end
   if self.tests[name] then error("Test with name '" .. name .. "' already exists!", 2) end
   self.tests[name] = f
   self.testnames[#self.testnames + 1] = name
   return self
end

function Tester:disable(names)
   if type(names) == 'string' then names = { names } end
   for _, n in ipairs(names) do self.disabled[n] = true end
   return self
end

local function record(self, ok, message)
   self.countasserts = self.countasserts + 1
   if ok then
      table.insert(self.assertionPass, message or '')
   else
      table.insert(self.assertionFail, message or '')
      self._testFailed = true
      local where = '?'
      for level = 2, 20 do
         local info = debug.getinfo(level, 'Sl')
         if not info then break end
         if not info.short_src:find('Tester%.lua') and info.currentline and info.currentline > 0 then
            where = info.short_src .. ':' .. info.currentline
            break
         end
      end
      local text = (message or 'assertion failed') .. '\n  at ' .. where
      table.insert(self._failures, text)
      if self.rethrow then error(message or 'assertion failed', 3) end
   end
   return ok
end

-- trailing args: [tolerance] [message] in either order
local function tol_msg(a, b, default_tol)
   local tol, msg = default_tol, nil
   if type(a) == 'number' then tol = a; msg = b
   elseif type(a) == 'string' then msg = a; if type(b) == 'number' then tol = b end end
   return tol, msg
end

function Tester:assert(cond, msg)
   if type(cond) ~= 'boolean' then
      io.stderr:write('WARNING: Tester:assert got a ' .. type(cond) .. ' condition, not a boolean\n')
   end
   return record(self, cond and true or false, msg or 'assert should be true')
end
Tester.assert_ = Tester.assert

local function maxdiff(a, b)
   local ta, tb = a:double():contiguous(), b:double():contiguous()
   local n = ta:nElement()
   if n ~= tb:nElement() then return math.huge end
   local pa, pb = ta:data(), tb:data()
   local m = 0
   for i = 0, n - 1 do
      local x, y = pa[i], pb[i]
      local d
      if x == y then d = 0 else d = math.abs(x - y) end
      if d ~= d then d = math.huge end
      if d > m then m = d end
   end
   return m
end
torch._maxdiff = maxdiff

local function general_eq(got, exp, tol)
   local tg, te = torch.type(got), torch.type(exp)
   if tg ~= te then return false, 'type mismatch: ' .. tg .. ' vs ' .. te end
   if torch.isTensor(got) then
      if got:nElement() ~= exp:nElement() then return false, 'tensor size mismatch' end
      if not got:isSameSizeAs(exp) then return false, 'tensor shape mismatch' end
      local d = maxdiff(got, exp)
      return d <= tol, string.format('tensor max diff %g > %g', d, tol)
   elseif torch.isStorage(got) then
      if got:size() ~= exp:size() then return false, 'storage size mismatch' end
      for i = 1, got:size() do
         if math.abs(got[i] - exp[i]) > tol then return false, 'storage element ' .. i .. ' differs' end
      end
      return true
   elseif tg == 'number' then
      if got == exp then return true end
      return math.abs(got - exp) <= tol, string.format('%.17g ~= %.17g (tolerance %g)', got, exp, tol)
   elseif tg == 'table' then
      for k, v in pairs(exp) do
         if got[k] == nil then return false, 'missing key ' .. tostring(k) end
         local ok, why = general_eq(got[k], v, tol)
         if not ok then return false, 'at key ' .. tostring(k) .. ': ' .. (why or '') end
      end
      for k in pairs(got) do
         if exp[k] == nil then return false, 'extra key ' .. tostring(k) end
      end
      return true
   end
   return got == exp, tostring(got) .. ' ~= ' .. tostring(exp)
end
torch._general_eq = general_eq

function Tester:eq(got, exp, a, b)
   local tol, msg = tol_msg(a, b, 0)
   local ok, why = general_eq(got, exp, tol)
   return record(self, ok, (msg and (msg .. ': ') or 'eq: ') .. (ok and '' or (why or '')))
end
Tester.assertGeneralEq = Tester.eq
function Tester:ne(got, exp, a, b)
   local tol, msg = tol_msg(a, b, 0)
   local ok = general_eq(got, exp, tol)
   return record(self, not ok, msg or 'ne: values are equal')
end
Tester.assertGeneralNe = Tester.ne

local function cmp(name, f)
   Tester[name] = function(self, a, b, msg)
      return record(self, f(a, b), (msg or name) .. string.format(' (%s, %s)', tostring(a), tostring(b)))
   end
end
cmp('assertlt', function(a, b) return a < b end)
cmp('assertgt', function(a, b) return a > b end)
cmp('assertle', function(a, b) return a <= b end)
cmp('assertge', function(a, b) return a >= b end)
cmp('asserteq', function(a, b) return a == b end)
cmp('assertne', function(a, b) return a ~= b end)

function Tester:assertalmosteq(a, b, c, d)
   local tol, msg = tol_msg(c, d, 1e-16)
   return record(self, math.abs(a - b) <= tol, (msg or 'assertalmosteq') ..
                 string.format(' (%.17g vs %.17g, tolerance %g)', a, b, tol))
end

function Tester:assertTensorEq(ta, tb, c, d)
   local tol, msg = tol_msg(c, d, 0)
   if torch.type(ta) ~= torch.type(tb) then
      return record(self, false, (msg or 'assertTensorEq') .. ': type mismatch ' .. torch.type(ta) .. ' vs ' .. torch.type(tb))
   end
   if ta:nElement() ~= tb:nElement() then
      return record(self, false, (msg or 'assertTensorEq') .. ': number of elements differs')
   end
   if not ta:isSameSizeAs(tb) then
      io.stderr:write('WARNING: assertTensorEq: tensors have different shapes\n')
   end
   local dmax = maxdiff(ta, tb)
   return record(self, dmax <= tol, (msg or 'assertTensorEq') .. string.format(': max diff %g > %g', dmax, tol))
end
function Tester:assertTensorNe(ta, tb, c, d)
   local tol, msg = tol_msg(c, d, 0)
   if torch.type(ta) ~= torch.type(tb) or ta:nElement() ~= tb:nElement() then
      return record(self, true, msg)
   end
   return record(self, maxdiff(ta, tb) > tol, (msg or 'assertTensorNe') .. ': tensors are equal')
end
function Tester:assertTableEq(a, b, c, d)
   local tol, msg = tol_msg(c, d, 0)
   local ok, why = general_eq(a, b, tol)
   return record(self, ok, (msg or 'assertTableEq') .. ': ' .. (why or ''))
end
function Tester:assertTableNe(a, b, c, d)
   local tol, msg = tol_msg(c, d, 0)
   return record(self, not general_eq(a, b, tol), msg or 'assertTableNe: tables are equal')
end
function Tester:assertError(f, msg)
   return record(self, not pcall(f), msg or 'assertError: no error raised')
end
function Tester:assertNoError(f, msg)
   local ok, err = pcall(f)
   return record(self, ok, (msg or 'assertNoError') .. ': ' .. tostring(err))
end
function Tester:assertErrorMsg(f, errmsg, msg)
   local ok, err = pcall(f)
   local got = type(err) == 'string' and err:gsub('^[^:]*:%d+: ', '') or tostring(err)
   return record(self, not ok and got == errmsg,
                 (msg or 'assertErrorMsg') .. ': expected "' .. tostring(errmsg) .. '", got "' .. tostring(got) .. '"')
end
function Tester:assertErrorPattern(f, pat, msg)
   local ok, err = pcall(f)
   return record(self, not ok and tostring(err):find(pat) ~= nil,
                 (msg or 'assertErrorPattern') .. ': "' .. tostring(err) .. '" does not match ' .. pat)
end
function Tester:assertErrorObj(f, cmpfn, msg)
   local ok, err = pcall(f)
   return record(self, not ok and cmpfn(err), msg or 'assertErrorObj')
end

local function matches(name, patterns)
   if not patterns then return true end
   for _, p in ipairs(patterns) do
      if name == p or name:find(p) then return true end
   end
   return false
end

function Tester:run(names)
   if type(names) == 'string' then names = { names } end
   local selected = {}
   for name in pairs(self.tests) do
      if not self.disabled[name] and matches(name, names) then selected[#selected + 1] = name end
   end
   if names and #selected == 0 then error('no test matches ' .. table.concat(names, ', '), 2) end
   local nfail, nerr = 0, 0
   local report = {}
   local out = io.write
   out('Running ' .. #selected .. ' test' .. (#selected == 1 and '' or 's') .. '\n')
   for i, name in ipairs(selected) do
      self._testFailed = false
      self._failures = {}
      if self._setUp then self._setUp(name) end
      local ok, err
      if self.rethrow then
         ok = true; self.tests[name]()
      else
         ok, err = xpcall(self.tests[name], debug.traceback)
      end
      if self._tearDown then self._tearDown(name) end
      local status
      if not ok then
         nerr = nerr + 1
         status = 'ERROR'
         report[#report + 1] = name .. '\n' .. tostring(err)
      elseif self._testFailed then
         nfail = nfail + 1
         status = 'FAIL'
         report[#report + 1] = name .. '\n' .. table.concat(self._failures, '\n')
      else
         status = 'PASS'
      end
      if not self.summaryOnly then
         out(string.format('%d/%d %-40s %s\n', i, #selected, name, status))
      end
      if self.earlyAbort and status ~= 'PASS' then break end
   end
   out(string.format('Completed %d asserts in %d tests with %d failures and %d errors\n',
                     self.countasserts, #selected, nfail, nerr))
   self.errors = report
   if #report > 0 then
      out(string.rep('-', 80) .. '\n' .. table.concat(report, '\n' .. string.rep('-', 80) .. '\n') .. '\n')
      error('An error was found while running tests!', 0)
   end
   return self
end

-- Runs a package's own suite the way torch.test() / nn.test() do: build(tester) returns the test table;
-- seeded, in double precision, the default tensor type restored whatever happens.
function torch._runTestSuite(build, tests, seed)
   seed = seed or os.time()
   print('Seed: ', seed)
   torch.manualSeed(seed)
   local saved = torch.getdefaulttensortype()
   torch.setdefaulttensortype('torch.DoubleTensor')
   local tester = torch.Tester()
   tester:add(build(tester))
   local ok, err = pcall(function() tester:run(tests) end)
   torch.setdefaulttensortype(saved)
   if not ok then error(err, 0) end
   return tester
end
