-- nn.SpatialAutoCropMSECriterion(sizeAverage): MSE between a target and the centre crop of an input that is
-- spatially larger (last two dims, batched or not). The gradient is zero outside the crop. With
-- sizeAverage (default) the sum is divided by the target's number of elements, as in Torch7.
local SpatialAutoCropMSECriterion, parent = torch.class('nn.SpatialAutoCropMSECriterion', 'nn.MSECriterion')

function SpatialAutoCropMSECriterion:__init(sizeAverage)
   parent.__init(self, sizeAverage)
end

local function centerCrop(input, target)
   local d = input:dim()
   assert(d == 3 or d == 4, 'SpatialAutoCropMSECriterion: input must be 3D or 4D')
   assert(target:dim() == d, 'SpatialAutoCropMSECriterion: input and target differ in dimensions')
   local hi, wi = input:size(d - 1), input:size(d)
   local ht, wt = target:size(d - 1), target:size(d)
   assert(hi >= ht and wi >= wt, 'SpatialAutoCropMSECriterion: input smaller than target')
   for k = 1, d - 2 do
      assert(input:size(k) == target:size(k), 'SpatialAutoCropMSECriterion: leading dims differ')
   end
   local top = math.floor((hi - ht) / 2) + 1
   local left = math.floor((wi - wt) / 2) + 1
   return input:narrow(d - 1, top, ht):narrow(d, left, wt)
end

function SpatialAutoCropMSECriterion:updateOutput(input, target)
   return parent.updateOutput(self, centerCrop(input, target), target)
end

function SpatialAutoCropMSECriterion:updateGradInput(input, target)
   local crop = centerCrop(input, target)
   local g = parent.updateGradInput(self, crop, target)
   self._gradCrop = g
   self.gradInputFull = self.gradInputFull or input.new()
   self.gradInputFull:resizeAs(input):zero()
   centerCrop(self.gradInputFull, target):copy(g)
   self.gradInput = self.gradInputFull
   return self.gradInput
end
