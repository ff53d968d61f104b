-- Index-based functions (inventory §1.8) and sort/topk/kthvalue/median/mode (§1.11), over the core's
-- tc_index kernels with index_base 1.  Return values follow Torch7 exactly, including the odd ones:
-- maskedFill/indexFill return the value, indexCopy/indexAdd the source, r:index(...) the index.
local torch, core, D = ...
local ffi, lib = core.ffi, core.lib
local rawtype = type
local isTensor = torch._isTensor
local check, new_like = D.check, D.new_like
local M = torch._TensorMethods

local function dim0(x, d, name)
   if rawtype(d) ~= 'number' or d < 1 or d > math.max(x:dim(), 1) then
      error(string.format('%s: dimension %s out of range of %dD tensor', name, tostring(d), x:dim()), 3)
   end
   return d - 1
end
local function long_index(idx, name)
   if not isTensor(idx) or idx.tc_.dtype ~= 4 then error(name .. ': index must be a LongTensor', 3) end
end
local function byte_mask(m, name)
   if not isTensor(m) or (m.tc_.dtype ~= 0 and m.tc_.dtype ~= 8) then error(name .. ': mask must be a ByteTensor', 3) end
end

-- x:index(d, idx) -> new; r:index(x, d, idx) fills r and returns idx
function M:index(a, b, c)
   if isTensor(a) then
      long_index(c, 'index')
      check(lib.tc_index_select(self.tc_, a.tc_, dim0(a, b, 'index'), c.tc_, 1))
      return c
   end
   long_index(b, 'index')
   local r = new_like(self)
   check(lib.tc_index_select(r.tc_, self.tc_, dim0(self, a, 'index'), b.tc_, 1))
   return r
end
function M:indexCopy(d, idx, src)
   long_index(idx, 'indexCopy')
   check(lib.tc_index_copy(self.tc_, dim0(self, d, 'indexCopy'), idx.tc_, src.tc_, 1))
   return src
end
function M:indexAdd(d, idx, src)
   long_index(idx, 'indexAdd')
   check(lib.tc_index_add(self.tc_, dim0(self, d, 'indexAdd'), idx.tc_, src.tc_, 1, 1))
   return src
end
function M:indexFill(d, idx, v)
   long_index(idx, 'indexFill')
   check(lib.tc_index_fill(self.tc_, dim0(self, d, 'indexFill'), idx.tc_, v, 1))
   return v
end

-- gather([res,] x, d, idx)
local function gather_into(r, x, d, idx)
   long_index(idx, 'gather')
   check(lib.tc_gather(r.tc_, x.tc_, dim0(x, d, 'gather'), idx.tc_, 1))
   return r
end
D.defop('gather', 'function', { 'T*,N,L' }, { gather_into }, { types = 'all' })
function M:scatter(d, idx, src)
   long_index(idx, 'scatter')
   if rawtype(src) == 'number' then
      check(lib.tc_scatter_value(self.tc_, dim0(self, d, 'scatter'), idx.tc_, src, 1))
   else
      check(lib.tc_scatter(self.tc_, dim0(self, d, 'scatter'), idx.tc_, src.tc_, 1))
   end
   return self
end
torch.scatter = function(x, ...) return x:clone():scatter(...) end
function M:scatterAdd(d, idx, src)
   check(lib.tc_scatter_add(self.tc_, dim0(self, d, 'scatterAdd'), idx.tc_, src.tc_, 1))
   return self
end

-- masks
function M:maskedSelect(a, b)
   if b ~= nil then   -- r:maskedSelect(x, mask) fills r, returns mask
      byte_mask(b, 'maskedSelect')
      check(lib.tc_masked_select(self.tc_, a.tc_, b.tc_))
      return b
   end
   byte_mask(a, 'maskedSelect')
   local r = new_like(self)
   check(lib.tc_masked_select(r.tc_, self.tc_, a.tc_))
   return r
end
function M:maskedFill(mask, v)
   byte_mask(mask, 'maskedFill')
   check(lib.tc_masked_fill(self.tc_, mask.tc_, v))
   return v
end
function M:maskedCopy(mask, src)
   byte_mask(mask, 'maskedCopy')
   check(lib.tc_masked_scatter(self.tc_, mask.tc_, src.tc_))
   return self
end

-- nonzero([res,] x) -> LongTensor N x nDim of 1-based subscripts
function torch.nonzero(a, b)
   local r, x = torch.LongTensor(), a
   if b ~= nil then r, x = a, b end
   check(lib.tc_nonzero(r.tc_, x.tc_, 1))
   return r
end
M.nonzero = function(self, b)
   if b ~= nil then return torch.nonzero(self, b) end
   return torch.nonzero(self)
end

-- sort([vals, idx,] x[, dim][, descending])
local function two_results(args, x_pos)
   local a = args
   if isTensor(a[1]) and isTensor(a[2]) and isTensor(a[3]) then
      return a[1], a[2], a[3], 4
   end
   return nil, nil, a[1], 2
end
function torch.sort(...)
   local a = { ... }
   local vals, idx, x, k = two_results(a)
   local d, desc = a[k], a[k + 1]
   if rawtype(d) == 'boolean' then d, desc = nil, d end
   d = d or x:dim()
   vals, idx = vals or new_like(x), idx or torch.LongTensor()
   check(lib.tc_sort(vals.tc_, idx.tc_, x.tc_, dim0(x, d, 'sort'), desc and 1 or 0, 1))
   return vals, idx
end
M.sort = torch.sort

-- topk([vals, idx,] x, k[, dim][, dir=false][, sorted=false]): default the k smallest, unsorted
function torch.topk(...)
   local a = { ... }
   local vals, idx, x, i = two_results(a)
   local kk, d, dir, sorted = a[i], a[i + 1], a[i + 2], a[i + 3]
   if rawtype(d) == 'boolean' then d, dir, sorted = nil, d, dir end
   d = d or x:dim()
   vals, idx = vals or new_like(x), idx or torch.LongTensor()
   check(lib.tc_topk(vals.tc_, idx.tc_, x.tc_, kk, dim0(x, d, 'topk'), dir and 1 or 0, sorted and 1 or 0, 1))
   return vals, idx
end
M.topk = torch.topk

function torch.kthvalue(...)
   local a = { ... }
   local vals, idx, x, i = two_results(a)
   local kk, d = a[i], a[i + 1]
   d = d or x:dim()
   vals, idx = vals or new_like(x), idx or torch.LongTensor()
   check(lib.tc_kthvalue(vals.tc_, idx.tc_, x.tc_, kk, dim0(x, d, 'kthvalue'), 1, 1))
   return vals, idx
end
M.kthvalue = torch.kthvalue

for _, name in ipairs({ 'median', 'mode' }) do
   local cf = lib['tc_' .. name]
   torch[name] = function(...)
      local a = { ... }
      local vals, idx, x, i = two_results(a)
      local d = a[i] or x:dim()
      vals, idx = vals or new_like(x), idx or torch.LongTensor()
      check(cf(vals.tc_, idx.tc_, x.tc_, dim0(x, d, name), 1, 1))
      return vals, idx
   end
   M[name] = torch[name]
end
