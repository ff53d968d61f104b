-- Stochastic gradient descent with learning-rate decay, (per-parameter) weight decay,
-- momentum with dampening, Nesterov momentum and per-parameter learning rates.
local util = optim._util

function optim.sgd(opfunc, x, config, state)
   config, state = util.tables(config, state)
   local lr = config.learningRate or 1e-3
   local lrd = config.learningRateDecay or 0
   local wd = config.weightDecay or 0
   local mom = config.momentum or 0
   local damp = config.dampening or mom
   local nesterov = config.nesterov or false
   local lrs, wds = config.learningRates, config.weightDecays
   state.evalCounter = state.evalCounter or 0
   assert(not nesterov or (mom > 0 and damp == 0),
          "Nesterov momentum requires a momentum and zero dampening")

   local fx, dfdx = opfunc(x)

   if wd ~= 0 then
      dfdx:add(wd, x)
   elseif wds then
      local decay = state.decayParameters or torch.Tensor():typeAs(x):resizeAs(dfdx)
      state.decayParameters = decay
      dfdx:add(decay:copy(wds):cmul(x))
   end

   if mom ~= 0 then
      if state.dfdx then
         state.dfdx:mul(mom):add(1 - damp, dfdx)
      else
         -- the first step takes the gradient itself, undamped
         state.dfdx = torch.Tensor():typeAs(dfdx):resizeAs(dfdx):copy(dfdx)
      end
      if nesterov then dfdx:add(mom, state.dfdx) else dfdx = state.dfdx end
   end

   local clr = util.decayed(lr, lrd, state.evalCounter)
   if lrs then
      local delta = state.deltaParameters or torch.Tensor():typeAs(x):resizeAs(dfdx)
      state.deltaParameters = delta
      x:add(-clr, delta:copy(lrs):cmul(dfdx))
   else
      x:add(-clr, dfdx)
   end
   state.evalCounter = state.evalCounter + 1
   return x, {fx}
end
