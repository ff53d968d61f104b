-- nn.LookupTable(nIndex, dim[, paddingValue=0[, maxNorm[, normType=2]]]): rows of the weight
-- selected by 1-based indices (1-D input, or a batch of them: a trailing dim is added).
-- Rows whose index equals paddingValue get no gradient; with maxNorm, referenced rows are
-- renormalised before use.
local K = nn.kernels
local LookupTable, parent = torch.class('nn.LookupTable', 'nn.Module')
LookupTable.__version = 4

function LookupTable:__init(nIndex, nOutput, paddingValue, maxNorm, normType)
   parent.__init(self)
   self.weight = torch.Tensor(nIndex, nOutput)
   self.gradWeight = torch.Tensor(nIndex, nOutput):zero()
   self.paddingValue = paddingValue or 0
   self.maxNorm = maxNorm or nil
   self.normType = normType or nil
   self:reset()
end

function LookupTable:backCompatibility()
   self._count = self._count or torch.IntTensor()
   self._input = self._input or torch.LongTensor()
   if not self.shouldScaleGradByFreq then self.shouldScaleGradByFreq = false end
end

function LookupTable:accUpdateOnly()
   self.gradWeight = nil
   return self
end

function LookupTable:setPadding(paddingValue) self.paddingValue = paddingValue; return self end
function LookupTable:setMaxNorm(maxNorm) self.maxNorm = maxNorm; return self end
function LookupTable:setNormType(normType) self.normType = normType; return self end
function LookupTable:scaleGradByFreq() self.shouldScaleGradByFreq = true; return self end

function LookupTable:parameters()
   return {self.weight}, {self.gradWeight}
end

function LookupTable:reset(stdv)
   self.weight:normal(0, stdv or 1)
end

function LookupTable:makeInputContiguous(input)
   if not input:isContiguous() or torch.typename(input) ~= 'torch.LongTensor' then
      self._input = self._input or torch.LongTensor()
      self.copiedInput = true
      self._input:resize(input:size()):copy(input)
      return self._input
   end
   self.copiedInput = false
   return input
end

-- renormalises the rows referenced by idx to at most maxNorm (p-norm of normType)
function LookupTable:_renorm(idx)
   if not self.maxNorm then return end
   local unique = {}
   local rows = {}
   for i = 1, idx:nElement() do
      local r = idx[i]
      if not unique[r] then unique[r] = true; rows[#rows + 1] = r end
   end
   local sel = torch.LongTensor(rows)
   local sub = self.weight:index(1, sel)
   sub:renorm(self.normType or 2, 1, self.maxNorm)
   self.weight:indexCopy(1, sel, sub)
end

function LookupTable:updateOutput(input)
   self:backCompatibility()
   input = self:makeInputContiguous(input)
   if input:dim() ~= 1 and input:dim() ~= 2 then error("input must be a vector or matrix") end
   local flat = input:view(-1)
   self:_renorm(flat)
   self.output:index(self.weight, 1, flat)
   if input:dim() == 2 then
      self.output = self.output:view(input:size(1), input:size(2), self.weight:size(2))
   end
   return self.output
end

function LookupTable:updateGradInput(input, gradOutput)
   -- the indices get no gradient; keep gradInput a zero tensor shaped like them
   if torch.type(self.gradInput) ~= torch.type(input) then self.gradInput = input.new() end
   if not self.gradInput:isSameSizeAs(input) then self.gradInput:resizeAs(input):zero() end
   return self.gradInput
end

function LookupTable:accGradParameters(input, gradOutput, scale)
   self:backCompatibility()
   input = self.copiedInput and self._input or input
   local flat = input:view(-1)
   local g = gradOutput:contiguous():view(flat:nElement(), self.weight:size(2))
   if torch.type(flat) ~= 'torch.LongTensor' then
      self._longInput = self._longInput or torch.LongTensor()
      flat = self._longInput:resize(flat:nElement()):copy(flat)
   end
   -- one kernel: scatter-add of the rows, padding rows skipped, frequency scaling counted in C
   K.check(K.C.tc_nn_embedding_backward(self.gradWeight:cdata(), g:cdata(), flat:cdata(),
      self.paddingValue or 0, self.shouldScaleGradByFreq and 1 or 0, scale or 1, 1))
end

function LookupTable:type(type, tensorCache)
   parent.type(self, type, tensorCache)
   if type == 'torch.CudaTensor' then
      self._count = torch.CudaTensor()
      self._input = torch.CudaLongTensor and torch.CudaLongTensor() or nil
   else
      self._count = torch.IntTensor()
      self._input = torch.LongTensor()
   end
   return self
end

function LookupTable:clearState()
   nn.utils.clear(self, '_count', '_input')
   return parent.clearState(self)
end

function LookupTable:sharedAccUpdateGradParameters(input, gradOutput, lr)
   -- the weight is updated directly from the gradient rows
   self:accUpdateGradParameters(input, gradOutput, lr)
end
