-- nn.Mean([dim=1[, nInputDims]]): nn.Sum with sizeAverage.
local Mean, parent = torch.class('nn.Mean', 'nn.Sum')

function Mean:__init(dimension, nInputDims)
   parent.__init(self, dimension, nInputDims, true)
end
