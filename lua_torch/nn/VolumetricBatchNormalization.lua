-- nn.VolumetricBatchNormalization: batch norm over the channels of N x C x T x H x W inputs.
local VolumetricBatchNormalization, parent = torch.class('nn.VolumetricBatchNormalization', 'nn.BatchNormalization')
VolumetricBatchNormalization.__version = 2
VolumetricBatchNormalization.nDim = 5
