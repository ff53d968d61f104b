-- The Tensor math API (Torch7's TensorMath.lua), declared as data and installed by torch.dispatch.
-- Kernels live in the C core; entries whose kernels are not in this build are left out.
local torch, core = ...
local ffi, lib = core.ffi, core.lib
local rawtype = type
local isTensor = torch._isTensor
local wrap = torch._wraptensor
local here = torch._dir
local D = assert(loadfile(here .. 'dispatch.lua'))(torch, core)
local defop, has, check, new_like = D.defop, D.has, D.check, D.new_like
local TC = torch._TensorClass
local M = torch._TensorMethods

local function same_shape_or_error(r, sizes, name)
   local t = r.tc_
   local ok = torch._ndim(t) == #sizes
   if ok then for i = 1, #sizes do if t.sizes[i - 1] ~= sizes[i] then ok = false end end end
   if not ok then error(name .. ': size mismatch (result tensor has the wrong shape)', 4) end
end

-- a supplied result for the BLAS family is not resized (Torch7): it must have the shape already
local function fresh(r) return r.tc_.storage == nil or lib.tc_tensor_numel(r.tc_) == 0 end

---------------------------------------------------------------------------------------------------
-- sizes-filled constructors: torch.zeros(sz...), x:zeros(sz...) ...
local function typed_args(...)
   -- a trailing string names the tensor type (the string is consumed)
   local n = select('#', ...)
   local last = select(n, ...)
   if n > 0 and rawtype(last) == 'string' then
      local T = core.by_name[last:match('^torch%.(%a+)Tensor$') or '']
      if not T then error('unknown tensor type ' .. last, 3) end
      return T, n - 1, ...
   end
   return D.default_tensor_type(), n, ...
end

local function sized_ctor(name, fill)
   torch[name] = function(...)
      local T, n = typed_args(...)
      local args = { ... }
      local x = torch._tensor_constructors[T.dtype]()
      x:resize(unpack(args, 1, n))
      fill(x, unpack(args, 1, n))
      return x
   end
   M[name] = function(self, ...)
      self:resize(...)
      fill(self, ...)
      return self
   end
end
sized_ctor('zeros', function(x) x:zero() end)
sized_ctor('ones', function(x) x:fill(1) end)

local function eye(x, n, m)
   m = m or n
   x:resize(n, m):zero()
   local d = wrap(lib.tc_view_diagonal(x.tc_, 0, 0, 1))
   d:fill(1)
   return x
end
torch.eye = function(n, m, tname, extra)
   if isTensor(n) then return eye(n, m, tname) end
   if rawtype(m) == 'string' then tname, m = m, nil end
   local T = tname and core.by_name[tname:match('^torch%.(%a+)Tensor$')] or D.default_tensor_type()
   return eye(torch._tensor_constructors[T.dtype](), n, m)
end
M.eye = eye

function M:reshape(...) return self:clone():view(torch._sizes_list(...)) end
function torch._sizes_list(...)
   local a = ...
   if torch.isStorage(a) then return a end
   return torch.LongStorage({ ... })
end
torch.reshape = function(x, ...) return x:reshape(...) end

-- diag(vector[, k]) builds a matrix; diag(matrix[, k]) extracts the k-th diagonal
local function diag_into(r, x, k)
   k = k or 0
   if x:dim() == 1 then
      local n = x:size(1) + math.abs(k)
      r:resize(n, n):zero()
      local d = wrap(lib.tc_view_diagonal(r.tc_, k, 0, 1))
      d:copy(x)
   elseif x:dim() == 2 then
      local d = wrap(lib.tc_view_diagonal(x.tc_, k, 0, 1))
      r:resizeAs(d):copy(d)
   else
      error('diag: matrix or vector expected', 3)
   end
   return r
end
defop('diag', 'function', { 'T*', 'T*,N' }, { diag_into, diag_into })

-- torch.cat / :cat live in construct.lua (the tc_cat kernel)

-- squeeze/view/expand/etc. also have torch.* forms
for _, name in ipairs({ 'view', 'viewAs', 'expand', 'expandAs', 'repeatTensor', 'squeeze', 'unsqueeze',
                         'split', 'chunk', 'permute', 'totable' }) do
   -- the number of tensor arguments without a result: viewAs/expandAs take two, the rest one
   local ntensors = (name == 'viewAs' or name == 'expandAs') and 2 or 1
   torch[name] = torch[name] or function(a, ...)
      local b, c = ...
      local given = (ntensors == 1 and isTensor(a) and isTensor(b)) or
                    (ntensors == 2 and isTensor(a) and isTensor(b) and isTensor(c))
      if given and name ~= 'split' and name ~= 'chunk' and name ~= 'totable' and name ~= 'repeatTensor' then
         -- torch.view(res, x, ...): res becomes the view
         local v = M[name](b, select(2, ...))
         if isTensor(v) then a:set(v) return a end
         return v
      end
      return M[name](a, ...)
   end
end
torch.numel = function(x) return x:nElement() end

-- equal(x, y): same size and the same values
function M:equal(y)
   if not isTensor(y) or not self:isSameSizeAs(y) then return false end
   if self:nElement() == 0 then return true end
   if self.tc_.dtype ~= y.tc_.dtype then return false end
   return torch.eq(self, y):all()
end
torch.equal = function(x, y) return x:equal(y) end
torch.typename_of = nil

---------------------------------------------------------------------------------------------------
-- BLAS
local A, T = 'A', 'T'
if has('tc_addmm') then
   local function gemm_like(name, cfun, dims_of)
      -- result-checking wrapper: a supplied (non-empty) result must already have the right shape
      return function(r, ...)
         local shape = dims_of(...)
         if not fresh(r) then same_shape_or_error(r, shape, name) end
         check(cfun(r, ...))
         return r
      end
   end
   local mm = gemm_like('mm', function(r, a, b) return lib.tc_mm(r.tc_, a.tc_, b.tc_) end,
      function(a, b) return { a:size(1), b:size(2) } end)
   local mv = gemm_like('mv', function(r, a, b) return lib.tc_mv(r.tc_, a.tc_, b.tc_) end,
      function(a, b) return { a:size(1) } end)
   local bmm = gemm_like('bmm', function(r, a, b) return lib.tc_bmm(r.tc_, a.tc_, b.tc_) end,
      function(a, b) return { a:size(1), a:size(2), b:size(3) } end)
   local ger = gemm_like('ger', function(r, a, b) return lib.tc_ger(r.tc_, a.tc_, b.tc_) end,
      function(a, b) return { a:size(1), b:size(1) } end)
   local function need(dims, name)
      return function(...)
         local a = { ... }
         for i, d in ipairs(dims) do
            if a[i]:dim() ~= d then error(name .. ': ' .. d .. 'D tensor expected, got ' .. a[i]:dim() .. 'D', 5) end
         end
      end
   end
   local function guarded(f, chk) return function(r, ...) chk(...); return f(r, ...) end end
   defop('mm', 'inplace', { 'T*,T' }, { guarded(mm, need({ 2, 2 }, 'mm')) })
   defop('mv', 'inplace', { 'T*,T' }, { guarded(mv, need({ 2, 1 }, 'mv')) })
   defop('bmm', 'inplace', { 'T*,T' }, { guarded(bmm, need({ 3, 3 }, 'bmm')) })
   defop('ger', 'inplace', { 'T*,T' }, { guarded(ger, need({ 1, 1 }, 'ger')) })
   -- methods of mm/mv/bmm/ger: self is the result and is not a source (x:mm(A, B) sets x = A*B)
   local function accum(name, cfun, ndims)
      local function go(r, beta, m, alpha, a, b)
         for i, d in ipairs(ndims) do
            local t = ({ a, b })[i]
            if t:dim() ~= d then error(name .. ': ' .. d .. 'D tensor expected, got ' .. t:dim() .. 'D', 4) end
         end
         check(cfun(r.tc_, beta, m.tc_, alpha, a.tc_, b.tc_))
         return r
      end
      defop(name, 'inplace', { 'T*,T,T', 'T*,N,T,T', 'N,T*,T,T', 'N,T*,N,T,T' }, {
         function(r, m, a, b) return go(r, 1, m, 1, a, b) end,
         function(r, m, alpha, a, b) return go(r, 1, m, alpha, a, b) end,
         function(r, beta, m, a, b) return go(r, beta, m, 1, a, b) end,
         function(r, beta, m, alpha, a, b) return go(r, beta, m, alpha, a, b) end,
      })
   end
   accum('addmm', lib.tc_addmm, { 2, 2 })
   accum('addmv', lib.tc_addmv, { 2, 1 })
   accum('addr', lib.tc_addr, { 1, 1 })
   accum('addbmm', lib.tc_addbmm, { 3, 3 })
   accum('baddbmm', lib.tc_baddbmm, { 3, 3 })
   local dres = ffi.new('double[1]')
   local ires = ffi.new('int64_t[1]')
   local function dot(_, a, b)
      if core.by_dtype[a.tc_.dtype].floating then
         check(lib.tc_dot(a.tc_, b.tc_, dres)); return dres[0]
      end
      check(lib.tc_dot_int(a.tc_, b.tc_, ires)); return tonumber(ires[0])
   end
   defop('dot', 'function', { 'T*,T' }, { dot })
   D.ops.dot.sigs[1].nores = true
end

---------------------------------------------------------------------------------------------------
-- random numbers (MT19937, Torch7-exact) -- after the core-random branch
if has('tc_generator_default') then
   assert(loadfile(here .. 'random.lua'))(torch, core, D)
end

-- elementwise math and reductions from the core's op table (core-math branch)
if has('tc_op_count') then
   assert(loadfile(here .. 'pointwise.lua'))(torch, core, D)
end

-- index ops, sort and friends (core-index branch)
if has('tc_index_select') then
   assert(loadfile(here .. 'indexing.lua'))(torch, core, D)
end

-- construction kernels (replace the compositions above when present)
if has('tc_range') and has('tc_cat') then
   assert(loadfile(here .. 'construct.lua'))(torch, core, D)
end

-- LAPACK and torch.conv2/xcorr2/conv3/xcorr3 (entries present only when the core has them)
assert(loadfile(here .. 'lapack.lua'))(torch, core, D)

-- operators: * means dot/mv/mm by dimensionality
for _, Tp in ipairs(core.types) do
   local cls = TC[Tp.dtype]
   cls.__mul__ = function(a, b)
      if rawtype(a) == 'number' then return b:clone():mul(a) end
      if rawtype(b) == 'number' then return a:clone():mul(b) end
      local da, db = a:dim(), b:dim()
      if da == 1 and db == 1 then return torch.dot(a, b) end
      if da == 2 and db == 1 then return torch.mv(a, b) end
      if da == 2 and db == 2 then return torch.mm(a, b) end
      error('multiplication between ' .. da .. 'D and ' .. db .. 'D tensors not yet supported', 2)
   end
end

-- bhistc([res,] x[, nbins=100[, min=0[, max=0]]]): one histogram per row of a 2-D tensor, over one range
-- for all rows (min = max = 0: the whole tensor's range, widened by 1 both ways if it is a single value)
function torch.bhistc(...)
   local a = { ... }
   local res
   if isTensor(a[1]) and isTensor(a[2]) then res = table.remove(a, 1) end
   local x, nbins, lo, hi = a[1], a[2] or 100, a[3] or 0, a[4] or 0
   if not isTensor(x) then error('torch.bhistc: tensor expected', 2) end
   if x:dim() ~= 2 then
      error(string.format('torch.bhistc: invalid dimension %d, the input must be a 2d tensor', x:dim()), 2)
   end
   if rawtype(nbins) ~= 'number' or nbins < 1 then error('torch.bhistc: nbins must be a positive number', 2) end
   if lo == hi then lo, hi = x:min(), x:max() end
   if lo == hi then lo, hi = lo - 1, hi + 1 end
   res = res or x.new()
   res:resize(x:size(1), nbins)
   for i = 1, x:size(1) do
      torch.histc(res[i], x[i], nbins, lo, hi)
   end
   return res
end
function M:bhistc(...) return torch.bhistc(self, ...) end

-- match([res,] m1, m2[, gain=1]): res[i][j] = gain * sum_k (m1[i][k] - m2[j][k])^2 for the rows of m1
-- (N1 x dim) and m2 (N2 x dim); extra dimensions are flattened into the row vectors
function torch.match(...)
   local a = { ... }
   local res
   if isTensor(a[1]) and isTensor(a[2]) and isTensor(a[3]) then res = table.remove(a, 1) end
   local m1, m2, gain = a[1], a[2], a[3] or 1
   if not (isTensor(m1) and isTensor(m2)) then error('torch.match: two tensors expected', 2) end
   local n1, n2 = m1:size(1), m2:size(1)
   local v1 = m1:contiguous():view(n1, -1)
   local v2 = m2:contiguous():view(n2, -1)
   if v1:size(2) ~= v2:size(2) then error('torch.match: m1 and m2 must have the same inner vector dim', 2) end
   local d = v1:size(2)
   local diff = v1:view(n1, 1, d):expand(n1, n2, d) - v2:view(1, n2, d):expand(n1, n2, d)
   res = res or m1.new()
   torch.sum(res, diff:cmul(diff), 3)
   res:resize(n1, n2):mul(gain)
   return res
end
function M:match(...) return torch.match(self, ...) end
