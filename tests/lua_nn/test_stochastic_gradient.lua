-- nn.StochasticGradient, the trainer of Torch7's tutorials (dataset:size(), dataset[i] = {input, target})
require 'nn'
local T = {}

function T.trains_xor_like_the_tutorial()
   torch.manualSeed(7)
   local dataset = {}
   function dataset:size() return 64 end
   for i = 1, dataset:size() do
      local input = torch.randn(2)
      local output = torch.Tensor(1)
      output[1] = (input[1] * input[2] > 0) and -1 or 1
      dataset[i] = { input, output }
   end
   local mlp = nn.Sequential():add(nn.Linear(2, 20)):add(nn.Tanh()):add(nn.Linear(20, 1))
   local crit = nn.MSECriterion()
   local trainer = nn.StochasticGradient(mlp, crit)
   trainer.learningRate = 0.05
   trainer.maxIteration = 60
   trainer.verbose = false
   local errors, examples = {}, 0
   trainer.hookIteration = function(self, it, err) errors[it] = err end
   trainer.hookExample = function() examples = examples + 1 end
   trainer:train(dataset)
   tester:eq(#errors, 60)
   tester:eq(examples, 60 * 64)
   tester:assert(errors[60] < errors[1] * 0.5, string.format('error fell: %.3f -> %.3f', errors[1], errors[60]))
   -- the same examples, in order, without shuffling: the first pass' error is reproducible
   local function run()
      torch.manualSeed(1)
      local m = nn.Linear(2, 1)
      local tr = nn.StochasticGradient(m, nn.MSECriterion())
      tr.shuffleIndices, tr.maxIteration, tr.verbose = false, 1, false
      local e
      tr.hookIteration = function(_, _, err) e = err end
      tr:train(dataset)
      return e, m.weight:clone()
   end
   local e1, w1 = run()
   local e2, w2 = run()
   tester:eq(e1, e2)
   tester:assertTensorEq(w1, w2, 0)
end

return T
