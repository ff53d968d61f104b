-- Nesterov's accelerated gradient in the Sutskever et al. formulation: look ahead along the
-- momentum, evaluate there, then fold the step into the momentum.
local util = optim._util

function optim.nag(opfunc, x, config, state)
   config, state = util.tables(config, state)
   local lr = config.learningRate or 1e-3
   local lrd = config.learningRateDecay or 0
   local mom = config.momentum or 0.9
   local lrs = config.learningRates
   state.evalCounter = state.evalCounter or 0
   if mom <= 0 then error('Momentum must be positive for Nesterov Accelerated Gradient') end

   if state.dfdx then x:add(mom, state.dfdx) end
   local fx, dfdx = opfunc(x)
   util.decay(dfdx, x, config.weightDecay or 0)
   local clr = util.decayed(lr, lrd, state.evalCounter)

   if state.dfdx then
      state.dfdx:mul(mom)
   else
      state.dfdx = torch.Tensor():typeAs(dfdx):resizeAs(dfdx):fill(0)
   end
   local step = dfdx
   if lrs then
      state.deltaParameters = state.deltaParameters or torch.Tensor():typeAs(x):resizeAs(dfdx)
      step = state.deltaParameters:copy(lrs):cmul(dfdx)
   end
   x:add(-clr, step)
   state.dfdx:add(-clr, step)
   state.evalCounter = state.evalCounter + 1
   return x, {fx}
end
