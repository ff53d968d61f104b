-- AdaDelta (Zeiler): unit-corrected steps from running averages of squared gradients and updates.
local util = optim._util

function optim.adadelta(opfunc, x, config, state)
   if config == nil and state == nil then print('no state table, ADADELTA initializing') end
   config, state = util.tables(config, state)
   local rho = config.rho or 0.9
   local eps = config.eps or 1e-6
   state.evalCounter = state.evalCounter or 0

   local fx, dfdx = opfunc(x)
   util.decay(dfdx, x, config.weightDecay or 0)

   if not state.paramVariance then
      for _, name in ipairs{'paramVariance', 'paramStd', 'delta', 'accDelta'} do
         state[name] = torch.Tensor():typeAs(x):resizeAs(dfdx):zero()
      end
   end
   local var, std, delta, acc = state.paramVariance, state.paramStd, state.delta, state.accDelta
   var:mul(rho):addcmul(1 - rho, dfdx, dfdx)
   std:resizeAs(var):copy(var):add(eps):sqrt()
   delta:resizeAs(var):copy(acc):add(eps):sqrt():cdiv(std):cmul(dfdx)
   x:add(-1, delta)
   acc:mul(rho):addcmul(1 - rho, delta, delta)
   state.evalCounter = state.evalCounter + 1
   return x, {fx}
end
