"""pytorch_api: a PyTorch-compatible autograd API on luatorch's C tensor core.

    import pytorch_api as torch

Layout (torch's own, a file per idea):
    _tensor.py      the Tensor handle (a `tc_tensor *` plus autograd metadata), Size
    _dtype.py       dtype objects and PyTorch's promotion rules
    _kernels.py     the only module that computes: C entry points (outputs first, index_base 0)
    _registry.py    `@op(name, grad=...)`: forward and gradient declared once; methods/functions generated
    _pointwise.py   the binary/unary tables (promotion, broadcasting, scalar kernels, in-place forms)
    _ops.py         views, reductions, matrix products, joins, indexing kernels, sort, ...
    _indexing.py    __getitem__/__setitem__ (basic keys are views; advanced keys are tc_take/tc_put)
    _inplace.py     in-place variants, version counters, history rebasing
    autograd/       graph + engine, grad modes, Function, gradcheck
    nn/, optim/, utils/data, _serialization.py (PyTorch's zip format)
"""
from __future__ import annotations

import builtins as _builtins

from . import _dtype
from ._dtype import (dtype, uint8, int8, int16, int32, int64, float16, float32, float64, promote_types,
                     get_default_dtype, set_default_dtype)
from ._tensor import Tensor, Size, from_numpy
from . import _creation, _pointwise, _ops, _indexing, _str, _random, _registry, _extra
from ._creation import (device, tensor, as_tensor, asarray, empty, zeros, ones, full, empty_like, zeros_like,
                        ones_like, full_like, eye, arange, linspace, logspace, scalar_tensor)
from ._random import (Generator, manual_seed, seed, initial_seed, get_rng_state, set_rng_state, rand, randn,
                      randint, randperm, rand_like, randn_like, randint_like, normal, bernoulli, multinomial,
                      default_generator)
from ._str import set_printoptions
from ._ops import (values_indices as _vi, einsum, broadcast_tensors, cat, concat, concatenate, stack, hstack,
                   vstack, one_hot as _one_hot, ger)
from ._pointwise import broadcast_shapes
from . import autograd
autograd._late_imports()
autograd.graph._Tensor[0] = Tensor
_tensor_mod = __import__('pytorch_api._tensor', fromlist=['_autograd_backward'])
_tensor_mod._autograd_backward[0] = autograd.backward
from .autograd import no_grad, enable_grad, set_grad_enabled, is_grad_enabled, inference_mode

globals().update({k: v for k, v in _registry.FUNCTIONS.items() if not k.startswith("_") and k not in globals()})
globals().update(_extra.EXPORTS)

bool = _dtype.bool_
float = float32
double = float64
half = float16
long = int64
int = int32
short = int16
uint8 = uint8
cfloat = None

FloatTensor = DoubleTensor = LongTensor = None  # set below


def _typed(d):
    def make(*args):
        if len(args) == 1 and not isinstance(args[0], _builtins.int):
            return tensor(args[0], dtype=d)
        return empty(*args, dtype=d)
    return make


FloatTensor = _typed(float32)
DoubleTensor = _typed(float64)
LongTensor = _typed(int64)
IntTensor = _typed(int32)
ByteTensor = _typed(uint8)
BoolTensor = _typed(_dtype.bool_)


def result_type(tensor1, tensor2):
    args = (tensor1, tensor2)
    dims = [a.dtype for a in args if isinstance(a, Tensor) and a.dim() > 0]
    zero = [a.dtype for a in args if isinstance(a, Tensor) and a.dim() == 0]
    scal = [a for a in args if not isinstance(a, Tensor)]
    return _dtype.result_dtype(dims, zero, scal)


def is_tensor(obj):
    return isinstance(obj, Tensor)


def is_floating_point(t):
    return t.dtype.is_floating_point


def numel(t):
    return t.numel()


def set_num_threads(n):
    from tensor_core import lib
    lib.tc_set_num_threads(n)


def get_num_threads():
    from tensor_core import lib
    return lib.tc_get_num_threads()


def is_grad_enabled():
    return autograd.grad_mode.ENABLED[0]


def _new_tensor_methods():
    def new_tensor(self, data, dtype=None, **kw):
        return tensor(data, dtype=dtype or self.dtype, **kw)

    def new_zeros(self, *size, dtype=None, **kw):
        return zeros(*size, dtype=dtype or self.dtype, **kw)

    def new_ones(self, *size, dtype=None, **kw):
        return ones(*size, dtype=dtype or self.dtype, **kw)

    def new_empty(self, *size, dtype=None, **kw):
        return empty(*size, dtype=dtype or self.dtype, **kw)

    def new_full(self, size, fill_value, dtype=None, **kw):
        return full(size, fill_value, dtype=dtype or self.dtype, **kw)

    def fill_(self, value):
        from ._inplace import check_leaf
        check_leaf(self)
        _creation._fill(self, value.item() if isinstance(value, Tensor) else value)
        self._vc[0] += 1
        return self

    def zero_(self):
        return fill_(self, 0)

    for f in (new_tensor, new_zeros, new_ones, new_empty, new_full, fill_, zero_):
        setattr(Tensor, f.__name__, f)


_new_tensor_methods()


class _Cuda:
    @staticmethod
    def is_available():
        return False

    @staticmethod
    def device_count():
        return 0

    @staticmethod
    def manual_seed(seed):
        pass

    manual_seed_all = manual_seed


cuda = _Cuda()
from . import nn, optim  # noqa: E402
from .nn.functional import softmax, log_softmax, dropout  # noqa: E402,F401
from .nn.parameter import Parameter  # noqa: E402,F401
from ._serialization import save, load  # noqa: E402,F401
from .utils import data as _data  # noqa: E402,F401
from . import utils  # noqa: E402,F401

from ._more_ops import *  # noqa: E402,F401,F403

__version__ = "2.13.0+luatorch"
