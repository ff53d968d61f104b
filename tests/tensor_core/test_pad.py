"""Constant (with cropping), reflection, replication and circular padding against torch.nn.functional.pad,
forward and backward, finite differences and option validation."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from tensor_core import ffi, lib, check, TensorCoreError
from conv_testutil import DTYPES, tol, T, N, new, i64, noncontig, torch_grads, numeric_grad

MODES = {"constant": lib.TC_PAD_CONSTANT, "reflect": lib.TC_PAD_REFLECT, "replicate": lib.TC_PAD_REPLICATE,
         "circular": lib.TC_PAD_CIRCULAR}


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("nsp", [1, 2, 3])
@pytest.mark.parametrize("seed", range(3))
def test_pad_matches_torch(dtype, mode, nsp, seed):
    rng = np.random.default_rng(seed + 10 * nsp + 100 * list(MODES).index(mode))
    size = tuple(int(v) for v in rng.integers(2, 6, nsp))
    shape = ((2,) if seed % 2 else ()) + (3,) + size
    pad = []
    for j in range(nsp):
        n = size[nsp - 1 - j]
        lo = -((n - 1) // 2) if mode in ("constant", "replicate") else 0
        hi = n - 1 if mode == "reflect" else n if mode == "circular" else 4
        pad += [int(rng.integers(lo, hi + 1)), int(rng.integers(lo, hi + 1))]
    x = rng.standard_normal(shape).astype(dtype)
    value = 1.5 if mode == "constant" else None
    f = lambda xx: F.pad(xx, pad, mode, value) if mode == "constant" else F.pad(xx, pad, mode)
    gout = rng.standard_normal(f(torch.tensor(x)).shape).astype(dtype)
    ref, (gref,) = torch_grads(f, [x], gout)
    out, gx = new(dtype), new(dtype)
    check(lib.tc_pad_forward(out, T(noncontig(x)), nsp, i64(pad), MODES[mode], value or 0.0))
    np.testing.assert_array_equal(N(out), ref)
    check(lib.tc_pad_backward(gx, T(gout), T(x), nsp, i64(pad), MODES[mode]))
    np.testing.assert_allclose(N(gx), gref, **tol(dtype))


def test_constant_pad_any_leading_dims_and_crop():
    x = np.arange(24.0).reshape(2, 3, 4)
    out = new(np.float64)
    check(lib.tc_pad_forward(out, T(x), 1, i64([-1, 2]), lib.TC_PAD_CONSTANT, 0.0))
    np.testing.assert_array_equal(N(out), np.pad(x[..., 1:], ((0, 0), (0, 0), (0, 2))))


@pytest.mark.parametrize("mode", list(MODES))
def test_pad_gradient_finite_differences(mode):
    rng = np.random.default_rng(4)
    x = rng.standard_normal((1, 2, 3, 4))
    pad = i64([2, 1, 1, 2]) if mode != "constant" else i64([2, -1, 1, 0])

    def fwd():
        out = new(np.float64)
        check(lib.tc_pad_forward(out, T(x), 2, pad, MODES[mode], 0.25))
        return N(out)
    g = rng.standard_normal(fwd().shape)
    gx = new(np.float64)
    check(lib.tc_pad_backward(gx, T(g), T(x), 2, pad, MODES[mode]))
    np.testing.assert_allclose(N(gx), numeric_grad(lambda: float((fwd() * g).sum()), x), rtol=1e-6, atol=1e-8)


def test_pad_errors():
    x = T(np.zeros((1, 2, 3, 3), np.float32))
    o = new(np.float32)
    with pytest.raises(TensorCoreError, match="reflection padding \\(3, 0\\) must be smaller than the size 3"):
        check(lib.tc_pad_forward(o, x, 2, i64([3, 0, 0, 0]), lib.TC_PAD_REFLECT, 0))
    with pytest.raises(TensorCoreError, match="negative size"):
        check(lib.tc_pad_forward(o, x, 2, i64([-2, -2, 0, 0]), lib.TC_PAD_CONSTANT, 0))
    with pytest.raises(TensorCoreError, match="unknown padding mode 7"):
        check(lib.tc_pad_forward(o, x, 2, i64([1, 1, 1, 1]), 7, 0))
    with pytest.raises(TensorCoreError, match="needs a 2D or 3D input"):
        check(lib.tc_pad_forward(o, x, 1, i64([1, 1]), lib.TC_PAD_REPLICATE, 0))
    with pytest.raises(TensorCoreError, match="circular padding \\(4, 0\\) must be at most"):
        check(lib.tc_pad_forward(o, x, 2, i64([4, 0, 0, 0]), lib.TC_PAD_CIRCULAR, 0))
    with pytest.raises(TensorCoreError, match="'grad_output' must have shape \\(1, 2, 5, 5\\)"):
        check(lib.tc_pad_backward(o, T(np.zeros((1, 2, 5, 4), np.float32)), x, 2, i64([1, 1, 1, 1]), lib.TC_PAD_REPLICATE))
