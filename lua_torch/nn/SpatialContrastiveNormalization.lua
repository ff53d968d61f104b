-- nn.SpatialContrastiveNormalization(nInputPlane[, kernel=9x9 ones, threshold=1e-4, thresval=1e-4]):
-- a subtractive then a divisive local normalisation with the same kernel (held in `normalizer`, a
-- Sequential, as Torch7 saves it). As in Torch7, the divisive stage receives its default thresval.
local SpatialContrastiveNormalization, parent = torch.class('nn.SpatialContrastiveNormalization', 'nn.Module')

function SpatialContrastiveNormalization:__init(nInputPlane, kernel, threshold, thresval)
   parent.__init(self)
   self.nInputPlane = nInputPlane or 1
   self.kernel = kernel or torch.Tensor(9, 9):fill(1)
   self.threshold = threshold or 1e-4
   self.thresval = thresval or 1e-4
   nn._checkNormalizationKernel(self.kernel, 'SpatialContrastiveNormalization')
   self.normalizer = nn.Sequential()
   self.normalizer:add(nn.SpatialSubtractiveNormalization(self.nInputPlane, self.kernel))
   -- Torch7 passes the misspelt self.threshval here (nil): the divisive stage uses its default
   self.normalizer:add(nn.SpatialDivisiveNormalization(self.nInputPlane, self.kernel, self.threshold, nil))
end

function SpatialContrastiveNormalization:updateOutput(input)
   self.output = self.normalizer:forward(input)
   return self.output
end

function SpatialContrastiveNormalization:updateGradInput(input, gradOutput)
   self.gradInput = self.normalizer:backward(input, gradOutput)
   return self.gradInput
end

function SpatialContrastiveNormalization:type(type, tensorCache)
   parent.type(self, type, tensorCache)
   self.normalizer:type(type, tensorCache)
   return self
end

function SpatialContrastiveNormalization:clearState()
   self.normalizer:clearState()
   return parent.clearState(self)
end
