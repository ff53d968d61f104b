-- nn.SpatialSoftMax: over the channels at every pixel of a C x H x W map or a batch of them.
local K = nn.kernels
local SpatialSoftMax, parent = torch.class('nn.SpatialSoftMax', 'nn.Module')

local function channel_dim(input) return input:dim() == 4 and 1 or 0 end

function SpatialSoftMax:updateOutput(input)
   K.check(K.C.tc_nn_softmax(self.output:cdata(), input:cdata(), channel_dim(input)))
   return self.output
end

function SpatialSoftMax:updateGradInput(input, gradOutput)
   K.check(K.C.tc_nn_softmax_backward(self.gradInput:cdata(), gradOutput:cdata(), self.output:cdata(),
                                    channel_dim(input)))
   return self.gradInput
end
