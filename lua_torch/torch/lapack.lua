-- LAPACK wrappers (function form only, as in Torch7) and the TH convolution helpers conv2/xcorr2/conv3/
-- xcorr3, over the core's tc_blas kernels.  Leading result tensors are optional: torch.gesv([X, LU,] B, A).
local torch, core, D = ...
local ffi, lib = core.ffi, core.lib
local rawtype = type
local isTensor = torch._isTensor
local check, new_like, has = D.check, D.new_like, D.has

-- splits (results..., inputs..., strings...) where results are optional
local function split(name, nres, nin, ...)
   local args = { ... }
   local tensors, opts = {}, {}
   for i = 1, select('#', ...) do
      local a = args[i]
      if isTensor(a) then tensors[#tensors + 1] = a
      elseif rawtype(a) == 'string' or rawtype(a) == 'boolean' then opts[#opts + 1] = a
      elseif a ~= nil then error(string.format('torch.%s: unexpected argument #%d (%s)', name, i, torch.type(a)), 3) end
   end
   local res = {}
   if #tensors == nres + nin then
      for i = 1, nres do res[i] = tensors[i] end
      for i = 1, nin do tensors[i] = tensors[nres + i] end
      for i = nin + 1, #tensors do tensors[i] = nil end
   elseif #tensors ~= nin then
      error(string.format('torch.%s: expected %d input tensor(s) with %d optional leading result(s)', name, nin, nres), 3)
   end
   local like = tensors[1]
   if not core.by_dtype[like.tc_.dtype].floating then
      error('torch.' .. name .. ': Float or Double tensors expected', 3)
   end
   for i = 1, nres do res[i] = res[i] or new_like(like) end
   return res, tensors, opts
end

local function flag(opt, yes, no, default, name)
   if opt == nil then return default end
   if opt == yes then return true end
   if opt == no then return false end
   error(string.format("torch.%s: option must be '%s' or '%s'", name, yes, no), 3)
end

if has('tc_gesv') then
   function torch.gesv(...)
      local r, t = split('gesv', 2, 2, ...)
      check(lib.tc_gesv(r[1].tc_, r[2].tc_, t[1].tc_, t[2].tc_))
      return r[1], r[2]
   end
   function torch.gels(...)
      local r, t = split('gels', 2, 2, ...)
      check(lib.tc_gels(r[1].tc_, r[2].tc_, t[1].tc_, t[2].tc_))
      return r[1], r[2]
   end
   function torch.trtrs(...)
      local r, t, o = split('trtrs', 2, 2, ...)
      local upper = flag(o[1], 'U', 'L', true, 'trtrs')
      local trans = flag(o[2], 'T', 'N', false, 'trtrs')
      local unit = flag(o[3], 'U', 'N', false, 'trtrs')
      check(lib.tc_trtrs(r[1].tc_, t[1].tc_, t[2].tc_, upper and 1 or 0, trans and 1 or 0, unit and 1 or 0))
      r[2]:resizeAs(t[2]):copy(t[2])
      return r[1], r[2]
   end
   function torch.inverse(...)
      local r, t = split('inverse', 1, 1, ...)
      check(lib.tc_inverse(r[1].tc_, t[1].tc_))
      return r[1]
   end
   function torch.potrf(...)
      local r, t, o = split('potrf', 1, 1, ...)
      check(lib.tc_potrf(r[1].tc_, t[1].tc_, flag(o[1], 'U', 'L', true, 'potrf') and 1 or 0))
      return r[1]
   end
   function torch.potrs(...)
      local r, t, o = split('potrs', 1, 2, ...)
      check(lib.tc_potrs(r[1].tc_, t[1].tc_, t[2].tc_, flag(o[1], 'U', 'L', true, 'potrs') and 1 or 0))
      return r[1]
   end
   function torch.potri(...)
      local r, t, o = split('potri', 1, 1, ...)
      check(lib.tc_potri(r[1].tc_, t[1].tc_, flag(o[1], 'U', 'L', true, 'potri') and 1 or 0))
      return r[1]
   end
   function torch.qr(...)
      local r, t = split('qr', 2, 1, ...)
      check(lib.tc_qr(r[1].tc_, r[2].tc_, t[1].tc_))
      return r[1], r[2]
   end
   function torch.geqrf(...)
      local r, t = split('geqrf', 2, 1, ...)
      check(lib.tc_geqrf(r[1].tc_, r[2].tc_, t[1].tc_))
      return r[1], r[2]
   end
   function torch.orgqr(...)
      local r, t = split('orgqr', 1, 2, ...)
      check(lib.tc_orgqr(r[1].tc_, t[1].tc_, t[2].tc_))
      return r[1]
   end
   function torch.svd(...)
      local r, t, o = split('svd', 3, 1, ...)
      local some = flag(o[1], 'S', 'A', true, 'svd')
      check(lib.tc_svd(r[1].tc_, r[2].tc_, r[3].tc_, t[1].tc_, some and 1 or 0))
      return r[1], r[2], r[3]
   end
   function torch.symeig(...)
      local r, t, o = split('symeig', 2, 1, ...)
      local vectors = flag(o[1], 'V', 'N', false, 'symeig')
      local upper = flag(o[2], 'U', 'L', true, 'symeig')
      check(lib.tc_symeig(r[1].tc_, vectors and r[2].tc_ or nil, t[1].tc_, vectors and 1 or 0, upper and 1 or 0))
      return r[1], r[2]
   end
   function torch.eig(...)
      local r, t, o = split('eig', 2, 1, ...)
      local vectors = flag(o[1], 'V', 'N', false, 'eig')
      check(lib.tc_eig(r[1].tc_, vectors and r[2].tc_ or nil, t[1].tc_, vectors and 1 or 0))
      return r[1], r[2]
   end
end

if has('tc_conv2') then
   -- conv2([res,] x, k[, 'V'|'F']) (kernel flipped), xcorr2 (not flipped); conv3/xcorr3 alike
   local function helper(name, cf, flip)
      torch[name] = function(a, b, c, d)
         local r, x, k, mode
         if isTensor(c) then r, x, k, mode = a, b, c, d else x, k, mode = a, b, c end
         if not (isTensor(x) and isTensor(k)) then
            error('torch.' .. name .. ": expected ([result,] input, kernel[, 'V'|'F'])", 2)
         end
         local full = flag(mode, 'F', 'V', false, name)
         r = r or new_like(x)
         check(cf(r.tc_, x.tc_, k.tc_, full and 1 or 0, flip and 1 or 0))
         return r
      end
   end
   helper('conv2', lib.tc_conv2, true)
   helper('xcorr2', lib.tc_conv2, false)
   helper('conv3', lib.tc_conv3, true)
   helper('xcorr3', lib.tc_conv3, false)
end
