-- nn.SpatialBatchNormalization: batch norm over the channels of N x C x H x W inputs.
local SpatialBatchNormalization, parent = torch.class('nn.SpatialBatchNormalization', 'nn.BatchNormalization')
SpatialBatchNormalization.__version = 2
SpatialBatchNormalization.nDim = 4
