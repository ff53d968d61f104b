-- nn.SpatialFullConvolutionMap(connTable, kW, kH, dW, dH): a transposed convolution whose input->output
-- plane connections come from an nConn x 2 table (nn.tables.*), as in Torch7: weight (nConn, kH, kW),
-- bias (nOutputPlane); output size (H-1)*dH + kH. The connected kernels are scattered into a dense
-- (nIn, nOut, kH, kW) weight (indexCopy) and the dense transposed-convolution kernel does the arithmetic;
-- gradients come back with index (one gather per call, no loop over elements).
local SpatialFullConvolutionMap, parent = torch.class('nn.SpatialFullConvolutionMap', 'nn.Module')

function SpatialFullConvolutionMap:__init(connTable, kW, kH, dW, dH)
   parent.__init(self)
   if not torch.isTensor(connTable) or connTable:dim() ~= 2 or connTable:size(2) ~= 2 then
      error('nn.SpatialFullConvolutionMap: connection table must be an nConn x 2 tensor', 2)
   end
   self.kW, self.kH = kW, kH
   self.dW, self.dH = dW or 1, dH or 1
   self.connTable = connTable
   self.nInputPlane = connTable:select(2, 1):max()
   self.nOutputPlane = connTable:select(2, 2):max()
   self.weight = torch.Tensor(connTable:size(1), kH, kW)
   self.gradWeight = torch.Tensor(connTable:size(1), kH, kW)
   self.bias = torch.Tensor(self.nOutputPlane)
   self.gradBias = torch.Tensor(self.nOutputPlane)
   self:reset()
end

function SpatialFullConvolutionMap:reset(stdv)
   if stdv then
      stdv = stdv * math.sqrt(3)
      self.weight:uniform(-stdv, stdv)
      self.bias:uniform(-stdv, stdv)
      return
   end
   -- Torch7: each kernel scaled by the fan-in of its input plane, the bias by the kernel area
   local ninputs = {}
   for c = 1, self.connTable:size(1) do
      local i = self.connTable[c][1]
      ninputs[i] = (ninputs[i] or 0) + 1
   end
   for c = 1, self.connTable:size(1) do
      local s = 1 / math.sqrt(self.kW * self.kH * ninputs[self.connTable[c][1]])
      self.weight:select(1, c):uniform(-s, s)
   end
   local s = 1 / math.sqrt(self.kW * self.kH)
   self.bias:uniform(-s, s)
end

-- the inner dense module and the linear positions (in-1)*nOut + out of the connections
function SpatialFullConvolutionMap:_dense()
   if not self._full or torch.type(self._full.weight) ~= torch.type(self.weight) then
      self._full = nn.SpatialFullConvolution(self.nInputPlane, self.nOutputPlane, self.kW, self.kH, self.dW, self.dH)
      self._full:type(torch.type(self.weight))
      local ct = self.connTable:long()
      self._connIndex = ct:select(2, 1):clone():add(-1):mul(self.nOutputPlane):add(ct:select(2, 2))
   end
   local f = self._full
   local n = self.nInputPlane * self.nOutputPlane
   f.weight:zero():view(n, self.kH, self.kW):indexCopy(1, self._connIndex, self.weight)
   f.bias:copy(self.bias)
   return f
end

function SpatialFullConvolutionMap:updateOutput(input)
   local f = self:_dense()
   self.output = f:updateOutput(input)
   return self.output
end

function SpatialFullConvolutionMap:updateGradInput(input, gradOutput)
   local f = self:_dense()
   self.gradInput = f:updateGradInput(input, gradOutput)
   return self.gradInput
end

function SpatialFullConvolutionMap:accGradParameters(input, gradOutput, scale)
   local f = self:_dense()
   f.gradWeight:zero(); f.gradBias:zero()
   f:accGradParameters(input, gradOutput, scale or 1)
   local n = self.nInputPlane * self.nOutputPlane
   self.gradWeight:add(f.gradWeight:view(n, self.kH, self.kW):index(1, self._connIndex))
   self.gradBias:add(f.gradBias)
end

function SpatialFullConvolutionMap:type(t, cache)
   self._full, self._connIndex = nil, nil
   return parent.type(self, t, cache)
end

function SpatialFullConvolutionMap:clearState()
   self._full, self._connIndex = nil, nil
   return parent.clearState(self)
end

function SpatialFullConvolutionMap:__tostring__()
   return string.format('%s(%d -> %d, %dx%d, %d,%d)', torch.type(self), self.nInputPlane, self.nOutputPlane,
      self.kW, self.kH, self.dW, self.dH)
end
