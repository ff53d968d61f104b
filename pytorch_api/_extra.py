"""More of PyTorch's surface, each written with declared ops (so gradients come from their declarations) or
one core kernel: special functions, in-place view changes, and common composites."""
from __future__ import annotations

import builtins
import math

from tensor_core import ffi, lib
from . import _dtype as D
from . import _kernels as K
from ._tensor import Tensor, _dim
from ._registry import register
from ._pointwise import unary
from ._ops import _chk

_SQRT_PI = math.sqrt(math.pi)

exp2 = unary("exp2", K.DIRECT["exp2"][0], lambda g, x, r: g * r * math.log(2.0))
erfc = unary("erfc", K.DIRECT["erfc"][0], lambda g, x, r: g * (-2.0 / _SQRT_PI) * (-x * x).exp())
erfinv = unary("erfinv", K.DIRECT["erfinv"][0], lambda g, x, r: g * (_SQRT_PI / 2.0) * (r * r).exp())
digamma = unary("digamma", K.DIRECT["digamma"][0])
lgamma = unary("lgamma", K.DIRECT["lgamma"][0], lambda g, x, r: g * x.digamma())


# ---- in-place view changes: the handle itself is re-pointed (tc_tensor_set_*), data untouched ------------
def _meta_inplace(setter):
    def method(self, *args):
        _chk(setter(self, *args))
        self._shape = None
        return self
    return method


Tensor.unsqueeze_ = _meta_inplace(lambda t, d: lib.tc_tensor_set_unsqueeze(t._c, _dim(d, t.dim() + 1)))
Tensor.squeeze_ = _meta_inplace(lambda t, d=None: lib.tc_tensor_set(t._c, t.squeeze(d)._c))
Tensor.transpose_ = _meta_inplace(lambda t, a, b: lib.tc_tensor_set_transpose(t._c, _dim(a, t.dim()), _dim(b, t.dim())))
Tensor.t_ = _meta_inplace(lambda t: lib.tc_tensor_set_transpose(t._c, 0, 1) if t.dim() == 2 else 0)


def _resize_(self, *sizes):
    from ._ops import _shape_arg
    s = _shape_arg(sizes)
    _chk(lib.tc_tensor_resize(self._c, len(s), ffi.new("int64_t[]", list(s) or [0])))
    self._shape = None
    return self


Tensor.resize_ = _resize_
Tensor.nbytes = property(lambda self: self.numel() * self._dtype.itemsize)
Tensor.itemsize = property(lambda self: self._dtype.itemsize)
Tensor.is_shared = lambda self: False
Tensor.pin_memory = lambda self: self
Tensor.share_memory_ = lambda self: self
Tensor.is_same_size = lambda self, other: self.shape == other.shape
Tensor.is_nonzero = lambda self: builtins.bool(self.item())
Tensor.positive = lambda self: self
Tensor.clamp_min_ = lambda self, m: self.clamp_(min=m)
Tensor.clamp_max_ = lambda self, m: self.clamp_(max=m)
Tensor.square_ = lambda self: self.mul_(self)
Tensor.index_add_ = lambda self, dim, index, source, *, alpha=1: self.copy_(self.index_add(dim, index, source, alpha=alpha))
Tensor.split_with_sizes = lambda self, sizes, dim=0: self.split(list(sizes), dim)


def _f(fn, name=None, method=True):
    register(name or fn.__name__, fn, method)
    return fn


@_f
def diag(input, diagonal=0):
    if input.dim() == 1:
        n = input.shape[0] + builtins.abs(diagonal)
        from ._creation import zeros
        out = zeros(n, n, dtype=input.dtype)
        rows = range(builtins.max(-diagonal, 0), builtins.max(-diagonal, 0) + input.shape[0])
        from ._creation import tensor
        r = tensor(list(rows))
        return _diag_embed(out, r, r + diagonal, input)
    return input.diagonal(diagonal).clone()


def _diag_embed(out, r, c, values):
    out = out.clone() if not values.requires_grad else out
    out[r, c] = values
    return out


@_f
def trace(input):
    return input.diagonal().sum()


@_f
def sum_to_size(input, *size):
    from ._pointwise import sum_to
    from ._ops import _shape_arg
    return sum_to(input, _shape_arg(size))


@_f
def nan_to_num(input, nan=0.0, posinf=None, neginf=None):
    from ._ops import where
    big = D.BY_CODE[input._dtype.code]
    import numpy as np
    info = np.finfo(big.np) if input._dtype.is_floating_point else None
    posinf = info.max if posinf is None and info is not None else posinf
    neginf = info.min if neginf is None and info is not None else neginf
    r = where(input.isnan(), nan, input)
    r = where(r == math.inf, posinf, r)
    return where(r == -math.inf, neginf, r)


@_f
def logaddexp(input, other):
    from ._pointwise import maximum
    m = maximum(input, other).detach()
    return m + ((input - m).exp() + (other - m).exp()).log()


@_f
def hypot(input, other):
    return (input * input + other * other).sqrt()


@_f
def diff(input, n=1, dim=-1, prepend=None, append=None):
    from ._ops import cat
    x = input
    if prepend is not None or append is not None:
        x = cat([t for t in (prepend, x, append) if t is not None], dim)
    for _ in range(n):
        size = x.shape[_dim(dim, x.dim())]
        x = x.narrow(dim, 1, size - 1) - x.narrow(dim, 0, size - 1)
    return x


@_f
def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
    from ._ops import cat
    flat = input.reshape(-1)
    v, idx = flat.sort()
    if flat.numel() == 0:
        vals = v
        keep = v.bool()
    else:
        from ._creation import ones
        keep = cat([ones(1, dtype=D.bool_), v[1:] != v[:-1]])
        vals = v[keep]
    out = [vals]
    if return_inverse:
        group = keep.long().cumsum(0) - 1
        inv = group.new_zeros(flat.numel())
        inv[idx] = group
        out.append(inv.reshape(input.shape))
    if return_counts:
        from ._creation import zeros
        group = keep.long().cumsum(0) - 1
        out.append(zeros(vals.numel(), dtype=D.int64).scatter_add(0, group, group.new_ones(group.numel())))
    return out[0] if len(out) == 1 else tuple(out)


@_f
def bincount(input, weights=None, minlength=0):
    from ._creation import zeros
    n = builtins.max(int(input.max()) + 1 if input.numel() else 0, minlength)
    if weights is None:
        return zeros(n, dtype=D.int64).scatter_add(0, input, input.new_ones(input.numel()))
    return zeros(n, dtype=weights.dtype).scatter_add(0, input, weights)


@_f
def kron(input, other):
    a, b = input, other
    n = builtins.max(a.dim(), b.dim())
    a = a.reshape((1,) * (n - a.dim()) + tuple(a.shape))
    b = b.reshape((1,) * (n - b.dim()) + tuple(b.shape))
    ia = [v for s in a.shape for v in (s, 1)]
    ib = [v for s in b.shape for v in (1, s)]
    return (a.reshape(ia) * b.reshape(ib)).reshape([x * y for x, y in zip(a.shape, b.shape)])


@_f
def nansum(input, dim=None, keepdim=False):
    return input.masked_fill(input.isnan(), 0).sum(dim, keepdim=keepdim)


@_f
def nanmean(input, dim=None, keepdim=False):
    ok = input.isnan().logical_not()
    return input.masked_fill(ok.logical_not(), 0).sum(dim, keepdim=keepdim) / ok.sum(dim, keepdim=keepdim)


@_f
def deg2rad(input):
    return input * (math.pi / 180.0)


@_f
def rad2deg(input):
    return input * (180.0 / math.pi)


@_f
def sgn(input):
    return input.sign()


@_f
def signbit(input):
    return (input < 0) | ((input == 0) & ((1.0 / input.to(D.float64)) < 0)) if input.is_floating_point() else input < 0


@_f
def float_power(input, exponent):
    e = exponent.to(D.float64) if isinstance(exponent, Tensor) else exponent
    return input.to(D.float64).pow(e)


@_f
def logit(input, eps=None):
    x = input.clamp(eps, 1 - eps) if eps is not None else input
    return (x / (1 - x)).log()


@_f
def take_along_dim(input, indices, dim=None):
    if dim is None:
        return input.reshape(-1).gather(0, indices.reshape(-1))
    d = _dim(dim, input.dim())
    shape = list(input.shape)
    ishape = list(indices.shape)
    ishape[d] = shape[d] = 1
    from ._pointwise import broadcast_shapes
    b = list(broadcast_shapes(shape, ishape))
    bi = b.copy()
    bi[d] = indices.shape[d]
    b[d] = input.shape[d]
    return input.expand(b).gather(d, indices.expand(bi))


@_f
def aminmax(input, *, dim=None, keepdim=False):
    import collections
    R = collections.namedtuple("aminmax", ["min", "max"])
    return R(input.amin(dim, keepdim), input.amax(dim, keepdim))


@_f
def index_fill(input, dim, index, value):
    r = input.clone()
    key = (slice(None),) * _dim(dim, builtins.max(input.dim(), 1)) + (index,)
    r[key] = value
    return r


@_f
def index_copy(input, dim, index, source):
    r = input.clone()
    key = (slice(None),) * _dim(dim, builtins.max(input.dim(), 1)) + (index,)
    r[key] = source
    return r


@_f
def rot90(input, k=1, dims=(0, 1)):
    k %= 4
    a, b = dims
    if k == 0:
        return input.clone()
    if k == 1:
        return input.flip(b).transpose(a, b)
    if k == 2:
        return input.flip((a, b))
    return input.transpose(a, b).flip(b)


def fliplr(input):
    return input.flip(1)


def flipud(input):
    return input.flip(0)


register("fliplr", fliplr, True)
register("flipud", flipud, True)


def tensordot(a, b, dims=2):
    if isinstance(dims, int):
        da, db = list(range(a.dim() - dims, a.dim())), list(range(dims))
    else:
        da, db = [list(d) if isinstance(d, (list, tuple)) else [d] for d in dims]
    fa = [i for i in range(a.dim()) if i not in da]
    fb = [i for i in range(b.dim()) if i not in db]
    k = 1
    for i in da:
        k *= a.shape[i]
    am = a.permute(fa + da).reshape(-1, k)
    bm = b.permute(db + fb).reshape(k, -1)
    return (am @ bm).reshape([a.shape[i] for i in fa] + [b.shape[i] for i in fb])


def meshgrid(*tensors, indexing="ij"):
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    n = len(tensors)
    pos = list(range(n))
    if indexing == "xy" and n >= 2:
        pos[0], pos[1] = 1, 0      # 'xy': the first two output dims are swapped
    shape = [0] * n
    for i, t in enumerate(tensors):
        shape[pos[i]] = t.numel()
    out = []
    for i, t in enumerate(tensors):
        view = [1] * n
        view[pos[i]] = -1
        out.append(t.reshape(view).expand(shape))
    return tuple(out)


def atleast_1d(*ts):
    r = tuple(t.reshape(1) if t.dim() == 0 else t for t in ts)
    return r[0] if len(r) == 1 else r


def atleast_2d(*ts):
    r = tuple(t.reshape(1, -1) if t.dim() < 2 else t for t in ts)
    return r[0] if len(r) == 1 else r


def _tri_indices(row, col, offset, upper):
    """Row-major coordinates of the triangle: the nonzeros of (col - row) <= offset (>= for upper)."""
    from ._creation import arange
    diff = arange(col).unsqueeze(0) - arange(row).unsqueeze(1)
    mask = diff >= offset if upper else diff <= offset
    return mask.nonzero().t().contiguous()


def tril_indices(row, col, offset=0, **_):
    return _tri_indices(row, col, offset, False)


def triu_indices(row, col, offset=0, **_):
    return _tri_indices(row, col, offset, True)


def cdist(x1, x2, p=2.0):
    d = (x1.unsqueeze(-2) - x2.unsqueeze(-3)).abs()
    if p == 2.0:
        return (d * d).sum(-1).sqrt()
    return d.pow(p).sum(-1).pow(1.0 / p)


def block_diag(*tensors):
    from ._creation import zeros
    ts = [t.reshape(1, -1) if t.dim() < 2 else t for t in tensors]
    rows = builtins.sum(t.shape[0] for t in ts)
    cols = builtins.sum(t.shape[1] for t in ts)
    d = ts[0].dtype
    for t in ts[1:]:
        d = D.promote_types(d, t.dtype)
    out = zeros(rows, cols, dtype=d)
    r = c = 0
    for t in ts:
        out[r:r + t.shape[0], c:c + t.shape[1]] = t
        r += t.shape[0]
        c += t.shape[1]
    return out


def cov(input, correction=1):
    x = input if input.dim() == 2 else input.reshape(1, -1)
    xm = x - x.mean(1, keepdim=True)
    c = xm @ xm.t() / builtins.max(x.shape[1] - correction, 0)
    return c if input.dim() == 2 else c.reshape(())


def corrcoef(input):
    c = cov(input)
    d = c.diagonal().sqrt()
    return c / d.unsqueeze(1) / d.unsqueeze(0)


def rsub(input, other, alpha=1):
    return other - input * alpha


class finfo:
    def __init__(self, dtype=None):
        import numpy as np
        i = np.finfo((dtype or D.get_default_dtype()).np)
        self.bits, self.eps, self.max, self.min = i.bits, float(i.eps), float(i.max), float(i.min)
        self.tiny = self.smallest_normal = float(i.tiny)
        self.resolution = float(i.resolution)
        self.dtype = str(dtype or D.get_default_dtype()).replace("torch.", "")


class iinfo:
    def __init__(self, dtype):
        import numpy as np
        i = np.iinfo(dtype.np)
        self.bits, self.max, self.min = i.bits, int(i.max), int(i.min)
        self.dtype = dtype.name


EXPORTS = dict(tensordot=tensordot, meshgrid=meshgrid, atleast_1d=atleast_1d, atleast_2d=atleast_2d,
               tril_indices=tril_indices, triu_indices=triu_indices, cdist=cdist, block_diag=block_diag, cov=cov,
               corrcoef=corrcoef, rsub=rsub, finfo=finfo, iinfo=iinfo, inf=math.inf, nan=math.nan, pi=math.pi,
               e=math.e, newaxis=None)
