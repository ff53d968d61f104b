-- Construction helpers on the core's kernels (tc_index.h): range, linspace, logspace, eye, diag,
-- tril/triu, cross, trace, repeatTensor, cat.  Torch7's argument forms are kept; this replaces the
-- compositions in math.lua/pointwise.lua when the core has the kernels.
local torch, core, D = ...
local ffi, lib = core.ffi, core.lib
local rawtype = type
local isTensor = torch._isTensor
local check, new_like, defop = D.check, D.new_like, D.defop
local M = torch._TensorMethods

local function default_new(tname)
   local T = tname and core.by_name[(tname:match('^torch%.(%a+)Tensor$')) or ''] or D.default_tensor_type()
   if not T then error('unknown tensor type ' .. tostring(tname), 3) end
   return torch._tensor_constructors[T.dtype]()
end

-- range([res,] a, b[, step][, typename])
local function range_into(r, a, b, step)
   step = step or 1
   if rawtype(a) ~= 'number' or rawtype(b) ~= 'number' then error('range: expected ([res,] xmin, xmax[, step])', 3) end
   if step == 0 or (b - a) / step < 0 then
      error('range: upper bound and larger bound inconsistent with step sign', 3)
   end
   check(lib.tc_range(r.tc_, a, b, step))
   return r
end
torch.range = function(a, b, c, d, e)
   if isTensor(a) then return range_into(a, b, c, rawtype(d) == 'number' and d or nil) end
   local tname = (rawtype(c) == 'string' and c) or (rawtype(d) == 'string' and d) or nil
   return range_into(default_new(tname), a, b, rawtype(c) == 'number' and c or nil)
end
M.range = function(self, a, b, s) return range_into(self, a, b, s) end

local function spaced(name, cf)
   local function into(r, a, b, n)
      n = n or 100
      if n < 1 then error(name .. ': the number of points must be positive', 3) end
      check(cf(r, a, b, n))
      return r
   end
   torch[name] = function(a, b, c, d)
      if isTensor(a) then return into(a, b, c, d) end
      return into(default_new(rawtype(d) == 'string' and d or nil), a, b, c)
   end
   M[name] = function(self, a, b, n) return into(self, a, b, n) end
end
spaced('linspace', function(r, a, b, n) return lib.tc_linspace(r.tc_, a, b, n) end)
spaced('logspace', function(r, a, b, n) return lib.tc_logspace(r.tc_, a, b, n, 10) end)

-- eye([res,] n[, m][, typename])
local function eye_into(r, n, m)
   check(lib.tc_eye(r.tc_, n, m or -1))
   return r
end
torch.eye = function(a, b, c)
   if isTensor(a) then return eye_into(a, b, c) end
   if rawtype(b) == 'string' then return eye_into(default_new(b), a) end
   return eye_into(default_new(c), a, b)
end
M.eye = function(self, n, m) return eye_into(self, n, m) end

local function diag_into(r, x, k)
   if x:dim() ~= 1 and x:dim() ~= 2 then error('diag: matrix or vector expected', 3) end
   check(lib.tc_diag(r.tc_, x.tc_, k or 0))
   return r
end
defop('diag', 'function', { 'T*', 'T*,N' }, { diag_into, diag_into })

for _, name in ipairs({ 'tril', 'triu' }) do
   local cf = lib['tc_' .. name]
   local function go(r, x, k)
      if x:dim() ~= 2 then error(name .. ': matrix expected', 3) end
      check(cf(r.tc_, x.tc_, k or 0))
      return r
   end
   defop(name, 'function', { 'T*', 'T*,N' }, { go, go }, { types = 'all' })
end

local function cross_into(r, a, b, d)
   if d ~= nil and (d < 1 or d > a:dim()) then error('cross: dimension out of range', 3) end
   check(lib.tc_cross(r.tc_, a.tc_, b.tc_, d and d - 1 or lib.TC_DIM_AUTO))
   return r
end
defop('cross', 'function', { 'T*,T', 'T*,T,N' }, { cross_into, cross_into }, { types = 'all' })

local trace_out = ffi.new('double[1]')
function torch.trace(x)
   if not isTensor(x) or x:dim() ~= 2 then error('trace: matrix expected', 2) end
   check(lib.tc_trace(x.tc_, trace_out))
   return trace_out[0]
end
M.trace = torch.trace

function M:repeatTensor(...)
   local nd, reps = torch._sizes_from(...)
   if nd < self:dim() then error('repeatTensor: number of repetitions must be >= the number of dimensions', 2) end
   local r = new_like(self)
   if self:nElement() == 0 then return r end
   check(lib.tc_repeat(r.tc_, self.tc_, nd, reps))
   return r
end
torch.repeatTensor = function(a, b, ...)
   if isTensor(a) and isTensor(b) then
      local t = b:repeatTensor(...)
      a:set(t)
      return a
   end
   return a:repeatTensor(b, ...)
end

-- cat([res,] x1, x2[, dim]) / cat([res,] {x...}[, dim]): dim defaults to the last; dim = ndim+1 adds one
local function cat_into(r, list, dim)
   local n, nd = #list, 0
   for i = 1, n do nd = math.max(nd, list[i]:dim()) end
   dim = dim or nd
   if rawtype(dim) ~= 'number' or dim < 1 then error('cat: invalid dimension ' .. tostring(dim), 3) end
   local arr = ffi.new('tc_tensor *[?]', math.max(n, 1))
   local keep = {}
   for i = 1, n do
      local t = list[i]
      if not isTensor(t) then error('cat: tensor expected for input ' .. i, 3) end
      if t:nElement() > 0 and t:dim() < dim then
         -- Torch7 treats missing trailing dims as size 1
         local sz = t:size():totable()
         for _ = t:dim() + 1, dim do sz[#sz + 1] = 1 end
         t = t:view(torch.LongStorage(sz))
      end
      keep[i] = t
      arr[i - 1] = t.tc_
   end
   check(lib.tc_cat(r.tc_, arr, n, dim - 1))
   return r
end
torch.cat = function(a, b, c, d)
   if isTensor(a) and rawtype(b) == 'table' and not isTensor(b) then return cat_into(a, b, c) end
   if rawtype(a) == 'table' and not isTensor(a) then
      if #a == 0 then error('cat: empty table', 2) end
      return cat_into(new_like(a[1]), a, b)
   end
   if isTensor(a) and isTensor(b) and isTensor(c) then return cat_into(a, { b, c }, d) end
   if isTensor(a) and isTensor(b) then return cat_into(new_like(a), { a, b }, c) end
   error('torch.cat: expected ([res,] x1, x2[, dim]) or ([res,] {x1, ...}[, dim])', 2)
end
function M:cat(b, dim)
   if rawtype(b) == 'table' and not isTensor(b) then
      local list = { self }
      for _, t in ipairs(b) do list[#list + 1] = t end
      return cat_into(new_like(self), list, dim)
   end
   return cat_into(new_like(self), { self, b }, dim)
end
