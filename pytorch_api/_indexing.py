"""`x[key]` and `x[key] = value` with PyTorch's rules: ints, slices (positive steps), None, Ellipsis give a
view computed in one as_strided call; bool masks, integer tensors and lists (advanced indexing) copy.
Gradients of both go through the flat positions the key picks (see _ops._by_index_grad)."""
from __future__ import annotations

import numpy as np

from tensor_core import ffi, lib
from . import _dtype as D
from . import _kernels as K
from ._tensor import Tensor, wrap, new_out, view_of, _err
from ._registry import op
from ._ops import _index_add_flat, take, _positions, _i64, _chk, _no_grad
from .autograd.grad_mode import ENABLED


def _as_index_tensor(k):
    from ._creation import tensor
    if isinstance(k, Tensor):
        return k
    t = tensor(k)
    if t.numel() == 0 and t._dtype.category == 2:
        t = t.to(D.int64)
    return t


def _parse(x, key):
    """-> (view cdata, advanced key or None).  The advanced key lists, per dim of the view, an index
    cdata or slice(None)."""
    if not isinstance(key, tuple):
        key = (key,)
    shape = x.shape
    c = x._c
    strides = list(ffi.unpack(c.strides, c.ndim))
    n = len(shape)
    consumed = 0
    items = []
    for k in key:
        if isinstance(k, tuple):
            k = list(k)
        if k is None or k is Ellipsis:
            items.append(k)
            continue
        if isinstance(k, (bool, np.bool_)):
            raise IndexError("pytorch_api: indexing with a Python bool is not supported")
        if isinstance(k, (list, np.ndarray)) or (isinstance(k, Tensor) and (k.dim() > 0 or k._dtype is D.bool_)):
            k = _as_index_tensor(k)
            if k._dtype is D.bool_ or k._dtype is D.uint8:
                consumed += builtins_max(k.dim(), 1)
            else:
                if k._dtype.category == 2:
                    raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
                consumed += 1
        elif isinstance(k, Tensor):
            if k._dtype.category == 2:
                raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
            k = int(k.item())
            consumed += 1
        elif isinstance(k, slice) or isinstance(k, (int, np.integer)):
            consumed += 1
        else:
            raise IndexError("only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are "
                             "valid indices (got " + type(k).__name__ + ")")
        items.append(k)
    if sum(1 for k in items if k is Ellipsis) > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    if consumed > n:
        raise IndexError(f"too many indices for tensor of dimension {n}")
    out_sizes, out_strides, adv = [], [], []
    offset = c.offset
    d = 0
    for k in items:
        if k is None:
            out_sizes.append(1)
            out_strides.append(0)
            adv.append(None)
        elif k is Ellipsis:
            for _ in range(n - consumed):
                out_sizes.append(shape[d])
                out_strides.append(strides[d])
                adv.append(None)
                d += 1
        elif isinstance(k, slice):
            if k.step is not None and k.step <= 0:
                raise ValueError("step must be greater than zero")
            start, stop, step = k.indices(shape[d])
            length = len(range(start, stop, step))
            if length > 0:
                offset += start * strides[d]
            out_sizes.append(length)
            out_strides.append(strides[d] * step)
            adv.append(None)
            d += 1
        elif isinstance(k, Tensor):
            if k._dtype is D.bool_ or k._dtype is D.uint8:
                kd = builtins_max(k.dim(), 1)
                if k.dim() == 0:
                    raise IndexError("pytorch_api: indexing with a 0-d bool tensor is not supported")
                for j in range(kd):
                    if k.shape[j] != shape[d + j]:
                        raise IndexError(f"The shape of the mask {list(k.shape)} at index {j} does not match the shape "
                                         f"of the indexed tensor {list(shape)} at index {d + j}")
                from ._ops import nonzero
                nz = nonzero(k)
                for j in range(kd):
                    out_sizes.append(shape[d])
                    out_strides.append(strides[d])
                    adv.append(nz[:, j])
                    d += 1
            else:
                if k.numel():
                    lo, hi = int(k.min()), int(k.max())
                    if hi >= shape[d] or lo < -shape[d]:
                        bad = hi if hi >= shape[d] else lo
                        raise IndexError(f"index {bad} is out of bounds for dimension {d} with size {shape[d]}")
                out_sizes.append(shape[d])
                out_strides.append(strides[d])
                adv.append(k if k._dtype is D.int64 else k.to(D.int64))
                d += 1
        else:
            size = shape[d]
            k = int(k)
            if not -size <= k < size:
                raise IndexError(f"index {k} is out of bounds for dimension {d} with size {size}")
            offset += (k + size if k < 0 else k) * strides[d]
            d += 1
    while d < n:
        out_sizes.append(shape[d])
        out_strides.append(strides[d])
        adv.append(None)
        d += 1
    v = lib.tc_view_as_strided(c, len(out_sizes), _i64(out_sizes), _i64(out_strides), offset)
    if v == ffi.NULL:
        raise IndexError(_err())
    if all(a is None for a in adv):
        return v, None
    return v, adv


def builtins_max(a, b):
    return a if a > b else b


def _key_c(adv):
    return tuple(slice(None) if a is None else a._c for a in adv)


def _get_plain(x, key):
    v, adv = _parse(x, key)
    if adv is None:
        return view_of(x, v)
    base = view_of(x, v)
    out = new_out(x._dtype)
    _chk(K.index_get(out, base._c, _key_c(adv)))
    return wrap(out, x._dtype)


def _index_grad(g, s, c):
    shape, key = c
    pos = _positions(shape, lambda a: _get_plain(a, key))
    return (_index_add_flat(g, pos, shape),)


@op("index", grad=_index_grad, method=False, function=False)
def _getitem(self, key):
    return _get_plain(self, key), (self,), (), (self.shape, key)


def _put_grad(g, s, c):
    shape, key, vshape = c
    from ._pointwise import sum_to
    pos = _positions(shape, lambda a: _get_plain(a, key))
    mask = _get_mask(shape, key)
    gv = sum_to(take(g, pos).reshape(pos.shape), vshape) if vshape is not None else None
    return g.masked_fill(mask, 0), gv


def _get_mask(shape, key):
    from ._creation import zeros
    m = zeros(shape, dtype=D.bool_)
    _set_plain(m, key, True)
    return m


def _set_plain(x, key, value):
    v, adv = _parse(x, key)
    target = view_of(x, v)
    if not isinstance(value, Tensor):
        from ._pointwise import _const
        value = _const(value, x._dtype)
    if value._dtype is not x._dtype:
        value = value.to(x._dtype)
    if adv is None:
        src = value if value.shape == target.shape else value.expand(target.shape)
        _chk(lib.tc_copy(target._c, src._c))
    else:
        _chk(K.index_put(target._c, _key_c(adv), value._c, False))


@op("index_put", grad=_put_grad, method=False, function=False)
def _index_put(self, key, value):
    r = self.detach().clone()
    with _no_grad():
        _set_plain(r, key, value)
    vt = value if isinstance(value, Tensor) else None
    return r, (self, vt), (), (self.shape, key, vt.shape if vt is not None else None)


def __getitem__(self, key):
    return _getitem(self, key)


def __setitem__(self, key, value):
    needs_grad = ENABLED[0] and (self._requires_grad or (isinstance(value, Tensor) and value._requires_grad))
    if needs_grad:
        from ._inplace import check_leaf, write_result
        check_leaf(self)
        r = _index_put(self, key, value)
        write_result(self, r, True)
        return
    _set_plain(self, key, value)
    self._vc[0] += 1


Tensor.__getitem__ = __getitem__
Tensor.__setitem__ = __setitem__


def index_put_(self, indices, values, accumulate=False):
    if accumulate:
        idx = tuple(i if i._dtype is D.int64 else i.to(D.int64) for i in indices)
        _chk(K.index_put(self._c, tuple(i._c for i in idx), values.to(self._dtype)._c, True))
        self._vc[0] += 1
        return self
    self.__setitem__(tuple(indices), values)
    return self


def index_fill_(self, dim, index, value):
    key = (slice(None),) * (dim % max(self.dim(), 1)) + (index,)
    self[key] = value
    return self


Tensor.index_fill_ = index_fill_
Tensor.index_put_ = index_put_
