-- Elementwise math, comparisons and reductions, built from the core's op table (tc_op_count/tc_op_get):
-- each C op is installed under its Torch7 name(s) with Torch7's argument forms.
local torch, core, D = ...
local ffi, lib = core.ffi, core.lib
local rawtype = type
local isTensor = torch._isTensor
local wrap = torch._wraptensor
local defop, check, new_like = D.defop, D.check, D.new_like
local M = torch._TensorMethods
local DIM_ALL = lib.TC_DIM_ALL

local function types_of(flags)
   if bit.band(flags, 2) ~= 0 then return 'all' end
   return 'float'
end

-- Torch7 names for the C ops (C name -> { tensor-form name, scalar-form name })
local UNARY_NAMES = {
   exp = 'exp', log = 'log', log1p = 'log1p', sqrt = 'sqrt', rsqrt = 'rsqrt', sin = 'sin', cos = 'cos',
   tan = 'tan', asin = 'asin', acos = 'acos', atan = 'atan', sinh = 'sinh', cosh = 'cosh', tanh = 'tanh',
   sigmoid = 'sigmoid', reciprocal = 'cinv', round = 'round', ceil = 'ceil', floor = 'floor', trunc = 'trunc',
   frac = 'frac', abs = 'abs', neg = 'neg', sign = 'sign', erf = 'erf', erfinv = 'erfinv', lgamma = 'lgamma',
   digamma = 'digamma', expm1 = 'expm1',
}
local NUMBER_FORMS = {
   exp = math.exp, log = math.log, sqrt = math.sqrt, sin = math.sin, cos = math.cos, tan = math.tan,
   asin = math.asin, acos = math.acos, atan = math.atan, sinh = math.sinh, cosh = math.cosh, tanh = math.tanh,
   abs = math.abs, floor = math.floor, ceil = math.ceil,
   log1p = function(x) return math.log(1 + x) end,
   sigmoid = function(x) return 1 / (1 + math.exp(-x)) end,
   round = function(x) return x >= 0 and math.floor(x + 0.5) or math.ceil(x - 0.5) end,
   neg = function(x) return -x end, cinv = function(x) return 1 / x end,
   sign = function(x) return x > 0 and 1 or (x < 0 and -1 or 0) end,
   trunc = function(x) return x >= 0 and math.floor(x) or math.ceil(x) end,
   frac = function(x) return x - (x >= 0 and math.floor(x) or math.ceil(x)) end,
   rsqrt = function(x) return 1 / math.sqrt(x) end,
}
-- binary C op -> Torch7 names: scalar form, tensor form
local BINARY_NAMES = {
   mul = { 'mul', 'cmul' }, div = { 'div', 'cdiv' }, fmod = { 'fmod', 'cfmod' },
   remainder = { 'remainder', 'cremainder' }, pow = { 'pow', 'cpow' },
   maximum = { nil, nil }, minimum = { nil, nil }, atan2 = { nil, 'atan2' },
   bitwise_and = { 'bitand', 'cbitand' }, bitwise_or = { 'bitor', 'cbitor' }, bitwise_xor = { 'bitxor', 'cbitxor' },
   lshift = { 'lshift', 'clshift' }, rshift = { 'rshift', 'crshift' },
}

for i = 0, lib.tc_op_count() - 1 do
   local op = lib.tc_op_get(i)
   local cname = ffi.string(op.name)
   local kind, flags = op.kind, op.flags
   local types = types_of(flags)
   if kind == lib.TC_OPK_UNARY and UNARY_NAMES[cname] then
      local f = lib['tc_' .. cname]
      local tname = UNARY_NAMES[cname]
      defop(tname, 'inplace', { 'T*' }, { function(r, x) check(f(r.tc_, x.tc_)); return r end },
            { types = types, number = NUMBER_FORMS[tname] })
   elseif kind == lib.TC_OPK_BINARY_ALPHA then
      local f, fs = lib['tc_' .. cname], lib['tc_' .. cname .. '_scalar']
      local tname = cname == 'add' and 'add' or 'csub'
      defop(tname, 'inplace', { 'T*,N', 'T*,T', 'T*,N,T' }, {
         function(r, x, v) check(fs(r.tc_, x.tc_, v)); return r end,
         function(r, x, y) check(f(r.tc_, x.tc_, y.tc_, 1)); return r end,
         function(r, x, v, y) check(f(r.tc_, x.tc_, y.tc_, v)); return r end,
      }, { types = types })
   elseif kind == lib.TC_OPK_BINARY and BINARY_NAMES[cname] then
      local f, fs, fr = lib['tc_' .. cname], lib['tc_' .. cname .. '_scalar'], lib['tc_' .. cname .. '_rscalar']
      local names = BINARY_NAMES[cname]
      if names[1] then
         local sigs = { 'T*,N' }
         local impls = { function(r, x, v) check(fs(r.tc_, x.tc_, v)); return r end }
         if cname == 'pow' then   -- pow(n, x) is n^x ("tpow")
            sigs[2] = 'N,T*'
            impls[2] = function(r, v, x) check(fr(r.tc_, v, x.tc_)); return r end
         end
         defop(names[1], 'inplace', sigs, impls, { types = types, number = cname == 'pow' and function(a, b) return a ^ b end or nil })
      end
      if names[2] then
         defop(names[2], 'inplace', { 'T*,T' }, { function(r, x, y) check(f(r.tc_, x.tc_, y.tc_)); return r end },
               { types = types })
      end
      if cname == 'maximum' or cname == 'minimum' then
         defop(cname == 'maximum' and 'cmax' or 'cmin', 'inplace', { 'T*,T', 'T*,N' }, {
            function(r, x, y) check(f(r.tc_, x.tc_, y.tc_)); return r end,
            function(r, x, v) check(fs(r.tc_, x.tc_, v)); return r end,
         }, { types = types })
      end
   elseif kind == lib.TC_OPK_COMPARE then
      local f, fs = lib['tc_' .. cname], lib['tc_' .. cname .. '_scalar']
      defop(cname, 'function', { 'T*,N', 'T*,T' }, {
         function(r, x, v) check(fs(r.tc_, x.tc_, v)); return r end,
         function(r, x, y) check(f(r.tc_, x.tc_, y.tc_)); return r end,
      }, { types = 'all', result = function() return torch.ByteTensor() end })
      -- a result of the source's type or a ByteTensor: r:gt(a, b)
      D.ops[cname].sigs[1][1] = 'A'; D.ops[cname].sigs[2][1] = 'A'; D.ops[cname].sigs[2][2] = 'A'
   end
end
torch.mod = torch.fmod
D.install_method('mod', torch._TensorClass[7].fmod, 'all')

---------------------------------------------------------------------------------------------------
-- reductions: no dim -> number (accumulated in double / long), with dim -> tensor keeping the dim
local scratch = {}
local function scalar_result(dtype)
   local acc = core.by_dtype[dtype].floating and 7 or 4
   local s = scratch[acc]
   if not s then s = lib.tc_tensor_new(acc); scratch[acc] = s end
   return s
end
local function read0(t)
   return core.read[t.dtype](t.storage.data, t.offset)
end
local function dimarg(x, d, name)
   if rawtype(d) ~= 'number' or d < 1 or d > x:dim() then
      error(string.format('%s: dimension %s out of range of %dD tensor', name, tostring(d), x:dim()), 4)
   end
   return d - 1
end

local function reduction(name, cf, types)
   local function total(_, x)
      local s = scalar_result(x.tc_.dtype)
      check(cf(s, x.tc_, DIM_ALL, 0))
      return read0(s)
   end
   local function along(r, x, d)
      check(cf(r.tc_, x.tc_, dimarg(x, d, name), 1))
      return r
   end
   defop(name, 'function', { 'T*', 'T*,N' }, { total, along }, { types = types })
   D.ops[name].sigs[1].nores = true
end
reduction('sum', lib.tc_sum, 'all')
reduction('prod', lib.tc_prod, 'all')
reduction('mean', lib.tc_mean, 'float')

-- all/any on ByteTensor -> boolean
for _, name in ipairs({ 'all', 'any' }) do
   local cf = lib['tc_' .. name]
   local out = lib.tc_tensor_new(0)
   local f = function(x)
      check(cf(out, x.tc_, DIM_ALL, 0))
      return read0(out) ~= 0
   end
   torch._TensorClass[0][name] = f
   torch[name] = f
end

-- var/std([res,] x[, dim][, flag]): flag true divides by n, false (default) by n-1
for _, name in ipairs({ 'var', 'std' }) do
   local cf = lib['tc_' .. name]
   local function total(_, x, flag)
      local s = scalar_result(x.tc_.dtype)
      check(cf(s, x.tc_, DIM_ALL, 0, flag and 0 or 1))
      return read0(s)
   end
   local function along(r, x, d, flag)
      check(cf(r.tc_, x.tc_, dimarg(x, d, name), 1, flag and 0 or 1))
      return r
   end
   defop(name, 'function', { 'T*', 'T*,b', 'T*,N', 'T*,N,b' }, { total, total, along, along }, { types = 'float' })
   D.ops[name].sigs[1].nores = true
   D.ops[name].sigs[2].nores = true
end

-- norm([res,] x[, p=2][, dim]), dist(x, y[, p=2]), renorm
do
   local function total(_, x, p)
      local s = scalar_result(x.tc_.dtype)
      check(lib.tc_norm(s, x.tc_, p or 2, DIM_ALL, 0))
      return read0(s)
   end
   local function along(r, x, p, d)
      check(lib.tc_norm(r.tc_, x.tc_, p, dimarg(x, d, 'norm'), 1))
      return r
   end
   defop('norm', 'function', { 'T*', 'T*,N', 'T*,N,N' }, { total, total, along }, { types = 'float' })
   D.ops.norm.sigs[1].nores = true
   D.ops.norm.sigs[2].nores = true
   local function dist(_, x, y, p)
      local s = scalar_result(x.tc_.dtype)
      check(lib.tc_dist(s, x.tc_, y.tc_, p or 2))
      return read0(s)
   end
   defop('dist', 'function', { 'T*,T', 'T*,T,N' }, { dist, dist }, { types = 'float' })
   D.ops.dist.sigs[1].nores = true
   D.ops.dist.sigs[2].nores = true
   defop('renorm', 'inplace', { 'T*,N,N,N' }, { function(r, x, p, d, maxnorm)
      check(lib.tc_renorm(r.tc_, x.tc_, p, dimarg(x, d, 'renorm'), maxnorm)); return r
   end }, { types = 'float' })
end

-- max/min([vals, idx,] x[, dim]): no dim -> number; with dim -> values, LongTensor indices (1-based)
for _, name in ipairs({ 'max', 'min' }) do
   local cf = lib['tc_' .. name]
   local function total(x)
      local s = lib.tc_tensor_new(x.tc_.dtype)
      local ok = cf(s, nil, x.tc_, DIM_ALL, 0, 1)
      if ok ~= 0 then lib.tc_tensor_release(s); error(core.lasterror(), 3) end
      local v = read0(s)
      lib.tc_tensor_release(s)
      return v
   end
   local function along(vals, idx, x, d)
      check(cf(vals.tc_, idx.tc_, x.tc_, dimarg(x, d, name), 1, 1))
      return vals, idx
   end
   local f = function(a, b, c, d)
      if isTensor(a) and b == nil then return total(a) end
      if isTensor(a) and rawtype(b) == 'number' and c == nil then return along(new_like(a), torch.LongTensor(), a, b) end
      if isTensor(a) and isTensor(b) and isTensor(c) then
         if d == nil then
            -- max(vals, idx, x) over the last dim? Torch7 requires a dim; treat as dim 1 like cwrap default
            d = 1
         end
         return along(a, b, c, d)
      end
      -- cmax-like forms: torch.max(x, y) elementwise
      if isTensor(a) and isTensor(b) and c == nil then return torch[name == 'max' and 'cmax' or 'cmin'](a, b) end
      error(string.format('torch.%s: expected (tensor[, dim]) or (values, indices, tensor, dim)', name), 2)
   end
   torch[name] = f
   D.install_method(name, f, 'all')
end

-- cumsum/cumprod([res,] x[, dim=1])
for _, name in ipairs({ 'cumsum', 'cumprod' }) do
   local cf = lib['tc_' .. name]
   local function go(r, x, d)
      check(cf(r.tc_, x.tc_, dimarg(x, d or 1, name)))
      return r
   end
   defop(name, 'function', { 'T*', 'T*,N' }, { go, go }, { types = 'all' })
end

-- clamp, lerp, addcmul, addcdiv
defop('clamp', 'inplace', { 'T*,N,N' }, { function(r, x, lo, hi)
   check(lib.tc_clamp(r.tc_, x.tc_, lo, hi, 1, 1)); return r
end }, { types = 'all' })
defop('lerp', 'inplace', { 'T*,T,N' }, { function(r, a, b, w)
   check(lib.tc_lerp(r.tc_, a.tc_, b.tc_, w)); return r
end }, { types = 'float' })
for _, name in ipairs({ 'addcmul', 'addcdiv' }) do
   local cf = lib['tc_' .. name]
   defop(name, 'inplace', { 'T*,T,T', 'T*,N,T,T' }, {
      function(r, x, a, b) check(cf(r.tc_, x.tc_, a.tc_, b.tc_, 1)); return r end,
      function(r, x, v, a, b) check(cf(r.tc_, x.tc_, a.tc_, b.tc_, v)); return r end,
   }, { types = name == 'addcmul' and 'all' or 'float' })
end

-- histc([res,] x[, nbins=100[, min=0[, max=0]]])
defop('histc', 'function', { 'T*', 'T*,N', 'T*,N,N', 'T*,N,N,N' }, (function()
   local function go(r, x, n, lo, hi)
      check(lib.tc_histc(r.tc_, x.tc_, n or 100, lo or 0, hi or 0)); return r
   end
   return { go, go, go, go }
end)(), { types = 'float' })

-- trace, range, linspace, logspace, tril/triu, cross: composed from kernels
function torch.trace(x)
   if x:dim() ~= 2 then error('trace: matrix expected', 2) end
   return wrap(lib.tc_view_diagonal(x.tc_, 0, 0, 1)):sum()
end
M.trace = torch.trace

local function range_into(r, a, b, step)
   step = step or 1
   if step == 0 or (b - a) / step < 0 then
      error('range: upper bound and larger bound inconsistent with step sign', 3)
   end
   local n = math.floor((b - a) / step) + 1
   r:resize(n)
   -- a + step * (0, 1, ..., n-1) through cumsum
   r:fill(step)
   r[1] = a
   check(lib.tc_cumsum(r.tc_, r.tc_, 0))
   return r
end
torch.range = function(a, b, c, d, e)
   local res
   if isTensor(a) then res = a; a, b, c, d = b, c, d, e end
   local tname = (rawtype(c) == 'string' and c) or (rawtype(d) == 'string' and d) or nil
   local step = rawtype(c) == 'number' and c or nil
   if not res then
      local T = tname and core.by_name[tname:match('^torch%.(%a+)Tensor$')] or D.default_tensor_type()
      res = torch._tensor_constructors[T.dtype]()
   end
   return range_into(res, a, b, step)
end
M.range = function(self, a, b, s) return range_into(self, a, b, s) end

local function linspace_into(r, a, b, n)
   n = n or 100
   if n < 1 then error('linspace: number of points must be positive', 3) end
   r:resize(n)
   if n == 1 then r:fill(a) return r end
   local step = (b - a) / (n - 1)
   local d = torch.DoubleTensor(n):fill(step)
   d[1] = a
   check(lib.tc_cumsum(d.tc_, d.tc_, 0))
   d[n] = b
   r:copy(d)
   return r
end
torch.linspace = function(a, b, n, c)
   if isTensor(a) then return linspace_into(a, b, n, c) end
   return linspace_into(D.default_tensor_type() and torch._tensor_constructors[D.default_tensor_type().dtype](), a, b, n)
end
M.linspace = function(self, a, b, n) return linspace_into(self, a, b, n) end
torch.logspace = function(a, b, n, c)
   local res
   if isTensor(a) then res, a, b, n = a, b, n, c end
   res = res or torch._tensor_constructors[D.default_tensor_type().dtype]()
   linspace_into(res, a, b, n)
   return res:apply(function(v) return 10 ^ v end)
end

local function tri(upper)
   return function(r, x, k)
      k = k or 0
      if x:dim() ~= 2 then error((upper and 'triu' or 'tril') .. ': matrix expected', 3) end
      r:resizeAs(x):copy(x)
      local n, m = x:size(1), x:size(2)
      for i = 1, n do
         -- zero the part of row i outside the band
         if upper then
            local last = math.min(m, i - 1 + k)    -- columns 1..i+k-1 are below the k-th diagonal
            if last >= 1 then r[i]:narrow(1, 1, last):zero() end
         else
            local first = math.max(1, i + k + 1)
            if first <= m then r[i]:narrow(1, first, m - first + 1):zero() end
         end
      end
      return r
   end
end
defop('triu', 'function', { 'T*', 'T*,N' }, { tri(true), tri(true) }, { types = 'all' })
defop('tril', 'function', { 'T*', 'T*,N' }, { tri(false), tri(false) }, { types = 'all' })

-- cross([res,] a, b[, dim]): the first dim of size 3 by default
local function cross_into(r, a, b, d)
   if not d then
      for i = 1, a:dim() do if a:size(i) == 3 then d = i break end end
      if not d then error('cross: no dimension of size 3', 3) end
   end
   r:resizeAs(a)
   local function s(t, i) return t:narrow(d, i, 1) end
   local tmp = new_like(a)
   for i = 1, 3 do
      local j, k = i % 3 + 1, (i + 1) % 3 + 1
      torch.cmul(tmp, s(a, j), s(b, k))
      local rs = s(r, i)
      rs:copy(tmp)
      torch.cmul(tmp, s(a, k), s(b, j))
      rs:csub(tmp)
   end
   return r
end
defop('cross', 'function', { 'T*,T', 'T*,T,N' }, { cross_into, cross_into }, { types = 'all' })

-- sign of a scalar etc. keep working through the number forms above

---------------------------------------------------------------------------------------------------
-- operators
for _, Tp in ipairs(core.types) do
   local cls = torch._TensorClass[Tp.dtype]
   cls.__add__ = function(a, b)
      if rawtype(a) == 'number' then return b:clone():add(a) end
      if rawtype(b) == 'number' then return a:clone():add(b) end
      return torch.add(a, b)
   end
   cls.__sub__ = function(a, b)
      if rawtype(a) == 'number' then return b:clone():mul(-1):add(a) end
      if rawtype(b) == 'number' then return a:clone():add(-b) end
      return torch.csub(a, b)
   end
   cls.__unm__ = function(a) return a:clone():mul(-1) end
   cls.__div__ = function(a, b)
      if rawtype(b) == 'number' then return a:clone():div(b) end
      if rawtype(a) == 'number' then return torch.cinv(b):mul(a) end
      error('tensor / tensor is not defined (use cdiv)', 2)
   end
   cls.__mod__ = function(a, b)
      if rawtype(b) == 'number' then return a:clone():remainder(b) end
      error('tensor % tensor is not defined (use cremainder)', 2)
   end
end
