"""Shared helpers for the spatial-kernel tests (conv, pool, upsample, pad): tensor wrapping, option
arrays, torch references and one central-difference gradient checker."""
import numpy as np

from tensor_core import ffi, lib, check
from tensor_core.nd import from_numpy, to_numpy, owned, dtype_code

DTYPES = [np.float32, np.float64]
TOL = {np.float32: dict(rtol=2e-4, atol=2e-4), np.float64: dict(rtol=1e-10, atol=1e-10)}


def tol(dtype):
    return TOL[np.dtype(dtype).type]


def T(a):
    """Core tensor viewing a numpy array (non-contiguous views allowed)."""
    return from_numpy(a)


def N(t):
    return np.array(to_numpy(t))


def new(dtype):
    return owned(lib.tc_tensor_new(dtype_code(dtype)))


def i64(xs):
    return ffi.NULL if xs is None else ffi.new("int64_t[]", [int(x) for x in xs])


def f64(xs):
    return ffi.NULL if xs is None else ffi.new("double[]", [float(x) for x in xs])


def tup(v, n):
    return tuple(v) if isinstance(v, (tuple, list)) else (v,) * n


def noncontig(a):
    """The same values as `a` in a non-contiguous layout (every other element of a doubled buffer)."""
    big = np.zeros(a.shape[:-1] + (a.shape[-1] * 2,), a.dtype)
    big[..., ::2] = a
    return big[..., ::2]


def torch_grads(fn, arrays, gout):
    """Forward fn(*tensors) in torch with autograd; returns (output, [grad for each array])."""
    import torch
    ts = [torch.tensor(a, requires_grad=True) for a in arrays]
    out = fn(*ts)
    out.backward(torch.tensor(gout))
    return out.detach().numpy(), [t.grad.numpy() if t.grad is not None else None for t in ts]


def numeric_grad(f, x, eps=1e-6):
    """Central differences of the scalar f() with respect to every element of the float64 array x
    (modified in place and restored)."""
    g = np.zeros_like(x)
    flat, gflat = x.reshape(-1), g.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        fp = f()
        flat[i] = old - eps
        fm = f()
        flat[i] = old
        gflat[i] = (fp - fm) / (2 * eps)
    return g


def scatter_grad_ref(shape, nsp, indices, gout, base):
    """The gradient max pooling sends back: each output's gradient added at its argmax (`indices`,
    flat within the last nsp dims, counted from base)."""
    g = np.zeros(shape)
    for c in np.ndindex(tuple(shape[:-nsp])):
        np.add.at(g[c].reshape(-1), (indices[c] - base).reshape(-1), gout[c].reshape(-1))
    return g
