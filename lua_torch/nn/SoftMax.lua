-- nn.SoftMax: over the features of a vector or batch of vectors, or the channels of a (batch of)
-- C x H x W maps (Torch7's choice of dimension).
local K = nn.kernels
local SoftMax, parent = torch.class('nn.SoftMax', 'nn.Module')

function SoftMax:updateOutput(input)
   K.check(K.C.tc_nn_softmax(self.output:cdata(), input:cdata(), K.softmaxDim(input)))
   return self.output
end

function SoftMax:updateGradInput(input, gradOutput)
   K.check(K.C.tc_nn_softmax_backward(self.gradInput:cdata(), gradOutput:cdata(), self.output:cdata(),
                                    K.softmaxDim(input)))
   return self.gradInput
end
