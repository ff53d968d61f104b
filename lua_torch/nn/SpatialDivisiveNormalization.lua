-- nn.SpatialDivisiveNormalization(nInputPlane[, kernel=9x9 ones, threshold=1e-4, thresval=1e-4]):
-- divides every pixel by the local standard deviation: the square root of the kernel-weighted mean of
-- squares over its neighbourhood and all planes (border-corrected like the subtractive one), where that
-- is below `threshold` by `thresval` instead. The kernel is normalised IN PLACE as in Torch7. Fields
-- follow Torch7's (meanestimator, stdestimator, normalizer, divider, thresholder, coef).
local SpatialDivisiveNormalization, parent = torch.class('nn.SpatialDivisiveNormalization', 'nn.Module')

function SpatialDivisiveNormalization:__init(nInputPlane, kernel, threshold, thresval)
   parent.__init(self)
   self.nInputPlane = nInputPlane or 1
   self.kernel = kernel or torch.Tensor(9, 9):fill(1)
   self.threshold = threshold or 1e-4
   self.thresval = thresval or 1e-4
   local kdim = nn._checkNormalizationKernel(self.kernel, 'SpatialDivisiveNormalization')
   -- a separable kernel is applied twice, so each factor takes the square root of the plane count
   if kdim == 2 then
      self.kernel:div(self.kernel:sum() * self.nInputPlane)
   else
      self.kernel:div(self.kernel:sum() * math.sqrt(self.nInputPlane))
   end
   self.meanestimator = nn._localMeanEstimator(self.nInputPlane, self.kernel)
   self.stdestimator = nn._localMeanEstimator(self.nInputPlane, self.kernel, { nn.Square() })
   self.stdestimator:add(nn.Sqrt())
   self.normalizer = nn.CDivTable()
   self.divider = nn.CDivTable()
   self.thresholder = nn.Threshold(self.threshold, self.thresval)
   self.coef = torch.Tensor(1, 1, 1)
end

function SpatialDivisiveNormalization:updateOutput(input)
   self.localstds = self.stdestimator:updateOutput(input)
   local d = input:dim()
   if self.localstds:dim() ~= self.coef:dim() or input:size(d) ~= self.coef:size(d)
      or input:size(d - 1) ~= self.coef:size(d - 1) or (d == 4 and self.coef:size(1) ~= input:size(1)) then
      self.coef = nn._borderCoefficients(self, self.meanestimator, input)
   end
   self.adjustedstds = self.divider:updateOutput { self.localstds, self.coef }
   self.thresholdedstds = self.thresholder:updateOutput(self.adjustedstds)
   self.output = self.normalizer:updateOutput { input, self.thresholdedstds }
   return self.output
end

function SpatialDivisiveNormalization:updateGradInput(input, gradOutput)
   self.gradInput:resizeAs(input):zero()
   local gradnorm = self.normalizer:updateGradInput({ input, self.thresholdedstds }, gradOutput)
   local gradadj = self.thresholder:updateGradInput(self.adjustedstds, gradnorm[2])
   local graddiv = self.divider:updateGradInput({ self.localstds, self.coef }, gradadj)
   self.gradInput:add(self.stdestimator:updateGradInput(input, graddiv[1]))
   self.gradInput:add(gradnorm[1])
   return self.gradInput
end

function SpatialDivisiveNormalization:type(type, tensorCache)
   parent.type(self, type, tensorCache)
   for _, m in ipairs { self.meanestimator, self.stdestimator, self.divider, self.normalizer, self.thresholder } do
      m:type(type, tensorCache)
   end
   self.coef = torch.Tensor(1, 1, 1):type(type or torch.type(self.output))
   return self
end

function SpatialDivisiveNormalization:clearState()
   if self.ones then self.ones:set() end
   if self._coef then self._coef:set() end
   self.meanestimator:clearState()
   self.stdestimator:clearState()
   return parent.clearState(self)
end
