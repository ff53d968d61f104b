-- nn.RReLU([l=1/8[, u=1/3[, inplace]]]): random negative slopes in [l, u] while training, the
-- mean slope (l+u)/2 at evaluation.
local K = nn.kernels
local RReLU, parent = torch.class('nn.RReLU', 'nn.Module')

function RReLU:__init(l, u, ip)
   parent.__init(self)
   self.lower = l or 1 / 8
   self.upper = u or 1 / 3
   assert(self.lower <= self.upper and self.lower >= 0 and self.upper >= 0)
   self.noise = torch.Tensor()
   self.train = true
   self.inplace = ip or false
end

function RReLU:updateOutput(input)
   if self.train then
      -- slopes drawn from the global generator, then applied by the kernel
      self.noise:resizeAs(input):uniform(self.lower, self.upper)
      self.noise:maskedFill(input:ge(0), 1)
      if self.inplace then self.output:set(input) end
      K.check(K.C.tc_nn_rrelu_with_noise(self.output:cdata(), input:cdata(), self.noise:cdata()))
      return self.output
   end
   return K.activation(self, input, 'LEAKY_RELU', (self.lower + self.upper) / 2, 0, self.inplace)
end

function RReLU:updateGradInput(input, gradOutput)
   if self.train then
      if self.inplace then self.gradInput:set(gradOutput) else self.gradInput:resizeAs(gradOutput):copy(gradOutput) end
      self.gradInput:cmul(self.noise)
      return self.gradInput
   end
   return K.activationBackward(self, self.inplace and self.output or input, gradOutput, 'LEAKY_RELU',
                               (self.lower + self.upper) / 2, 0, self.inplace)
end

function RReLU:__tostring__()
   return string.format('%s (l:%f, u:%f)', torch.type(self), self.lower, self.upper)
end
