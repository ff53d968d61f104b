-- optim.checkgrad(opfunc, x[, eps]): central-difference check of opfunc's gradient.
-- Returns the relative difference ||dC - dC_est|| / ||dC + dC_est||, dC and dC_est.
function optim.checkgrad(opfunc, x, eps)
   eps = eps or 1e-7
   local C0, dC = opfunc(x)
   dC:resize(x:size())
   local scratch = torch.isTensor(C0) and C0.new(C0:size()) or nil
   local dC_est = torch.Tensor():typeAs(dC):resizeAs(dC)
   for i = 1, dC:size(1) do
      local saved = x[i]
      x[i] = saved + eps
      local C1 = opfunc(x)
      if scratch then C1 = scratch:copy(C1) end
      x[i] = saved - eps
      local C2 = opfunc(x)
      x[i] = saved
      dC_est[i] = (C1 - C2) / (2 * eps)
   end
   local diff = torch.norm(dC - dC_est) / torch.norm(dC + dC_est)
   return diff, dC, dC_est
end
