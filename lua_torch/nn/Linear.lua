-- nn.Linear(in, out[, bias=true]): y = W x + b for 1-D x or a batch of rows.
local Linear, parent = torch.class('nn.Linear', 'nn.Module')

function Linear:__init(inputSize, outputSize, bias)
   parent.__init(self)
   self.weight = torch.Tensor(outputSize, inputSize)
   self.gradWeight = torch.Tensor(outputSize, inputSize)
   if bias ~= false then
      self.bias = torch.Tensor(outputSize)
      self.gradBias = torch.Tensor(outputSize)
   end
   self:reset()
end

function Linear:noBias()
   self.bias, self.gradBias = nil, nil
   return self
end

function Linear:reset(stdv)
   stdv = stdv and stdv * math.sqrt(3) or 1 / math.sqrt(self.weight:size(2))
   if nn.oldSeed then
      for i = 1, self.weight:size(1) do
         self.weight:select(1, i):apply(function() return torch.uniform(-stdv, stdv) end)
      end
      if self.bias then
         for i = 1, self.bias:nElement() do self.bias[i] = torch.uniform(-stdv, stdv) end
      end
   else
      self.weight:uniform(-stdv, stdv)
      if self.bias then self.bias:uniform(-stdv, stdv) end
   end
   return self
end

-- a column of ones, one per batch row, for adding the bias with one BLAS call
function Linear:_ones(n)
   self.addBuffer = self.addBuffer or self.output.new()
   if self.addBuffer:nElement() ~= n then self.addBuffer:resize(n):fill(1) end
   return self.addBuffer
end

function Linear:updateOutput(input)
   if input:dim() == 1 then
      self.output:resize(self.weight:size(1))
      if self.bias then self.output:copy(self.bias) else self.output:zero() end
      self.output:addmv(1, self.weight, input)
   elseif input:dim() == 2 then
      local n = input:size(1)
      self.output:resize(n, self.weight:size(1))
      self.output:addmm(0, self.output, 1, input, self.weight:t())
      if self.bias then self.output:addr(1, self:_ones(n), self.bias) end
   else
      error('input must be vector or matrix')
   end
   return self.output
end

function Linear:updateGradInput(input, gradOutput)
   if not self.gradInput then return end
   local nElement = self.gradInput:nElement()
   self.gradInput:resizeAs(input)
   if self.gradInput:nElement() ~= nElement then self.gradInput:zero() end
   if input:dim() == 1 then
      self.gradInput:addmv(0, 1, self.weight:t(), gradOutput)
   elseif input:dim() == 2 then
      self.gradInput:addmm(0, 1, gradOutput, self.weight)
   end
   return self.gradInput
end

function Linear:accGradParameters(input, gradOutput, scale)
   scale = scale or 1
   if input:dim() == 1 then
      self.gradWeight:addr(scale, gradOutput, input)
      if self.bias then self.gradBias:add(scale, gradOutput) end
   elseif input:dim() == 2 then
      self.gradWeight:addmm(scale, gradOutput:t(), input)
      if self.bias then self.gradBias:addmv(scale, gradOutput:t(), self:_ones(input:size(1))) end
   end
end

Linear.sharedAccUpdateGradParameters = Linear.accUpdateGradParameters

function Linear:clearState()
   if self.addBuffer then self.addBuffer:set() end
   return parent.clearState(self)
end

function Linear:__tostring__()
   return torch.type(self) .. string.format('(%d -> %d)', self.weight:size(2), self.weight:size(1))
      .. (self.bias == nil and ' without bias' or '')
end
