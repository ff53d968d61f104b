-- nn.Profile(module, print_interval, name): a Decorator timing forward and backward passes; every
-- print_interval calls it prints the mean time per call (Torch7 fields: print_interval, name, timer,
-- summedFTime, summedBTime, fcount, bcount).
local Profile, parent = torch.class('nn.Profile', 'nn.Decorator')

function Profile:__init(module, print_interval, name)
   parent.__init(self, module)
   self.print_interval = print_interval or 100
   self.name = name or torch.type(module)
   self.module = module
   self.timer = torch.Timer()
   self.summedFTime, self.summedBTime = 0, 0
   self.fcount, self.bcount = 0, 0
end

function Profile:updateOutput(input)
   self.timer:reset()
   self.output = self.modules[1]:updateOutput(input)
   self.summedFTime = self.summedFTime + self.timer:time().real
   self.fcount = self.fcount + 1
   if self.fcount % self.print_interval == 0 then
      print(string.format('%s took %.3f seconds for %d forward passes', self.name, self.summedFTime, self.print_interval))
      self.summedFTime = 0
   end
   return self.output
end

function Profile:updateGradInput(input, gradOutput)
   self.timer:reset()
   self.gradInput = self.modules[1]:updateGradInput(input, gradOutput)
   self.summedBTime = self.summedBTime + self.timer:time().real
   self.bcount = self.bcount + 1
   if self.bcount % self.print_interval == 0 then
      print(string.format('%s took %.3f seconds for %d backward passes', self.name, self.summedBTime, self.print_interval))
      self.summedBTime = 0
   end
   return self.gradInput
end
