-- nn.TemporalSubSampling(inputFrameSize, kW[, dW=1]): over time windows of kW frames (stride dW),
-- out[t][f] = bias[f] + weight[f] * sum of in[.][f]; input (B x) T x inputFrameSize (time first).
-- It runs the SpatialSubSampling kernel on the feature-major (F x T x 1) view.
local K = nn.kernels
local TemporalSubSampling, parent = torch.class('nn.TemporalSubSampling', 'nn.Module')

function TemporalSubSampling:__init(inputFrameSize, kW, dW)
   parent.__init(self)
   self.inputFrameSize = inputFrameSize
   self.kW, self.dW = kW, dW or 1
   self.weight = torch.Tensor(inputFrameSize)
   self.bias = torch.Tensor(inputFrameSize)
   self.gradWeight = torch.Tensor(inputFrameSize)
   self.gradBias = torch.Tensor(inputFrameSize)
   self:reset()
end

function TemporalSubSampling:reset(stdv)
   stdv = stdv and stdv * math.sqrt(3) or 1 / math.sqrt(self.kW)
   self.weight:uniform(-stdv, stdv)
   self.bias:uniform(-stdv, stdv)
end

-- (B x) T x F  ->  (B x) F x T x 1, contiguous
local function planes(self, x)
   if x:dim() ~= 2 and x:dim() ~= 3 then error('nn.TemporalSubSampling: 2D or 3D (batch) input expected', 3) end
   if x:size(x:dim()) ~= self.inputFrameSize then
      error(string.format('nn.TemporalSubSampling: input frame size %d, expected %d', x:size(x:dim()),
         self.inputFrameSize), 3)
   end
   local sz = x:transpose(x:dim() - 1, x:dim()):contiguous()
   local s = sz:size():totable()
   s[#s + 1] = 1
   return sz:view(unpack(s))
end

-- (B x) F x T' x 1  ->  (B x) T' x F
local function frames(y)
   local s = y:size():totable()
   table.remove(s)
   local v = y:view(unpack(s))
   return v:transpose(v:dim() - 1, v:dim())
end

function TemporalSubSampling:updateOutput(input)
   self._out = self._out or input.new()
   K.check(K.C.tc_spatial_subsampling_forward(self._out:cdata(), planes(self, input):cdata(), self.weight:cdata(),
      K.ptr(self.bias), 1, self.kW, 1, self.dW))
   self.output:resizeAs(frames(self._out)):copy(frames(self._out))
   return self.output
end

function TemporalSubSampling:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   self._gin = self._gin or input.new()
   K.check(K.C.tc_spatial_subsampling_backward_input(self._gin:cdata(), planes(self, gradOutput):cdata(),
      planes(self, input):cdata(), self.weight:cdata(), 1, self.kW, 1, self.dW))
   self.gradInput:resizeAs(input):copy(frames(self._gin))
   return self.gradInput
end

function TemporalSubSampling:accGradParameters(input, gradOutput, scale)
   K.check(K.C.tc_spatial_subsampling_backward_params(self.gradWeight:cdata(), K.ptr(self.gradBias),
      planes(self, input):cdata(), planes(self, gradOutput):cdata(), 1, self.kW, 1, self.dW, scale or 1))
end

function TemporalSubSampling:clearState()
   nn.utils.clear(self, '_out', '_gin')
   return parent.clearState(self)
end
