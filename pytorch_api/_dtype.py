"""dtype objects and PyTorch's type promotion rules.

A dtype carries the core's element-type code (tc_base.h) so that ops pass `dtype.code` straight to C.
"""
from __future__ import annotations

import builtins

import numpy as np


class dtype:
    __slots__ = ("name", "code", "itemsize", "is_floating_point", "is_signed", "np", "category")

    def __init__(self, name, code, itemsize, category, is_signed, np_type):
        self.name = name
        self.code = code
        self.itemsize = itemsize
        self.category = category            # 0 bool, 1 integer, 2 floating: the promotion tiers
        self.is_floating_point = category == 2
        self.is_signed = is_signed
        self.np = np.dtype(np_type)

    @property
    def is_complex(self):
        return False

    def to_complex(self):
        raise RuntimeError("complex dtypes are not supported")

    def __repr__(self):
        return "torch." + self.name

    def __reduce__(self):
        return self.name


uint8 = dtype("uint8", 0, 1, 1, False, np.uint8)
int8 = dtype("int8", 1, 1, 1, True, np.int8)
int16 = dtype("int16", 2, 2, 1, True, np.int16)
int32 = dtype("int32", 3, 4, 1, True, np.int32)
int64 = dtype("int64", 4, 8, 1, True, np.int64)
float16 = dtype("float16", 5, 2, 2, True, np.float16)
float32 = dtype("float32", 6, 4, 2, True, np.float32)
float64 = dtype("float64", 7, 8, 2, True, np.float64)
bool_ = dtype("bool", 8, 1, 0, False, np.bool_)

BY_CODE = (uint8, int8, int16, int32, int64, float16, float32, float64, bool_)
BY_NP = {d.np: d for d in BY_CODE}

_default = [float32]


def get_default_dtype():
    return _default[0]


def set_default_dtype(d):
    if not isinstance(d, dtype) or not d.is_floating_point:
        raise TypeError(f"only floating-point types are supported as the default type, got {d}")
    _default[0] = d


def from_numpy_dtype(npd):
    try:
        return BY_NP[np.dtype(npd)]
    except KeyError:
        raise TypeError(
            f"can't convert np.ndarray of type {np.dtype(npd)}. The only supported types are: float64, "
            "float32, float16, int64, int32, int16, int8, uint8, and bool.") from None


def promote_types(a: dtype, b: dtype) -> dtype:
    if a is b:
        return a
    if a.category != b.category:
        return a if a.category > b.category else b
    if a.category == 2:
        return a if a.itemsize > b.itemsize else b
    # two distinct integer types
    if a is uint8 or b is uint8:
        other = b if a is uint8 else a
        return int16 if other is int8 else other
    return a if a.itemsize > b.itemsize else b


def scalar_dtype(x) -> dtype:
    """The dtype a Python number takes when it stands alone (PyTorch's wrapped-number default)."""
    if isinstance(x, builtins.bool) or isinstance(x, np.bool_):
        return bool_
    if isinstance(x, (builtins.int, np.integer)):
        return int64
    if isinstance(x, (builtins.float, np.floating)):
        return _default[0]
    if isinstance(x, complex):
        raise TypeError("complex numbers are not supported")
    raise TypeError(f"expected a number, got {type(x).__name__}")


def result_dtype(tensor_dtypes_dim, tensor_dtypes_0d, scalars) -> dtype:
    """PyTorch's three-tier rule: dimensioned tensors, then 0-d tensors, then Python scalars; a lower
    tier only matters when it brings a higher category (bool < integer < floating)."""
    result = None
    for d in tensor_dtypes_dim:
        result = d if result is None else promote_types(result, d)
    zero = None
    for d in tensor_dtypes_0d:
        zero = d if zero is None else promote_types(zero, d)
    if zero is not None:
        if result is None:
            result = zero
        elif zero.category > result.category:
            result = zero
    sc = None
    for s in scalars:
        d = scalar_dtype(s)
        sc = d if sc is None else (d if d.category > sc.category else sc)
    if sc is not None:
        if result is None:
            result = sc
        elif sc.category > result.category:
            result = sc if sc.category < 2 else _default[0]
    return result
