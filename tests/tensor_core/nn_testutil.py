"""Helpers for the nn kernel tests: numpy <-> core tensors, non-contiguous copies, numeric gradients."""
import numpy as np

from tensor_core import ffi, lib, check
from tensor_core.nd import from_numpy, to_numpy, empty, dtype_code

FLOATS = [np.float32, np.float64]


def tol(dtype):
    return dict(rtol=2e-4, atol=2e-5) if np.dtype(dtype) == np.float32 else dict(rtol=1e-9, atol=1e-11)


def T(a):
    """Core tensor viewing a numpy array."""
    return from_numpy(np.asarray(a))


def new(dtype):
    """A fresh 1-D size-0 output tensor (kernels resize it)."""
    t = lib.tc_tensor_new(dtype_code(dtype))
    check(t)
    return ffi.gc(t, lib.tc_tensor_release)


def N(t):
    return np.array(to_numpy(t))


def noncontig(a):
    """A copy of `a` laid out non-contiguously (every other element of a wider buffer, last dim)."""
    a = np.asarray(a)
    if a.ndim == 0:
        return a
    buf = np.zeros(a.shape[:-1] + (a.shape[-1] * 2,), a.dtype)
    v = buf[..., ::2]
    v[...] = a
    return v


def numgrad(f, x, eps=1e-6):
    """d f(x) / dx for a scalar function of a float64 array, by central differences."""
    x = np.array(x, dtype=np.float64)
    g = np.zeros_like(x)
    flat, gf = x.reshape(-1), g.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        fp = f(x)
        flat[i] = old - eps
        fm = f(x)
        flat[i] = old
        gf[i] = (fp - fm) / (2 * eps)
    return g
