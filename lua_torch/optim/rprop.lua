-- Resilient backpropagation: per-coordinate step sizes grown while the gradient keeps its sign,
-- shrunk when it flips (and that coordinate's update skipped).
local util = optim._util

function optim.rprop(opfunc, x, config, state)
   if config == nil and state == nil then print('no state table RPROP initializing') end
   config, state = util.tables(config, state)
   local stepsize = config.stepsize or 0.1
   local etaplus, etaminus = config.etaplus or 1.2, config.etaminus or 0.5
   local stepmax, stepmin = config.stepsizemax or 50.0, config.stepsizemin or 1e-06
   local history = {}

   for _ = 1, config.niter or 1 do
      local fx, dfdx = opfunc(x)
      if not state.delta then
         state.delta = dfdx.new(dfdx:size()):zero()
         state.stepsize = dfdx.new(dfdx:size()):fill(stepsize)
         state.sign = dfdx.new(dfdx:size())
         for _, name in ipairs{'psign', 'nsign', 'zsign', 'dminmax'} do
            state[name] = torch.ByteTensor(dfdx:size())
         end
      end
      local sign, steps = state.sign, state.stepsize
      -- sign of g_t * g_{t-1}: grow, shrink or keep each step size
      torch.cmul(sign, dfdx, state.delta)
      torch.sign(sign, sign)
      sign.gt(state.psign, sign, 0)
      sign.lt(state.nsign, sign, 0)
      sign.eq(state.zsign, sign, 0)
      sign[state.psign] = etaplus
      sign[state.nsign] = etaminus
      sign[state.zsign] = 1
      steps:cmul(sign)
      steps.gt(state.dminmax, steps, stepmax)
      steps[state.dminmax] = stepmax
      steps.lt(state.dminmax, steps, stepmin)
      steps[state.dminmax] = stepmin
      -- after a sign flip the coordinate is not moved and its gradient forgotten
      dfdx[state.nsign] = 0
      torch.sign(sign, dfdx)
      x:addcmul(-1, sign, steps)
      state.delta:copy(dfdx)
      history[#history + 1] = fx
   end
   return x, history
end
