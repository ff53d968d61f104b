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
