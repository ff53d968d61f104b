-- Shared by the nn test files: gradients of a module against nn.Jacobian's central differences
-- (double precision), optionally its parameters' gradients and a save/load round trip.
local M = { precision = 1e-5 }

-- jacobian(m, input, name[, noParams[, saveLoad]])
function M.jacobian(m, input, name, noParams, saveLoad)
   tester:assertlt(nn.Jacobian.testJacobian(m, input), M.precision, name .. ': gradient w.r.t. input')
   if not noParams then
      local params, grads = m:parameters()
      for i, p in ipairs(params or {}) do
         tester:assertlt(nn.Jacobian.testJacobianParameters(m, input, p, grads[i]), M.precision,
            name .. ': gradient w.r.t. parameter ' .. i)
      end
   end
   if saveLoad then
      local eo, eg = nn.Jacobian.testIO(m, input)
      tester:asserteq(eo, 0, name .. ': output after save/load')
      tester:asserteq(eg, 0, name .. ': gradInput after save/load')
   end
end

-- d loss() / d t by central differences (t is perturbed in place, element by element, and restored)
function M.numgrad(t, loss, eps)
   eps = eps or 1e-6
   local g = t.new(t:size()):zero()
   local flat, gflat = t:view(-1), g:view(-1)
   for k = 1, flat:nElement() do
      local v = flat[k]
      flat[k] = v + eps; local lp = loss()
      flat[k] = v - eps; local lm = loss()
      flat[k] = v
      gflat[k] = (lp - lm) / (2 * eps)
   end
   return g
end

return M
