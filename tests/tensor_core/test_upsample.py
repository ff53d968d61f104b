"""Nearest and (bi/tri)linear upsampling against torch.nn.functional.interpolate, forward and
backward, finite differences and option validation."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from tensor_core import ffi, lib, check, TensorCoreError
from conv_testutil import DTYPES, tol, T, N, new, i64, f64, noncontig, torch_grads, numeric_grad

NULL = ffi.NULL
LINEAR = {1: "linear", 2: "bilinear", 3: "trilinear"}


def interp(nsp, mode, size=None, scale=None, align=None):
    def f(x):
        return F.interpolate(x, size=size, scale_factor=scale, mode=mode, align_corners=align)
    return f


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("nsp", [1, 2, 3])
@pytest.mark.parametrize("seed", range(4))
def test_nearest_matches_torch(dtype, nsp, seed):
    rng = np.random.default_rng(seed + 10 * nsp)
    size = tuple(int(v) for v in rng.integers(2, 7, nsp))
    x = rng.standard_normal((2, 3) + size).astype(dtype)
    if seed % 2:
        scale = [float(rng.choice([0.5, 1.5, 2.0, 3.0, 1.7])) for _ in range(nsp)]
        f = interp(nsp, "nearest", scale=scale)
    else:
        scale = None
        osz = tuple(int(v) for v in rng.integers(1, 12, nsp))
        f = interp(nsp, "nearest", size=osz)
    gout_shape = f(torch.tensor(x)).shape
    osz = tuple(gout_shape[2:])
    gout = rng.standard_normal(gout_shape).astype(dtype)
    ref, (gref,) = torch_grads(f, [x], gout)
    out, gx = new(dtype), new(dtype)
    xin = x[0] if seed == 2 else x        # unbatched once
    check(lib.tc_upsample_nearest_forward(out, T(noncontig(xin)), nsp, i64(osz), f64(scale)))
    np.testing.assert_array_equal(N(out), ref[0] if seed == 2 else ref)
    check(lib.tc_upsample_nearest_backward(gx, T(gout), T(x), nsp, f64(scale)))
    np.testing.assert_allclose(N(gx), gref, **tol(dtype))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("nsp", [1, 2, 3])
@pytest.mark.parametrize("align", [False, True])
@pytest.mark.parametrize("seed", range(3))
def test_linear_matches_torch(dtype, nsp, align, seed):
    rng = np.random.default_rng(seed + 10 * nsp + 100 * align)
    size = tuple(int(v) for v in rng.integers(2, 6, nsp))
    x = rng.standard_normal((2, 2) + size).astype(dtype)
    scale = None
    if seed == 1 and not align:
        scale = [float(rng.choice([0.6, 1.5, 2.0, 2.5])) for _ in range(nsp)]
        f = interp(nsp, LINEAR[nsp], scale=scale, align=align)
    else:
        osz = tuple(int(v) for v in rng.integers(1, 10, nsp))
        f = interp(nsp, LINEAR[nsp], size=osz, align=align)
    gout_shape = f(torch.tensor(x)).shape
    osz = tuple(gout_shape[2:])
    gout = rng.standard_normal(gout_shape).astype(dtype)
    ref, (gref,) = torch_grads(f, [x], gout)
    out, gx = new(dtype), new(dtype)
    check(lib.tc_upsample_linear_forward(out, T(x), nsp, i64(osz), align, f64(scale)))
    np.testing.assert_allclose(N(out), ref, **tol(dtype))
    check(lib.tc_upsample_linear_backward(gx, T(gout), T(x), nsp, align, f64(scale)))
    np.testing.assert_allclose(N(gx), gref, **tol(dtype))


@pytest.mark.parametrize("align", [0, 1])
def test_bilinear_gradient_finite_differences(align):
    rng = np.random.default_rng(3)
    x = rng.standard_normal((1, 2, 3, 4))
    osz = i64([5, 7])

    def fwd():
        out = new(np.float64)
        check(lib.tc_upsample_linear_forward(out, T(x), 2, osz, align, NULL))
        return N(out)
    g = rng.standard_normal(fwd().shape)
    gx = new(np.float64)
    check(lib.tc_upsample_linear_backward(gx, T(g), T(x), 2, align, NULL))
    np.testing.assert_allclose(N(gx), numeric_grad(lambda: float((fwd() * g).sum()), x), rtol=1e-6, atol=1e-8)


def test_torch7_spatial_upsampling_nearest_integer_scale():
    x = np.arange(6.0).reshape(1, 2, 3)
    out = new(np.float64)
    check(lib.tc_upsample_nearest_forward(out, T(x), 2, i64([4, 6]), NULL))
    np.testing.assert_array_equal(N(out)[0], np.repeat(np.repeat(x[0], 2, 0), 2, 1))


def test_upsample_errors():
    x = T(np.zeros((1, 2, 3, 3), np.float32))
    o = new(np.float32)
    with pytest.raises(TensorCoreError, match="output_size\\[1\\] must be positive"):
        check(lib.tc_upsample_nearest_forward(o, x, 2, i64([4, 0]), NULL))
    with pytest.raises(TensorCoreError, match="output_size' is NULL"):
        check(lib.tc_upsample_linear_forward(o, x, 2, NULL, 0, NULL))
    with pytest.raises(TensorCoreError, match="must be 3D \\(unbatched\\) or 4D"):
        check(lib.tc_upsample_linear_forward(o, T(np.zeros((3, 3), np.float32)), 2, i64([2, 2]), 0, NULL))
    with pytest.raises(TensorCoreError, match="'grad_output' size 3 at dim 1"):
        check(lib.tc_upsample_nearest_backward(o, T(np.zeros((1, 3, 6, 6), np.float32)), x, 2, NULL))
    with pytest.raises(TensorCoreError, match="scales\\[0\\] is not finite"):
        check(lib.tc_upsample_nearest_forward(o, x, 2, i64([4, 4]), f64([float("nan"), 1.0])))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("nsp", [1, 2, 3])
@pytest.mark.parametrize("use_scale", [False, True])
def test_nearest_exact_matches_torch(dtype, nsp, use_scale):
    rng = np.random.default_rng(nsp + 10 * use_scale)
    size = tuple(int(v) for v in rng.integers(2, 7, nsp))
    x = rng.standard_normal((2, 2) + size).astype(dtype)
    if use_scale:
        scale = [float(rng.choice([1.5, 2.0, 0.6, 2.5])) for _ in range(nsp)]
        f = interp(nsp, "nearest-exact", scale=scale)
    else:
        scale = None
        f = interp(nsp, "nearest-exact", size=tuple(int(v) for v in rng.integers(1, 12, nsp)))
    gout_shape = f(torch.tensor(x)).shape
    gout = rng.standard_normal(gout_shape).astype(dtype)
    ref, (gref,) = torch_grads(f, [x], gout)
    out, gx = new(dtype), new(dtype)
    check(lib.tc_upsample_nearest_exact_forward(out, T(x), nsp, i64(gout_shape[2:]), f64(scale)))
    np.testing.assert_array_equal(N(out), ref)
    check(lib.tc_upsample_nearest_exact_backward(gx, T(gout), T(x), nsp, f64(scale)))
    np.testing.assert_allclose(N(gx), gref, **tol(dtype))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("align", [False, True])
@pytest.mark.parametrize("seed", range(3))
def test_bicubic_matches_torch(dtype, align, seed):
    rng = np.random.default_rng(seed + 10 * align)
    size = tuple(int(v) for v in rng.integers(2, 7, 2))
    x = rng.standard_normal((2, 3) + size).astype(dtype)
    scale = None
    if seed == 2 and not align:
        scale = [1.7, 2.0]
        f = interp(2, "bicubic", scale=scale, align=align)
    else:
        f = interp(2, "bicubic", size=tuple(int(v) for v in rng.integers(1, 12, 2)), align=align)
    gout_shape = f(torch.tensor(x)).shape
    gout = rng.standard_normal(gout_shape).astype(dtype)
    ref, (gref,) = torch_grads(f, [x], gout)
    out, gx = new(dtype), new(dtype)
    xin = x[1] if seed == 1 else x
    check(lib.tc_upsample_bicubic2d_forward(out, T(noncontig(xin)), i64(gout_shape[2:]), align, f64(scale)))
    np.testing.assert_allclose(N(out), ref[1] if seed == 1 else ref, **tol(dtype))
    check(lib.tc_upsample_bicubic2d_backward(gx, T(gout), T(x), align, f64(scale)))
    np.testing.assert_allclose(N(gx), gref, **tol(dtype))


def test_bicubic_gradient_finite_differences():
    rng = np.random.default_rng(8)
    x = rng.standard_normal((1, 1, 3, 4))

    def fwd():
        out = new(np.float64)
        check(lib.tc_upsample_bicubic2d_forward(out, T(x), i64([5, 6]), 0, NULL))
        return N(out)
    g = rng.standard_normal(fwd().shape)
    gx = new(np.float64)
    check(lib.tc_upsample_bicubic2d_backward(gx, T(g), T(x), 0, NULL))
    np.testing.assert_allclose(N(gx), numeric_grad(lambda: float((fwd() * g).sum()), x), rtol=1e-6, atol=1e-8)


def _bilinear_torch7_reference(x, oh, ow):
    """Plain-loop THNN SpatialUpSamplingBilinear: float32 scale and source coordinates, weights in x's dtype."""
    h, w = x.shape[-2:]
    out = np.zeros(x.shape[:-2] + (oh, ow), x.dtype)
    rh = np.float32(h - 1) / np.float32(oh - 1) if oh > 1 else np.float32(0)
    rw = np.float32(w - 1) / np.float32(ow - 1) if ow > 1 else np.float32(0)
    for i in range(oh):
        yr = np.float32(rh * np.float32(i))
        y0 = int(yr)
        yp = 1 if y0 < h - 1 else 0
        ly1 = x.dtype.type(yr - np.float32(y0))
        for j in range(ow):
            xr = np.float32(rw * np.float32(j))
            x0 = int(xr)
            xp = 1 if x0 < w - 1 else 0
            lx1 = x.dtype.type(xr - np.float32(x0))
            out[..., i, j] = ((1 - ly1) * ((1 - lx1) * x[..., y0, x0] + lx1 * x[..., y0, x0 + xp])
                              + ly1 * ((1 - lx1) * x[..., y0 + yp, x0] + lx1 * x[..., y0 + yp, x0 + xp]))
    return out


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape,osz", [((2, 3, 5, 7), (15, 21)), ((3, 4, 6), (13, 1)), ((1, 1, 3, 3), (9, 11))])
def test_bilinear_torch7_float32_coordinates(dtype, shape, osz):
    rng = np.random.default_rng(sum(shape) + osz[0])
    x = rng.standard_normal(shape).astype(dtype)
    out = new(dtype)
    check(lib.tc_upsample_linear_forward(out, T(noncontig(x)), 2, i64(osz), 2, NULL))
    ref = _bilinear_torch7_reference(x, *osz)
    np.testing.assert_allclose(N(out), ref, rtol=1e-12 if dtype == np.float64 else 1e-6, atol=1e-12 if dtype == np.float64 else 1e-6)
    # backward is the adjoint of forward
    g = rng.standard_normal(ref.shape).astype(dtype)
    gx = new(dtype)
    check(lib.tc_upsample_linear_backward(gx, T(g), T(x), 2, 2, NULL))
    lhs, rhs = float(np.sum(ref.astype(np.float64) * g)), float(np.sum(x.astype(np.float64) * N(gx)))
    assert abs(lhs - rhs) <= (1e-10 if dtype == np.float64 else 1e-3) * (1 + abs(lhs))


def test_bilinear_torch7_mode_differs_from_double_coordinates():
    # scale 4/14 is not exact in float32: the double-precision weights (mode 1) differ by ~1e-7
    x = np.random.default_rng(0).standard_normal((1, 1, 5, 5))
    o1, o2 = new(np.float64), new(np.float64)
    check(lib.tc_upsample_linear_forward(o1, T(x), 2, i64((15, 15)), 1, NULL))
    check(lib.tc_upsample_linear_forward(o2, T(x), 2, i64((15, 15)), 2, NULL))
    d = np.abs(N(o1) - N(o2)).max()
    assert 0 < d < 1e-5


@pytest.mark.parametrize("fwd", [True, False])
def test_linear_align_corners_mode_validated(fwd):
    x = np.zeros((1, 1, 3, 3))
    with pytest.raises(TensorCoreError, match="align_corners"):
        if fwd:
            check(lib.tc_upsample_linear_forward(new(np.float64), T(x), 2, i64((6, 6)), 3, NULL))
        else:
            check(lib.tc_upsample_linear_backward(new(np.float64), T(np.zeros((1, 1, 6, 6))), T(x), 2, -1, NULL))
