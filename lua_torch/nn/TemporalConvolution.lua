-- nn.TemporalConvolution(inFrame, outFrame, kW[, dW=1]): 1-D convolution over time of a
-- (B x) T x inFrame input.  The weight is outFrame x (kW * inFrame), time-major (Torch7's layout).
local K = nn.kernels
local TemporalConvolution, parent = torch.class('nn.TemporalConvolution', 'nn.Module')

function TemporalConvolution:__init(inputFrameSize, outputFrameSize, kW, dW)
   parent.__init(self)
   self.inputFrameSize, self.outputFrameSize = inputFrameSize, outputFrameSize
   self.kW, self.dW = kW, dW or 1
   self.weight = torch.Tensor(outputFrameSize, inputFrameSize * kW)
   self.bias = torch.Tensor(outputFrameSize)
   self.gradWeight = torch.Tensor(outputFrameSize, inputFrameSize * kW)
   self.gradBias = torch.Tensor(outputFrameSize)
   self:reset()
end

function TemporalConvolution:reset(stdv)
   stdv = stdv and stdv * math.sqrt(3) or 1 / math.sqrt(self.kW * self.inputFrameSize)
   self.weight:uniform(-stdv, stdv)
   self.bias:uniform(-stdv, stdv)
end

function TemporalConvolution:updateOutput(input)
   K.check(K.C.tc_temporal_convolution_forward(self.output:cdata(), input:cdata(), self.weight:cdata(),
                                               self.bias:cdata(), self.kW, self.dW))
   return self.output
end

function TemporalConvolution:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   K.check(K.C.tc_temporal_convolution_backward_input(self.gradInput:cdata(), gradOutput:cdata(), input:cdata(),
                                                      self.weight:cdata(), self.kW, self.dW))
   return self.gradInput
end

function TemporalConvolution:accGradParameters(input, gradOutput, scale)
   K.check(K.C.tc_temporal_convolution_backward_params(self.gradWeight:cdata(), self.gradBias:cdata(),
      input:cdata(), gradOutput:cdata(), self.kW, self.dW, scale or 1))
end
