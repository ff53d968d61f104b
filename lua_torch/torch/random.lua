-- Random numbers: torch.Generator, seeding, scalar draws and tensor fills (MT19937 in the core,
-- bit-exact with Torch7).  The generator is an optional first argument (after a result) everywhere.
local torch, core, D = ...
local ffi, lib = core.ffi, core.lib
local rawtype = type
local isTensor = torch._isTensor
local check = D.check
local M = torch._TensorMethods

local Generator = torch.class('torch.Generator')
function Generator:__init(handle)
   if handle then
      self._gen = handle
   else
      self._gen = ffi.gc(lib.tc_generator_new(), lib.tc_generator_free)
   end
end
local default = setmetatable({ _gen = lib.tc_generator_default() }, torch.getmetatable('torch.Generator'))
torch._gen = default

local function isgen(v) return rawtype(v) == 'table' and torch.typename(v) == 'torch.Generator' end

-- splits an optional leading generator off the arguments
local function gen_args(...)
   local a = ...
   if isgen(a) then return a._gen, select(2, ...) end
   return default._gen, ...
end

function torch.manualSeed(...)
   local g, seed = gen_args(...)
   if rawtype(seed) ~= 'number' then error('manualSeed: seed (number) expected', 2) end
   check(lib.tc_generator_manual_seed(g, seed))
end
torch.manualseed = torch.manualSeed
function torch.seed(...) local g = gen_args(...); return tonumber(lib.tc_generator_seed(g)) end
function torch.initialSeed(...) local g = gen_args(...); return tonumber(lib.tc_generator_initial_seed(g)) end
function torch.getRNGState(...)
   local g = gen_args(...)
   local t = torch.ByteTensor()
   check(lib.tc_generator_get_state_tensor(g, t.tc_))
   return t
end
function torch.setRNGState(...)
   local g, state = gen_args(...)
   if not isTensor(state) then error('setRNGState: ByteTensor expected', 2) end
   check(lib.tc_generator_set_state_tensor(g, state.tc_))
   return state
end

local out1 = ffi.new('double[1]')
local iout1 = ffi.new('int64_t[1]')

-- scalar draws: torch.NAME([gen,] params...) -> number; with a tensor first: fill it
local function scalar(name, defaults, draw, fill)
   torch[name] = function(...)
      local first = ...
      if isTensor(first) then return first[name](first, select(2, ...)) end
      local g, a, b = gen_args(...)
      if a == nil then a = defaults[1] end
      if b == nil then b = defaults[2] end
      return draw(g, a, b)
   end
   M[name] = function(self, ...)
      local g, a, b = gen_args(...)
      if a == nil then a = defaults[1] end
      if b == nil then b = defaults[2] end
      fill(self, g, a, b)
      return self
   end
end

scalar('uniform', { 0, 1 }, function(g, a, b) return lib.tc_draw_uniform(g, a, b) end,
   function(x, g, a, b) check(lib.tc_fill_uniform(x.tc_, g, a, b)) end)
scalar('normal', { 0, 1 }, function(g, a, b) check(lib.tc_draw_normal(g, a, b, out1)); return out1[0] end,
   function(x, g, a, b) check(lib.tc_fill_normal(x.tc_, g, a, b)) end)
scalar('exponential', { 1 }, function(g, a) check(lib.tc_draw_exponential(g, a, out1)); return out1[0] end,
   function(x, g, a) check(lib.tc_fill_exponential(x.tc_, g, a)) end)
scalar('cauchy', { 0, 1 }, function(g, a, b) check(lib.tc_draw_cauchy(g, a, b, out1)); return out1[0] end,
   function(x, g, a, b) check(lib.tc_fill_cauchy(x.tc_, g, a, b)) end)
scalar('logNormal', { 1, 2 }, function(g, a, b) check(lib.tc_draw_log_normal(g, a, b, out1)); return out1[0] end,
   function(x, g, a, b) check(lib.tc_fill_log_normal(x.tc_, g, a, b)) end)
scalar('geometric', { nil }, function(g, p)
   if p == nil then error('geometric: p expected', 3) end
   check(lib.tc_draw_geometric(g, p, out1)); return out1[0]
end, function(x, g, p) check(lib.tc_fill_geometric(x.tc_, g, p)) end)
scalar('bernoulli', { 0.5 }, function(g, p) check(lib.tc_draw_bernoulli(g, p, out1)); return out1[0] end,
   function(x, g, p)
      if isTensor(p) then check(lib.tc_fill_bernoulli_tensor(x.tc_, g, p.tc_))
      else check(lib.tc_fill_bernoulli(x.tc_, g, p)) end
   end)

-- random([gen,] [a,] [b]): no bounds -> uint32; (b) -> [1, b]; (a, b) -> [a, b]
function torch.random(...)
   local g, a, b = gen_args(...)
   if isTensor(a) then return a:random(select(2, ...)) end
   if a == nil then return tonumber(lib.tc_draw_u32(g)) end
   if b == nil then check(lib.tc_draw_random_upto(g, a, iout1)); return tonumber(iout1[0]) end
   check(lib.tc_draw_random_range(g, a, b, iout1)); return tonumber(iout1[0])
end
function M:random(...)
   local g, a, b = gen_args(...)
   if a == nil then check(lib.tc_fill_random(self.tc_, g))
   elseif b == nil then check(lib.tc_fill_random_upto(self.tc_, g, a))
   else check(lib.tc_fill_random_range(self.tc_, g, a, b)) end
   return self
end

-- rand/randn([res,] [gen,] sizes... [, typename])
local function sized_random(name, fill)
   torch[name] = function(...)
      local res
      local a = ...
      local args = { ... }
      local first = 1
      if isTensor(a) then res = a; first = 2 end
      local g = default._gen
      if isgen(args[first]) then g = args[first]._gen; first = first + 1 end
      local n = select('#', ...)
      local T = D.default_tensor_type()
      if rawtype(args[n]) == 'string' then
         T = core.by_name[args[n]:match('^torch%.(%a+)Tensor$') or ''] or error('unknown type ' .. args[n], 2)
         n = n - 1
      end
      res = res or torch._tensor_constructors[T.dtype]()
      res:resize(unpack(args, first, n))
      fill(res, g)
      return res
   end
   M[name] = function(self, ...)
      local g = default._gen
      local args = { ... }
      local first = 1
      if isgen(args[1]) then g = args[1]._gen; first = 2 end
      self:resize(unpack(args, first, select('#', ...)))
      fill(self, g)
      return self
   end
end
sized_random('rand', function(x, g) check(lib.tc_fill_uniform(x.tc_, g, 0, 1)) end)
sized_random('randn', function(x, g) check(lib.tc_fill_normal(x.tc_, g, 0, 1)) end)

-- randperm([res,] [gen,] n [, typename]) -> 1..n shuffled
function torch.randperm(...)
   local args = { ... }
   local i = 1
   local res
   if isTensor(args[i]) then res = args[i]; i = i + 1 end
   local g = default._gen
   if isgen(args[i]) then g = args[i]._gen; i = i + 1 end
   local n = args[i]
   if rawtype(n) ~= 'number' then error('randperm: n (number) expected', 2) end
   local tname = args[i + 1]
   if not res then
      local T = tname and core.by_name[tname:match('^torch%.(%a+)Tensor$') or ''] or D.default_tensor_type()
      res = torch._tensor_constructors[T.dtype]()
   end
   check(lib.tc_randperm(res.tc_, g, n, 1))
   return res
end
function M:randperm(...) return torch.randperm(self, ...) end

-- multinomial([res,] [gen,] prob, n[, replacement=false]) -> LongTensor of 1-based categories
function torch.multinomial(...)
   local args = { ... }
   local i = 1
   local res
   if isTensor(args[1]) and isTensor(args[2]) then res = args[1]; i = 2 end
   local g = default._gen
   if isgen(args[i]) then g = args[i]._gen; i = i + 1 end
   local prob, n, repl = args[i], args[i + 1], args[i + 2]
   res = res or torch.LongTensor()
   check(lib.tc_multinomial(res.tc_, g, prob.tc_, n, repl and 1 or 0, 1))
   return res
end
function M:multinomial(...) return torch.multinomial(self, ...) end

-- Walker's alias method (Torch7's multinomialAliasSetup / multinomialAlias): state = { J, q } where a
-- draw picks a category k uniformly, keeps it with probability q[k] and takes its alias J[k] otherwise.
-- J is a LongTensor of 1-based categories, q has the type of probs. The probabilities are normalised
-- first (Torch7 assumed they summed to one). Each draw takes a uniform then a Bernoulli variate from
-- the generator, in Torch7's order.
function torch.multinomialAliasSetup(probs, state)
   if not isTensor(probs) or probs:dim() ~= 1 or probs:nElement() == 0 then
      error('torch.multinomialAliasSetup: a non-empty 1-D tensor of probabilities expected', 2)
   end
   local n = probs:nElement()
   local total = probs:sum()
   if probs:min() < 0 or not (total > 0) or total == math.huge then
      error('torch.multinomialAliasSetup: probabilities must be non-negative with a finite positive sum', 2)
   end
   local J, q
   if rawtype(state) == 'table' then J, q = state[1], state[2] end
   J = isTensor(J) and J or torch.LongTensor()
   q = isTensor(q) and q or probs.new()
   J:resize(n); q:resize(n)
   local prT = probs:contiguous():double()   -- kept alive while its memory is read
   local pr = prT:data()
   local qd = ffi.new('double[?]', n)
   local jd = ffi.new('int64_t[?]', n)
   local small, large = ffi.new('int64_t[?]', n), ffi.new('int64_t[?]', n)
   local ns, nl = 0, 0
   for i = 0, n - 1 do
      qd[i] = n * pr[i] / total
      jd[i] = i                          -- its own category until an alias is assigned
      if qd[i] < 1 then small[ns] = i; ns = ns + 1 else large[nl] = i; nl = nl + 1 end
   end
   while ns > 0 and nl > 0 do
      local s, l = small[ns - 1], large[nl - 1]
      jd[s] = l
      qd[l] = qd[l] - (1 - qd[s])
      if qd[l] < 1 then small[ns - 1] = l; nl = nl - 1 else ns = ns - 1 end
   end
   -- what is left (rounding) keeps its own category
   for k = 0, ns - 1 do qd[small[k]] = 1 end
   for k = 0, nl - 1 do qd[large[k]] = 1 end
   for i = 0, n - 1 do
      J[i + 1] = tonumber(jd[i]) + 1
      q[i + 1] = qd[i]
   end
   if rawtype(state) == 'table' then
      state[1], state[2] = J, q
      return state
   end
   return { J, q }
end

function torch.multinomialAlias(output, state, gen)
   if not isTensor(output) or output.tc_.dtype ~= 4 then
      error('torch.multinomialAlias: output must be a LongTensor', 2)
   end
   if rawtype(state) ~= 'table' or not isTensor(state[1]) or not isTensor(state[2]) then
      error('torch.multinomialAlias: state from torch.multinomialAliasSetup expected', 2)
   end
   local g = gen and gen._gen or default._gen
   local J, q = state[1], state[2]
   local n = J:nElement()
   if output:dim() ~= 1 then
      error('torch.multinomialAlias: output must be a 1-D LongTensor (use a 1-D view of a larger one)', 2)
   end
   local Jc, qc = J:contiguous(), q:contiguous():double()   -- kept alive while their memory is read
   local jd, qd = Jc:data(), qc:data()
   local od, st = output:data(), output:stride(1)
   local bit = ffi.new('double[1]')
   for i = 0, output:nElement() - 1 do
      local k = math.floor(lib.tc_draw_uniform(g, 0, n))
      check(lib.tc_draw_bernoulli(g, qd[k], bit))
      od[i * st] = bit[0] == 1 and k + 1 or jd[k]   -- (jd: 1-based already)
   end
   return output
end
