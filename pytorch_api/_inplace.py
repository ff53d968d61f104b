"""In-place variants (`add_`, `x += y`, `x[i] = v`): computed by the functional op, written into the
tensor's own memory, the version counter bumped, and — under autograd — the tensor's history rebased onto
the op's node (its previous value enters the graph through a clone, so formulas see the old value)."""
from __future__ import annotations

from tensor_core import lib
from .autograd.grad_mode import ENABLED
from ._tensor import Tensor, _err


def check_leaf(self):
    if self._requires_grad and self._grad_fn is None and ENABLED[0]:
        raise RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.")


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
