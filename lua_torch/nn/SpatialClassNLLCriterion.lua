-- nn.SpatialClassNLLCriterion([weights[, sizeAverage=true]]): ClassNLL at every pixel of
-- B x C x H x W log-probabilities with B x H x W targets.
local SpatialClassNLLCriterion, parent = torch.class('nn.SpatialClassNLLCriterion', 'nn.ClassNLLCriterion')

function SpatialClassNLLCriterion:__init(weights, sizeAverage)
   parent.__init(self, weights, sizeAverage)
end
