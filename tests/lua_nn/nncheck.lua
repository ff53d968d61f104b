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

return M
