"""numpy interchange for core tensors (zero copy both ways).

    t = from_numpy(a)      # a core tensor viewing a's memory; `a` stays alive while t does
    a = to_numpy(t)        # an ndarray viewing t's memory (strides included); keeps t alive

pytorch_api builds .numpy()/from_numpy on these; the core tests use them to compare against numpy.
"""
from __future__ import annotations

import numpy as np

from . import ffi, lib, check

NP_DTYPES = [np.uint8, np.int8, np.int16, np.int32, np.int64, np.float16, np.float32, np.float64, np.bool_]
_CODE = {np.dtype(d): i for i, d in enumerate(NP_DTYPES)}

# Python objects kept alive on behalf of external storages, keyed by the cffi handle's address.  The
# core never calls back into Python to drop one: a storage can die inside a core call made from a
# LuaJIT trace, where Python code (a collection freeing a lupa object touches the Lua state) is unsafe.
# It queues the handle instead (tc_release_deferred), and release_pending() drops the queued ones here,
# at safe points: every from_numpy, and after each top-level call into Lua (bridge.runtime).
_keepalive: dict = {}


def release_pending() -> int:
    """Drops the Python objects whose storages the core has released; returns how many."""
    done = 0
    while lib.tc_release_pending() > 0:
        taken = ffi.new("void *[]", 256)      # per call: the core call runs without the GIL
        n = lib.tc_release_take(taken, 256)
        for i in range(n):
            _keepalive.pop(int(ffi.cast("intptr_t", taken[i])), None)
        done += n
    return done


def dtype_code(dtype) -> int:
    try:
        return _CODE[np.dtype(dtype)]
    except KeyError:
        raise TypeError(f"no tensor dtype for numpy dtype {np.dtype(dtype)}") from None


def from_numpy(a: np.ndarray):
    """A new core tensor (a cdata `tc_tensor *`, released by GC) sharing `a`'s memory."""
    if not isinstance(a, np.ndarray):
        raise TypeError(f"expected a numpy.ndarray, got {type(a).__name__}")
    code = dtype_code(a.dtype)
    if not a.dtype.isnative:
        raise TypeError("from_numpy: byte-swapped arrays are not supported; use a.astype(a.dtype.newbyteorder('='))")
    item = a.itemsize
    if any(s % item for s in a.strides):
        raise ValueError("from_numpy: strides must be multiples of the element size")
    if a.ndim > lib.TC_MAX_DIMS:
        raise ValueError(f"from_numpy: {a.ndim} dimensions exceed the limit of {lib.TC_MAX_DIMS}")
    strides = [s // item for s in a.strides]
    # the storage spans from the lowest to the highest addressed element
    lo = sum((n - 1) * s for n, s in zip(a.shape, strides) if s < 0 and n > 0)
    hi = sum((n - 1) * s for n, s in zip(a.shape, strides) if s > 0 and n > 0)
    base_ptr = a.__array_interface__["data"][0] + lo * item
    size = (hi - lo + 1) if a.size > 0 else 0
    release_pending()
    handle = ffi.new_handle(a)
    key = int(ffi.cast("intptr_t", handle))
    _keepalive[key] = handle
    storage = lib.tc_storage_new_external(code, ffi.cast("void *", base_ptr), size, lib.TC_DEVICE_CPU,
                                          lib.tc_release_deferred, handle)
    if storage == ffi.NULL:
        _keepalive.pop(key, None)
        check(storage)
    t = lib.tc_tensor_new_with_storage(storage, -lo, a.ndim, ffi.new("int64_t[]", list(a.shape) or [0]),
                                       ffi.new("int64_t[]", strides or [0]))
    lib.tc_storage_release(storage)
    check(t)
    return ffi.gc(t, lib.tc_tensor_release)


class _Holder:
    """Keeps a core tensor alive for as long as a numpy view of it exists."""

    def __init__(self, t, interface):
        self._t = t
        self.__array_interface__ = interface


def to_numpy(t) -> np.ndarray:
    """An ndarray viewing the core tensor's memory (no copy)."""
    dtype = np.dtype(NP_DTYPES[t.dtype])
    shape = tuple(t.sizes[i] for i in range(t.ndim))
    strides = tuple(t.strides[i] * dtype.itemsize for i in range(t.ndim))
    n = 1
    for s in shape:
        n *= s
    if n == 0 or t.storage == ffi.NULL:
        return np.empty(shape, dtype)
    ptr = int(ffi.cast("intptr_t", lib.tc_tensor_data(t)))
    lib.tc_tensor_retain(t)
    owned = ffi.gc(ffi.cast("tc_tensor *", t), lib.tc_tensor_release)
    iface = {"shape": shape, "typestr": dtype.str, "data": (ptr, False), "strides": strides, "version": 3}
    return np.asarray(_Holder(owned, iface))


def empty(shape, dtype=np.float32):
    shape = list(shape)
    t = lib.tc_tensor_empty(dtype_code(dtype), len(shape), ffi.new("int64_t[]", shape or [0]))
    check(t)
    return ffi.gc(t, lib.tc_tensor_release)


def owned(t):
    """Wraps a new reference returned by the core (checking for NULL) so GC releases it."""
    check(t)
    return ffi.gc(t, lib.tc_tensor_release)
