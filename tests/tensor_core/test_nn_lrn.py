"""Cross-map LRN (vs torch local_response_norm) and Torch7 Normalize (vs the formula under autograd)."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from tensor_core import ffi, lib, check, TensorCoreError
from nn_testutil import FLOATS, tol, T, new, N, noncontig, numgrad

NULL = ffi.NULL


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("shape", [(2, 7, 3, 4), (3, 5, 6), (2, 3, 2, 2)])
@pytest.mark.parametrize("size", [1, 2, 3, 5, 4, 9])
def test_lrn_against_torch(dtype, shape, size):
    rng = np.random.default_rng(size)
    x = (rng.standard_normal(shape) * 2).astype(dtype)
    go = rng.standard_normal(shape).astype(dtype)
    xt = torch.tensor(x, requires_grad=True)
    yt = F.local_response_norm(xt, size, alpha=1e-2, beta=0.75, k=1.5)
    yt.backward(torch.tensor(go))
    out, sc = new(dtype), new(dtype)
    check(lib.tc_nn_cross_map_lrn(out, sc, T(noncontig(x)), size, 1e-2, 0.75, 1.5))
    np.testing.assert_allclose(N(out), yt.detach().numpy(), **tol(dtype))
    for scale in (sc, NULL):
        gi = new(dtype)
        check(lib.tc_nn_cross_map_lrn_backward(gi, T(go), T(x), out, scale, size, 1e-2, 0.75, 1.5))
        np.testing.assert_allclose(N(gi), xt.grad.numpy(), **tol(dtype))


def test_lrn_torch7_defaults_formula():
    # Torch7 SpatialCrossMapLRN(5) on C x H x W (frontend unsqueezes): alpha 1e-4, beta 0.75, k 1
    rng = np.random.default_rng(1)
    x = rng.standard_normal((6, 3, 3)) * 10
    out = new(np.float64)
    check(lib.tc_nn_cross_map_lrn(out, NULL, T(x[None]), 5, 1e-4, 0.75, 1.0))
    sq = np.pad(x ** 2, ((2, 2), (0, 0), (0, 0)))
    scale = 1 + 1e-4 / 5 * np.stack([sq[c:c + 5].sum(0) for c in range(6)])
    np.testing.assert_allclose(N(out)[0], x * scale ** -0.75, rtol=1e-12)


def torch7_normalize(x, p, eps):
    if np.isinf(p):
        norm = x.abs().max(-1, keepdim=True).values + eps
    else:
        norm = ((x.abs() ** p).sum(-1, keepdim=True) + eps) ** (1 / p)
    return x / norm


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("p", [2.0, 1.0, 3.0, float("inf")])
@pytest.mark.parametrize("shape", [(4, 5), (6,)])
def test_normalize_against_formula(dtype, p, shape):
    rng = np.random.default_rng(2)
    x = rng.standard_normal(shape).astype(dtype)
    go = rng.standard_normal(shape).astype(dtype)
    xt = torch.tensor(x, requires_grad=True)
    yt = torch7_normalize(xt, p, 1e-10)
    yt.backward(torch.tensor(go))
    out, nm = new(dtype), new(dtype)
    check(lib.tc_nn_normalize(out, nm, T(noncontig(x)), p, 1e-10))
    np.testing.assert_allclose(N(out), yt.detach().numpy(), **tol(dtype))
    gi = new(dtype)
    check(lib.tc_nn_normalize_backward(gi, T(go), T(x), nm, p))
    np.testing.assert_allclose(N(gi), xt.grad.numpy(), **tol(dtype))


def test_lrn_normalize_finite_differences():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((1, 4, 2)) * 3
    go = rng.standard_normal(x.shape)

    def f(v):
        o = new(np.float64)
        check(lib.tc_nn_cross_map_lrn(o, NULL, T(v), 3, 0.5, 0.75, 1.0))
        return float((N(o) * go).sum())

    out = new(np.float64)
    check(lib.tc_nn_cross_map_lrn(out, NULL, T(x), 3, 0.5, 0.75, 1.0))
    gi = new(np.float64)
    check(lib.tc_nn_cross_map_lrn_backward(gi, T(go), T(x), out, NULL, 3, 0.5, 0.75, 1.0))
    np.testing.assert_allclose(N(gi), numgrad(f, x), rtol=1e-6, atol=1e-8)


def test_lrn_normalize_errors():
    with pytest.raises(TensorCoreError, match="size must be >= 1"):
        check(lib.tc_nn_cross_map_lrn(new(np.float64), NULL, T(np.zeros((1, 3, 2))), 0, 1e-4, 0.75, 1.0))
    with pytest.raises(TensorCoreError, match="at least 2 dims"):
        check(lib.tc_nn_cross_map_lrn(new(np.float64), NULL, T(np.zeros(3)), 3, 1e-4, 0.75, 1.0))
    with pytest.raises(TensorCoreError, match="1-D or 2-D"):
        check(lib.tc_nn_normalize(new(np.float64), NULL, T(np.zeros((2, 2, 2))), 2.0, 1e-10))
    with pytest.raises(TensorCoreError, match="norm has 1 elements, expected 2"):
        check(lib.tc_nn_normalize_backward(new(np.float64), T(np.zeros((2, 3))), T(np.zeros((2, 3))),
                                           T(np.zeros(1)), 2.0))
