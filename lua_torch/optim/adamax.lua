-- AdaMax: Adam with the infinity norm in place of the second moment.
local util = optim._util

function optim.adamax(opfunc, x, config, state)
   config, state = util.tables(config, state)
   local lr = config.learningRate or 0.002
   local beta1, beta2 = config.beta1 or 0.9, config.beta2 or 0.999
   local eps = config.epsilon or 1e-38

   local fx, dfdx = opfunc(x)
   util.decay(dfdx, x, config.weightDecay or 0)

   state.t = (state.t or 0) + 1
   local m = util.zeros(state, 'm', x, dfdx)
   local u = util.zeros(state, 'u', x, dfdx)
   if not state.max then
      local sz = dfdx:size():totable()
      table.insert(sz, 1, 2)
      state.max = x.new(torch.LongStorage(sz)):zero()
   end
   m:mul(beta1):add(1 - beta1, dfdx)
   -- u = max(beta2 * u, |g| + eps), taken over the two stacked candidates
   state.max[1]:copy(u):mul(beta2)
   state.max[2]:copy(dfdx):abs():add(eps)
   u:copy((torch.max(state.max, 1)))
   x:addcdiv(-lr / (1 - beta1 ^ state.t), m, u)
   return x, {fx}
end
