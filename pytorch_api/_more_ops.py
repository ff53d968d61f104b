"""More of the torch.* surface (breadth): linear algebra (see _linalg.py / linalg.py) and composite functions
written with declared ops, so their gradients come from those declarations.  `__all__` is what
pytorch_api/__init__.py re-exports."""
from __future__ import annotations

from . import _linalg
from . import linalg  # noqa: F401  (torch.linalg)

__all__ = ["linalg", "lu"] + list(_linalg.TORCH_FUNCTIONS)
lu = _linalg._torch_lu
globals().update(_linalg.TORCH_FUNCTIONS)

import builtins
import itertools
import math

from tensor_core import lib
from . import _dtype as D
from ._tensor import Tensor, _dim, _err
from ._registry import register

_EXPORTS = {}


def _export(fn=None, *, method=True, name=None):
    """torch.<name> and (method=True) Tensor.<name>."""
    def deco(f):
        n = name or f.__name__
        register(n, f, method)
        _EXPORTS[n] = f
        return f
    return deco(fn) if fn is not None else deco


def _T():
    import pytorch_api
    return pytorch_api


# ---- matrix-vector composites ----------------------------------------------------------------------------
@_export
def addmv(input, mat, vec, *, beta=1, alpha=1):
    r = mat.mv(vec)
    return (input if beta == 1 else input * beta) + (r if alpha == 1 else r * alpha) if beta != 0 else r * alpha


@_export
def addr(input, vec1, vec2, *, beta=1, alpha=1):
    r = vec1.outer(vec2)
    return (input if beta == 1 else input * beta) + (r if alpha == 1 else r * alpha) if beta != 0 else r * alpha


@_export
def addbmm(input, batch1, batch2, *, beta=1, alpha=1):
    r = batch1.bmm(batch2).sum(0)
    return (input if beta == 1 else input * beta) + (r if alpha == 1 else r * alpha) if beta != 0 else r * alpha


@_export
def vdot(input, other):
    if input.dim() != 1 or other.dim() != 1:
        raise RuntimeError(f"1D tensors expected, but got {input.dim()}D and {other.dim()}D tensors")
    return (input * other).sum()


@_export
def cross(input, other, dim=None):
    if dim is None:
        dim = next((i for i, s in enumerate(input.shape) if s == 3), -1)
    return _linalg.cross(input, other, dim=dim)


# ---- searching / binning ------------------------------------------------------------------------------------
@_export(method=False)
def searchsorted(sorted_sequence, input, *, out_int32=False, right=False, side=None, sorter=None):
    T = _T()
    if not isinstance(input, Tensor):
        input = T.tensor(input, dtype=sorted_sequence.dtype)
    if side is not None:
        right = side == "right"
    seq = sorted_sequence if sorter is None else sorted_sequence.gather(-1, sorter)
    if seq.dim() == 1:
        cmp = seq.le(input.unsqueeze(-1)) if right else seq.lt(input.unsqueeze(-1))
    else:
        if seq.shape[:-1] != input.shape[:-1]:
            raise RuntimeError("torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 "
                               "dimensions of boundaries tensor and input value tensor must match")
        cmp = seq.unsqueeze(-2).le(input.unsqueeze(-1)) if right else seq.unsqueeze(-2).lt(input.unsqueeze(-1))
    return cmp.sum(-1).to(T.int32 if out_int32 else T.int64)


@_export
def bucketize(input, boundaries, *, out_int32=False, right=False):
    if boundaries.dim() != 1:
        raise RuntimeError(f"boundaries tensor must be 1 dimension, but got dim({boundaries.dim()})")
    return searchsorted(boundaries, input, out_int32=out_int32, right=right)


@_export
def histc(input, bins=100, min=0, max=0):
    T = _T()
    x = input.detach().flatten()
    lo, hi = float(min), float(max)
    if lo == hi and x.numel():
        lo, hi = float(x.amin()), float(x.amax())
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    if lo > hi:
        raise RuntimeError("torch.histc: max must be larger than min")
    x = x.to(T.float64)
    keep = x.ge(lo) & x.le(hi)
    x = x[keep]
    idx = ((x - lo) * (bins / (hi - lo))).floor().to(T.int64).clamp(max=bins - 1)
    return T.bincount(idx, minlength=bins).to(input.dtype)


@_export
def isin(elements, test_elements, *, assume_unique=False, invert=False):
    T = _T()
    if not isinstance(elements, Tensor):
        elements = T.tensor(elements)
    if not isinstance(test_elements, Tensor):
        test_elements = T.tensor(test_elements)
    r = elements.unsqueeze(-1).eq(test_elements.flatten()).any(-1)
    return r.logical_not() if invert else r


@_export
def isposinf(input):
    return input.eq(float("inf")) if input.is_floating_point() else input.ne(input)


@_export
def isneginf(input):
    return input.eq(float("-inf")) if input.is_floating_point() else input.ne(input)


@_export(method=False)
def unravel_index(indices, shape):
    T = _T()
    if not isinstance(indices, Tensor):
        indices = T.tensor(indices)
    if isinstance(shape, int):
        shape = (shape,)
    if indices.is_floating_point():
        raise TypeError("expected 'indices' to be integer dtype, but got " + str(indices.dtype))
    n = math.prod(shape)
    if bool((indices.ge(n) | indices.lt(-n)).any()):
        raise RuntimeError("index out of bounds in unravel_index")
    idx = indices.remainder(n) if n else indices
    out = []
    for s in reversed(shape):
        out.append(idx.remainder(s))
        idx = idx // s
    return tuple(reversed(out))


# ---- pointwise composites -----------------------------------------------------------------------------------
@_export
def fmax(input, other):
    T = _T()
    m = T.maximum(input, other)
    if not m.is_floating_point():
        return m
    return T.where(other.isnan(), input, T.where(input.isnan(), other, m))


@_export
def fmin(input, other):
    T = _T()
    m = T.minimum(input, other)
    if not m.is_floating_point():
        return m
    return T.where(other.isnan(), input, T.where(input.isnan(), other, m))


def _int_check(a, b, name):
    for t in (a, b):
        if t.is_floating_point() or t.dtype == D.bool_:
            raise RuntimeError(f'"{name}_cpu" not implemented for \'{str(t.dtype)[6:].capitalize()}\'')


@_export
def gcd(input, other):
    T = _T()
    _int_check(input, other, "gcd")
    a, b = T.broadcast_tensors(input.abs(), other.abs())
    a, b = a.clone(), b.clone()
    while bool(b.ne(0).any()):
        nz = b.ne(0)
        safe = T.where(nz, b, T.ones_like(b))
        a, b = T.where(nz, b, a), T.where(nz, a.remainder(safe), b)
    return a


@_export
def lcm(input, other):
    T = _T()
    g = gcd(input, other)
    safe = T.where(g.eq(0), T.ones_like(g), g)
    return (input.abs() // safe * other.abs())


@_export
def heaviside(input, values):
    T = _T()
    if input.dtype != values.dtype:
        raise RuntimeError(f"heaviside is not yet implemented for tensors with different dtypes")
    return T.where(input.eq(0), values, input.gt(0).to(input.dtype))


@_export
def ldexp(input, other):
    T = _T()
    return input * T.pow(2.0, other.to(input.dtype if input.is_floating_point() else T.get_default_dtype()))


@_export
def logaddexp2(input, other):
    ln2 = math.log(2.0)
    return (input * ln2).logaddexp(other * ln2) / ln2


@_export
def sinc(input):
    T = _T()
    x = input if input.is_floating_point() else input.to(T.get_default_dtype())
    zero = x.eq(0)
    px = math.pi * T.where(zero, T.ones_like(x), x)
    return T.where(zero, T.ones_like(x), px.sin() / px)


# ---- scans along a dim ----------------------------------------------------------------------------------------
class _ValuesIndices(tuple):
    def __new__(cls, v, i):
        return tuple.__new__(cls, (v, i))

    values = property(lambda self: self[0])
    indices = property(lambda self: self[1])


def _cum_ext(input, dim, better):
    T = _T()
    d = _dim(dim, input.dim())
    if input.dim() == 0:
        return _ValuesIndices(input.clone(), T.zeros((), dtype=T.int64))
    x = input.detach()
    n = x.shape[d]
    idx = []
    best = None
    cur_i = None
    for k in builtins.range(n):
        xs = x.select(d, k)
        if best is None:
            best, cur_i = xs, T.zeros(xs.shape, dtype=T.int64)
        else:
            take = better(xs, best) | xs.isnan() if xs.is_floating_point() else better(xs, best)
            take = take & (best.isnan().logical_not()) if xs.is_floating_point() else take
            best = T.where(take, xs, best)
            cur_i = T.where(take, T.full(xs.shape, k, dtype=T.int64), cur_i)
        idx.append(cur_i)
    indices = T.stack(idx, d) if n else T.zeros(input.shape, dtype=T.int64)
    return _ValuesIndices(input.gather(d, indices), indices)


@_export
def cummax(input, dim):
    return _cum_ext(input, dim, lambda a, b: a.ge(b))


@_export
def cummin(input, dim):
    return _cum_ext(input, dim, lambda a, b: a.le(b))


@_export
def logcumsumexp(input, dim):
    d = _dim(dim, input.dim())
    m = input.detach().amax(d, keepdim=True) if input.numel() else input.detach()
    m = m.masked_fill(m.isinf(), 0.0)
    return (input - m).exp().cumsum(d).log() + m


@_export
def trapezoid(y, x=None, *, dx=None, dim=-1):
    d = _dim(dim, y.dim())
    n = y.shape[d]
    if n == 0:
        return y.sum(d)
    avg = (y.narrow(d, 1, n - 1) + y.narrow(d, 0, n - 1)) / 2
    if x is not None:
        xd = x.diff(dim=d if x.dim() == y.dim() else -1)
        return (avg * xd).sum(d)
    return avg.sum(d) * (1 if dx is None else dx)


@_export
def trapz(y, x=None, *, dx=None, dim=-1):
    return trapezoid(y, x, dx=dx, dim=dim)


@_export
def cumulative_trapezoid(y, x=None, *, dx=None, dim=-1):
    d = _dim(dim, y.dim())
    n = y.shape[d]
    avg = (y.narrow(d, 1, n - 1) + y.narrow(d, 0, n - 1)) / 2
    if x is not None:
        avg = avg * x.diff(dim=d if x.dim() == y.dim() else -1)
    elif dx is not None:
        avg = avg * dx
    return avg.cumsum(d)


# ---- order statistics ----------------------------------------------------------------------------------------
@_export
def msort(input):
    return input.sort(0)[0]


@_export
def nanmedian(input, dim=None, keepdim=False):
    T = _T()
    if dim is None:
        x = input.flatten()
        s, i = x.sort(0)
        k = x.isnan().logical_not().sum()
        pos = (k - 1).clamp(min=0) // 2
        return s.gather(0, pos.reshape(1)).reshape(())
    d = _dim(dim, input.dim())
    s, i = input.sort(d)
    k = input.isnan().logical_not().sum(d, keepdim=True)
    pos = (k - 1).clamp(min=0) // 2
    v, ix = s.gather(d, pos), i.gather(d, pos)
    if not keepdim:
        v, ix = v.squeeze(d), ix.squeeze(d)
    return _ValuesIndices(v, ix)


def _quantile(input, q, dim, keepdim, interpolation, ignore_nan, name):
    T = _T()
    if not input.is_floating_point():
        raise RuntimeError(f"{name}() input tensor must be either float or double dtype")
    scalar_q = not isinstance(q, Tensor)
    qt = T.tensor(q, dtype=input.dtype) if scalar_q else q.to(input.dtype)
    if qt.dim() > 1:
        raise RuntimeError(f"{name}() q must be a scalar or 1D tensor")
    if bool((qt.lt(0) | qt.gt(1)).any()):
        raise RuntimeError(f"{name}() q values must be in the range [0, 1]")
    if interpolation not in ("linear", "lower", "higher", "midpoint", "nearest"):
        raise RuntimeError(f"{name}() interpolation must be one of linear, lower, higher, midpoint or nearest. "
                           f"Got {interpolation}")
    x = input.flatten() if dim is None else input.movedim(_dim(dim, input.dim()), -1)
    s = x.sort(-1)[0]
    valid = x.isnan().logical_not().sum(-1, keepdim=True).to(input.dtype)
    if not ignore_nan:
        anynan = valid.lt(x.shape[-1])
        valid = T.full_like(valid, x.shape[-1])
    qv = qt.reshape(-1)
    rank = (valid - 1).clamp(min=0) * qv                      # (..., nq)
    if interpolation == "lower":
        rank = rank.floor()
    elif interpolation == "higher":
        rank = rank.ceil()
    elif interpolation == "nearest":
        rank = rank.round()
    lo = rank.floor().to(T.int64)
    hi = rank.ceil().to(T.int64)
    vlo, vhi = s.gather(-1, lo), s.gather(-1, hi)
    if interpolation == "midpoint":
        w = T.where(hi.ne(lo), T.full_like(rank, 0.5), T.zeros_like(rank))
    else:
        w = (rank - lo.to(rank.dtype))
    r = vlo + (vhi - vlo) * w
    if ignore_nan:
        r = r.masked_fill(valid.eq(0).expand(r.shape), float("nan"))
    else:
        r = r.masked_fill(anynan.expand(r.shape), float("nan"))
    r = r.movedim(-1, 0)                                      # (nq, ...)
    if keepdim:
        if dim is None:
            r = r.reshape(r.shape[0], *([1] * input.dim()))
        else:
            r = r.unsqueeze(_dim(dim, input.dim()) + 1)
    return r.squeeze(0) if scalar_q or qt.dim() == 0 else r


@_export
def quantile(input, q, dim=None, keepdim=False, *, interpolation="linear"):
    return _quantile(input, q, dim, keepdim, interpolation, False, "quantile")


@_export
def nanquantile(input, q, dim=None, keepdim=False, *, interpolation="linear"):
    return _quantile(input, q, dim, keepdim, interpolation, True, "nanquantile")


@_export
def mode(input, dim=-1, keepdim=False):
    T = _T()
    d = _dim(dim, input.dim())
    x = input.movedim(d, -1) if input.dim() else input.reshape(1)
    counts = x.unsqueeze(-1).eq(x.unsqueeze(-2)).sum(-1)
    best = counts.amax(-1, keepdim=True)
    big = T.full_like(x, float("inf") if x.is_floating_point() else (2 ** 62))
    val = T.where(counts.eq(best), x, big).amin(-1, keepdim=True)
    n = x.shape[-1]
    pos = T.arange(n).expand(x.shape)
    idx = T.where(x.eq(val), pos, T.full_like(pos, -1)).amax(-1, keepdim=True)
    v = x.gather(-1, idx)
    if input.dim() == 0:
        return _ValuesIndices(v.reshape(()), idx.reshape(()))
    if keepdim:
        return _ValuesIndices(v.movedim(-1, d), idx.movedim(-1, d))
    return _ValuesIndices(v.squeeze(-1), idx.squeeze(-1))


@_export
def unique_consecutive(input, return_inverse=False, return_counts=False, dim=None):
    T = _T()
    if dim is not None:
        d = _dim(dim, input.dim())
        x = input.movedim(d, 0).reshape(input.shape[d], -1)
        change = x[1:].ne(x[:-1]).any(1) if x.shape[0] > 1 else T.zeros(0, dtype=T.bool)
    else:
        x = input.flatten()
        change = x[1:].ne(x[:-1])
    keep = T.cat([T.ones(1 if x.shape[0] else 0, dtype=T.bool), change])
    pos = keep.nonzero().flatten()
    if dim is not None:
        vals = input.index_select(d, pos)
    else:
        vals = x[keep]
    out = [vals]
    if return_inverse:
        inv = keep.to(T.int64).cumsum(0) - 1
        out.append(inv.reshape(input.shape) if dim is None else inv)
    if return_counts:
        ends = T.cat([pos[1:], T.tensor([x.shape[0]])])
        out.append(ends - pos)
    return out[0] if len(out) == 1 else tuple(out)


# ---- shapes and joins ------------------------------------------------------------------------------------------
@_export(method=False)
def column_stack(tensors):
    T = _T()
    return T.hstack([t.reshape(-1, 1) if t.dim() <= 1 else t for t in tensors])


@_export(method=False)
def atleast_3d(*ts):
    if len(ts) == 1 and isinstance(ts[0], (list, tuple)):
        ts = ts[0]

    def one(t):
        if t.dim() == 0:
            return t.reshape(1, 1, 1)
        if t.dim() == 1:
            return t.reshape(1, -1, 1)
        if t.dim() == 2:
            return t.unsqueeze(-1)
        return t
    r = tuple(one(t) for t in ts)
    return r[0] if len(r) == 1 else r


@_export(method=False)
def dstack(tensors):
    T = _T()
    return T.cat([atleast_3d(t) for t in tensors], 2)


def _dir_split(input, sections, dim, name, min_dim):
    if input.dim() < min_dim:
        raise RuntimeError(f"torch.{name} requires a tensor with at least {min_dim} dimension, but got a tensor "
                           f"with {input.dim()} dimensions!")
    if isinstance(sections, int) and input.shape[dim] % sections:
        raise RuntimeError(f"torch.{name} attempted to split along dimension {dim}, but the size of the dimension "
                           f"{input.shape[dim]} is not divisible by the split_size {sections}!")
    if isinstance(sections, int):
        return input.tensor_split(sections, dim)
    size, cuts = input.shape[dim], [0]
    for c in sections:
        cuts.append(builtins.min(builtins.max(c, cuts[-1]), size))
    cuts.append(size)
    return tuple(input.narrow(dim, a, b - a) for a, b in zip(cuts[:-1], cuts[1:]))


@_export
def vsplit(input, indices_or_sections):
    return _dir_split(input, indices_or_sections, 0, "vsplit", 2)


@_export
def hsplit(input, indices_or_sections):
    return _dir_split(input, indices_or_sections, 1 if input.dim() > 1 else 0, "hsplit", 1)


@_export
def dsplit(input, indices_or_sections):
    return _dir_split(input, indices_or_sections, 2, "dsplit", 3)


@_export
def diagflat(input, offset=0):
    return _T().diag(input.flatten(), offset)


@_export
def diag_embed(input, offset=0, dim1=-2, dim2=-1):
    T = _T()
    m = input.shape[-1]
    n = m + builtins.abs(offset)
    eye = T.eye(m, dtype=input.dtype)
    r = input.unsqueeze(-1) * eye                              # (..., m, m), diagonal
    if offset:
        pads = (offset, 0, 0, offset) if offset > 0 else (0, -offset, -offset, 0)
        r = T.nn.functional.pad(r, pads)
    nd = r.dim()
    d1, d2 = _dim(dim1, nd), _dim(dim2, nd)
    if (d1, d2) != (nd - 2, nd - 1):
        r = r.movedim((nd - 2, nd - 1), (d1, d2))
    return r


@_export(method=False)
def cartesian_prod(*tensors):
    T = _T()
    if len(tensors) == 1:
        return tensors[0]
    grids = T.meshgrid(*tensors, indexing="ij")
    return T.stack([g.reshape(-1) for g in grids], 1)


@_export(method=False)
def combinations(input, r=2, with_replacement=False):
    T = _T()
    if input.dim() != 1:
        raise RuntimeError(f"Expect a 1D vector, but got shape {list(input.shape)}")
    n = input.shape[0]
    gen = itertools.combinations_with_replacement if with_replacement else itertools.combinations
    combos = list(gen(builtins.range(n), r))
    if not combos:
        return T.empty(0, r, dtype=input.dtype) if r else T.empty(0, dtype=input.dtype)
    idx = T.tensor(combos, dtype=T.int64)
    return input[idx.flatten()].reshape(len(combos), r)


@_export(method=False)
def vander(x, N=None, increasing=False):
    T = _T()
    if x.dim() != 1:
        raise RuntimeError("x must be a one-dimensional tensor.")
    n = x.shape[0] if N is None else N
    if n < 0:
        raise RuntimeError("N must be non-negative.")
    xx = x if x.is_floating_point() or x.dtype == T.int64 else x.to(T.int64)
    cols = [T.ones_like(xx)] if n else []
    for k in builtins.range(1, n):
        cols.append(cols[-1] * xx)
    r = T.stack(cols, 1) if cols else T.empty(x.shape[0], 0, dtype=xx.dtype)
    return r if increasing else r.flip(1)


@_export(method=False, name="range")
def _range(start=0, end=None, step=1, *, dtype=None, **_):
    T = _T()
    if end is None:
        start, end = 0, start
    n = int(math.floor((end - start) / step)) + 1
    if n < 0:
        raise RuntimeError("upper bound and larger bound inconsistent with step sign")
    return (T.arange(n, dtype=T.float64) * step + start).to(dtype or T.get_default_dtype())


@_export(method=False)
def is_nonzero(input):
    if input.numel() != 1:
        raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous" if input.numel()
                           else "Boolean value of Tensor with no values is ambiguous")
    return builtins.bool(input.item())


@_export
def renorm(input, p, dim, maxnorm):
    d = _dim(dim, input.dim())
    others = tuple(i for i in builtins.range(input.dim()) if i != d)
    norms = _linalg.vector_norm(input, p, others, keepdim=True) if others else input.abs()
    T = _T()
    factor = T.where(norms.gt(maxnorm), maxnorm / (norms + 1e-7), T.ones_like(norms))
    return input * factor


@_export(method=False)
def pdist(input, p=2):
    T = _T()
    if input.dim() != 2:
        raise RuntimeError(f"pdist only supports 2D tensors, got: {input.dim()}D")
    n = input.shape[0]
    i, j = T.triu_indices(n, n, 1)
    diff = input[i] - input[j]
    return _linalg.vector_norm(diff, p, dim=1)


@_export
def scatter_reduce(input, dim, index, src, reduce, *, include_self=True):
    T = _T()
    d = _dim(dim, input.dim())
    if reduce not in ("sum", "prod", "mean", "amax", "amin"):
        raise RuntimeError(f"reduce argument must be either sum, prod, mean, amax or amin, got {reduce}")
    src = src if src.shape == index.shape else src[tuple(slice(0, s) for s in index.shape)]
    ones = T.ones_like(src)
    cnt = T.zeros_like(input).scatter_add(d, index, ones)
    touched = cnt.gt(0)
    if reduce in ("sum", "mean"):
        base = input if include_self else input.masked_fill(touched, 0)
        r = base.scatter_add(d, index, src)
        if reduce == "mean":
            c = cnt + (1 if include_self else 0)
            c = c.masked_fill(c.eq(0), 1)
            r = r / c if r.is_floating_point() else r // c
        return r
    # prod / amax / amin: fold src one slice position at a time (index positions may repeat)
    out = input.clone() if include_self else input.masked_fill(touched, {"prod": 1, "amax": float("-inf"),
                                                                         "amin": float("inf")}[reduce]
                                                                         if input.is_floating_point() else
                                                                         {"prod": 1, "amax": -(2 ** 62),
                                                                          "amin": 2 ** 62}[reduce])
    flat_idx = index.movedim(d, 0)
    flat_src = src.movedim(d, 0)
    for k in builtins.range(flat_idx.shape[0]):
        ik = flat_idx[k].unsqueeze(0).movedim(0, d)
        sk = flat_src[k].unsqueeze(0).movedim(0, d)
        cur = out.gather(d, ik)
        new = cur * sk if reduce == "prod" else (T.maximum(cur, sk) if reduce == "amax" else T.minimum(cur, sk))
        out = out.scatter(d, ik, new)
    return out


# ---- random --------------------------------------------------------------------------------------------------
def _fill_random(name, call):
    def method(self, *args, generator=None):
        from ._random import _gen
        if not self.is_floating_point():
            raise RuntimeError(f"{name} expects a floating point tensor, got {self.dtype}")
        buf = self if self.is_contiguous() else self.contiguous()
        if call(buf._c, _gen(generator), *args):
            raise RuntimeError(f"{name}: " + _err())
        if buf is not self:
            self.copy_(buf)
        else:
            self._vc[0] += 1
        return self
    method.__name__ = name
    return method


Tensor.exponential_ = _fill_random("exponential_", lambda t, g, lambd=1.0: lib.tc_fill_exponential(t, g, lambd))
Tensor.cauchy_ = _fill_random("cauchy_", lambda t, g, median=0.0, sigma=1.0: lib.tc_fill_cauchy(t, g, median, sigma))
Tensor.log_normal_ = _fill_random("log_normal_", lambda t, g, mean=1.0, std=2.0: lib.tc_fill_log_normal(t, g, mean, std))
Tensor.geometric_ = _fill_random("geometric_", lambda t, g, p: lib.tc_fill_geometric(t, g, 1.0 - p))  # Torch7's p: continuing


@_export(method=False)
def poisson(input, generator=None):
    """Poisson draws by inversion counting exponential gaps (rates are usually small in models)."""
    T = _T()
    from ._random import _gen
    g = _gen(generator)
    rates = input.detach().to(T.float64).flatten()
    out = []
    import numpy as _np
    r = rates.numpy()
    res = _np.zeros(r.shape)
    from tensor_core import ffi
    buf = ffi.new("double *")
    for i, lam in enumerate(r):
        if lam < 0 or lam != lam:
            raise RuntimeError("invalid Poisson rate, expected rate to be non-negative")
        k, acc = 0, 0.0
        if lam > 0:
            while True:
                lib.tc_draw_exponential(g, lam, buf)
                acc += buf[0]
                if acc > 1.0:
                    break
                k += 1
        res[i] = k
    return T.tensor(res.reshape(tuple(input.shape)), dtype=input.dtype)


# ---- Tensor-only methods ---------------------------------------------------------------------------------------
def _apply_(self, callable):
    T = _T()
    vals = [callable(v) for v in self.flatten().tolist()]
    self.copy_(T.tensor(vals, dtype=self.dtype).reshape(self.shape))
    return self


def _fill_diagonal_(self, fill_value, wrap=False):
    if self.dim() < 2:
        raise RuntimeError("dimensions must larger than 1")
    if self.dim() > 2 and len(set(self.shape)) != 1:
        raise RuntimeError("all dimensions of input must be of equal length")
    T = _T()
    n = builtins.min(self.shape)
    if self.dim() == 2:
        rows = list(builtins.range(n))
        if wrap and self.shape[0] > self.shape[1] + 1:
            step = self.shape[1] + 1
            rows = [r for r in builtins.range(self.shape[0]) if (r % step) < self.shape[1]]
            cols = [r % step for r in rows]
        else:
            cols = rows
        if rows:
            self[T.tensor(rows), T.tensor(cols)] = fill_value
        return self
    i = T.arange(n)
    self[(i,) * self.dim()] = fill_value
    return self


def _index_copy_(self, dim, index, source):
    return self.copy_(self.index_copy(dim, index, source))


def _masked_scatter(self, mask, source):
    T = _T()
    m = mask.expand(self.shape) if mask.shape != self.shape else mask
    pos = m.flatten().nonzero().flatten()
    if pos.numel() > source.numel():
        raise RuntimeError("masked_scatter: expected source to have at least as many elements as ones in mask")
    vals = source.flatten()[: pos.numel()]
    flat = self.flatten()
    out = flat.index_put((pos,), vals) if hasattr(flat, "index_put") else None
    if out is None:
        out = flat.clone()
        out[pos] = vals
    return out.reshape(self.shape)


def _masked_scatter_(self, mask, source):
    return self.copy_(_masked_scatter(self, mask, source))


def _put(self, index, source, accumulate=False):
    flat = self.flatten().clone() if not accumulate else self.flatten()
    idx = index.flatten().remainder(self.numel())
    if accumulate:
        r = flat.index_add(0, idx, source.flatten())
    else:
        r = flat.clone()
        r[idx] = source.flatten()
    return r.reshape(self.shape)


def _put_(self, index, source, accumulate=False):
    return self.copy_(_put(self, index, source, accumulate))


Tensor.apply_ = _apply_
Tensor.fill_diagonal_ = _fill_diagonal_
Tensor.index_copy_ = _index_copy_
Tensor.masked_scatter = _masked_scatter
Tensor.masked_scatter_ = _masked_scatter_
Tensor.put = _put
Tensor.put_ = _put_
Tensor.H = property(lambda self: self.t() if self.dim() == 2 else self.permute(*reversed(builtins.range(self.dim()))) if self.dim() < 2 else (_ for _ in ()).throw(RuntimeError("tensor.H is only supported on matrices (2-D tensors). Got " + f"{self.dim()}-D tensor.")))
Tensor.mH = property(lambda self: self.transpose(-2, -1))
Tensor.adjoint = lambda self: self.transpose(-2, -1)
_EXPORTS["masked_scatter"] = _masked_scatter
_EXPORTS["put"] = _put

globals().update(_EXPORTS)
__all__ += list(_EXPORTS)
