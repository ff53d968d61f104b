"""Softmax / log-softmax over any dim against torch."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from tensor_core import lib, check, TensorCoreError
from nn_testutil import FLOATS, tol, T, new, N, noncontig, numgrad


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("log", [False, True])
@pytest.mark.parametrize("shape,dim", [((7,), 0), ((4, 9), 1), ((4, 9), 0), ((3, 5, 4, 2), 1), ((2, 3, 6), -1),
                                       ((2, 3, 6), 0), ((5, 1), 1)])
def test_against_torch(dtype, log, shape, dim):
    rng = np.random.default_rng(len(shape) * 10 + dim)
    x = (rng.standard_normal(shape) * 4).astype(dtype)
    go = rng.standard_normal(shape).astype(dtype)
    xt = torch.tensor(x, requires_grad=True)
    yt = (F.log_softmax if log else F.softmax)(xt, dim)
    yt.backward(torch.tensor(go))
    out = new(dtype)
    check((lib.tc_nn_log_softmax if log else lib.tc_nn_softmax)(out, T(noncontig(x)), dim))
    y = N(out)
    np.testing.assert_allclose(y, yt.detach().numpy(), **tol(dtype))
    gi = new(dtype)
    check((lib.tc_nn_log_softmax_backward if log else lib.tc_nn_softmax_backward)(gi, T(noncontig(go)), out, dim))
    np.testing.assert_allclose(N(gi), xt.grad.numpy(), **tol(dtype))


def test_large_logits_are_stable_and_in_place():
    x = np.array([[1000.0, 1001.0, 999.0], [-1e4, 0.0, 1e4]], np.float32)
    ref = F.softmax(torch.tensor(x), 1).numpy()
    t = T(x)
    check(lib.tc_nn_softmax(t, t, 1))  # in place
    np.testing.assert_allclose(x, ref, rtol=1e-6, atol=1e-30)
    y = new(np.float32)
    check(lib.tc_nn_log_softmax(y, T(np.array([[1000.0, 0.0]], np.float32)), 1))
    np.testing.assert_allclose(N(y), [[0.0, -1000.0]], rtol=1e-6)


@pytest.mark.parametrize("log", [False, True])
def test_finite_differences(log):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 4, 2))
    go = rng.standard_normal(x.shape)
    fwd = lib.tc_nn_log_softmax if log else lib.tc_nn_softmax
    bwd = lib.tc_nn_log_softmax_backward if log else lib.tc_nn_softmax_backward

    def f(v):
        o = new(np.float64)
        check(fwd(o, T(v), 1))
        return float((N(o) * go).sum())

    out = new(np.float64)
    check(fwd(out, T(x), 1))
    gi = new(np.float64)
    check(bwd(gi, T(go), out, 1))
    np.testing.assert_allclose(N(gi), numgrad(f, x), rtol=1e-6, atol=1e-8)


def test_float32_wide_rows_vectorised_exp_accuracy():
    x = np.random.default_rng(1).uniform(-80, 80, (16, 1000)).astype(np.float32)
    y = new(np.float32)
    check(lib.tc_nn_softmax(y, T(x), 1))
    ref = F.softmax(torch.tensor(x, dtype=torch.float64), 1).numpy()
    np.testing.assert_allclose(N(y), ref, rtol=1e-5, atol=1e-38)


def test_errors():
    with pytest.raises(TensorCoreError, match="dim"):
        check(lib.tc_nn_softmax(new(np.float64), T(np.zeros((2, 3))), 2))
    with pytest.raises(TensorCoreError, match="shapes differ"):
        check(lib.tc_nn_softmax_backward(new(np.float64), T(np.zeros((3, 2))), T(np.zeros((2, 3))), 1))
    with pytest.raises(TensorCoreError, match="float32 or float64"):
        check(lib.tc_nn_log_softmax(new(np.int64), T(np.zeros((2, 3), np.int64)), 1))


def test_masked_minus_inf_logits_give_exact_zeros():
    x = np.array([[0.0, -np.inf, 1.0, -np.inf], [-200.0, 0.0, -90.0, 5.0]], np.float32)
    y = new(np.float32)
    check(lib.tc_nn_softmax(y, T(x), 1))
    ref = F.softmax(torch.tensor(x), 1).numpy()
    assert np.all(N(y)[ref == 0] == 0)          # exact zeros where the reference has them
    np.testing.assert_allclose(N(y), ref, rtol=1e-6, atol=1e-38)   # (denormal results may flush to 0)
    ls = new(np.float32)
    check(lib.tc_nn_log_softmax(ls, T(x), 1))
    np.testing.assert_allclose(N(ls), F.log_softmax(torch.tensor(x), 1).numpy(), rtol=1e-6, atol=1e-6)
