-- AdaGrad: per-coordinate steps scaled by the root of the accumulated squared gradients.
local util = optim._util

function optim.adagrad(opfunc, x, config, state)
   if config == nil and state == nil then print('no state table, ADAGRAD initializing') end
   config, state = util.tables(config, state)
   local lr = config.learningRate or 1e-3
   local lrd = config.learningRateDecay or 0
   state.evalCounter = state.evalCounter or 0

   local fx, dfdx = opfunc(x)
   util.decay(dfdx, x, config.weightDecay or 0)
   local clr = util.decayed(lr, lrd, state.evalCounter)

   if not state.paramVariance then
      state.paramVariance = torch.Tensor():typeAs(x):resizeAs(dfdx):zero()
      state.paramStd = torch.Tensor():typeAs(x):resizeAs(dfdx)
   end
   state.paramVariance:addcmul(1, dfdx, dfdx)
   state.paramStd:resizeAs(state.paramVariance):copy(state.paramVariance):sqrt()
   x:addcdiv(-clr, dfdx, state.paramStd:add(1e-10))
   state.evalCounter = state.evalCounter + 1
   return x, {fx}
end
