-- nn.PReLU([nOutputPlane=0]): learnable negative slope, one shared (0) or one per channel.
local K = nn.kernels
local PReLU, parent = torch.class('nn.PReLU', 'nn.Module')

function PReLU:__init(nOutputPlane)
   parent.__init(self)
   self.nOutputPlane = nOutputPlane or 0
   self.weight = torch.Tensor(math.max(1, self.nOutputPlane)):fill(0.25)
   self.gradWeight = torch.Tensor(math.max(1, self.nOutputPlane)):zero()
end

function PReLU:updateOutput(input)
   K.check(K.C.tc_nn_prelu(self.output:cdata(), input:cdata(), self.weight:cdata()))
   return self.output
end

function PReLU:updateGradInput(input, gradOutput)
   K.check(K.C.tc_nn_prelu_backward(self.gradInput:cdata(), nil, gradOutput:cdata(), input:cdata(),
                                    self.weight:cdata(), 1))
   return self.gradInput
end

function PReLU:accGradParameters(input, gradOutput, scale)
   K.check(K.C.tc_nn_prelu_backward(nil, self.gradWeight:cdata(), gradOutput:cdata(), input:cdata(),
                                    self.weight:cdata(), scale or 1))
end

function PReLU:clearState()
   nn.utils.clear(self, 'gradWeightBuf', 'gradWeightBuf2')
   return parent.clearState(self)
end
