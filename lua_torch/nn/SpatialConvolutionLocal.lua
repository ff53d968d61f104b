-- nn.SpatialConvolutionLocal(nInputPlane, nOutputPlane, iW, iH, kW, kH, dW, dH, padW, padH): a convolution
-- whose filters are not shared: each output position has its own weights. Torch7 layout: weight is
-- (oH, oW, nOutputPlane, nInputPlane*kH*kW), bias (nOutputPlane, oH, oW). The patches come from unfold
-- views and every position is one batched matrix product (bmm), never a loop over elements.
local SpatialConvolutionLocal, parent = torch.class('nn.SpatialConvolutionLocal', 'nn.Module')

function SpatialConvolutionLocal:__init(nInputPlane, nOutputPlane, iW, iH, kW, kH, dW, dH, padW, padH)
   parent.__init(self)
   dW = dW or 1; dH = dH or 1
   self.nInputPlane, self.nOutputPlane = nInputPlane, nOutputPlane
   self.kW, self.kH, self.dW, self.dH = kW, kH, dW, dH
   self.padW = padW or 0
   self.padH = padH or self.padW
   self.iW, self.iH = iW, iH
   self.oW = math.floor((self.padW * 2 + iW - kW) / dW) + 1
   self.oH = math.floor((self.padH * 2 + iH - kH) / dH) + 1
   assert(self.oW >= 1 and self.oH >= 1, 'SpatialConvolutionLocal: output size would be empty')
   self.weight = torch.Tensor(self.oH, self.oW, nOutputPlane, nInputPlane * kH * kW)
   self.bias = torch.Tensor(nOutputPlane, self.oH, self.oW)
   self.gradWeight = torch.Tensor():resizeAs(self.weight)
   self.gradBias = torch.Tensor():resizeAs(self.bias)
   self:reset()
end

function SpatialConvolutionLocal:reset(stdv)
   stdv = stdv and stdv * math.sqrt(3) or 1 / math.sqrt(self.kW * self.kH * self.nInputPlane)
   self.weight:uniform(-stdv, stdv)
   self.bias:uniform(-stdv, stdv)
   return self
end

function SpatialConvolutionLocal:_checkInput(input)
   local d = input:dim()
   assert(d == 3 or d == 4, 'SpatialConvolutionLocal: 3D or 4D (batch mode) tensor expected')
   local c, h, w = input:size(d - 2), input:size(d - 1), input:size(d)
   assert(c == self.nInputPlane, string.format('SpatialConvolutionLocal: expected %d input planes, got %d', self.nInputPlane, c))
   assert(h == self.iH and w == self.iW, string.format('SpatialConvolutionLocal: expected input %dx%d, got %dx%d', self.iH, self.iW, h, w))
end

-- zero-padded copy of one sample (C, H, W), or the sample itself when there is no padding
function SpatialConvolutionLocal:_padded(x, buf)
   if self.padW == 0 and self.padH == 0 then return x end
   self[buf] = self[buf] or x.new()
   local p = self[buf]
   p:resize(x:size(1), x:size(2) + 2 * self.padH, x:size(3) + 2 * self.padW):zero()
   p:narrow(2, self.padH + 1, x:size(2)):narrow(3, self.padW + 1, x:size(3)):copy(x)
   return p
end

-- patches of a padded sample as a (C, oH, oW, kH, kW) view
function SpatialConvolutionLocal:_patches(p)
   return p:unfold(2, self.kH, self.dH):unfold(3, self.kW, self.dW)
end

-- columns (oH*oW, C*kH*kW, 1) of one sample
function SpatialConvolutionLocal:_columns(x)
   local P = self.oH * self.oW
   local K = self.nInputPlane * self.kH * self.kW
   self._cols = self._cols or x.new()
   local patches = self:_patches(self:_padded(x, '_pad'))
   self._cols:resize(self.oH, self.oW, self.nInputPlane, self.kH, self.kW):copy(patches:permute(2, 3, 1, 4, 5))
   return self._cols:view(P, K, 1)
end

local function forEachSample(input, fn)
   if input:dim() == 3 then fn(input, 0) else
      for b = 1, input:size(1) do fn(input[b], b) end
   end
end

function SpatialConvolutionLocal:updateOutput(input)
   self:_checkInput(input)
   local P, nOut = self.oH * self.oW, self.nOutputPlane
   local W = self.weight:view(P, nOut, -1)
   if input:dim() == 3 then self.output:resize(nOut, self.oH, self.oW)
   else self.output:resize(input:size(1), nOut, self.oH, self.oW) end
   self._outPos = self._outPos or input.new()
   forEachSample(input, function(x, b)
      local cols = self:_columns(x)
      self._outPos:resize(P, nOut, 1):bmm(W, cols)
      local out = b == 0 and self.output or self.output[b]
      out:copy(self._outPos:view(self.oH, self.oW, nOut):permute(3, 1, 2)):add(self.bias)
   end)
   return self.output
end

function SpatialConvolutionLocal:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   self:_checkInput(input)
   local P, nOut = self.oH * self.oW, self.nOutputPlane
   local K = self.nInputPlane * self.kH * self.kW
   local Wt = self.weight:view(P, nOut, K):transpose(2, 3)
   self.gradInput:resizeAs(input)
   self._gradPos = self._gradPos or input.new()
   self._gradCols = self._gradCols or input.new()
   forEachSample(input, function(x, b)
      local go = b == 0 and gradOutput or gradOutput[b]
      self._gradPos:resize(self.oH, self.oW, nOut):copy(go:permute(2, 3, 1))
      self._gradCols:resize(P, K, 1):bmm(Wt, self._gradPos:view(P, nOut, 1))
      -- scatter the column gradients back: one strided add per kernel offset (views do not overlap)
      self._gradPad = self._gradPad or x.new()
      local gp = self._gradPad:resize(self.nInputPlane, self.iH + 2 * self.padH, self.iW + 2 * self.padW):zero()
      local patches = self:_patches(gp)
      local gc = self._gradCols:view(self.oH, self.oW, self.nInputPlane, self.kH, self.kW)
      for i = 1, self.kH do
         for j = 1, self.kW do
            patches:select(5, j):select(4, i):add(gc:select(5, j):select(4, i):permute(3, 1, 2))
         end
      end
      local gi = b == 0 and self.gradInput or self.gradInput[b]
      gi:copy(gp:narrow(2, self.padH + 1, self.iH):narrow(3, self.padW + 1, self.iW))
   end)
   return self.gradInput
end

function SpatialConvolutionLocal:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   self:_checkInput(input)
   local P, nOut = self.oH * self.oW, self.nOutputPlane
   local K = self.nInputPlane * self.kH * self.kW
   local gW = self.gradWeight:view(P, nOut, K)
   self._gradPos = self._gradPos or input.new()
   forEachSample(input, function(x, b)
      local go = b == 0 and gradOutput or gradOutput[b]
      local cols = self:_columns(x)
      self._gradPos:resize(self.oH, self.oW, nOut):copy(go:permute(2, 3, 1))
      gW:baddbmm(1, gW, scale, self._gradPos:view(P, nOut, 1), cols:view(P, 1, K))
      self.gradBias:add(scale, go)
   end)
end

function SpatialConvolutionLocal:clearState()
   nn.utils.clear(self, '_cols', '_pad', '_gradPad', '_outPos', '_gradPos', '_gradCols')
   return parent.clearState(self)
end

function SpatialConvolutionLocal:__tostring__()
   local s = string.format('%s(%d -> %d, %dx%d, %dx%d', torch.type(self), self.nInputPlane, self.nOutputPlane,
      self.iW, self.iH, self.kW, self.kH)
   if self.dW ~= 1 or self.dH ~= 1 or self.padW ~= 0 or self.padH ~= 0 then s = s .. string.format(', %d,%d', self.dW, self.dH) end
   if self.padW ~= 0 or self.padH ~= 0 then s = s .. string.format(', %d,%d', self.padW, self.padH) end
   return s .. ')'
end
