from .module import Module
from .linear import Linear, Identity
from .activation import (ReLU, Sigmoid, Tanh, GELU, SiLU, ELU, LeakyReLU, Softplus, ReLU6, Hardtanh, Softmax,
                         LogSoftmax, Mish, Hardswish, Dropout, Flatten, Unflatten)
from .loss import (MSELoss, L1Loss, SmoothL1Loss, HuberLoss, BCELoss, BCEWithLogitsLoss, NLLLoss, CrossEntropyLoss,
                   KLDivLoss)
from .container import Sequential, ModuleList, ModuleDict, ParameterList
