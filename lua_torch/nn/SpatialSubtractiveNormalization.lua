-- nn.SpatialSubtractiveNormalization(nInputPlane[, kernel=9x9 ones]): subtracts from every pixel the
-- kernel-weighted mean over its neighbourhood and all planes; at the borders the mean is taken over the
-- part of the window inside the image (the `coef` map). The kernel (1-D: separable, or 2-D, odd sizes)
-- is normalised IN PLACE to sum 1/nInputPlane, as in Torch7. Structure and fields follow Torch7's
-- (meanestimator, subtractor, divider, coef) so saved models load and run; input (B x) nIn x H x W.
local SpatialSubtractiveNormalization, parent =
   torch.class('nn.SpatialSubtractiveNormalization', 'nn.Module')

-- shared by the three local normalisations: argument checks and the mean estimator
local function checkKernel(kernel, who)
   local kdim = kernel:dim()
   if kdim ~= 2 and kdim ~= 1 then
      error('<' .. who .. '> averaging kernel must be 2D or 1D', 3)
   end
   if kernel:size(1) % 2 == 0 or (kdim == 2 and kernel:size(2) % 2 == 0) then
      error('<' .. who .. '> averaging kernel must have ODD dimensions', 3)
   end
   return kdim
end
nn._checkNormalizationKernel = checkKernel

-- Sequential: zero padding, the kernel as a convolution summing over planes, replicated to every plane.
-- `pre` modules go first (the divisive normalisation squares its input).
function nn._localMeanEstimator(nInputPlane, kernel, pre)
   local kdim = kernel:dim()
   local padH = math.floor(kernel:size(1) / 2)
   local padW = kdim == 2 and math.floor(kernel:size(2) / 2) or padH
   local est = nn.Sequential()
   for _, m in ipairs(pre or {}) do est:add(m) end
   est:add(nn.SpatialZeroPadding(padW, padW, padH, padH))
   local convs = {}
   if kdim == 2 then
      local conv = nn.SpatialConvolution(nInputPlane, 1, kernel:size(2), kernel:size(1))
      for i = 1, nInputPlane do conv.weight[1][i]:copy(kernel) end
      convs[1] = conv
   else
      local rows = nn.SpatialConvolutionMap(nn.tables.oneToOne(nInputPlane), kernel:size(1), 1)
      local cols = nn.SpatialConvolution(nInputPlane, 1, 1, kernel:size(1))
      for i = 1, nInputPlane do
         rows.weight[i]:copy(kernel)
         cols.weight[1][i]:copy(kernel)
      end
      convs[1], convs[2] = rows, cols
   end
   for _, c in ipairs(convs) do
      c.bias:zero()
      est:add(c)
   end
   est:add(nn.Replicate(nInputPlane, 1, 3))
   return est
end

-- the estimator's response to an all-ones image: the weight of the window inside the image, per pixel
-- (for a batch, computed on one sample and expanded)
function nn._borderCoefficients(self, estimator, input, like)
   self.ones = self.ones or input.new()
   self._coef = self._coef or input.new()
   if input:dim() == 4 then
      self.ones:resizeAs(input[1]):fill(1)
      local c = estimator:updateOutput(self.ones)
      self._coef:resizeAs(c):copy(c)
      local size = self._coef:size():totable()
      table.insert(size, 1, input:size(1))
      return self._coef:view(1, unpack(self._coef:size():totable())):expand(unpack(size))
   end
   self.ones:resizeAs(input):fill(1)
   local c = estimator:updateOutput(self.ones)
   self._coef:resizeAs(c):copy(c)
   return self._coef
end

function SpatialSubtractiveNormalization:__init(nInputPlane, kernel)
   parent.__init(self)
   self.nInputPlane = nInputPlane or 1
   self.kernel = kernel or torch.Tensor(9, 9):fill(1)
   checkKernel(self.kernel, 'SpatialSubtractiveNormalization')
   self.kernel:div(self.kernel:sum() * self.nInputPlane)
   self.meanestimator = nn._localMeanEstimator(self.nInputPlane, self.kernel)
   self.subtractor = nn.CSubTable()
   self.divider = nn.CDivTable()
   self.coef = torch.Tensor(1, 1, 1)
end

function SpatialSubtractiveNormalization:updateOutput(input)
   if not self._inpsz or not input:isSize(self._inpsz) then
      self._inpsz = input:size()
      self.coef = nn._borderCoefficients(self, self.meanestimator, input)
   end
   self.localsums = self.meanestimator:updateOutput(input)
   self.adjustedsums = self.divider:updateOutput { self.localsums, self.coef }
   self.output = self.subtractor:updateOutput { input, self.adjustedsums }
   return self.output
end

function SpatialSubtractiveNormalization:updateGradInput(input, gradOutput)
   self.gradInput:resizeAs(input):zero()
   local gradsub = self.subtractor:updateGradInput({ input, self.adjustedsums }, gradOutput)
   local graddiv = self.divider:updateGradInput({ self.localsums, self.coef }, gradsub[2])
   self.gradInput:add(self.meanestimator:updateGradInput(input, graddiv[1]))
   self.gradInput:add(gradsub[1])
   return self.gradInput
end

function SpatialSubtractiveNormalization:type(type, tensorCache)
   parent.type(self, type, tensorCache)
   self.meanestimator:type(type, tensorCache)
   self.divider:type(type, tensorCache)
   self.subtractor:type(type, tensorCache)
   self._inpsz = nil
   return self
end

function SpatialSubtractiveNormalization:clearState()
   self._inpsz = nil
   if self.ones then self.ones:set() end
   if self._coef then self._coef:set() end
   self.meanestimator:clearState()
   return parent.clearState(self)
end
