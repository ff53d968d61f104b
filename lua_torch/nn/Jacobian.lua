-- nn.Jacobian: checks a module's gradients against finite differences (Torch7's test helper).
--   nn.Jacobian.testJacobian(module, input[, minval, maxval, perturbation]) -> max |error|
--   nn.Jacobian.testJacobianParameters(module, input, param, dparam[, ...])
--   nn.Jacobian.testJacobianUpdateParameters(module, input, param[, ...])
--   nn.Jacobian.testIO(module, input[, minval, maxval]) -> output error, gradInput error after a save/load
nn.Jacobian = nn.Jacobian or {}
local J = nn.Jacobian

-- d output / d param by backpropagating each one-hot gradOutput (param defaults to the input)
function J.backward(module, input, param, dparam)
   local doparam = param ~= nil
   param = param or input
   local out = module:forward(input)
   local jac = torch.Tensor(param:nElement(), out:nElement()):zero()
   local dout = out.new():resizeAs(out):zero()
   local flat = dout:view(-1)
   for i = 1, flat:nElement() do
      flat:zero()
      flat[i] = 1
      module:zeroGradParameters()
      local din = module:updateGradInput(input, dout)
      if doparam then
         dparam:zero()
         module:accGradParameters(input, dout, 1)
         jac:select(2, i):copy(dparam:contiguous():view(-1))
      else
         jac:select(2, i):copy(din:contiguous():view(-1))
      end
   end
   return jac
end

-- the same by central differences
function J.forward(module, input, param, perturbation)
   param = param or input
   perturbation = perturbation or 1e-6
   local out = module:forward(input)
   local jac = torch.Tensor(param:nElement(), out:nElement()):zero()
   local flat = param:view(-1)
   for i = 1, flat:nElement() do
      local orig = flat[i]
      flat[i] = orig - perturbation
      local o1 = module:forward(input):clone()
      flat[i] = orig + perturbation
      local o2 = module:forward(input):clone()
      flat[i] = orig
      jac:select(1, i):copy(o2:add(-1, o1):div(2 * perturbation):view(-1))
   end
   return jac
end

local function fill(t, minval, maxval)
   minval, maxval = minval or -2, maxval or 2
   t:copy(torch.rand(t:nElement()):mul(maxval - minval):add(minval))
end

function J.testJacobian(module, input, minval, maxval, perturbation)
   fill(input, minval, maxval)
   local jf = J.forward(module, input, nil, perturbation)
   local jb = J.backward(module, input)
   return (jf - jb):abs():max()
end

function J.testJacobianParameters(module, input, param, dparam, minval, maxval, perturbation)
   fill(input, minval, maxval)
   fill(param, minval, maxval)
   local jb = J.backward(module, input, param, dparam)
   local jf = J.forward(module, input, param, perturbation)
   return (jf - jb):abs():max()
end

-- accUpdateGradParameters(lr) must move the parameters as zeroGrad + accGrad + updateParameters does
function J.testJacobianUpdateParameters(module, input, param, minval, maxval)
   fill(input, minval, maxval)
   fill(param, minval, maxval)
   local start = param:clone()
   local out = module:forward(input)
   local dout = out.new():resizeAs(out):copy(torch.randn(out:nElement()))
   module:zeroGradParameters()
   module:updateGradInput(input, dout)
   module:accGradParameters(input, dout, 1)
   module:updateParameters(1)
   local viaGrad = param:clone()
   param:copy(start)
   module:forward(input)
   module:updateGradInput(input, dout)
   module:accUpdateGradParameters(input, dout, 1)
   return (viaGrad - param):abs():max()
end

-- outputs and gradients survive a binary save/load round trip
function J.testIO(module, input, minval, maxval)
   fill(input, minval, maxval)
   local out = module:forward(input):clone()
   local dout = out.new():resizeAs(out):copy(torch.randn(out:nElement()))
   local gin = module:backward(input, dout):clone()
   local f = torch.MemoryFile('rw'):binary()
   f:writeObject(module)
   f:seek(1)
   local copy = f:readObject()
   f:close()
   local out2 = copy:forward(input)
   local gin2 = copy:backward(input, dout)
   return (out - out2):abs():max(), (gin - gin2):abs():max()
end

return J
