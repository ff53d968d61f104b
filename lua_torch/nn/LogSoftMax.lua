-- nn.LogSoftMax: over the features of a vector or batch of vectors, or the channels of a (batch of)
-- C x H x W maps (Torch7's choice of dimension).
local K = nn.kernels
local LogSoftMax, parent = torch.class('nn.LogSoftMax', 'nn.Module')

function LogSoftMax:updateOutput(input)
   K.check(K.C.tc_nn_log_softmax(self.output:cdata(), input:cdata(), K.softmaxDim(input)))
   return self.output
end

function LogSoftMax:updateGradInput(input, gradOutput)
   K.check(K.C.tc_nn_log_softmax_backward(self.gradInput:cdata(), gradOutput:cdata(), self.output:cdata(),
                                    K.softmaxDim(input)))
   return self.gradInput
end
