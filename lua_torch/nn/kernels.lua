-- The C core's nn kernels as the Lua modules call them (THNN's role in Torch7).  Tensors are
-- passed as their tc_tensor pointers (t:cdata()); failures become Lua errors with the core's
-- message.  Index arguments are 1-based from Lua.
local core = require 'torch.core'
local ffi = core.ffi

local K = {C = core.lib, check = core.check, ffi = ffi, INDEX_BASE = 1}
nn.kernels = K

local i64 = core.int64_arr
-- an int64_t[] from Lua numbers (for kernel, stride, padding ... arguments)
function K.longs(...)
   local n = select('#', ...)
   local a = i64(n)
   for i = 1, n do a[i - 1] = select(i, ...) end
   return a
end

-- cdata of a tensor, or NULL for nil
function K.ptr(t)
   if t == nil then return nil end
   return t:cdata()
end

-- Activation kinds, by the names the C header declares.
K.ACT = setmetatable({}, {__index = function(_, name) return K.C['TC_ACT_' .. name] end})

-- output = f(input) for an activation kind; in place when `inplace` (output aliases input)
function K.activation(self, input, kind, p1, p2, inplace)
   if inplace then self.output:set(input) end
   K.check(K.C.tc_nn_activation(self.output:cdata(), input:cdata(), K.ACT[kind], p1 or 0, p2 or 0))
   return self.output
end

-- gradInput = gradOutput * f'(...); `use_output` for kinds whose derivative reads the output
function K.activationBackward(self, input, gradOutput, kind, p1, p2, inplace, use_output)
   if inplace then self.gradInput:set(gradOutput) end
   K.check(K.C.tc_nn_activation_backward(self.gradInput:cdata(), gradOutput:cdata(),
      use_output and nil or input:cdata(), self.output:cdata(), K.ACT[kind], p1 or 0, p2 or 0))
   return self.gradInput
end

return K
