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

local scalar_box = ffi.new('double[1]')
-- the value of a one-element tensor (0-d outputs of reduced losses)
function K.scalar(t)
   K.check(K.C.tc_get_flat(t:cdata(), 0, scalar_box))
   return scalar_box[0]
end

function K.reduction(sizeAverage)
   return sizeAverage == false and K.C.TC_REDUCTION_SUM or K.C.TC_REDUCTION_MEAN
end

-- Torch7's SoftMax/LogSoftMax dimension: features of a vector (1-D) or batch (2-D), channels of a
-- C x H x W map (3-D) or batch of maps (4-D).  0-based for the kernel.
function K.softmaxDim(input)
   local nd = input:dim()
   if nd == 1 or nd == 3 then return 0 end
   if nd == 2 or nd == 4 then return 1 end
   error('1D, 2D, 3D or 4D tensor expected')
end

-- Criterion helpers over tc_nn_pointwise_loss: the loss as a number, the gradient into gradInput.
function K.pointwiseLoss(self, input, target, kind, p, weight, reduction)
   self.output_tensor = self.output_tensor or input.new(1)
   K.check(K.C.tc_nn_pointwise_loss(self.output_tensor:cdata(), input:cdata(), target:cdata(), K.ptr(weight), nil,
      K.C['TC_LOSS_' .. kind], reduction or K.reduction(self.sizeAverage), p or 0))
   self.output = K.scalar(self.output_tensor)
   return self.output
end

function K.pointwiseLossBackward(self, input, target, kind, p, weight, reduction)
   self._gradOutput = self._gradOutput or input.new(1):fill(1)
   K.check(K.C.tc_nn_pointwise_loss_backward(self.gradInput:cdata(), self._gradOutput:cdata(), input:cdata(),
      target:cdata(), K.ptr(weight), nil, K.C['TC_LOSS_' .. kind], reduction or K.reduction(self.sizeAverage), p or 0))
   return self.gradInput
end

-- Convolution through the core (PyTorch weight layout (out, in/groups, k...)).  `o` holds the
-- option arrays (stride, padding, dilation: int64_t[nspatial] in (d,) h, w order) and groups.
function K.convForward(output, input, weight, bias, nspatial, o)
   K.check(K.C.tc_conv_forward(output:cdata(), input:cdata(), weight:cdata(), K.ptr(bias), nspatial,
                               o.stride, o.padding, o.dilation, o.groups or 1))
   return output
end

function K.convBackwardInput(gradInput, gradOutput, input, weight, nspatial, o)
   K.check(K.C.tc_conv_backward_input(gradInput:cdata(), gradOutput:cdata(), input:cdata(), weight:cdata(),
                                      nspatial, o.stride, o.padding, o.dilation, o.groups or 1))
   return gradInput
end

function K.convBackwardParams(gradWeight, gradBias, input, gradOutput, nspatial, o, scale)
   K.check(K.C.tc_conv_backward_params(K.ptr(gradWeight), K.ptr(gradBias), input:cdata(), gradOutput:cdata(),
                                       nspatial, o.stride, o.padding, o.dilation, o.groups or 1, scale or 1))
end

-- Fused recurrent cells (one time step; PyTorch's layout: w_ih (G*H, I), w_hh (G*H, H), gates i, f, g, o for
-- the LSTM and r, z, n for the GRU; biases may be nil).  The forward fills `workspace`, which the backward
-- reads (with cy for the LSTM).  Backward: gradInput / gradHx / gradCx are overwritten (nil skips one);
-- gradW*/gradB* accumulate scale * gradient (nil skips), as accGradParameters does.
function K.lstmCell(hy, cy, workspace, input, hx, cx, w_ih, w_hh, b_ih, b_hh)
   K.check(K.C.tc_nn_lstm_cell(hy:cdata(), cy:cdata(), workspace:cdata(), input:cdata(), hx:cdata(), cx:cdata(),
                               w_ih:cdata(), w_hh:cdata(), K.ptr(b_ih), K.ptr(b_hh)))
   return hy, cy
end

function K.lstmCellBackward(g, gradHy, gradCy, input, hx, cx, w_ih, w_hh, cy, workspace, scale)
   K.check(K.C.tc_nn_lstm_cell_backward(K.ptr(g.input), K.ptr(g.hx), K.ptr(g.cx), K.ptr(g.w_ih), K.ptr(g.w_hh),
      K.ptr(g.b_ih), K.ptr(g.b_hh), K.ptr(gradHy), K.ptr(gradCy), input:cdata(), hx:cdata(), cx:cdata(),
      w_ih:cdata(), w_hh:cdata(), cy:cdata(), workspace:cdata(), scale or 1))
   return g
end

function K.gruCell(hy, workspace, input, hx, w_ih, w_hh, b_ih, b_hh)
   K.check(K.C.tc_nn_gru_cell(hy:cdata(), workspace:cdata(), input:cdata(), hx:cdata(), w_ih:cdata(), w_hh:cdata(),
                              K.ptr(b_ih), K.ptr(b_hh)))
   return hy
end

function K.gruCellBackward(g, gradHy, input, hx, w_ih, w_hh, workspace, scale)
   K.check(K.C.tc_nn_gru_cell_backward(K.ptr(g.input), K.ptr(g.hx), K.ptr(g.w_ih), K.ptr(g.w_hh), K.ptr(g.b_ih),
      K.ptr(g.b_hh), gradHy:cdata(), input:cdata(), hx:cdata(), w_ih:cdata(), w_hh:cdata(), workspace:cdata(),
      scale or 1))
   return g
end

return K
