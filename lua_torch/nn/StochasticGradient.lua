-- nn.StochasticGradient(module, criterion): Torch7's plain SGD trainer. trainer:train(dataset) runs
-- maxIteration passes over dataset (dataset:size() and dataset[i] = {input, target}), one example at a
-- time, updating the parameters with accUpdateGradParameters at learningRate / (1 + i * decay); it
-- shuffles the examples once (shuffleIndices), prints the mean error per pass (verbose), and calls
-- hookExample(trainer, example) / hookIteration(trainer, iteration, error) when set.
local StochasticGradient = torch.class('nn.StochasticGradient')

function StochasticGradient:__init(module, criterion)
   self.learningRate = 0.01
   self.learningRateDecay = 0
   self.maxIteration = 25
   self.shuffleIndices = true
   self.module = module
   self.criterion = criterion
   self.verbose = true
end

function StochasticGradient:train(dataset)
   local n = dataset:size()
   local module, criterion = self.module, self.criterion
   local order = torch.randperm(n, 'torch.LongTensor')
   if not self.shuffleIndices then
      for t = 1, n do order[t] = t end
   end
   local iteration = 1
   local lr = self.learningRate
   print('# StochasticGradient: training')
   while true do
      local total = 0
      for t = 1, n do
         local example = dataset[order[t]]
         local input, target = example[1], example[2]
         total = total + criterion:forward(module:forward(input), target)
         module:updateGradInput(input, criterion:updateGradInput(module.output, target))
         module:accUpdateGradParameters(input, criterion.gradInput, lr)
         if self.hookExample then self.hookExample(self, example) end
      end
      local err = total / n
      if self.hookIteration then self.hookIteration(self, iteration, err) end
      if self.verbose then print('# current error = ' .. err) end
      iteration = iteration + 1
      lr = self.learningRate / (1 + iteration * self.learningRateDecay)
      if self.maxIteration > 0 and iteration > self.maxIteration then
         print('# StochasticGradient: you have reached the maximum number of iterations')
         print('# training error = ' .. err)
         break
      end
   end
end
