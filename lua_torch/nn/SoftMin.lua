-- nn.SoftMin: softmax(-x).
local K = nn.kernels
local SoftMin, parent = torch.class('nn.SoftMin', 'nn.Module')

function SoftMin:updateOutput(input)
   self.mininput = self.mininput or input.new()
   self.mininput:resizeAs(input):copy(input):mul(-1)
   K.check(K.C.tc_nn_softmax(self.output:cdata(), self.mininput:cdata(), K.softmaxDim(input)))
   return self.output
end

function SoftMin:updateGradInput(input, gradOutput)
   K.check(K.C.tc_nn_softmax_backward(self.gradInput:cdata(), gradOutput:cdata(), self.output:cdata(),
                                      K.softmaxDim(input)))
   self.gradInput:mul(-1)
   return self.gradInput
end

function SoftMin:clearState()
   if self.mininput then self.mininput:set() end
   return parent.clearState(self)
end
