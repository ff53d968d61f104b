-- nn.TemporalRowConvolution(inputFrameSize, kW, dW, featFirst): a depthwise temporal convolution: each
-- feature row has its own kW-wide filter. Input (T, F) or (B, T, F) (with featFirst: (F, T), (B, F, T));
-- weight (F, 1, kW), bias (F), as in Torch7. Frames are unfold views, each feature one bmm row.
local TemporalRowConvolution, parent = torch.class('nn.TemporalRowConvolution', 'nn.Module')

function TemporalRowConvolution:__init(inputFrameSize, kW, dW, featFirst)
   parent.__init(self)
   self.inputFrameSize = inputFrameSize
   self.kW = kW
   self.dW = dW or 1
   self.weight = torch.Tensor(inputFrameSize, 1, kW)
   self.bias = torch.Tensor(inputFrameSize)
   self.gradWeight = torch.Tensor(inputFrameSize, 1, kW)
   self.gradBias = torch.Tensor(inputFrameSize)
   self.featFirst = featFirst or false
   self:reset()
end

function TemporalRowConvolution:noBias()
   self.bias, self.gradBias = nil, nil
   return self
end

function TemporalRowConvolution:reset(stdv)
   stdv = stdv and stdv * math.sqrt(3) or 1 / math.sqrt(self.kW * self.inputFrameSize)
   self.weight:uniform(-stdv, stdv)
   if self.bias then self.bias:uniform(-stdv, stdv) end
end

-- a sample as an (F, T) view
function TemporalRowConvolution:_rows(x)
   if self.featFirst then return x end
   return x:t()
end

local function samples(x, fn)
   if x:dim() == 2 then fn(x, nil) else for b = 1, x:size(1) do fn(x[b], b) end end
end

function TemporalRowConvolution:_check(input)
   local d = input:dim()
   assert(d == 2 or d == 3, 'TemporalRowConvolution: 2D or 3D (batch mode) tensor expected')
   local F = self.featFirst and input:size(d - 1) or input:size(d)
   local T = self.featFirst and input:size(d) or input:size(d - 1)
   assert(F == self.inputFrameSize, string.format('TemporalRowConvolution: expected %d features, got %d', self.inputFrameSize, F))
   assert(T >= self.kW, string.format('TemporalRowConvolution: input sequence (%d) shorter than kernel (%d)', T, self.kW))
   return F, math.floor((T - self.kW) / self.dW) + 1
end

function TemporalRowConvolution:updateOutput(input)
   local F, oT = self:_check(input)
   local size = input:size()
   local d = input:dim()
   if self.featFirst then size[d] = oT else size[d - 1] = oT end
   self.output:resize(size)
   self._buf = self._buf or input.new()
   samples(input, function(x, b)
      local frames = self:_rows(x):unfold(2, self.kW, self.dW)        -- (F, oT, kW)
      self._buf:resize(F, oT, 1):bmm(frames, self.weight:transpose(2, 3))
      local out = self:_rows(b and self.output[b] or self.output)     -- (F, oT) view
      out:copy(self._buf:view(F, oT))
      if self.bias then out:add(self.bias:view(F, 1):expand(F, oT)) end
   end)
   return self.output
end

function TemporalRowConvolution:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   local F, oT = self:_check(input)
   self.gradInput:resizeAs(input):zero()
   self._gbuf = self._gbuf or input.new()
   samples(input, function(x, b)
      local go = self:_rows(b and gradOutput[b] or gradOutput)
      self._gbuf:resize(F, oT, self.kW):bmm(go:contiguous():view(F, oT, 1), self.weight)
      local gframes = self:_rows(b and self.gradInput[b] or self.gradInput):unfold(2, self.kW, self.dW)
      -- overlapping frames: accumulate one kernel tap at a time (each tap's view has no overlap)
      for k = 1, self.kW do gframes:select(3, k):add(self._gbuf:select(3, k)) end
   end)
   return self.gradInput
end

function TemporalRowConvolution:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   local F, oT = self:_check(input)
   samples(input, function(x, b)
      local go = self:_rows(b and gradOutput[b] or gradOutput):contiguous()
      local frames = self:_rows(x):unfold(2, self.kW, self.dW)
      self.gradWeight:baddbmm(1, self.gradWeight, scale, go:view(F, 1, oT), frames)
      if self.bias then self.gradBias:add(scale, go:sum(2):view(F)) end
   end)
end

function TemporalRowConvolution:clearState()
   nn.utils.clear(self, '_buf', '_gbuf')
   return parent.clearState(self)
end

function TemporalRowConvolution:__tostring__()
   local s = string.format('%s(%d, %d', torch.type(self), self.inputFrameSize, self.kW)
   if self.dW ~= 1 then s = s .. ', ' .. self.dW end
   if self.featFirst then s = s .. ', featFirst' end
   return s .. (self.bias and ')' or ') without bias')
end
