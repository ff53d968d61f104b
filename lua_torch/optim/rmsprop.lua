-- RMSprop: steps divided by the root of a running mean of squared gradients.
local util = optim._util

function optim.rmsprop(opfunc, x, config, state)
   config, state = util.tables(config, state)
   local lr = config.learningRate or 1e-2
   local alpha = config.alpha or 0.99
   local eps = config.epsilon or 1e-8

   local fx, dfdx = opfunc(x)
   util.decay(dfdx, x, config.weightDecay or 0)

   if not state.m then
      state.m = torch.Tensor():typeAs(x):resizeAs(dfdx):fill(config.initialMean or 0)
      state.tmp = torch.Tensor():typeAs(x):resizeAs(dfdx)
   end
   state.m:mul(alpha):addcmul(1.0 - alpha, dfdx, dfdx)
   state.tmp:sqrt(state.m):add(eps)
   x:addcdiv(-lr, dfdx, state.tmp)
   return x, {fx}
end
