-- nn.Jacobian on modules the golden data does not cover with random sizes: input and parameter
require 'nn'
-- gradients against central differences (double precision), update paths, and save/load.
local T = {}
local precision = 1e-5

local function check(m, input, name)
   require('nncheck').jacobian(m, input, name, false, true)
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
