"""Pooling kernels (max with indices, average, adaptive, LP, max unpooling) against
torch.nn.functional, finite differences, index bases and option validation."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from tensor_core import ffi, lib, check, TensorCoreError
from conv_testutil import DTYPES, tol, T, N, new, i64, noncontig, torch_grads, numeric_grad

NULL = ffi.NULL
MAXP = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}
AVGP = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}
AMAX = {1: F.adaptive_max_pool1d, 2: F.adaptive_max_pool2d, 3: F.adaptive_max_pool3d}
AAVG = {1: F.adaptive_avg_pool1d, 2: F.adaptive_avg_pool2d, 3: F.adaptive_avg_pool3d}


def window_case(rng, nsp, dilation=True):
    k = tuple(int(v) for v in rng.integers(1, 4, nsp))
    s = tuple(int(v) for v in rng.integers(1, 4, nsp))
    p = tuple(int(rng.integers(0, kk // 2 + 1)) for kk in k)
    d = tuple(int(v) for v in rng.integers(1, 3, nsp)) if dilation else (1,) * nsp
    size = tuple(int(d[i] * (k[i] - 1) + 1 + rng.integers(0, 5)) for i in range(nsp))
    shape = ((2,) if rng.integers(0, 2) else ()) + (int(rng.integers(1, 4)),) + size
    return k, s, p, d, shape


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("nsp", [1, 2, 3])
@pytest.mark.parametrize("seed", range(5))
def test_max_pool_matches_torch(dtype, nsp, seed):
    rng = np.random.default_rng(seed + 10 * nsp)
    k, s, p, d, shape = window_case(rng, nsp)
    if seed == 0:
        p, d = (0,) * nsp, (1,) * nsp          # the plain fast path
    ceil = bool(seed % 2)
    x = rng.standard_normal(shape).astype(dtype)
    f = lambda xx: MAXP[nsp](xx, k, s, p, d, ceil, False)
    ref_idx = MAXP[nsp](torch.tensor(x), k, s, p, d, ceil, True)[1].numpy()
    gout = rng.standard_normal(ref_idx.shape).astype(dtype)
    ref, (gref,) = torch_grads(f, [x], gout)
    base = seed % 2
    out, ind = new(dtype), new(np.int64)
    check(lib.tc_max_pool_forward(out, ind, T(noncontig(x)), nsp, i64(k), i64(s), i64(p), i64(d), ceil, base))
    np.testing.assert_array_equal(N(out), ref)
    np.testing.assert_array_equal(N(ind), ref_idx + base)
    gx = new(dtype)
    check(lib.tc_max_pool_backward(gx, T(gout), T(x), ind, nsp, base))
    np.testing.assert_allclose(N(gx), gref, **tol(dtype))


def test_max_pool_nan_and_default_stride():
    x = np.arange(16.0).reshape(1, 1, 4, 4)
    x[0, 0, 1, 0] = np.nan
    out, ind = new(np.float64), new(np.int64)
    check(lib.tc_max_pool_forward(out, ind, T(x), 2, i64([2, 2]), NULL, NULL, NULL, 0, 0))
    r, ri = F.max_pool2d(torch.tensor(x), 2, return_indices=True)
    np.testing.assert_array_equal(N(out), r.numpy())
    np.testing.assert_array_equal(N(ind), ri.numpy())


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("nsp", [1, 2, 3])
@pytest.mark.parametrize("seed", range(5))
def test_avg_pool_matches_torch(dtype, nsp, seed):
    rng = np.random.default_rng(seed + 10 * nsp + 100)
    k, s, p, _, shape = window_case(rng, nsp, dilation=False)
    ceil, cip = bool(seed % 2), bool(seed // 2 % 2)
    div = int(rng.integers(1, 5)) if (seed == 4 and nsp > 1) else 0
    x = rng.standard_normal(shape).astype(dtype)
    if nsp == 1:
        f = lambda xx: F.avg_pool1d(xx, k, s, p, ceil, cip)
    else:
        f = lambda xx: AVGP[nsp](xx, k, s, p, ceil, cip, div or None)
    gout = rng.standard_normal(f(torch.tensor(x)).shape).astype(dtype)
    ref, (gref,) = torch_grads(f, [x], gout)
    out = new(dtype)
    check(lib.tc_avg_pool_forward(out, T(x), nsp, i64(k), i64(s), i64(p), ceil, cip, div))
    np.testing.assert_allclose(N(out), ref, **tol(dtype))
    gx = new(dtype)
    check(lib.tc_avg_pool_backward(gx, T(gout), T(x), nsp, i64(k), i64(s), i64(p), ceil, cip, div))
    np.testing.assert_allclose(N(gx), gref, **tol(dtype))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("nsp", [1, 2, 3])
@pytest.mark.parametrize("seed", range(3))
def test_adaptive_pools_match_torch(dtype, nsp, seed):
    rng = np.random.default_rng(seed + 10 * nsp + 200)
    size = tuple(int(v) for v in rng.integers(1, 9, nsp))
    osz = tuple(int(v) for v in rng.integers(1, 7, nsp))
    shape = ((2,) if seed % 2 else ()) + (3,) + size
    x = rng.standard_normal(shape).astype(dtype)
    # average
    f = lambda xx: AAVG[nsp](xx, osz)
    gout = rng.standard_normal(f(torch.tensor(x)).shape).astype(dtype)
    ref, (gref,) = torch_grads(f, [x], gout)
    out, gx = new(dtype), new(dtype)
    check(lib.tc_adaptive_avg_pool_forward(out, T(x), nsp, i64(osz)))
    np.testing.assert_allclose(N(out), ref, **tol(dtype))
    check(lib.tc_adaptive_avg_pool_backward(gx, T(gout), T(x), nsp))
    np.testing.assert_allclose(N(gx), gref, **tol(dtype))
    # max
    ref, ref_idx = AMAX[nsp](torch.tensor(x), osz, True)
    _, (gref,) = torch_grads(lambda xx: AMAX[nsp](xx, osz), [x], gout)
    out, ind, gx = new(dtype), new(np.int64), new(dtype)
    check(lib.tc_adaptive_max_pool_forward(out, ind, T(x), nsp, i64(osz), 1))
    np.testing.assert_array_equal(N(out), ref.numpy())
    np.testing.assert_array_equal(N(ind), ref_idx.numpy() + 1)
    check(lib.tc_max_pool_backward(gx, T(gout), T(x), ind, nsp, 1))
    np.testing.assert_allclose(N(gx), gref, **tol(dtype))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("p,ceil", [(2.0, False), (3.0, True), (1.5, False)])
def test_lp_pool2d_matches_torch(dtype, p, ceil):
    rng = np.random.default_rng(int(p * 10))
    x = (np.abs(rng.standard_normal((2, 3, 7, 6))) + 0.1).astype(dtype)
    k, s = (2, 3), (2, 2)
    f = lambda xx: F.lp_pool2d(xx, p, k, s, ceil)
    gout = rng.standard_normal(f(torch.tensor(x)).shape).astype(dtype)
    ref, (gref,) = torch_grads(f, [x], gout)
    out, gx = new(dtype), new(dtype)
    check(lib.tc_lp_pool_forward(out, T(x), 2, p, i64(k), i64(s), ceil))
    np.testing.assert_allclose(N(out), ref, **tol(dtype))
    check(lib.tc_lp_pool_backward(gx, T(gout), T(x), out, 2, p, i64(k), i64(s), ceil))
    np.testing.assert_allclose(N(gx), gref, **tol(dtype))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("nsp", [2, 3])
def test_max_unpool_matches_torch(dtype, nsp):
    rng = np.random.default_rng(nsp)
    shape = (2, 3) + (5,) * nsp
    x = rng.standard_normal(shape).astype(dtype)
    pooled, idx = MAXP[nsp](torch.tensor(x), 2, 2, 0, 1, False, True)
    unpool = {2: F.max_unpool2d, 3: F.max_unpool3d}[nsp]
    osz = shape[2:]
    f = lambda pp: unpool(pp, idx, 2, 2, 0, osz)
    gout = rng.standard_normal(shape).astype(dtype)
    ref, (gref,) = torch_grads(f, [pooled.numpy()], gout)
    out, gx = new(dtype), new(dtype)
    ind = T(idx.numpy())
    check(lib.tc_max_unpool_forward(out, T(pooled.numpy()), ind, nsp, i64(osz), 0))
    np.testing.assert_array_equal(N(out), ref)
    check(lib.tc_max_unpool_backward(gx, T(gout), T(pooled.numpy()), ind, nsp, 0))
    np.testing.assert_allclose(N(gx), gref, **tol(dtype))


def test_pool_gradients_finite_differences():
    rng = np.random.default_rng(9)
    x = rng.standard_normal((1, 2, 5, 4))
    gout_cache = {}

    def check_grad(forward, backward):
        g = rng.standard_normal(N(forward()).shape)
        loss = lambda: float((N(forward()) * g).sum())
        np.testing.assert_allclose(backward(g), numeric_grad(loss, x), rtol=1e-6, atol=1e-7)

    def maxf():
        out, ind = new(np.float64), new(np.int64)
        check(lib.tc_max_pool_forward(out, ind, T(x), 2, i64([2, 2]), i64([1, 2]), i64([1, 0]), NULL, 1, 0))
        gout_cache["ind"] = ind
        return out

    def maxb(g):
        maxf()
        gx = new(np.float64)
        check(lib.tc_max_pool_backward(gx, T(g), T(x), gout_cache["ind"], 2, 0))
        return N(gx)
    check_grad(maxf, maxb)

    def avgf():
        out = new(np.float64)
        check(lib.tc_avg_pool_forward(out, T(x), 2, i64([3, 2]), i64([2, 1]), i64([1, 1]), 1, 0, 0))
        return out

    def avgb(g):
        gx = new(np.float64)
        check(lib.tc_avg_pool_backward(gx, T(g), T(x), 2, i64([3, 2]), i64([2, 1]), i64([1, 1]), 1, 0, 0))
        return N(gx)
    check_grad(avgf, avgb)

    def aavgf():
        out = new(np.float64)
        check(lib.tc_adaptive_avg_pool_forward(out, T(x), 2, i64([3, 3])))
        return out

    def aavgb(g):
        gx = new(np.float64)
        check(lib.tc_adaptive_avg_pool_backward(gx, T(g), T(x), 2))
        return N(gx)
    check_grad(aavgf, aavgb)

    xs = x
    x = np.abs(xs) + 0.5

    def lpf():
        out = new(np.float64)
        check(lib.tc_lp_pool_forward(out, T(x), 2, 3.0, i64([2, 2]), NULL, 1))
        return out

    def lpb(g):
        gx = new(np.float64)
        check(lib.tc_lp_pool_backward(gx, T(g), T(x), lpf(), 2, 3.0, i64([2, 2]), NULL, 1))
        return N(gx)
    check_grad(lpf, lpb)


def err(fn, *args):
    with pytest.raises(TensorCoreError) as e:
        check(fn(*args))
    return str(e.value)


def test_pool_errors():
    x = T(np.zeros((1, 2, 5, 5), np.float32))
    o, ind = new(np.float32), new(np.int64)
    assert "kernel_size[1] must be positive" in err(lib.tc_max_pool_forward, o, ind, x, 2, i64([2, 0]), NULL, NULL, NULL, 0, 0)
    assert "stride[0] must be positive" in err(lib.tc_max_pool_forward, o, ind, x, 2, i64([2, 2]), i64([0, 1]), NULL, NULL, 0, 0)
    assert "padding[0] (2) must be at most half" in err(lib.tc_max_pool_forward, o, ind, x, 2, i64([3, 3]), NULL, i64([2, 0]),
                                                        NULL, 0, 0)
    assert "smaller than the kernel" in err(lib.tc_max_pool_forward, o, ind, x, 2, i64([6, 2]), NULL, NULL, NULL, 0, 0)
    assert "dilation[1] must be positive" in err(lib.tc_max_pool_forward, o, ind, x, 2, i64([2, 2]), NULL, NULL, i64([1, 0]), 0, 0)
    assert "'indices' must be int64" in err(lib.tc_max_pool_forward, o, o, x, 2, i64([2, 2]), NULL, NULL, NULL, 0, 0)
    assert "zero channels" in err(lib.tc_avg_pool_forward, o, T(np.zeros((1, 0, 5, 5), np.float32)), 2, i64([2, 2]), NULL, NULL, 0, 1, 0)
    assert "output_size[1] must be positive" in err(lib.tc_adaptive_avg_pool_forward, o, x, 2, i64([2, 0]))
    assert "norm_type p must be positive" in err(lib.tc_lp_pool_forward, o, x, 2, 0.0, i64([2, 2]), NULL, 0)
    bad = T(np.full((1, 2, 2, 2), 25, np.int64))
    assert "outside the plane" in err(lib.tc_max_unpool_forward, o, T(np.zeros((1, 2, 2, 2), np.float32)), bad, 2, i64([5, 5]), 0)
    assert "outside the plane" in err(lib.tc_max_pool_backward, o, T(np.zeros((1, 2, 2, 2), np.float32)), x, bad, 2, 0)
    assert "divisor_override must be >= 0" in err(lib.tc_avg_pool_forward, o, x, 2, i64([2, 2]), NULL, NULL, 0, 1, -1)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("nsp", [2, 3])
@pytest.mark.parametrize("seed", range(3))
def test_fractional_max_pool_matches_torch(dtype, nsp, seed):
    rng = np.random.default_rng(seed + 50 * nsp)
    size = tuple(int(v) for v in rng.integers(5, 10, nsp))
    k = tuple(int(v) for v in rng.integers(1, 4, nsp))
    osz = tuple(int(rng.integers(1, size[i] - k[i] + 2)) for i in range(nsp))
    x = rng.standard_normal((2, 3) + size).astype(dtype)
    samples = rng.random((2, 3, nsp)).astype(dtype)
    fmp = {2: F.fractional_max_pool2d, 3: F.fractional_max_pool3d}[nsp]
    ref, ref_idx = fmp(torch.tensor(x), k, output_size=osz, return_indices=True, _random_samples=torch.tensor(samples))
    gout = rng.standard_normal(ref.shape).astype(dtype)
    _, (gref,) = torch_grads(lambda xx: fmp(xx, k, output_size=osz, _random_samples=torch.tensor(samples)), [x], gout)
    out, ind, gx = new(dtype), new(np.int64), new(dtype)
    check(lib.tc_fractional_max_pool_forward(out, ind, T(x), nsp, i64(k), i64(osz), T(samples), 0))
    np.testing.assert_array_equal(N(out), ref.numpy())
    np.testing.assert_array_equal(N(ind), ref_idx.numpy())
    check(lib.tc_max_pool_backward(gx, T(gout), T(x), ind, nsp, 0))
    np.testing.assert_allclose(N(gx), gref, **tol(dtype))


def test_fractional_max_pool_errors():
    x = T(np.zeros((1, 2, 5, 5), np.float32))
    o, ind = new(np.float32), new(np.int64)
    s = T(np.full((1, 2, 2), 0.5, np.float32))
    with pytest.raises(TensorCoreError, match="exceeds the input size 5"):
        check(lib.tc_fractional_max_pool_forward(o, ind, x, 2, i64([3, 3]), i64([4, 2]), s, 0))
    with pytest.raises(TensorCoreError, match="samples must lie in \\[0, 1\\)"):
        check(lib.tc_fractional_max_pool_forward(o, ind, x, 2, i64([2, 2]), i64([2, 2]), T(np.full((1, 2, 2), 1.5, np.float32)), 0))
    with pytest.raises(TensorCoreError, match="'samples' must hold 4 values"):
        check(lib.tc_fractional_max_pool_forward(o, ind, x, 2, i64([2, 2]), i64([2, 2]), T(np.zeros(3, np.float32)), 0))
