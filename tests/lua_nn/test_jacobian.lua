-- nn.Jacobian on modules the golden data does not cover with random sizes: input and parameter
require 'nn'
-- gradients against central differences (double precision), update paths, and save/load.
local T = {}
local precision = 1e-5

local function check(m, input, name)
   local err = nn.Jacobian.testJacobian(m, input)
   tester:assertlt(err, precision, name .. ': gradient w.r.t. input')
   local params, grads = m:parameters()
   for i, p in ipairs(params or {}) do
      local e = nn.Jacobian.testJacobianParameters(m, input, p, grads[i])
      tester:assertlt(e, precision, name .. ': gradient w.r.t. parameter ' .. i)
   end
   local eo, eg = nn.Jacobian.testIO(m, input)
   tester:asserteq(eo, 0, name .. ': output after save/load')
   tester:asserteq(eg, 0, name .. ': gradInput after save/load')
end

function T.linear_conv_and_friends()
   torch.manualSeed(3)
   check(nn.Linear(5, 3), torch.Tensor(4, 5), 'Linear')
   check(nn.SpatialConvolution(2, 3, 3, 2, 2, 1, 1, 0), torch.Tensor(2, 2, 6, 5), 'SpatialConvolution')
   check(nn.TemporalConvolution(3, 4, 2, 1), torch.Tensor(6, 3), 'TemporalConvolution')
end

function T.transfer_functions()
   torch.manualSeed(4)
   for _, m in ipairs({nn.Tanh(), nn.Sigmoid(), nn.ELU(0.5), nn.SoftPlus(), nn.LogSigmoid(), nn.SoftSign(),
                       nn.LogSoftMax(), nn.SoftMax(), nn.Square(), nn.Power(3)}) do
      check(m, torch.Tensor(3, 4), torch.type(m))
   end
end

function T.update_parameters_paths_agree()
   torch.manualSeed(5)
   local m = nn.Linear(4, 3)
   local err = nn.Jacobian.testJacobianUpdateParameters(m, torch.Tensor(2, 4), m.weight)
   tester:assertlt(err, 1e-10, 'accUpdateGradParameters vs updateParameters')
end

function T.jacobian_detects_a_wrong_gradient()
   -- the check itself must be able to fail
   local Bad, parent = torch.class('nn.BadGradientForTest', 'nn.Module')
   function Bad:updateOutput(x) self.output:resizeAs(x):copy(x):mul(2) return self.output end
   function Bad:updateGradInput(x, g) self.gradInput:resizeAs(g):copy(g) return self.gradInput end
   tester:assertgt(nn.Jacobian.testJacobian(nn.BadGradientForTest(), torch.Tensor(3)), 0.5)
end

return T
