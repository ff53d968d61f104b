"""In-place variants (`add_`, `x += y`, `x[i] = v`): computed by the functional op, written into the
tensor's own memory, the version counter bumped, and — under autograd — the tensor's history rebased onto
the op's node (its previous value enters the graph through a clone, so formulas see the old value)."""
from __future__ import annotations

import numpy as np

from tensor_core import lib
from .autograd.grad_mode import ENABLED
from ._tensor import Tensor, _err


def check_leaf(self):
    if ENABLED[0]:
        if self._requires_grad and self._grad_fn is None:
            raise RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.")
        vb = self._vbase
        if vb is not None and vb._requires_grad and vb._grad_fn is None:
            raise RuntimeError("a view of a leaf Variable that requires grad is being used in an in-place "
                               "operation.")


# ---- CopySlices: an in-place change of a view rewrites part of its base ---------------------------------
def _copy_slices_grad(g, s, c):
    mask, flat = c
    from ._ops import take
    return g.masked_fill(mask, 0), take(g.contiguous(), flat)


_CopySlices = None


def _positions_in_base(view, base):
    """Row-major flat indices into `base` of each element of `view` (both on one storage)."""
    def storage_positions(t):
        c = t._c
        pos = np.full((), c.offset, dtype=np.int64)
        for k in range(c.ndim):
            pos = np.add.outer(pos, np.arange(c.sizes[k], dtype=np.int64) * c.strides[k])
        return pos
    pb = storage_positions(base).ravel()
    pv = storage_positions(view)
    lo = int(min(pb.min(initial=0), pv.min(initial=0)))
    inv = np.full(int(max(pb.max(initial=0), pv.max(initial=0))) - lo + 1, -1, dtype=np.int64)
    inv[pb - lo] = np.arange(pb.size, dtype=np.int64)
    flat = inv[pv - lo]
    if (flat < 0).any():
        raise RuntimeError("in-place operation on a view that is not inside its base")
    return flat


def rebase_view(self):
    """After `self` (a view) took its new value under autograd, its base's history becomes
    CopySlices(old base history, new view value), as in PyTorch."""
    global _CopySlices
    base = self._vbase
    if _CopySlices is None:
        from ._registry import node_class
        _CopySlices = node_class("CopySlices", _copy_slices_grad)
    from .autograd.graph import make_node
    from ._tensor import from_numpy
    flat = from_numpy(np.ascontiguousarray(_positions_in_base(self, base)))
    mask = np.zeros(base.numel(), dtype=bool)
    mask[flat.numpy().ravel()] = True
    mask = from_numpy(mask.reshape(base.shape))
    node = make_node(_CopySlices, (base, self), (), (mask, flat))
    base._grad_fn = node
    base._out_idx = 0
    base._requires_grad = True


def _can_cast(src, dst):
    return src.category <= dst.category


def write_result(self, r, needs_grad):
    if r.shape != self.shape:
        raise RuntimeError(f"output with shape {list(self.shape)} doesn't match the broadcast shape {list(r.shape)}")
    if not _can_cast(r._dtype, self._dtype):
        raise RuntimeError(f"result type {_NAMES[r._dtype.name]} can't be cast to the desired output type "
                           f"{_NAMES[self._dtype.name]}")
    if r._c != self._c:
        if lib.tc_copy(self._c, r._c) != 0:
            raise RuntimeError(_err())
    self._vc[0] += 1
    if needs_grad:
        self._grad_fn = r._grad_fn
        self._out_idx = r._out_idx
        self._requires_grad = True
        if self._vbase is not None:
            rebase_view(self)
    return self


_NAMES = {"float32": "Float", "float64": "Double", "float16": "Half", "int64": "Long", "int32": "Int",
          "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool"}


def apply_inplace(self, fn, args, kwargs):
    needs_grad = ENABLED[0] and (self._requires_grad or any(
        isinstance(a, Tensor) and a._requires_grad for a in args))
    if needs_grad:
        check_leaf(self)
        src = self.clone()   # formulas that save the input must see its old value
        args = tuple(src if a is self else a for a in args)
        r = fn(src, *args, **kwargs)
    else:
        r = fn(self, *args, **kwargs)
    return write_result(self, r, needs_grad)


def make_inplace(fn, name):
    def method(self, *args, **kwargs):
        return apply_inplace(self, fn, args, kwargs)
    method.__name__ = name
    return method
