-- Torch7's calling conventions (TensorMath.lua's cwrap rules), as one mechanism:
--
--   defop(name, kind, sigs)  declares an op by its "full" signatures, in the order Torch7 tries them.
--   A signature is a comma list of argument kinds; `*` marks the source argument (the one a method
--   call fills with self):  T tensor of the source's type, A any tensor, L LongTensor, B ByteTensor,
--   N number, b boolean, S string, ? optional trailing number.
--   Each signature's implementation is impl(res, args...) where res is the result tensor (a fresh one of
--   the source's type when the caller gave none).
--
-- Function form torch.f(...): if the arguments match a signature there is no result argument, else the
-- first argument is the result tensor and the rest must match.
-- Method forms:  kind 'inplace' -- self is the result; the arguments are a full signature, or one
--   with self inserted as the source (x:add(y) is x = x + y, x:add(a, b) is x = a + b).
--   kind 'function' -- self is the first argument of the function form (x:sum(2), x:gt(0)).
local torch, core = ...
local ffi, lib = core.ffi, core.lib
local rawtype, select, error = type, select, error
local isTensor = torch._isTensor
local account = torch._account

local D = {}
torch._dispatch = D
D.ops = {}

local function kind_of(v)
   local t = rawtype(v)
   if t == 'number' then return 'N' end
   if t == 'cdata' and isTensor(v) then return 'T' end
   if t == 'boolean' then return 'b' end
   if t == 'string' then return 'S' end
   if t == 'nil' then return '-' end
   return torch.typename(v) or t
end

local function parse_sig(s)
   local sig = { src = nil, text = s, nopt = 0 }
   local i = 0
   for tok in s:gmatch('[^,]+') do
      i = i + 1
      local k = tok:gsub('%*', '')
      if tok:find('%*') then sig.src = i end
      sig[i] = k
   end
   sig.n = i
   sig.src = sig.src or 1
   return sig
end

local function arg_ok(k, v, src_dtype)
   if k == 'N' then return rawtype(v) == 'number' end
   if k == 'b' then return rawtype(v) == 'boolean' end
   if k == 'S' then return rawtype(v) == 'string' end
   if k == 'G' then return torch.typename(v) == 'torch.Generator' end
   if not isTensor(v) then return false end
   if k == 'A' then return true end
   local dt = v.tc_.dtype
   if k == 'L' then return dt == 4 end
   if k == 'B' then return dt == 0 end
   if k == 'T' then return src_dtype == nil or dt == src_dtype end
   return false
end

-- args given as a table {n=...}; returns the index of the first matching signature
local function match(sigs, a, n)
   for s = 1, #sigs do
      local sig = sigs[s]
      if sig.n == n then
         local src = a[sig.src]
         local dt = isTensor(src) and src.tc_.dtype or nil
         local ok = true
         for i = 1, n do
            if not arg_ok(sig[i], a[i], dt) then ok = false break end
         end
         if ok then return s end
      end
   end
   return nil
end
D.match = match

local typename_short = function(v)
   local k = torch.typename(v)
   if k then return (k:gsub('^torch%.', '')) end
   return rawtype(v)
end

local function usage(name, sigs, a, n, self)
   local given = {}
   for i = 1, n do given[i] = typename_short(a[i]) end
   local forms = {}
   local tn = self and typename_short(self) or 'Tensor'
   for _, sig in ipairs(sigs) do
      local parts = { '[*' .. tn .. '*]' }
      for i = 1, sig.n do
         local k = sig[i]
         parts[#parts + 1] = (k == 'T' and tn) or (k == 'N' and 'number') or (k == 'L' and 'LongTensor')
            or (k == 'B' and 'ByteTensor') or (k == 'b' and 'boolean') or (k == 'S' and 'string')
            or (k == 'A' and 'Tensor') or k
      end
      forms[#forms + 1] = table.concat(parts, ' ')
   end
   return string.format('%s: invalid arguments: %s\nexpected arguments: %s', name, table.concat(given, ' '),
                        table.concat(forms, ' | '))
end

local function new_like(x)
   return torch._wraptensor(lib.tc_tensor_new(x.tc_.dtype))
end
D.new_like = new_like

local function default_tensor_type()
   return core.by_name[torch.getdefaulttensortype():match('^torch%.(%a+)Tensor$')]
end

-- defop: installs torch.NAME and the method NAME on every tensor class that `types` admits.
-- opts.types: 'all' | 'float' | 'byte' | list of type names; opts.method: 'inplace' | 'function' | false;
-- opts.func: false to leave out torch.NAME; opts.number: fn(numbers...) for torch.NAME(number, ...)
function D.defop(name, method_kind, sigtexts, impls, opts)
   opts = opts or {}
   local sigs = {}
   for i, s in ipairs(sigtexts) do sigs[i] = parse_sig(s) end
   D.ops[name] = { sigs = sigs, impls = impls, kind = method_kind, opts = opts }

   local function call(res, s, a)
      local sig = sigs[s]
      local impl = impls[s]
      if res == nil and not sig.nores then
         local src = a[sig.src]
         res = isTensor(src) and (opts.result and opts.result(src) or new_like(src)) or nil
         if res then
            -- a result made here: count its storage for the collector once the kernel has sized it
            local r1, r2 = impl(res, unpack(a, 1, sig.n))
            account(res)
            if r2 == nil then return r1 end   -- one result stays one (print(torch.exp(x)) shows no nil)
            return r1, r2
         end
      end
      return impl(res, unpack(a, 1, sig.n))
   end

   local function func_slow(...)
      local n = select('#', ...)
      local a = { ... }
      while n > 0 and a[n] == nil do n = n - 1 end
      local s = match(sigs, a, n)
      if s then return call(nil, s, a) end
      if isTensor(a[1]) then
         local rest = { unpack(a, 2, n) }
         s = match(sigs, rest, n - 1)
         if s then return call(a[1], s, rest) end
      end
      if opts.number and rawtype(a[1]) == 'number' then return opts.number(unpack(a, 1, n)) end
      local like
      for i = 1, n do if isTensor(a[i]) then like = a[i] break end end
      error(usage('torch.' .. name, sigs, a, n, like), core.userlevel())
   end

   -- fast paths for the common method calls x:f(), x:f(number), x:f(tensor) (no tables built)
   local s0, s1N, s1T
   for i, sig in ipairs(sigs) do
      if sig.n == 1 and sig[1] == 'T' and not s0 then s0 = i end
      if sig.n == 2 and sig.src == 1 and sig[1] == 'T' and sig[2] == 'N' and not s1N then s1N = i end
      if sig.n == 2 and sig.src == 1 and sig[1] == 'T' and sig[2] == 'T' and not s1T then s1T = i end
   end
   local i0, i1N, i1T = s0 and impls[s0], s1N and impls[s1N], s1T and impls[s1T]

   -- torch.f(x, y|v) and torch.f(r, x, y|v) without building tables
   local function func(a, b, c, d, ...)
      if d == nil and isTensor(a) and select('#', ...) == 0 then
         local dt = a.tc_.dtype
         if c == nil then
            if rawtype(b) == 'number' then
               if i1N then return call(nil, s1N, { a, b }) end
            elseif b == nil then
               if i0 then return call(nil, s0, { a }) end
            elseif i1T and isTensor(b) and b.tc_.dtype == dt then
               return call(nil, s1T, { a, b })
            end
         elseif isTensor(b) and b.tc_.dtype == dt then
            if rawtype(c) == 'number' then
               if i1N and method_kind == 'inplace' then return i1N(a, b, c) end
            elseif i1T and method_kind == 'inplace' and isTensor(c) and c.tc_.dtype == dt then
               return i1T(a, b, c)
            end
         end
      end
      return func_slow(a, b, c, d, ...)
   end

   local meth
   if method_kind == 'inplace' then
      local function slow(self, ...)
         local n = select('#', ...)
         local a = { ... }
         while n > 0 and a[n] == nil do n = n - 1 end
         local s = match(sigs, a, n)
         if s then return call(self, s, a) end
         -- self inserted as the source argument
         for k = 1, #sigs do
            local sig = sigs[k]
            if sig.n == n + 1 then
               local b = {}
               local j = 1
               for i = 1, sig.n do
                  if i == sig.src then b[i] = self else b[i] = a[j]; j = j + 1 end
               end
               if match({ sig }, b, sig.n) then return call(self, k, b) end
            end
         end
         error(usage(name, sigs, a, n, self), 2)
      end
      meth = function(self, a, b, c, d, e, f, g)
         if b == nil and c == nil and isTensor(self) then
            if a == nil then
               if i0 then return i0(self, self) end
            elseif rawtype(a) == 'number' then
               if i1N then return i1N(self, self, a) end
            elseif i1T and isTensor(a) and a.tc_.dtype == self.tc_.dtype then
               return i1T(self, self, a)
            end
         end
         return slow(self, a, b, c, d, e, f, g)
      end
   elseif method_kind == 'function' then
      meth = function(self, ...)
         local n = select('#', ...) + 1
         local a = { self, ... }
         while n > 0 and a[n] == nil do n = n - 1 end
         local s = match(sigs, a, n)
         if s then return call(nil, s, a) end
         local rest = { ... }
         s = match(sigs, rest, n - 1)
         if s then return call(self, s, rest) end
         error(usage(name, sigs, a, n, self), 2)
      end
   end
   if meth then D.install_method(name, meth, opts.types) end
   if opts.func ~= false then torch[name] = func end
   return func, meth
end

function D.admits(types, T)
   if types == nil or types == 'all' then return T.name ~= 'Half' end
   if types == 'float' then return T.floating end
   if types == 'byte' then return T.name == 'Byte' end
   if types == 'integral' then return T.integral end
   for _, n in ipairs(types) do if n == T.name then return true end end
   return false
end

function D.install_method(name, fn, types)
   for _, T in ipairs(core.types) do
      if D.admits(types, T) then torch._TensorClass[T.dtype][name] = fn end
   end
end

-- whether the core exports a symbol (ops from branches not merged yet are simply absent)
function D.has(sym)
   local ok, v = pcall(function() return lib[sym] end)
   return ok and v ~= nil
end

function D.check(rc)
   if rc == -1 or rc == nil then error(core.lasterror(), core.userlevel()) end
   return rc
end

D.default_tensor_type = default_tensor_type
D.kind_of = kind_of
return D
