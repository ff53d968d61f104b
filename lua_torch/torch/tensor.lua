-- Tensors: torch.ByteTensor ... torch.DoubleTensor, torch.HalfTensor.
--
-- Every tensor is an `lt_tensor` cdata holding one retained `tc_tensor *`; its class (the Lua table scripts
-- extend) is chosen by the C tensor's dtype.  Element access reads the storage through typed pointers, so a
-- compiled `x[i]` is a bounds check and a load.  The handle owns one reference, released by __gc.
local torch, core = ...
local ffi, lib = core.ffi, core.lib
local rawtype = type
local read, write = core.read, core.write
local int64_arr = core.int64_arr
local tonumber, select, error = tonumber, select, error
local check = core.check

local TensorClass = {}    -- dtype -> class metatable (the table scripts extend)
torch._TensorClass = TensorClass
local TMT = {}            -- the ffi metatype's metatable (fixed; dispatches to TensorClass)
local tensor_ct

local function wrap(p)
   if p == nil then error(core.lasterror(), 3) end
   return tensor_ct(p)
end
torch._wraptensor = wrap

-- Lua's collector sees a tensor handle as a few bytes, whatever its storage holds, so loops making
-- large temporaries would grow without bound before a collection runs.  Fresh storages are counted
-- here and a full collection runs once enough was allocated (Torch7's heap tracking did the same).
local pending_bytes = 0
local gc_threshold = 256 * 1024 * 1024
local function account(x)
   local st = x.tc_.storage
   if st ~= nil then
      pending_bytes = pending_bytes + tonumber(st.capacity)
      if pending_bytes > gc_threshold then
         pending_bytes = 0
         collectgarbage()
      end
   end
   return x
end
torch._account = account
function torch.setheaptracking() end
function torch._setgcthreshold(bytes) gc_threshold = bytes end

local function isTensor(v)
   return rawtype(v) == 'cdata' and ffi.istype(tensor_ct, v)
end
torch._isTensor = isTensor
function torch.isTensor(v) return isTensor(v) end

local isStorage = torch._isStorage

-- Torch7 reports 0 dimensions for a tensor without elements.
local function numel(t) return lib.tc_tensor_numel(t) end
local function ndim(t)
   if t.ndim == 0 then return 0 end
   for i = 0, t.ndim - 1 do if t.sizes[i] == 0 then return 0 end end
   return t.ndim
end
torch._ndim = ndim

local function argerror(name, msg, level)
   error(name .. ': ' .. msg, (level or 1) + 1)
end

---------------------------------------------------------------------------------------------------
-- sizes: "up to N numbers, or one LongStorage"; Torch7 stops at the first size <= 0
local scratch_sizes = int64_arr(26)   -- the C calls copy sizes, so one buffer serves every call

local function sizes_from(first, ...)
   if rawtype(first) == 'number' then
      -- numbers only (the common case): no tables
      local n = select('#', ...) + 1
      local nd = 0
      for i = 1, math.min(n, 25) do
         local v = (i == 1) and first or select(i, first, ...)
         if rawtype(v) ~= 'number' or v <= 0 then break end
         scratch_sizes[i - 1] = v
         nd = i
      end
      return nd, scratch_sizes
   end
   local list = {}
   if isStorage(first) then
      for i = 1, first:size() do list[i] = first[i] end
   elseif isTensor(first) then
      for i = 1, first:nElement() do list[i] = first:storage()[first:storageOffset() + i - 1] end
   else
      local n = select('#', ...) + 1
      for i = 1, n do
         local v = select(i, first, ...)
         if rawtype(v) ~= 'number' then break end
         list[#list + 1] = v
      end
   end
   local nd = 0
   for i = 1, #list do
      if list[i] <= 0 then break end
      nd = i
   end
   local arr = int64_arr(math.max(nd, 1))
   for i = 1, nd do arr[i - 1] = list[i] end
   return nd, arr
end
torch._sizes_from = sizes_from

local function resize_to(t, nd, arr)
   if nd == 0 then
      arr = int64_arr(1); arr[0] = 0; nd = 1
   end
   check(lib.tc_tensor_resize(t, nd, arr), 3)
end

local function new_sized(dtype, nd, arr)
   if nd == 0 then return wrap(lib.tc_tensor_new(dtype)) end
   return account(wrap(lib.tc_tensor_empty(dtype, nd, arr)))
end

---------------------------------------------------------------------------------------------------
-- construction

local function table_shape(tbl, shape, depth)
   local n = #tbl
   shape[depth] = n
   local first = tbl[1]
   if rawtype(first) == 'table' then return table_shape(first, shape, depth + 1) end
   return shape
end

local function from_table(T, tbl)
   local shape = table_shape(tbl, {}, 1)
   local nd = #shape
   for i = 1, nd do if shape[i] == 0 then nd = 0 break end end
   local arr = int64_arr(math.max(nd, 1))
   for i = 1, nd do arr[i - 1] = shape[i] end
   local x = new_sized(T.dtype, nd, arr)
   if nd == 0 then return x end
   local w, data, pos = write[T.dtype], lib.tc_tensor_data(x.tc_), 0
   local function fill(sub, depth)
      if #sub ~= shape[depth] then
         error(string.format('inconsistent tensor size (table at depth %d has %d elements, expected %d)',
                             depth, #sub, shape[depth]), 4)
      end
      if depth == nd then
         for i = 1, #sub do
            local v = sub[i]
            if rawtype(v) ~= 'number' then error('invalid tensor definition: numbers expected', 4) end
            w(data, pos, v); pos = pos + 1
         end
      else
         for i = 1, #sub do
            if rawtype(sub[i]) ~= 'table' then error('invalid tensor definition: inconsistent table nesting', 4) end
            fill(sub[i], depth + 1)
         end
      end
   end
   fill(tbl, 1)
   return x
end

local function from_storage(T, s, offset, ...)
   if torch.typename(s) ~= T.storage then
      error(string.format('%s: expected a %s, got %s', T.tensor, T.storage, torch.typename(s)), 3)
   end
   local x = wrap(lib.tc_tensor_new(T.dtype))
   if offset == nil then
      local n = int64_arr(1); n[0] = s.tc_.size
      check(lib.tc_tensor_set_storage(x.tc_, s.tc_, 0, 1, n, nil), 3)
      return x
   end
   local a = ...
   local nd, sizes, strides = 0, nil, nil
   if isStorage(a) then
      local st = select(2, ...)
      nd, sizes = sizes_from(a)
      if st ~= nil then
         strides = int64_arr(math.max(nd, 1))
         local contiguous = 1
         for i = nd, 1, -1 do
            local v = st[i]
            if v == nil or v < 0 then v = contiguous end
            strides[i - 1] = v
            contiguous = contiguous * sizes[i - 1]
         end
      end
   else
      -- long form: size1, stride1, size2, stride2, ...
      local args = { ... }
      sizes, strides = int64_arr(math.max(#args, 1)), int64_arr(math.max(#args, 1))
      local i = 1
      while args[i] ~= nil and args[i] > 0 do
         sizes[nd] = args[i]
         strides[nd] = args[i + 1] or -1
         nd = nd + 1
         i = i + 2
      end
      local contiguous = 1
      for d = nd - 1, 0, -1 do
         if strides[d] < 0 then strides[d] = contiguous end
         contiguous = contiguous * sizes[d]
      end
   end
   if nd == 0 then return x end
   check(lib.tc_tensor_set_storage(x.tc_, s.tc_, offset - 1, nd, sizes, strides), 3)
   if lib.tc_tensor_check(x.tc_) ~= 0 then
      error(T.tensor .. ': storage too small for the requested size/offset/stride', 3)
   end
   return x
end

local function constructor(T)
   return function(...)
      local a = ...
      local n = select('#', ...)
      if n == 0 or (a == nil and n == 1) then return wrap(lib.tc_tensor_new(T.dtype)) end
      local ta = rawtype(a)
      if ta == 'number' then
         return new_sized(T.dtype, sizes_from(...))
      elseif ta == 'table' then
         return from_table(T, a)
      elseif isTensor(a) then
         if a.tc_.dtype ~= T.dtype then
            error(string.format('%s: expected a %s, got %s', T.tensor, T.tensor, torch.typename(a)), 2)
         end
         return wrap(lib.tc_tensor_new_view(a.tc_))
      elseif isStorage(a) then
         if torch.typename(a) == 'torch.LongStorage' and T.name ~= 'Long' then
            local nd, sizes = sizes_from(a)
            local x = new_sized(T.dtype, nd, sizes)
            local st = select(2, ...)
            if st ~= nil and nd > 0 then
               -- explicit strides: a fresh storage large enough for them
               local strides = int64_arr(nd)
               local contiguous, span = 1, 1
               for i = nd, 1, -1 do
                  local v = st[i]
                  if v == nil or v < 0 then v = contiguous end
                  strides[i - 1] = v
                  contiguous = contiguous * sizes[i - 1]
                  span = span + (sizes[i - 1] - 1) * v
               end
               local s = torch[T.name .. 'Storage'](tonumber(span))
               x:set(s, 1, a, st)
            end
            return x
         end
         return from_storage(T, ...)
      end
      error(T.tensor .. ': expected (), (sizes...), (LongStorage sizes[, strides]), (tensor), '
            .. '(storage[, offset, sizes...]) or (table)', 2)
   end
end

---------------------------------------------------------------------------------------------------
-- element access

local function bad_index(i, n, dim)
   error(string.format('index %d is out of range for dimension %d of size %d', i, dim, tonumber(n)), 3)
end

-- a 1-based (possibly negative) index -> 0-based, checked
local function index0(i, n, dim)
   if i < 0 then i = i + n + 1 end
   if i < 1 or i > n then bad_index(i, n, dim) end
   return i - 1
end

-- Walks a table index; returns a view, or nil, data, element offset (scalar position).
local function navigate(self, k)
   local t = self.tc_
   local n = #k
   if n == t.ndim and n > 0 then
      -- {i, j, ...} naming one element: the offset directly, no view
      local off = t.offset
      for d = 0, n - 1 do
         local e = k[d + 1]
         if rawtype(e) ~= 'number' then off = nil break end
         local size = t.sizes[d]
         if e < 0 then e = e + size + 1 end
         if e < 1 or e > size then bad_index(e, size, d + 1) end
         off = off + (e - 1) * t.strides[d]
      end
      if off then return nil, t, off end
   end
   if #k > ndim(t) then error('too many indices provided', 3) end
   local r = wrap(lib.tc_tensor_new_view(t))
   local rt = r.tc_
   local d = 0
   for i = 1, #k do
      local e = k[i]
      local te = rawtype(e)
      if te == 'number' then
         local i0 = index0(e, rt.sizes[d], d + 1)
         if rt.ndim == 1 then
            return nil, rt, rt.offset + i0 * rt.strides[0]
         end
         check(lib.tc_tensor_set_select(rt, d, i0), 3)
      elseif te == 'table' then
         local n = rt.sizes[d]
         local a, b = e[1], e[2]
         if a == nil then a = 1 end
         if b == nil then b = (e[1] == nil) and n or a end
         if a < 0 then a = a + n + 1 end
         if b < 0 then b = b + n + 1 end
         if a < 1 or a > n or b < 1 or b > n then
            error(string.format('index out of range (dimension %d, range %d..%d, size %d)', d + 1,
                                e[1] or 1, e[2] or a, tonumber(n)), 3)
         end
         if a > b then error(string.format('start index %d is larger than end index %d', a, b), 3) end
         check(lib.tc_tensor_set_narrow(rt, d, a - 1, b - a + 1), 3)
         d = d + 1
      else
         break
      end
   end
   return r
end

local function storage_index(self, ls)
   local t = self.tc_
   if ls:size() ~= t.ndim then error('invalid number of indices in LongStorage', 3) end
   local off = t.offset
   for d = 0, t.ndim - 1 do
      off = off + index0(ls[d + 1], t.sizes[d], d + 1) * t.strides[d]
   end
   return off
end

local function is_mask(k)
   return isTensor(k) and k.tc_.dtype == 0
end

function TMT.__index(self, k)
   if rawtype(k) == 'number' then
      local t = self.tc_
      if t.ndim == 1 then
         local n = t.sizes[0]
         if k < 0 then k = k + n + 1 end
         if k < 1 or k > n then bad_index(k, n, 1) end
         return read[t.dtype](t.storage.data, t.offset + (k - 1) * t.strides[0])
      end
      if ndim(t) == 0 then error('index on an empty tensor', 2) end
      return wrap(lib.tc_view_select(t, 0, index0(k, t.sizes[0], 1)))
   end
   local v = TensorClass[self.tc_.dtype][k]
   if v ~= nil or rawtype(k) == 'string' then return v end
   if rawtype(k) == 'table' then
      local r, rt, off = navigate(self, k)
      if r then return r end
      return read[rt.dtype](rt.storage.data, off)
   elseif isStorage(k) then
      local t = self.tc_
      return read[t.dtype](t.storage.data, storage_index(self, k))
   elseif is_mask(k) then
      return self:maskedSelect(k)
   end
   error('invalid tensor index: ' .. tostring(k), 2)
end

local function assign(view, v)
   if rawtype(v) == 'number' then view:fill(v)
   elseif isTensor(v) then view:copy(v)
   else error('tensor assignment: number or tensor expected', 3) end
end

function TMT.__newindex(self, k, v)
   local tk = rawtype(k)
   if tk == 'number' then
      local t = self.tc_
      if t.ndim == 1 then
         local n = t.sizes[0]
         if k < 0 then k = k + n + 1 end
         if k < 1 or k > n then bad_index(k, n, 1) end
         if rawtype(v) ~= 'number' then
            if isTensor(v) and v:nElement() == 1 then v = v:storage()[v:storageOffset()]
            else error('tensor assignment: number expected', 2) end
         end
         write[t.dtype](t.storage.data, t.offset + (k - 1) * t.strides[0], v)
         return
      end
      if ndim(t) == 0 then error('index on an empty tensor', 2) end
      assign(wrap(lib.tc_view_select(t, 0, index0(k, t.sizes[0], 1))), v)
   elseif tk == 'table' then
      local r, rt, off = navigate(self, k)
      if r then return assign(r, v) end
      if rawtype(v) ~= 'number' then error('tensor assignment: number expected', 2) end
      write[rt.dtype](rt.storage.data, off, v)
   elseif isStorage(k) then
      local t = self.tc_
      write[t.dtype](t.storage.data, storage_index(self, k), v)
   elseif is_mask(k) then
      if rawtype(v) == 'number' then self:maskedFill(k, v) else self:maskedCopy(k, v) end
   else
      error(string.format("cannot set field '%s' of a tensor", tostring(k)), 2)
   end
end

function TMT.__gc(self)
   if self.tc_ ~= nil then lib.tc_tensor_release(self.tc_) end
end
function TMT.__len(self) return self:size() end
function TMT.__eq(a, b) return isTensor(a) and isTensor(b) and a.tc_ == b.tc_ end
function TMT.__tostring(self)
   local f = rawget(TensorClass[self.tc_.dtype], '__tostring__')   -- a script's override, as with luaT
   if f then return f(self) end
   return torch._tensor_tostring(self)
end
function TMT.__concat(a, b) return tostring(a) .. tostring(b) end
-- operators forward to the class (so scripts may override __add__ etc. as with luaT)
for _, op in ipairs({ 'add', 'sub', 'mul', 'div', 'mod', 'unm', 'pow' }) do
   local name = '__' .. op .. '__'
   TMT['__' .. op] = function(a, b)
      local x = isTensor(a) and a or b
      local f = TensorClass[x.tc_.dtype][name]
      if f == nil then error('operator ' .. op .. ' is not defined for ' .. torch.typename(x), 2) end
      return f(a, b)
   end
end

tensor_ct = ffi.metatype('lt_tensor', TMT)
torch._tensor_ct = tensor_ct

function torch._cdata_class(obj)
   if ffi.istype(tensor_ct, obj) then return TensorClass[obj.tc_.dtype] end
   if ffi.istype(torch._storage_ct, obj) then return torch._StorageClass[obj.tc_.dtype] end
   return nil
end

---------------------------------------------------------------------------------------------------
-- methods shared by every tensor type
local M = {}
torch._TensorMethods = M

local function T_of(self) return core.by_dtype[self.tc_.dtype] end

function M:cdata() return self.tc_ end
function M:data() return ffi.cast(T_of(self).ptr, lib.tc_tensor_data(self.tc_)) end
function M:isTensor() return true end
function M:nDimension() return ndim(self.tc_) end
M.dim = M.nDimension
function M:nElement() return tonumber(numel(self.tc_)) end
M.numel = M.nElement
function M:size(d)
   local t = self.tc_
   local nd = ndim(t)
   if d then
      if d < 0 then d = d + nd + 1 end
      if d < 1 or d > nd then error(string.format('dimension %d out of range of %dD tensor', d, nd), 2) end
      return tonumber(t.sizes[d - 1])
   end
   local s = torch.LongStorage(nd)
   for i = 1, nd do s[i] = tonumber(t.sizes[i - 1]) end
   return s
end
function M:stride(d)
   local t = self.tc_
   local nd = ndim(t)
   if d then
      if d < 0 then d = d + nd + 1 end
      if d < 1 or d > nd then error(string.format('dimension %d out of range of %dD tensor', d, nd), 2) end
      return tonumber(t.strides[d - 1])
   end
   local s = torch.LongStorage(nd)
   for i = 1, nd do s[i] = tonumber(t.strides[i - 1]) end
   return s
end
function M:storage()
   local s = self.tc_.storage
   if s == nil then return nil end
   lib.tc_storage_retain(s)
   return torch._wrapstorage(s)
end
function M:storageOffset() return tonumber(self.tc_.offset) + 1 end
function M:isContiguous() return lib.tc_tensor_is_contiguous(self.tc_) ~= 0 end
function M:elementSize() return tonumber(lib.tc_dtype_size(self.tc_.dtype)) end
function M:isSameSizeAs(o)
   local a, b = self.tc_, o.tc_
   if ndim(a) ~= ndim(b) then return false end
   for i = 0, ndim(a) - 1 do if a.sizes[i] ~= b.sizes[i] then return false end end
   return true
end
function M:isSize(ls)
   local t = self.tc_
   if ndim(t) ~= #ls then return false end
   for i = 1, #ls do if t.sizes[i - 1] ~= ls[i] then return false end end
   return true
end
function M:isSetTo(o)
   local a, b = self.tc_, o.tc_
   if a.storage == nil or a.storage ~= b.storage or a.offset ~= b.offset or a.ndim ~= b.ndim then return false end
   for i = 0, a.ndim - 1 do
      if a.sizes[i] ~= b.sizes[i] or a.strides[i] ~= b.strides[i] then return false end
   end
   return true
end

-- type conversion
function M:type(name)
   if name == nil then return torch.typename(self) end
   local T = core.by_name[(name:match('^torch%.(%a+)Tensor$')) or '']
   if not T then error('type: unknown tensor type ' .. tostring(name), 2) end
   if T.dtype == self.tc_.dtype then return self end
   if numel(self.tc_) == 0 then return wrap(lib.tc_tensor_new(T.dtype)) end
   return account(wrap(lib.tc_tensor_to_dtype(self.tc_, T.dtype)))
end
function M:typeAs(o) return self:type(o:type()) end
for _, T in ipairs(core.types) do
   local name = T.tensor
   M[T.name:lower()] = function(self) return self:type(name) end
end
function M:real() return self:type(torch.getdefaulttensortype()) end

-- construction-like methods
function M:clone()
   if numel(self.tc_) == 0 then return wrap(lib.tc_tensor_new(self.tc_.dtype)) end
   return account(wrap(lib.tc_tensor_clone(self.tc_)))
end
function M:contiguous()
   if lib.tc_tensor_is_contiguous(self.tc_) ~= 0 then return self end
   return self:clone()
end
function M:resize(...)
   local before = self.tc_.storage
   resize_to(self.tc_, sizes_from(...))
   if self.tc_.storage ~= before then account(self) end
   return self
end
function M:resizeAs(o)
   if numel(o.tc_) == 0 then resize_to(self.tc_, 0) return self end
   check(lib.tc_tensor_resize_as(self.tc_, o.tc_), 2)
   return self
end
function M:set(src, offset, ...)
   if src == nil then
      local fresh = lib.tc_tensor_new(self.tc_.dtype)
      check(lib.tc_tensor_set(self.tc_, fresh), 2)
      lib.tc_tensor_release(fresh)
      return self
   end
   if isTensor(src) then
      check(lib.tc_tensor_set(self.tc_, src.tc_), 2)
      return self
   end
   local v = from_storage(T_of(self), src, offset or 1, ...)
   if offset == nil then v = from_storage(T_of(self), src) end
   check(lib.tc_tensor_set(self.tc_, v.tc_), 2)
   return self
end

-- copy / fill
function M:copy(src)
   if not isTensor(src) then error('copy: tensor expected, got ' .. torch.type(src), 2) end
   check(lib.tc_copy(self.tc_, src.tc_), 2)
   return self
end
function M:fill(v)
   if rawtype(v) ~= 'number' then error('fill: number expected, got ' .. torch.type(v), 2) end
   if self.tc_.dtype == 4 then check(lib.tc_fill_int(self.tc_, v), 2)
   else check(lib.tc_fill(self.tc_, v), 2) end
   return self
end
function M:zero()
   check(lib.tc_zero(self.tc_), 2)
   return self
end

---------------------------------------------------------------------------------------------------
-- views
local function dimarg(self, d, name, extra)
   local nd = ndim(self.tc_) + (extra or 0)
   if rawtype(d) ~= 'number' then error(name .. ': dimension (number) expected', 3) end
   if d < 1 or d > nd then
      error(string.format('%s: dimension %d out of range of %dD tensor', name, d, ndim(self.tc_)), 3)
   end
   return d - 1
end

function M:narrow(d, i, n)
   local d0 = dimarg(self, d, 'narrow')
   local size = self.tc_.sizes[d0]
   if rawtype(i) ~= 'number' or rawtype(n) ~= 'number' or i < 1 or n < 1 or i + n - 1 > size then
      error(string.format('narrow: out of range (dimension %d of size %d, start %s, length %s)', d, tonumber(size),
                          tostring(i), tostring(n)), 2)
   end
   return wrap(lib.tc_view_narrow(self.tc_, d0, i - 1, n))
end

function M:sub(...)
   local args = { ... }
   local r = wrap(lib.tc_tensor_new_view(self.tc_))
   local rt = r.tc_
   for k = 1, #args, 2 do
      local d = (k + 1) / 2 - 1
      if d >= ndim(rt) then error('sub: too many indices', 2) end
      local n = rt.sizes[d]
      local a, b = args[k], args[k + 1]
      if a < 0 then a = a + n + 1 end
      if b == nil then error('sub: missing end index', 2) end
      if b < 0 then b = b + n + 1 end
      if a < 1 or b > n or a > b then
         error(string.format('sub: out of range (dimension %d of size %d, %d..%d)', d + 1, tonumber(n), a, b), 2)
      end
      check(lib.tc_tensor_set_narrow(rt, d, a - 1, b - a + 1), 2)
   end
   return r
end

function M:select(d, i)
   local t = self.tc_
   local d0 = dimarg(self, d, 'select')
   local i0 = index0(i, t.sizes[d0], d)
   if t.ndim == 1 then return read[t.dtype](t.storage.data, t.offset + i0 * t.strides[0]) end
   return wrap(lib.tc_view_select(t, d0, i0))
end

function M:transpose(a, b)
   local a0, b0 = dimarg(self, a, 'transpose'), dimarg(self, b, 'transpose')
   return wrap(lib.tc_view_transpose(self.tc_, a0, b0))
end
function M:t()
   if ndim(self.tc_) ~= 2 then error('t(): tensor must have 2 dimensions', 2) end
   return wrap(lib.tc_view_transpose(self.tc_, 0, 1))
end
function M:permute(...)
   local p = { ... }
   local nd = ndim(self.tc_)
   if #p ~= nd then error(string.format('permute: %d dimensions given for a %dD tensor', #p, nd), 2) end
   local arr = core.int_arr(nd)
   local seen = {}
   for i = 1, nd do
      if rawtype(p[i]) ~= 'number' or p[i] < 1 or p[i] > nd or seen[p[i]] then
         error('permute: invalid permutation', 2)
      end
      seen[p[i]] = true
      arr[i - 1] = p[i] - 1
   end
   return wrap(lib.tc_view_permute(self.tc_, arr))
end
function M:unfold(d, size, step)
   local d0 = dimarg(self, d, 'unfold')
   return wrap(lib.tc_view_unfold(self.tc_, d0, size, step))
end
-- Result forms res:view(src, sizes...), res:viewAs(src, t), res:expand(src, sizes...) and
-- res:expandAs(src, t): res is set to the view of src and returned (Torch7's torch.view([res,] ...)).
local function into_result(method)
   return function(self, a, ...)
      if isTensor(a) and select('#', ...) > 0 then
         return self:set(method(a, ...))
      end
      return method(self, a, ...)
   end
end

function M:view(...)
   local a = ...
   local list = {}
   if isStorage(a) then list = a:totable() else list = { ... } end
   local nd = #list
   local arr = int64_arr(math.max(nd, 1))
   local known, infer = 1, nil
   for i = 1, nd do
      if rawtype(list[i]) ~= 'number' then error('view: sizes must be numbers', 2) end
      arr[i - 1] = list[i]
      if list[i] == -1 then
         if infer then error('view: only one dimension can be inferred', 2) end
         infer = i
      else
         known = known * list[i]
      end
   end
   local n = self:nElement()
   if infer then arr[infer - 1] = n / known end
   if (infer and n % known ~= 0) or (not infer and known ~= n) then
      error(string.format('view: size mismatch (tensor has %d elements, view asks for %d)', n, known), 2)
   end
   if lib.tc_tensor_is_contiguous(self.tc_) == 0 then error('view: input should be contiguous', 2) end
   return wrap(lib.tc_view_reshape(self.tc_, nd, arr))
end
function M:viewAs(o) return self:view(o:size()) end
M.view = into_result(M.view)
M.viewAs = into_result(M.viewAs)
function M:expand(...)
   local nd, arr
   local a = ...
   local list = isStorage(a) and a:totable() or { ... }
   nd = #list
   if nd ~= ndim(self.tc_) then
      error(string.format('expand: the number of dimensions provided (%d) must equal the tensor\'s (%d)', nd,
                          ndim(self.tc_)), 2)
   end
   arr = int64_arr(math.max(nd, 1))
   for i = 1, nd do
      local cur = self.tc_.sizes[i - 1]
      if cur ~= 1 and cur ~= list[i] then
         error(string.format('expand: incorrect size: only supporting singleton expansion (size=1) '
                             .. '(dimension %d of size %d to %d)', i, tonumber(cur), list[i]), 2)
      end
      arr[i - 1] = list[i]
   end
   return wrap(lib.tc_view_expand(self.tc_, nd, arr))
end
function M:expandAs(o) return self:expand(o:size()) end
M.expand = into_result(M.expand)
M.expandAs = into_result(M.expandAs)
function M:squeeze(d)
   local t = self.tc_
   local r
   if d then
      r = wrap(lib.tc_view_squeeze_dim(t, dimarg(self, d, 'squeeze')))
   else
      r = wrap(lib.tc_view_squeeze(t))
   end
   local rt = r.tc_
   if rt.ndim == 0 then
      -- Torch7 keeps one dim of size 1, and the wrapper hands back the element as a number
      return read[rt.dtype](rt.storage.data, rt.offset)
   end
   return r
end
function M:unsqueeze(d)
   local d0 = dimarg(self, d, 'unsqueeze', 1)
   return wrap(lib.tc_view_unsqueeze(self.tc_, d0))
end
function M:split(size, d)
   d = d or 1
   local n = self:size(d)
   local out = {}
   local i = 1
   while i <= n do
      local len = math.min(size, n - i + 1)
      out[#out + 1] = self:narrow(d, i, len)
      i = i + len
   end
   return out
end
function M:chunk(k, d)
   d = d or 1
   return self:split(math.ceil(self:size(d) / k), d)
end
function M:repeatTensor(...)
   local nd, reps = sizes_from(...)
   local xd = ndim(self.tc_)
   if nd < xd then error('repeatTensor: number of repetitions must be >= the number of dimensions', 2) end
   local xs = {}
   for i = 1, nd do xs[i] = 1 end
   for i = 1, xd do xs[nd - xd + i] = tonumber(self.tc_.sizes[i - 1]) end
   local sizes = {}
   for i = 1, nd do sizes[i] = xs[i] * tonumber(reps[i - 1]) end
   local res = torch.getconstructortable(torch.typename(self))(torch.LongStorage(sizes))
   if xd == 0 then return res end
   local src = self:contiguous()
   -- view res as (r1, x1, r2, x2, ...) and copy src expanded along the r_k
   local vs, vst, ss, sst = int64_arr(2 * nd), int64_arr(2 * nd), int64_arr(2 * nd), int64_arr(2 * nd)
   local rstride, xstride = 1, 1
   for i = nd, 1, -1 do
      vs[2 * i - 2], vs[2 * i - 1] = reps[i - 1], xs[i]
      vst[2 * i - 1] = rstride
      vst[2 * i - 2] = rstride * xs[i]
      rstride = rstride * sizes[i]
      ss[2 * i - 2], ss[2 * i - 1] = reps[i - 1], xs[i]
      sst[2 * i - 2], sst[2 * i - 1] = 0, xstride
      xstride = xstride * xs[i]
   end
   local dst = wrap(lib.tc_view_as_strided(res.tc_, 2 * nd, vs, vst, 0))
   local s = wrap(lib.tc_view_as_strided(src.tc_, 2 * nd, ss, sst, src.tc_.offset))
   check(lib.tc_copy(dst.tc_, s.tc_), 2)
   return res
end

---------------------------------------------------------------------------------------------------
-- iteration in row-major order (for apply/map/map2; a user function per element is inherent to them)
-- walker(t) returns a function giving the next element offset on each call (nil at the end)
local function walker(t)
   local nd = ndim(t)
   local n = tonumber(numel(t))
   if nd == 0 then return function() return nil end end
   local k = 0
   if lib.tc_tensor_is_contiguous(t) ~= 0 then
      local base = tonumber(t.offset)
      return function()
         if k >= n then return nil end
         k = k + 1
         return base + k - 1
      end
   end
   local idx, sizes, strides = {}, {}, {}
   for i = 0, nd - 1 do idx[i] = 0; sizes[i] = tonumber(t.sizes[i]); strides[i] = tonumber(t.strides[i]) end
   local off = tonumber(t.offset)
   return function()
      if k >= n then return nil end
      k = k + 1
      local cur = off
      local d = nd - 1
      while d >= 0 do
         idx[d] = idx[d] + 1
         off = off + strides[d]
         if idx[d] < sizes[d] then break end
         off = off - idx[d] * strides[d]
         idx[d] = 0
         d = d - 1
      end
      return cur
   end
end
torch._walker = walker

function M:apply(f)
   local t = self.tc_
   local r, w = read[t.dtype], write[t.dtype]
   local data = t.storage ~= nil and t.storage.data
   for off in walker(t) do
      local v = f(r(data, off))
      if v ~= nil then w(data, off, v) end
   end
   return self
end
function M:map(y, f)
   local a, b = self.tc_, y.tc_
   if numel(a) ~= numel(b) then error('map: inconsistent tensor sizes', 2) end
   local ra, wa, rb = read[a.dtype], write[a.dtype], read[b.dtype]
   local da, db = a.storage ~= nil and a.storage.data, b.storage ~= nil and b.storage.data
   local nb = walker(b)
   for oa in walker(a) do
      local v = f(ra(da, oa), rb(db, nb()))
      if v ~= nil then wa(da, oa, v) end
   end
   return self
end
function M:map2(y, z, f)
   local a, b, c = self.tc_, y.tc_, z.tc_
   if numel(a) ~= numel(b) or numel(a) ~= numel(c) then error('map2: inconsistent tensor sizes', 2) end
   local ra, wa, rb, rc = read[a.dtype], write[a.dtype], read[b.dtype], read[c.dtype]
   local da, db, dc = a.storage ~= nil and a.storage.data, b.storage ~= nil and b.storage.data,
      c.storage ~= nil and c.storage.data
   local nb, nc = walker(b), walker(c)
   for oa in walker(a) do
      local v = f(ra(da, oa), rb(db, nb()), rc(dc, nc()))
      if v ~= nil then wa(da, oa, v) end
   end
   return self
end
function M:totable()
   local t = self.tc_
   local nd = ndim(t)
   if nd == 0 then return {} end
   local r = read[t.dtype]
   local data = t.storage.data
   local function build(d, off)
      local out = {}
      local n, s = tonumber(t.sizes[d]), t.strides[d]
      for i = 1, n do
         if d == nd - 1 then out[i] = r(data, off + (i - 1) * s)
         else out[i] = build(d + 1, off + (i - 1) * s) end
      end
      return out
   end
   return build(0, t.offset)
end

---------------------------------------------------------------------------------------------------
-- register the classes
torch._tensor_constructors = {}
for _, T in ipairs(core.types) do
   local ctor = constructor(T)
   local mt = torch.newmetatable(T.tensor, nil, ctor, nil, function() return ctor() end, torch)
   for k, v in pairs(M) do mt[k] = v end
   TensorClass[T.dtype] = mt
   torch._tensor_constructors[T.dtype] = ctor
end
TensorClass[8] = TensorClass[0]

-- Torch7's type() answers 'userdata' for tensors and storages
local lua_type = type
local istype = ffi.istype
local storage_ct = torch._storage_ct
function torch._install_globals()
function _G.type(v)
   local t = lua_type(v)
   if t == 'cdata' and (istype(tensor_ct, v) or istype(storage_ct, v)) then return 'userdata' end
   return t
end
local lua_getmetatable = getmetatable
function _G.getmetatable(v)
   if lua_type(v) == 'cdata' then
      local c = torch._cdata_class(v)
      if c then return c end
   end
   return lua_getmetatable(v)
end
end

-- the Python bridge hands tensors over by address (with a reference taken for the receiver)
function torch._retainedpointer(x)
   if not isTensor(x) then return nil end
   lib.tc_tensor_retain(x.tc_)
   return tonumber(ffi.cast('uintptr_t', x.tc_))
end
function torch._pushtensor(addr)
   return wrap(ffi.cast('tc_tensor *', addr))
end
