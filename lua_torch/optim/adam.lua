-- Adam (Kingma & Ba): bias-corrected first and second moment estimates.
local util = optim._util

function optim.adam(opfunc, x, config, state)
   config, state = util.tables(config, state)
   local lr = config.learningRate or 1e-3
   local lrd = config.learningRateDecay or 0
   local beta1, beta2 = config.beta1 or 0.9, config.beta2 or 0.999
   local eps = config.epsilon or 1e-8

   local fx, dfdx = opfunc(x)
   util.decay(dfdx, x, config.weightDecay or 0)

   state.t = state.t or 0
   local m = util.zeros(state, 'm', x, dfdx)
   local v = util.zeros(state, 'v', x, dfdx)
   local denom = util.zeros(state, 'denom', x, dfdx)
   local clr = util.decayed(lr, lrd, state.t)
   state.t = state.t + 1

   m:mul(beta1):add(1 - beta1, dfdx)
   v:mul(beta2):addcmul(1 - beta2, dfdx, dfdx)
   denom:copy(v):sqrt():add(eps)
   local step = clr * math.sqrt(1 - beta2 ^ state.t) / (1 - beta1 ^ state.t)
   x:addcdiv(-step, m, denom)
   return x, {fx}
end
