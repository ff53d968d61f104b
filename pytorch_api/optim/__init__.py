from .optimizer import Optimizer
from .sgd import SGD
from .adam import Adam, AdamW
from .others import RMSprop, Adagrad, Adadelta, Adamax
from .lbfgs import LBFGS
from . import lr_scheduler
