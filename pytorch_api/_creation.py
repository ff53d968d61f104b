"""Tensor construction: tensor/as_tensor/from_numpy, zeros/ones/full/empty(+_like), eye, arange/linspace."""
from __future__ import annotations

import builtins
import math

import numpy as np

from tensor_core import ffi, lib, nd
from . import _dtype as D
from . import _kernels as K
from ._tensor import Tensor, wrap, empty_c, new_out, from_numpy, _err


class device:
    __slots__ = ("type", "index")

    def __init__(self, type="cpu", index=None):
        if isinstance(type, device):
            type, index = type.type, type.index
        if ":" in type:
            type, idx = type.split(":")
            index = builtins.int(idx)
        if type not in ("cpu", "cuda", "meta"):
            raise RuntimeError(f"Expected one of cpu, cuda device type at start of device string: {type}")
        self.type, self.index = type, index

    def __repr__(self):
        return f"device(type='{self.type}')" if self.index is None else f"device(type='{self.type}', index={self.index})"

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other):
        if isinstance(other, str):
            other = device(other)
        return isinstance(other, device) and (self.type, self.index) == (other.type, other.index)

    def __hash__(self):
        return hash((self.type, self.index))


def _check_device(dev):
    if dev is not None and device(dev).type != "cpu":
        raise RuntimeError("pytorch_api: only the CPU device is available in this build")


def _sizes(args):
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        args = tuple(args[0])
    out = []
    for s in args:
        if isinstance(s, Tensor):
            s = s.item()
        if not isinstance(s, (builtins.int, np.integer)) or isinstance(s, builtins.bool):
            raise TypeError(f"empty(): argument 'size' must be tuple of ints, but found element of type "
                            f"{type(s).__name__}")
        if s < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: {list(args)}")
        out.append(builtins.int(s))
    return tuple(out)


def _finish(t, requires_grad):
    if requires_grad:
        t.requires_grad_(True)
    return t


def empty(*size, dtype=None, device=None, requires_grad=False, out=None, **_):
    _check_device(device)
    d = dtype or D.get_default_dtype()
    return _finish(wrap(empty_c(_sizes(size), d), d), requires_grad)


def zeros(*size, dtype=None, device=None, requires_grad=False, **_):
    _check_device(device)
    d = dtype or D.get_default_dtype()
    s = _sizes(size)
    c = lib.tc_tensor_zeros(d.code, len(s), ffi.new("int64_t[]", list(s) or [0]))
    return _finish(wrap(ffi.gc(c, lib.tc_tensor_release), d), requires_grad)


def full(size, fill_value, dtype=None, device=None, requires_grad=False, **_):
    _check_device(device)
    if isinstance(fill_value, Tensor):
        fill_value = fill_value.item()
    d = dtype or D.scalar_dtype(fill_value)
    t = wrap(empty_c(_sizes((size,)), d), d)
    _fill(t, fill_value)
    return _finish(t, requires_grad)


def _fill(t, v):
    if t._dtype is D.int64 and isinstance(v, (builtins.int, np.integer)) and not isinstance(v, builtins.bool):
        rc = lib.tc_fill_int(t._c, builtins.int(v))
    else:
        rc = lib.tc_fill(t._c, builtins.float(v))
    if rc != 0:
        raise RuntimeError(_err())


def ones(*size, dtype=None, device=None, requires_grad=False, **_):
    return full(_sizes(size), 1, dtype=dtype or D.get_default_dtype(), requires_grad=requires_grad)


def _like(fn):
    def like(input, dtype=None, device=None, requires_grad=False, memory_format=None, **kw):
        return fn(input.shape, dtype=dtype or input.dtype, requires_grad=requires_grad, **kw)
    like.__name__ = fn.__name__ + "_like"
    return like


empty_like = _like(empty)
zeros_like = _like(zeros)
ones_like = _like(ones)


def full_like(input, fill_value, dtype=None, device=None, requires_grad=False, **_):
    return full(input.shape, fill_value, dtype=dtype or input.dtype, requires_grad=requires_grad)


def _infer_dtype(data):
    """PyTorch's inference for nested Python data: bool < int64 < default float."""
    cat = -1
    stack = [data]
    while stack:
        x = stack.pop()
        if isinstance(x, (list, tuple)):
            stack.extend(x)
        elif isinstance(x, Tensor):
            cat = max(cat, x._dtype.category)
            if x._dtype.category == 2 and x._dtype is not D.get_default_dtype():
                return x._dtype if cat < 3 else None
        elif isinstance(x, np.ndarray):
            return None
        elif isinstance(x, (builtins.bool, np.bool_)):
            cat = max(cat, 0)
        elif isinstance(x, (builtins.int, np.integer)):
            cat = max(cat, 1)
        elif isinstance(x, (builtins.float, np.floating)):
            cat = max(cat, 2)
        elif isinstance(x, complex):
            raise TypeError("complex tensors are not supported")
        else:
            raise TypeError(f"Could not infer dtype of {type(x).__name__}")
    return (D.bool_, D.int64, D.get_default_dtype())[cat] if cat >= 0 else D.get_default_dtype()


def _to_array(data):
    if isinstance(data, Tensor):
        return data.detach().numpy()
    if isinstance(data, (list, tuple)):
        items = [_to_array(x) if isinstance(x, (list, tuple, Tensor)) else x for x in data]
        shapes = {np.shape(x) for x in items}
        if len(shapes) > 1:
            raise ValueError(f"expected sequence of length {len(items[0]) if np.ndim(items[0]) else 0} at dim 1 "
                             f"(got {len(items[-1]) if np.ndim(items[-1]) else 0})")
        return np.array(items) if items else np.zeros((0,))
    return np.asarray(data)


def _from_array(a, d):
    t = wrap(empty_c(a.shape, d), d)
    if a.size:
        nd.to_numpy(t._c)[...] = a
    return t


def tensor(data, dtype=None, device=None, requires_grad=False, pin_memory=False):
    _check_device(device)
    if isinstance(data, Tensor):
        d = dtype or data._dtype
        t = data.detach().to(d).clone() if d is data._dtype else data.detach().to(d)
        return _finish(t, requires_grad)
    if isinstance(data, np.ndarray):
        d = dtype or D.from_numpy_dtype(data.dtype)
        return _finish(_from_array(data, d), requires_grad)
    d = dtype or _infer_dtype(data)
    a = _to_array(data)
    if d is None:
        d = D.from_numpy_dtype(a.dtype)
    return _finish(_from_array(a, d), requires_grad)


def as_tensor(data, dtype=None, device=None):
    if isinstance(data, Tensor):
        return data if dtype is None or dtype is data._dtype else data.to(dtype)
    if isinstance(data, np.ndarray) and (dtype is None or dtype.np == data.dtype) and data.dtype in D.BY_NP \
            and all(s >= 0 for s in data.strides):
        return from_numpy(data)
    return tensor(data, dtype=dtype)


asarray = as_tensor


def scalar_tensor(value, dtype=None, **_):
    return full((), value, dtype=dtype or D.get_default_dtype())


def eye(n, m=None, dtype=None, device=None, requires_grad=False, **_):
    m = n if m is None else m
    d = dtype or D.get_default_dtype()
    t = zeros(n, m, dtype=d)
    k = builtins.min(n, m)
    if k:
        diag = ffi.gc(lib.tc_view_diagonal(t._c, 0, 0, 1), lib.tc_tensor_release)
        lib.tc_fill(diag, 1.0)
    return _finish(t, requires_grad)


def arange(start, end=None, step=1, *, dtype=None, device=None, requires_grad=False, **_):
    if end is None:
        start, end = 0, start
    vals = [v.item() if isinstance(v, Tensor) else v for v in (start, end, step)]
    start, end, step = vals
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if (end - start) * step < 0:
        raise RuntimeError(f"upper bound and larger bound inconsistent with step sign")
    if dtype is None:
        dtype = D.int64 if all(isinstance(v, (builtins.int, np.integer)) for v in vals) else D.get_default_dtype()
    out = new_out(dtype)
    K.arange(out, start, end, step)
    return _finish(wrap(out, dtype), requires_grad)


def linspace(start, end, steps, *, dtype=None, device=None, requires_grad=False, **_):
    _check_device(device)
    d = dtype or D.get_default_dtype()
    out = new_out(d)
    if K.linspace(out, float(start), float(end), steps):
        raise RuntimeError(_err())
    return _finish(wrap(out, d), requires_grad)


def logspace(start, end, steps, base=10.0, *, dtype=None, device=None, requires_grad=False, **_):
    _check_device(device)
    d = dtype or D.get_default_dtype()
    out = new_out(D.float64)                  # base ** x computed in double, then rounded to dtype
    if lib.tc_logspace(out, float(start), float(end), steps, float(base)):
        raise RuntimeError(_err())
    return _finish(wrap(out, D.float64).to(d), requires_grad)


def _rebuild(a, requires_grad):
    t = tensor(a)
    t._requires_grad = requires_grad
    return t
