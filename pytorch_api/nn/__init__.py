from .parameter import Parameter
from . import functional, init
from .modules import *  # noqa: F401,F403
from .modules import Module
from . import utils
