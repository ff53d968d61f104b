-- nn: Torch7's neural-network package.  One module per file, all shaped the same; arithmetic
-- goes to the C core (the kernels pytorch_api uses too), never Lua loops over elements.
require 'torch'

nn = nn or {}

-- Files are loaded in dependency order: bases before subclasses.
local files = {
   'utils', 'kernels', 'Jacobian', 'Module', 'Container', 'Criterion',
   'Decorator', 'Sequential', 'Concat', 'ConcatTable', 'Parallel', 'ParallelTable',
   'Identity', 'Linear',
   'Reshape', 'View', 'Select', 'Narrow', 'Transpose', 'Squeeze', 'Unsqueeze', 'Replicate', 'Contiguous',
   'JoinTable', 'SplitTable', 'SelectTable', 'NarrowTable', 'FlattenTable',
   'CAddTable', 'CSubTable', 'CMulTable', 'CDivTable', 'CMaxTable', 'CMinTable',
   'Threshold', 'ReLU', 'ReLU6', 'HardTanh', 'Clamp', 'LeakyReLU', 'ELU', 'Tanh', 'Sigmoid', 'SoftSign',
   'LogSigmoid', 'TanhShrink', 'HardShrink', 'SoftShrink', 'SoftPlus', 'PReLU',
   'SoftMax', 'LogSoftMax', 'SpatialSoftMax', 'SpatialLogSoftMax', 'SoftMin',
   'Sum', 'Mean', 'Max', 'Min', 'Dropout', 'MulConstant', 'AddConstant',
   'SpatialConvolution', 'SpatialConvolutionMM', 'SpatialDilatedConvolution', 'VolumetricConvolution',
   'SpatialFullConvolution', 'TemporalConvolution', 'SpatialMaxPooling', 'SpatialDilatedMaxPooling',
   'SpatialAveragePooling', 'VolumetricMaxPooling', 'VolumetricAveragePooling', 'TemporalMaxPooling',
   'SpatialAdaptiveMaxPooling', 'SpatialAdaptiveAveragePooling', 'SpatialPadding', 'SpatialUpSamplingNearest',
   'SpatialUpSamplingBilinear', 'BatchNormalization', 'SpatialBatchNormalization',
   'VolumetricBatchNormalization', 'LookupTable',
   'Abs', 'Exp', 'Log', 'Square', 'Sqrt', 'Power', 'GradientReversal', 'Copy', 'Index', 'MaskedSelect',
   'Padding', 'Add', 'Mul', 'CMul', 'CAdd', 'MM', 'MV', 'DotProduct',
   'Normalize', 'SpatialCrossMapLRN', 'RReLU', 'PairwiseDistance', 'CosineDistance',
   'MapTable', 'Bottle', 'MixtureTable', 'Euclidean', 'WeightedEuclidean', 'Cosine', 'Bilinear',
   'DepthConcat',
   'ClassNLLCriterion', 'SpatialClassNLLCriterion', 'CrossEntropyCriterion', 'MSECriterion', 'AbsCriterion',
   'SmoothL1Criterion', 'DistKLDivCriterion', 'SoftMarginCriterion', 'MarginCriterion', 'HingeEmbeddingCriterion',
   'BCECriterion', 'MultiMarginCriterion', 'MultiLabelMarginCriterion', 'MultiLabelSoftMarginCriterion',
   'MarginRankingCriterion', 'CosineEmbeddingCriterion', 'L1HingeEmbeddingCriterion', 'MultiCriterion',
   'ParallelCriterion',
   'SpatialConvolutionMap', 'SpatialSubSampling', 'SpatialLPPooling', 'SpatialSubtractiveNormalization',
   'SpatialDivisiveNormalization', 'SpatialContrastiveNormalization',
   'SpatialDropout', 'WeightedMSECriterion', 'SpatialMaxUnpooling', 'L1Penalty', 'GatedLinearUnit',
   'TemporalSubSampling', 'PixelShuffle', 'VolumetricDilatedMaxPooling', 'VolumetricDilatedConvolution',
   'VolumetricFullConvolution', 'VolumetricMaxUnpooling', 'VolumetricReplicationPadding',
   'Maxout', 'CReLU', 'LayerNormalization', 'L1Cost', 'ModuleCriterion', 'SpatialDepthWiseConvolution',
   'StochasticGradient',
   'OneHot', 'ZeroGrad', 'Constant', 'WhiteNoise', 'Collapse', 'CAddTensorTable', 'ZipTable', 'ZipTableOneToMany', 'CriterionTable', 'PrintSize',
   'NaN', 'Profile', 'DontCast', 'GPU', 'DistanceRatioCriterion', 'SpatialAutoCropMSECriterion',
   'ClassSimplexCriterion', 'LinearWeightNorm', 'SpatialConvolutionLocal',
   'SpatialFullConvolutionMap', 'TemporalRowConvolution', 'FeatureLPPooling', 'TemporalDynamicKMaxPooling', 'UpSampling',
   'WeightNorm', 'PartialLinear', 'SparseLinear', 'Kmeans',
   'SpatialFractionalMaxPooling', 'VolumetricFractionalMaxPooling', 'Convert', 'IndexLinear',
}
nn._files = files

-- nn.test([tests[, seed]]): nn's unit tests through torch.Tester (lua_torch/nn/test.lua)
function nn.test(tests, seed) return require('nn.test')(tests, seed) end
for _, name in ipairs(files) do
   require('nn.' .. name)
end

-- Models saved on GPUs name cudnn / cunn layers: those classes resolve to the nn modules, so the
-- files load (and run, and convert) on the CPU.
local CUDNN_LAYERS = {
   'SpatialConvolution', 'SpatialFullConvolution', 'VolumetricConvolution', 'TemporalConvolution',
   'ReLU', 'Tanh', 'Sigmoid', 'SoftMax', 'LogSoftMax', 'SpatialSoftMax', 'SpatialLogSoftMax',
   'SpatialMaxPooling', 'SpatialAveragePooling', 'VolumetricMaxPooling', 'VolumetricAveragePooling',
   'BatchNormalization', 'SpatialBatchNormalization', 'VolumetricBatchNormalization', 'SpatialCrossMapLRN',
}
for _, name in ipairs(CUDNN_LAYERS) do
   local mt = torch.getmetatable('nn.' .. name)
   if mt and not torch._registry['cudnn.' .. name] then torch._registry['cudnn.' .. name] = mt end
end

return nn
