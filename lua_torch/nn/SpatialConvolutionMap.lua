-- nn.SpatialConvolutionMap(connTable, kW, kH[, dW=1, dH=1]): a convolution whose input->output plane
-- connections are listed in connTable (nConn x 2: input plane, output plane; 1-based); weight
-- nConn x kH x kW, bias nOutputPlane; input (B x) nInputPlane x H x W, no padding.
-- nn.tables builds the usual connection tables.
local K = nn.kernels
local SpatialConvolutionMap, parent = torch.class('nn.SpatialConvolutionMap', 'nn.Module')

nn.tables = nn.tables or {}

-- every input plane to every output plane (grouped by output plane)
function nn.tables.full(nin, nout)
   local ft = torch.Tensor(nin * nout, 2)
   local p = 1
   for j = 1, nout do
      for i = 1, nin do
         ft[p][1], ft[p][2] = i, j
         p = p + 1
      end
   end
   return ft
end

-- plane i to plane i
function nn.tables.oneToOne(nfeat)
   local ft = torch.Tensor(nfeat, 2)
   for i = 1, nfeat do ft[i][1], ft[i][2] = i, i end
   return ft
end

-- each output plane reads nto input planes, drawn without repetition from successive random
-- permutations of the inputs (torch.randperm, so the draws follow the torch RNG as in Torch7)
function nn.tables.random(nin, nout, nto)
   local tbl = torch.Tensor(nto * nout, 2)
   local perm = torch.randperm(nin)
   local chunks = math.floor(nin / nto)          -- whole groups of nto in one permutation
   local from = tbl:select(2, 1):unfold(1, nto, nto)
   local to = tbl:select(2, 2):unfold(1, nto, nto)
   local groups = perm:narrow(1, 1, chunks * nto):unfold(1, nto, nto)
   local g = 1
   for o = 1, nout do
      from:select(1, o):copy(groups:select(1, g))
      g = g + 1
      if g - 1 == chunks then
         perm:copy(torch.randperm(nin))
         g = 1
      end
   end
   for o = 1, to:size(1) do to:select(1, o):fill(o) end
   return tbl
end

function SpatialConvolutionMap:__init(connTable, kW, kH, dW, dH)
   parent.__init(self)
   if not torch.isTensor(connTable) or connTable:dim() ~= 2 or connTable:size(2) ~= 2 then
      error('nn.SpatialConvolutionMap: connection table must be an nConn x 2 tensor', 2)
   end
   self.kW, self.kH = kW, kH
   self.dW, self.dH = dW or 1, dH or 1
   self.connTable = connTable
   self.nInputPlane = connTable:select(2, 1):max()
   self.nOutputPlane = connTable:select(2, 2):max()
   self.weight = torch.Tensor(connTable:size(1), kH, kW)
   self.bias = torch.Tensor(self.nOutputPlane)
   self.gradWeight = torch.Tensor(connTable:size(1), kH, kW)
   self.gradBias = torch.Tensor(self.nOutputPlane)
   self:reset()
end

-- default: U(-s, s) with s = 1/sqrt(kW*kH*fan-in of the output plane), connection by connection,
-- then the biases (Torch7's draw order)
function SpatialConvolutionMap:reset(stdv)
   if stdv then
      stdv = stdv * math.sqrt(3)
      self.weight:uniform(-stdv, stdv)
      self.bias:uniform(-stdv, stdv)
      return
   end
   local nConn = self.connTable:size(1)
   local fanin = {}
   for o = 1, self.nOutputPlane do fanin[o] = 0 end
   for c = 1, nConn do
      local o = self.connTable[c][2]
      fanin[o] = fanin[o] + 1
   end
   for c = 1, nConn do
      local s = 1 / math.sqrt(self.kW * self.kH * fanin[self.connTable[c][2]])
      self.weight:select(1, c):uniform(-s, s)
   end
   for o = 1, self.nOutputPlane do
      local s = 1 / math.sqrt(self.kW * self.kH * fanin[o])
      self.bias[o] = torch.uniform(-s, s)
   end
end

function SpatialConvolutionMap:updateOutput(input)
   K.check(K.C.tc_spatial_convolution_map_forward(self.output:cdata(), input:cdata(), self.weight:cdata(),
      K.ptr(self.bias), self.connTable:cdata(), self.nOutputPlane, self.kW, self.kH, self.dW, self.dH, 1))
   return self.output
end

function SpatialConvolutionMap:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   K.check(K.C.tc_spatial_convolution_map_backward_input(self.gradInput:cdata(), gradOutput:cdata(),
      input:cdata(), self.weight:cdata(), self.connTable:cdata(), self.kW, self.kH, self.dW, self.dH, 1))
   return self.gradInput
end

function SpatialConvolutionMap:accGradParameters(input, gradOutput, scale)
   K.check(K.C.tc_spatial_convolution_map_backward_params(self.gradWeight:cdata(), K.ptr(self.gradBias),
      input:cdata(), gradOutput:cdata(), self.connTable:cdata(), self.kW, self.kH, self.dW, self.dH, 1,
      scale or 1))
end

function SpatialConvolutionMap:decayParameters(decay)
   self.weight:add(-decay, self.weight)
   self.bias:add(-decay, self.bias)
end

-- the connection table keeps its type: it holds plane numbers, not parameters
function SpatialConvolutionMap:type(type, tensorCache)
   local conn = self.connTable
   self.connTable = nil
   parent.type(self, type, tensorCache)
   self.connTable = conn
   return self
end
