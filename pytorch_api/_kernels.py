"""The kernel layer: every compute entry point the frontend calls, with the C core's calling convention
(outputs first, cdata `tc_tensor *` arguments, outputs resized by the kernel, 0-based dims, index_base 0).

Each name is bound to the C entry point `lib.tc_<name>` when the core provides it.  Until the kernel
branches (core-math, core-index, core-random, nn-*) land, a stand-in written over numpy views of the core
tensors' memory fills the gap so that the frontend, autograd and tests work end to end; replacing a stand-in
is deleting it here.  No other module of pytorch_api computes on tensor data.
"""
from __future__ import annotations

import math

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


_erf_scalar = np.vectorize(math.erf, otypes=[np.float64])


def _erf(x):
    # numpy only (no scipy at run time): these stand-ins serve dtypes the C kernels do not take
    return _erf_scalar(x).astype(np.result_type(x, np.float32), copy=False)


def _sigmoid(x):
    x = np.asarray(x)
    e = np.exp(-np.abs(x))                          # stable on both sides
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(np.result_type(x, np.float32), copy=False)


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


# =================================================================================================
# C entry points replace the stand-ins above wherever the core provides them.  Elementwise ops come
# from the core's op table (tc_op_count/tc_op_get): an op accepts the dtypes its flags name; other
# dtypes (bool arithmetic, float16) keep the stand-in.
# =================================================================================================
_DIM_ALL = lib.TC_DIM_ALL


def _accepted(info):
    return frozenset(d for d in range(9) if lib.tc_op_accepts(info, d))


def _dispatch2(cfn, npfn, ok):
    def kernel(out, a, b):
        if a.dtype in ok:
            return cfn(out, a, b)
        return npfn(out, a, b)
    return kernel


def _dispatch1(cfn, npfn, ok):
    def kernel(out, a):
        if a.dtype in ok:
            return cfn(out, a)
        return npfn(out, a)
    return kernel


_PYNAME = {"round_half_even": "round"}   # PyTorch's round is the core's round_half_even
SCALAR = {}   # name -> C kernel (out, tensor, double) for Python-scalar right operands
DIRECT = {}   # name -> (C kernel, accepted dtype codes): the frontend's fast path calls it directly
for _i in range(lib.tc_op_count()):
    _info = lib.tc_op_get(_i)
    _name = ffi.string(_info.name).decode()
    if _name == "round":
        continue
    _py = _PYNAME.get(_name, _name)
    _ok = _accepted(_info)
    _cfn = getattr(lib, "tc_" + _name)
    DIRECT[_py] = (_cfn, _ok)
    if _info.kind == lib.TC_OPK_UNARY and _py in globals():
        globals()[_py] = _dispatch1(_cfn, globals()[_py], _ok)
    elif _info.kind in (lib.TC_OPK_BINARY, lib.TC_OPK_COMPARE, lib.TC_OPK_LOGICAL) and _py in globals():
        globals()[_py] = _dispatch2(_cfn, globals()[_py], _ok)
        if _info.kind != lib.TC_OPK_LOGICAL:
            SCALAR[_py] = (getattr(lib, "tc_" + _name + "_scalar"), _ok)
    elif _info.kind == lib.TC_OPK_BINARY_ALPHA:
        _np_version = globals()[_py]
        globals()[_py] = (lambda c, n, ok: lambda out, a, b, alpha: c(out, a, b, alpha) if a.dtype in ok
                          else n(out, a, b, alpha))(_cfn, _np_version, _ok)
        SCALAR[_py] = (getattr(lib, "tc_" + _name + "_scalar"), _ok)


def relu(out, a):
    return lib.tc_nn_activation(out, a, lib.TC_ACT_THRESHOLD, 0.0, 0.0) if a.dtype in (6, 7) else \
        lib.tc_clamp(out, a, 0.0, 0.0, 1, 0)


def _reduce_seq(cfn, out, a, dims, keepdim, tmp_dtype):
    """Multi-dim reductions as a chain of single-dim kernel calls (highest dim first)."""
    n = a.ndim
    if not dims or len(dims) == n:
        return cfn(out, a, _DIM_ALL, keepdim) if n else lib.tc_copy(out, a) if _resize_like(out, a) == 0 else -1
    if len(dims) == 1:
        return cfn(out, a, dims[0], keepdim)
    cur = a
    keep = []
    ds = sorted(dims, reverse=True)
    for k, d in enumerate(ds):
        dst = out if k == len(ds) - 1 else ffi.gc(lib.tc_tensor_new(tmp_dtype), lib.tc_tensor_release)
        if cfn(dst, cur, d, keepdim):
            return -1
        keep.append(dst)
        cur = dst
    return 0


def _resize_like(out, a):
    return lib.tc_tensor_resize(out, a.ndim, a.sizes)


def sum(out, a, dims, keepdim):
    return _reduce_seq(lib.tc_sum, out, a, dims, keepdim, out.dtype)


def prod(out, a, dims, keepdim):
    return _reduce_seq(lib.tc_prod, out, a, dims, keepdim, out.dtype)


def mean(out, a, dims, keepdim):
    if a.dtype not in (6, 7):
        return _np_mean(out, a, dims, keepdim)
    if dims and len(dims) > 1 and len(dims) != a.ndim:
        # mean over several dims = sum over them / count (one division, no per-dim rounding)
        if _reduce_seq(lib.tc_sum, out, a, dims, keepdim, out.dtype):
            return -1
        n = 1
        for d in dims:
            n *= a.sizes[d]
        return lib.tc_div_scalar(out, out, float(n))
    return _reduce_seq(lib.tc_mean, out, a, dims, keepdim, out.dtype)


def _np_mean(out, a, dims, keepdim):
    return _store(out, np.mean(_view(a), axis=_axes(dims), keepdims=keepdim, dtype=_np_dtype(out)))


_np_var = var


def var(out, a, dims, correction, keepdim):
    """dims: one dim or all of them (the frontend composes other cases)."""
    if a.dtype in (6, 7) and a.ndim:
        d = dims[0] if dims and len(dims) == 1 and a.ndim > 1 else _DIM_ALL
        return lib.tc_var(out, a, d, keepdim, float(correction))
    return _np_var(out, a, dims, correction, keepdim)


def max_dim(values, indices, a, dim, keepdim, index_base):
    return lib.tc_max(values, indices, a, dim, keepdim, index_base)


def min_dim(values, indices, a, dim, keepdim, index_base):
    return lib.tc_min(values, indices, a, dim, keepdim, index_base)


def max_all(out, a):
    return lib.tc_max(out, ffi.NULL, a, _DIM_ALL, 0, 0)


def min_all(out, a):
    return lib.tc_min(out, ffi.NULL, a, _DIM_ALL, 0, 0)


def argmax_all(out, a, index_base):
    return lib.tc_argmax(out, a, _DIM_ALL, 0, index_base)


def argmin_all(out, a, index_base):
    return lib.tc_argmin(out, a, _DIM_ALL, 0, index_base)


cumsum = lib.tc_cumsum
cumprod = lib.tc_cumprod
where = lib.tc_where
index_select = lib.tc_index_select
gather = lib.tc_gather
scatter_add = lib.tc_scatter_add
scatter = lib.tc_scatter
take = lib.tc_take
put = lib.tc_put
nonzero = lib.tc_nonzero
_np_mm, _np_bmm = mm, bmm


def mm(out, a, b):
    return lib.tc_mm(out, a, b) if a.dtype in (6, 7) else _np_mm(out, a, b)


def bmm(out, a, b):
    return lib.tc_bmm(out, a, b) if a.dtype in (6, 7) else _np_bmm(out, a, b)


def addmm(out, beta, m, alpha, a, b):
    return lib.tc_addmm(out, beta, m, alpha, a, b)


def clamp(out, a, lo, hi):
    return lib.tc_clamp(out, a, 0.0 if lo is None else float(lo), 0.0 if hi is None else float(hi),
                        lo is not None, hi is not None)


def masked_fill(out, a, mask, value):
    if lib.tc_tensor_resize_as(out, a) or lib.tc_copy(out, a):
        return -1
    return lib.tc_masked_fill(out, mask, float(value))


def sort(values, indices, a, dim, descending, stable, index_base):
    return lib.tc_sort(values, indices, a, dim, descending, index_base)


def topk(values, indices, a, k, dim, largest, index_base):
    return lib.tc_topk(values, indices, a, k, dim, largest, 1, index_base)


# ---- random: the core's MT19937 generator ---------------------------------------------------
def generator_new(seed):
    g = ffi.gc(lib.tc_generator_new(), lib.tc_generator_free)
    lib.tc_generator_manual_seed(g, seed)
    return g


def uniform(out, gen, lo, hi):
    return lib.tc_fill_uniform(out, gen, lo, hi)


def normal(out, gen, mean, std):
    return lib.tc_fill_normal(out, gen, mean, std)


def randint(out, gen, lo, hi):
    return lib.tc_fill_random_range(out, gen, lo, hi - 1)


def randperm(out, gen, n):
    return lib.tc_randperm(out, gen, n, 0)


def bernoulli(out, gen, p):
    if lib.tc_tensor_resize_as(out, p):
        return -1
    return lib.tc_fill_bernoulli_tensor(out, gen, p)


def multinomial(out, gen, probs, n, replacement):
    return lib.tc_multinomial(out, gen, probs, n, replacement, 0)


def cat(out, tensors, dim):
    arr = ffi.new("tc_tensor *[]", list(tensors) or [ffi.NULL])
    return lib.tc_cat(out, arr, len(tensors), dim)


tril = lib.tc_tril
triu = lib.tc_triu
arange = lib.tc_arange
linspace = lib.tc_linspace


def any_all(out, a):
    return lib.tc_any(out, a, _DIM_ALL, 0)


def all_all(out, a):
    return lib.tc_all(out, a, _DIM_ALL, 0)


def _tmp(dtype):
    return ffi.gc(lib.tc_tensor_new(dtype), lib.tc_tensor_release)


def isnan(out, a):
    return lib.tc_ne(out, a, a)                       # NaN is the only value unequal to itself


def isinf(out, a):
    if a.dtype not in (6, 7):
        return lib.tc_ne(out, a, a)                   # integers are never infinite: all False
    t = _tmp(a.dtype)
    return lib.tc_abs(t, a) or lib.tc_eq_scalar(out, t, float("inf"))


def isfinite(out, a):
    if a.dtype not in (6, 7):
        return lib.tc_eq(out, a, a)
    t = _tmp(a.dtype)
    return lib.tc_sub(t, a, a, 1.0) or lib.tc_eq_scalar(out, t, 0.0)   # inf - inf and NaN give NaN
