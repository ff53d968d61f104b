"""Bilinear grid sampling against torch.nn.functional.grid_sample (forward, grad input, grad grid),
finite differences and validation."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from tensor_core import ffi, lib, check, TensorCoreError
from conv_testutil import DTYPES, tol, T, N, new, noncontig, torch_grads, numeric_grad

NULL = ffi.NULL
PAD = {"zeros": lib.TC_GRID_PAD_ZEROS, "border": lib.TC_GRID_PAD_BORDER}


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("padding", list(PAD))
@pytest.mark.parametrize("align", [False, True])
def test_grid_sample_matches_torch(dtype, padding, align):
    rng = np.random.default_rng(int(align) + 2 * len(padding))
    x = rng.standard_normal((2, 3, 5, 6)).astype(dtype)
    grid = (rng.random((2, 4, 7, 2)) * 2.6 - 1.3).astype(dtype)   # some points outside [-1, 1]
    f = lambda xx, gg: F.grid_sample(xx, gg, "bilinear", padding, align)
    gout = rng.standard_normal((2, 3, 4, 7)).astype(dtype)
    ref, (gx_ref, gg_ref) = torch_grads(f, [x, grid], gout)
    out, gx, gg = new(dtype), new(dtype), new(dtype)
    check(lib.tc_grid_sample2d_forward(out, T(noncontig(x)), T(grid), PAD[padding], align))
    np.testing.assert_allclose(N(out), ref, **tol(dtype))
    check(lib.tc_grid_sample2d_backward(gx, gg, T(gout), T(x), T(grid), PAD[padding], align))
    np.testing.assert_allclose(N(gx), gx_ref, **tol(dtype))
    t = dict(rtol=1e-3, atol=1e-3) if dtype == np.float32 else dict(rtol=1e-8, atol=1e-8)
    np.testing.assert_allclose(N(gg), gg_ref, **t)


def test_grid_sample_finite_differences():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((1, 2, 4, 5))
    grid = rng.random((1, 3, 3, 2)) * 1.8 - 0.9

    def fwd():
        out = new(np.float64)
        check(lib.tc_grid_sample2d_forward(out, T(x), T(grid), lib.TC_GRID_PAD_ZEROS, 1))
        return N(out)
    g = rng.standard_normal(fwd().shape)
    loss = lambda: float((fwd() * g).sum())
    gx, gg = new(np.float64), new(np.float64)
    check(lib.tc_grid_sample2d_backward(gx, gg, T(g), T(x), T(grid), lib.TC_GRID_PAD_ZEROS, 1))
    np.testing.assert_allclose(N(gx), numeric_grad(loss, x), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(N(gg), numeric_grad(loss, grid), rtol=1e-5, atol=1e-7)
    # only one of the gradients
    gx2 = new(np.float64)
    check(lib.tc_grid_sample2d_backward(gx2, NULL, T(g), T(x), T(grid), lib.TC_GRID_PAD_ZEROS, 1))
    np.testing.assert_array_equal(N(gx2), N(gx))


def test_grid_sample_errors():
    x = T(np.zeros((2, 3, 4, 4), np.float32))
    o = new(np.float32)
    with pytest.raises(TensorCoreError, match="'grid' must be 4D \\(N = 2"):
        check(lib.tc_grid_sample2d_forward(o, x, T(np.zeros((1, 3, 3, 2), np.float32)), 0, 0))
    with pytest.raises(TensorCoreError, match="padding_mode must be"):
        check(lib.tc_grid_sample2d_forward(o, x, T(np.zeros((2, 3, 3, 2), np.float32)), 2, 0))
    with pytest.raises(TensorCoreError, match="'grid' has dtype float64"):
        check(lib.tc_grid_sample2d_forward(o, x, T(np.zeros((2, 3, 3, 2))), 0, 0))
