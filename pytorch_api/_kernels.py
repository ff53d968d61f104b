"""The kernel layer: every compute entry point the frontend calls, with the C core's calling convention
(outputs first, cdata `tc_tensor *` arguments, outputs resized by the kernel, 0-based dims, index_base 0).

Each name is bound to the C entry point `lib.tc_<name>` when the core provides it.  Until the kernel
branches (core-math, core-index, core-random, nn-*) land, a stand-in written over numpy views of the core
tensors' memory fills the gap so that the frontend, autograd and tests work end to end; replacing a stand-in
is deleting it here.  No other module of pytorch_api computes on tensor data.
"""
from __future__ import annotations

import numpy as np

from tensor_core import ffi, lib, check
from tensor_core.nd import to_numpy as _view

_SIZES = ffi.new("int64_t[25]")


def _store(out, r):
    """Resizes `out` to r's shape and copies r in (the stand-in's way of 'writing the output')."""
    r = np.asarray(r)
    n = r.ndim
    for i, s in enumerate(r.shape):
        _SIZES[i] = s
    check(lib.tc_tensor_resize(out, n, _SIZES))
    if r.size:
        v = _view(out)
        v[...] = r
    return 0


def _np_dtype(out):
    from ._dtype import BY_CODE
    return BY_CODE[out.dtype].np


# ---- pointwise --------------------------------------------------------------------------------
def add(out, a, b, alpha):
    x, y = _view(a), _view(b)
    return _store(out, x + y if alpha == 1 else x + alpha * y)


def sub(out, a, b, alpha):
    x, y = _view(a), _view(b)
    return _store(out, x - y if alpha == 1 else x - alpha * y)


_BINARY = {
    "mul": np.multiply, "div": np.true_divide, "pow": np.power, "maximum": np.maximum, "minimum": np.minimum,
    "fmod": np.fmod, "remainder": np.remainder, "atan2": np.arctan2, "floor_divide": np.floor_divide,
    "eq": np.equal, "ne": np.not_equal, "lt": np.less, "le": np.less_equal, "gt": np.greater,
    "ge": np.greater_equal, "logical_and": np.logical_and, "logical_or": np.logical_or,
    "logical_xor": np.logical_xor, "bitwise_and": np.bitwise_and, "bitwise_or": np.bitwise_or,
    "bitwise_xor": np.bitwise_xor,
}


def _make_binary(f):
    def kernel(out, a, b):
        with np.errstate(all="ignore"):
            return _store(out, f(_view(a), _view(b)).astype(_np_dtype(out), copy=False))
    return kernel


def _erf(x):
    from scipy.special import erf
    return erf(x)


def _sigmoid(x):
    from scipy.special import expit
    return expit(x)


_UNARY = {
    "neg": np.negative, "abs": np.abs, "exp": np.exp, "log": np.log, "log2": np.log2, "log10": np.log10,
    "log1p": np.log1p, "expm1": np.expm1, "sqrt": np.sqrt, "rsqrt": lambda x: 1 / np.sqrt(x),
    "sin": np.sin, "cos": np.cos, "tan": np.tan, "asin": np.arcsin, "acos": np.arccos, "atan": np.arctan,
    "sinh": np.sinh, "cosh": np.cosh, "tanh": np.tanh, "sigmoid": _sigmoid, "relu": lambda x: np.maximum(x, 0),
    "floor": np.floor, "ceil": np.ceil, "round": np.round, "trunc": np.trunc, "sign": np.sign,
    "reciprocal": lambda x: 1 / x, "erf": _erf, "logical_not": np.logical_not, "isnan": np.isnan,
    "isinf": np.isinf, "isfinite": np.isfinite, "bitwise_not": np.invert,
}


def _make_unary(f):
    def kernel(out, a):
        with np.errstate(all="ignore"):
            return _store(out, np.asarray(f(_view(a))).astype(_np_dtype(out), copy=False))
    return kernel


for _n, _f in _BINARY.items():
    globals()[_n] = _make_binary(_f)
for _n, _f in _UNARY.items():
    globals()[_n] = _make_unary(_f)


def clamp(out, a, lo, hi):
    x = _view(a)
    if lo is not None:
        x = np.maximum(x, lo)
    if hi is not None:
        x = np.minimum(x, hi)
    return _store(out, x.astype(_np_dtype(out), copy=False))


def where(out, cond, a, b):
    return _store(out, np.where(_view(cond), _view(a), _view(b)))


# ---- reductions (dims: a tuple of 0-based dims; empty tuple = all) ---------------------------------
def _axes(dims):
    return tuple(dims) if dims else None


def sum(out, a, dims, keepdim):
    return _store(out, np.sum(_view(a), axis=_axes(dims), keepdims=keepdim, dtype=_np_dtype(out)))


def prod(out, a, dims, keepdim):
    return _store(out, np.prod(_view(a), axis=_axes(dims), keepdims=keepdim, dtype=_np_dtype(out)))


def mean(out, a, dims, keepdim):
    return _store(out, np.mean(_view(a), axis=_axes(dims), keepdims=keepdim, dtype=_np_dtype(out)))


def var(out, a, dims, correction, keepdim):
    x = _view(a)
    with np.errstate(all="ignore"):
        return _store(out, np.var(x, axis=_axes(dims), ddof=correction, keepdims=keepdim, dtype=np.float64))


def max_dim(values, indices, a, dim, keepdim, index_base):
    x = _view(a)
    i = np.argmax(x, axis=dim, keepdims=True)
    _store(values, np.take_along_axis(x, i, dim) if keepdim else np.take_along_axis(x, i, dim).squeeze(dim))
    return _store(indices, (i if keepdim else i.squeeze(dim)) + index_base)


def min_dim(values, indices, a, dim, keepdim, index_base):
    x = _view(a)
    i = np.argmin(x, axis=dim, keepdims=True)
    _store(values, np.take_along_axis(x, i, dim) if keepdim else np.take_along_axis(x, i, dim).squeeze(dim))
    return _store(indices, (i if keepdim else i.squeeze(dim)) + index_base)


def max_all(out, a):
    return _store(out, np.max(_view(a)))


def min_all(out, a):
    return _store(out, np.min(_view(a)))


def argmax_all(out, a, index_base):
    return _store(out, np.argmax(_view(a)) + index_base)


def argmin_all(out, a, index_base):
    return _store(out, np.argmin(_view(a)) + index_base)


def cumsum(out, a, dim):
    return _store(out, np.cumsum(_view(a), axis=dim, dtype=_np_dtype(out)))


def cumprod(out, a, dim):
    return _store(out, np.cumprod(_view(a), axis=dim, dtype=_np_dtype(out)))


def any_all(out, a):
    return _store(out, np.any(_view(a)))


def all_all(out, a):
    return _store(out, np.all(_view(a)))


# ---- BLAS -------------------------------------------------------------------------------------
def mm(out, a, b):
    return _store(out, _view(a) @ _view(b))


def bmm(out, a, b):
    return _store(out, np.matmul(_view(a), _view(b)))


# ---- indexing ---------------------------------------------------------------------------------
def index_select(out, a, dim, index, index_base):
    return _store(out, np.take(_view(a), _view(index) - index_base, axis=dim))


def gather(out, a, dim, index, index_base):
    return _store(out, np.take_along_axis(_view(a), _view(index) - index_base, dim))


def scatter_add(out, dim, index, src, index_base):
    """out[index[i][j]][j] += src[i][j] (dim 0); out is updated in place."""
    o, idx, s = _view(out), _view(index) - index_base, _view(src)
    grids = list(np.indices(idx.shape, sparse=True))
    grids[dim] = idx
    np.add.at(o, tuple(grids), s[tuple(slice(0, n) for n in idx.shape)])
    return 0


def scatter(out, dim, index, src, index_base):
    o, idx, s = _view(out), _view(index) - index_base, _view(src)
    grids = list(np.indices(idx.shape, sparse=True))
    grids[dim] = idx
    o[tuple(grids)] = s[tuple(slice(0, n) for n in idx.shape)]
    return 0


def index_get(out, a, indices):
    """out = a[indices] with numpy's advanced-indexing rules (the key holds int64 tensors / slices)."""
    return _store(out, _view(a)[_key(indices)])


def index_put(a, indices, values, accumulate):
    x = _view(a)
    k = _key(indices)
    v = _view(values)
    if accumulate:
        np.add.at(x, k, v)
    else:
        x[k] = v
    return 0


def _key(indices):
    return tuple(_view(i) if isinstance(i, ffi.CData) else i for i in indices)


def nonzero(out, a):
    return _store(out, np.argwhere(_view(a)).astype(np.int64))


def masked_fill(out, a, mask, value):
    x = _view(a).copy()
    x[np.broadcast_to(_view(mask), x.shape)] = value
    return _store(out, x)


def cat(out, tensors, dim):
    return _store(out, np.concatenate([_view(t) for t in tensors], axis=dim))


def sort(values, indices, a, dim, descending, stable, index_base):
    x = _view(a)
    i = np.argsort(-x if descending and x.dtype != np.bool_ else x, axis=dim, kind="stable")
    _store(values, np.take_along_axis(x, i, dim))
    return _store(indices, i + index_base)


def topk(values, indices, a, k, dim, largest, index_base):
    x = _view(a)
    i = np.argsort(-x if largest else x, axis=dim, kind="stable")
    i = np.take(i, np.arange(k), axis=dim)
    _store(values, np.take_along_axis(x, i, dim))
    return _store(indices, i + index_base)


def tril(out, a, k):
    return _store(out, np.tril(_view(a), k))


def triu(out, a, k):
    return _store(out, np.triu(_view(a), k))


def arange(out, start, end, step):
    return _store(out, np.arange(start, end, step, dtype=_np_dtype(out)))


def linspace(out, start, end, steps):
    return _store(out, np.linspace(start, end, steps, dtype=np.float64))


def eye(out, n, m):
    return _store(out, np.eye(n, m))


# ---- random -----------------------------------------------------------------------------------
def generator_new(seed):
    return np.random.Generator(np.random.MT19937(seed))


def uniform(out, gen, lo, hi):
    shape = tuple(out.sizes[i] for i in range(out.ndim))
    return _store(out, gen.uniform(lo, hi, shape))


def normal(out, gen, mean, std):
    shape = tuple(out.sizes[i] for i in range(out.ndim))
    return _store(out, gen.normal(mean, std, shape))


def randint(out, gen, lo, hi):
    shape = tuple(out.sizes[i] for i in range(out.ndim))
    return _store(out, gen.integers(lo, hi, shape))


def randperm(out, gen, n):
    return _store(out, gen.permutation(n))


def bernoulli(out, gen, p):
    return _store(out, gen.random(_view(p).shape) < _view(p))


def multinomial(out, gen, probs, n, replacement):
    p = _view(probs).astype(np.float64)
    rows = p.reshape(-1, p.shape[-1])
    res = np.stack([gen.choice(rows.shape[1], n, replace=replacement, p=r / r.sum()) for r in rows])
    return _store(out, res.reshape(p.shape[:-1] + (n,)))
