from .module import Module
from .linear import Linear, Identity
from .activation import (ReLU, Sigmoid, Tanh, GELU, SiLU, ELU, LeakyReLU, Softplus, ReLU6, Hardtanh, Softmax,
                         LogSoftmax, Mish, Hardswish, Dropout, Flatten, Unflatten)
from .loss import (MSELoss, L1Loss, SmoothL1Loss, HuberLoss, BCELoss, BCEWithLogitsLoss, NLLLoss, CrossEntropyLoss,
                   KLDivLoss)
from .container import Sequential, ModuleList, ModuleDict, ParameterList
from .conv import Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d
from .pooling import (MaxPool1d, MaxPool2d, MaxPool3d, AvgPool1d, AvgPool2d, AvgPool3d, AdaptiveAvgPool1d,
                      AdaptiveAvgPool2d, AdaptiveAvgPool3d, AdaptiveMaxPool2d)
from .normalization import BatchNorm1d, BatchNorm2d, BatchNorm3d, LayerNorm, GroupNorm, Embedding
from .rnn import RNN, LSTM, GRU, RNNCell, LSTMCell, GRUCell, RNNBase
from .activation import (Dropout1d, Dropout2d, Dropout3d, PixelShuffle, PixelUnshuffle, Softsign, SELU, LogSigmoid,
                         Hardsigmoid, Upsample, ZeroPad1d, ZeroPad2d, ZeroPad3d, ConstantPad1d, ConstantPad2d,
                         ConstantPad3d, ReflectionPad1d, ReflectionPad2d, ReflectionPad3d, ReplicationPad1d,
                         ReplicationPad2d, ReplicationPad3d, CircularPad1d, CircularPad2d, CircularPad3d)
from .linear import Bilinear
from .normalization import InstanceNorm1d, InstanceNorm2d, InstanceNorm3d
from .loss import (MarginRankingLoss, HingeEmbeddingLoss, SoftMarginLoss, CosineEmbeddingLoss, MultiMarginLoss,
                   TripletMarginLoss)
from .activation import Threshold, Softshrink, Hardshrink, Tanhshrink, PReLU, LocalResponseNorm  # noqa: E402,F401
from .more import (CELU, GLU, Softmin, Softmax2d, RReLU, AlphaDropout, FeatureAlphaDropout, Fold, Unfold,  # noqa
                   PairwiseDistance, CosineSimilarity, GaussianNLLLoss, PoissonNLLLoss, MultiLabelMarginLoss,
                   MultiLabelSoftMarginLoss, MaxUnpool1d, MaxUnpool2d, MaxUnpool3d, LPPool1d, LPPool2d, LPPool3d,
                   AdaptiveMaxPool1d, EmbeddingBag, RMSNorm, ChannelShuffle, UpsamplingNearest2d,
                   UpsamplingBilinear2d, ParameterDict, MultiheadAttention, TransformerEncoderLayer,
                   TransformerEncoder, TransformerDecoderLayer, TransformerDecoder, Transformer, AdaptiveMaxPool3d,
                   CrossMapLRN2d, LazyLinear)
