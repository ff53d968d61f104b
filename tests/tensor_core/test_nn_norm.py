"""Batch norm, layer norm and group norm against torch."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from tensor_core import ffi, lib, check, TensorCoreError
from nn_testutil import FLOATS, tol, T, new, N, noncontig, numgrad

NULL = ffi.NULL


def opt(a):
    return T(a) if a is not None else NULL


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("shape", [(8, 3), (4, 3, 5), (2, 3, 4, 5), (2, 3, 2, 3, 2)])
@pytest.mark.parametrize("affine", [True, False])
def test_batch_norm_training_against_torch(dtype, shape, affine):
    rng = np.random.default_rng(len(shape))
    C = shape[1]
    x = (rng.standard_normal(shape) * 2 + 3).astype(dtype)
    w = rng.uniform(0.5, 1.5, C).astype(dtype) if affine else None
    b = rng.standard_normal(C).astype(dtype) if affine else None
    rm, rv = rng.standard_normal(C).astype(dtype), rng.uniform(0.5, 2, C).astype(dtype)
    go = rng.standard_normal(shape).astype(dtype)
    xt = torch.tensor(x, requires_grad=True)
    wt = torch.tensor(w, requires_grad=True) if affine else None
    bt = torch.tensor(b, requires_grad=True) if affine else None
    rmt, rvt = torch.tensor(rm), torch.tensor(rv)
    yt = F.batch_norm(xt, rmt, rvt, wt, bt, training=True, momentum=0.2, eps=1e-4)
    yt.backward(torch.tensor(go))
    out, sm, si = new(dtype), new(dtype), new(dtype)
    rm_c, rv_c = rm.copy(), rv.copy()
    check(lib.tc_nn_batch_norm(out, sm, si, T(noncontig(x)), opt(w), opt(b), T(rm_c), T(rv_c), 1, 0.2, 1e-4))
    np.testing.assert_allclose(N(out), yt.detach().numpy(), **tol(dtype))
    np.testing.assert_allclose(rm_c, rmt.numpy(), **tol(dtype))
    np.testing.assert_allclose(rv_c, rvt.numpy(), **tol(dtype))
    gi = new(dtype)
    gw, gb = np.full(C, 0.5, dtype), np.full(C, -0.25, dtype)
    check(lib.tc_nn_batch_norm_backward(gi, T(gw) if affine else NULL, T(gb) if affine else NULL, T(noncontig(go)),
                                        T(x), opt(w), NULL, NULL, sm, si, 1, 1e-4, 2.0))
    np.testing.assert_allclose(N(gi), xt.grad.numpy(), rtol=tol(dtype)["rtol"] * 10, atol=tol(dtype)["atol"] * 10)
    if affine:
        np.testing.assert_allclose(gw, 0.5 + 2 * wt.grad.numpy(), **tol(dtype))
        np.testing.assert_allclose(gb, -0.25 + 2 * bt.grad.numpy(), **tol(dtype))


@pytest.mark.parametrize("dtype", FLOATS)
def test_batch_norm_eval_against_torch(dtype):
    rng = np.random.default_rng(9)
    x = rng.standard_normal((3, 4, 5)).astype(dtype)
    w, b = rng.uniform(0.5, 1.5, 4).astype(dtype), rng.standard_normal(4).astype(dtype)
    rm, rv = rng.standard_normal(4).astype(dtype), rng.uniform(0.5, 2, 4).astype(dtype)
    go = rng.standard_normal(x.shape).astype(dtype)
    xt, wt, bt = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
    yt = F.batch_norm(xt, torch.tensor(rm), torch.tensor(rv), wt, bt, training=False, eps=1e-3)
    yt.backward(torch.tensor(go))
    out = new(dtype)
    rm_c = rm.copy()
    check(lib.tc_nn_batch_norm(out, NULL, NULL, T(x), T(w), T(b), T(rm_c), T(rv), 0, 0.1, 1e-3))
    np.testing.assert_allclose(N(out), yt.detach().numpy(), **tol(dtype))
    np.testing.assert_array_equal(rm_c, rm)  # untouched in evaluation
    gi, gw, gb = new(dtype), np.zeros(4, dtype), np.zeros(4, dtype)
    check(lib.tc_nn_batch_norm_backward(gi, T(gw), T(gb), T(go), T(x), T(w), T(rm), T(rv), NULL, NULL, 0, 1e-3, 1.0))
    np.testing.assert_allclose(N(gi), xt.grad.numpy(), **tol(dtype))
    np.testing.assert_allclose(gw, wt.grad.numpy(), **tol(dtype))
    np.testing.assert_allclose(gb, bt.grad.numpy(), **tol(dtype))


def test_batch_norm_finite_differences():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((4, 2, 3))
    w, b = rng.uniform(0.5, 1.5, 2), rng.standard_normal(2)
    go = rng.standard_normal(x.shape)

    def f(v):
        out = new(np.float64)
        check(lib.tc_nn_batch_norm(out, NULL, NULL, T(v), T(w), T(b), NULL, NULL, 1, 0.1, 1e-5))
        return float((N(out) * go).sum())

    out, sm, si = new(np.float64), new(np.float64), new(np.float64)
    check(lib.tc_nn_batch_norm(out, sm, si, T(x), T(w), T(b), NULL, NULL, 1, 0.1, 1e-5))
    gi = new(np.float64)
    check(lib.tc_nn_batch_norm_backward(gi, NULL, NULL, T(go), T(x), T(w), NULL, NULL, sm, si, 1, 1e-5, 1.0))
    np.testing.assert_allclose(N(gi), numgrad(f, x), rtol=1e-5, atol=1e-7)


def test_batch_norm_large_float32_offset_accuracy():
    rng = np.random.default_rng(4)
    x = (rng.standard_normal((16, 3, 30, 30)) * 0.01 + 1000).astype(np.float32)
    out, sm, si = new(np.float32), new(np.float32), new(np.float32)
    check(lib.tc_nn_batch_norm(out, sm, si, T(x), NULL, NULL, NULL, NULL, 1, 0.1, 1e-5))
    x64 = x.astype(np.float64)
    np.testing.assert_allclose(N(sm), x64.mean((0, 2, 3)), rtol=1e-7)
    np.testing.assert_allclose(N(si), 1 / np.sqrt(x64.var((0, 2, 3)) + 1e-5), rtol=1e-3)


def test_batch_norm_errors():
    x = T(np.zeros((4, 3)))
    with pytest.raises(TensorCoreError, match="'weight' has 2 elements, expected 3"):
        check(lib.tc_nn_batch_norm(new(np.float64), NULL, NULL, x, T(np.ones(2)), NULL, NULL, NULL, 1, 0.1, 1e-5))
    with pytest.raises(TensorCoreError, match="2-D .* to 5-D"):
        check(lib.tc_nn_batch_norm(new(np.float64), NULL, NULL, T(np.zeros(4)), NULL, NULL, NULL, NULL, 1, 0.1, 1e-5))
    with pytest.raises(TensorCoreError, match="'running_mean' is NULL"):
        check(lib.tc_nn_batch_norm(new(np.float64), NULL, NULL, x, NULL, NULL, NULL, NULL, 0, 0.1, 1e-5))
    with pytest.raises(TensorCoreError, match="more than one value per channel"):
        check(lib.tc_nn_batch_norm(new(np.float64), NULL, NULL, T(np.zeros((1, 3))), NULL, NULL, NULL, NULL, 1, 0.1,
                                   1e-5))


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("shape,nd", [((4, 6), 1), ((2, 3, 5), 2), ((3, 1, 4), 1)])
@pytest.mark.parametrize("affine", [True, False])
def test_layer_norm_against_torch(dtype, shape, nd, affine):
    rng = np.random.default_rng(5)
    ns = shape[-nd:]
    x = (rng.standard_normal(shape) + 2).astype(dtype)
    w = rng.uniform(0.5, 1.5, ns).astype(dtype) if affine else None
    b = rng.standard_normal(ns).astype(dtype) if affine else None
    go = rng.standard_normal(shape).astype(dtype)
    xt = torch.tensor(x, requires_grad=True)
    wt = torch.tensor(w, requires_grad=True) if affine else None
    bt = torch.tensor(b, requires_grad=True) if affine else None
    yt = F.layer_norm(xt, ns, wt, bt, eps=1e-5)
    yt.backward(torch.tensor(go))
    out, sm, si = new(dtype), new(dtype), new(dtype)
    check(lib.tc_nn_layer_norm(out, sm, si, T(noncontig(x)), opt(w), opt(b), nd, 1e-5))
    np.testing.assert_allclose(N(out), yt.detach().numpy(), **tol(dtype))
    gi = new(dtype)
    gw = np.zeros(ns, dtype)
    gb = np.zeros(ns, dtype)
    check(lib.tc_nn_layer_norm_backward(gi, T(gw) if affine else NULL, T(gb) if affine else NULL, T(go), T(x),
                                        opt(w), sm, si, nd, 1.0))
    np.testing.assert_allclose(N(gi), xt.grad.numpy(), rtol=tol(dtype)["rtol"] * 10, atol=tol(dtype)["atol"] * 10)
    if affine:
        np.testing.assert_allclose(gw, wt.grad.numpy(), **tol(dtype))
        np.testing.assert_allclose(gb, bt.grad.numpy(), **tol(dtype))


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("shape,G", [((2, 6, 4), 3), ((3, 4), 2), ((2, 4, 3, 3), 4), ((2, 4, 5), 1)])
def test_group_norm_and_instance_norm_against_torch(dtype, shape, G):
    rng = np.random.default_rng(6)
    C = shape[1]
    x = (rng.standard_normal(shape) * 2 - 1).astype(dtype)
    w, b = rng.uniform(0.5, 1.5, C).astype(dtype), rng.standard_normal(C).astype(dtype)
    go = rng.standard_normal(shape).astype(dtype)
    xt, wt, bt = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
    yt = F.group_norm(xt, G, wt, bt, eps=1e-5)
    yt.backward(torch.tensor(go))
    out, sm, si = new(dtype), new(dtype), new(dtype)
    check(lib.tc_nn_group_norm(out, sm, si, T(x), T(w), T(b), G, 1e-5))
    np.testing.assert_allclose(N(out), yt.detach().numpy(), **tol(dtype))
    gi, gw, gb = new(dtype), np.zeros(C, dtype), np.zeros(C, dtype)
    check(lib.tc_nn_group_norm_backward(gi, T(gw), T(gb), T(go), T(x), T(w), sm, si, G, 1.0))
    np.testing.assert_allclose(N(gi), xt.grad.numpy(), rtol=tol(dtype)["rtol"] * 10, atol=tol(dtype)["atol"] * 10)
    np.testing.assert_allclose(gw, wt.grad.numpy(), **tol(dtype))
    np.testing.assert_allclose(gb, bt.grad.numpy(), **tol(dtype))
    if G == C and len(shape) > 2:  # instance norm is group norm with one channel per group
        ref = F.instance_norm(torch.tensor(x), weight=torch.tensor(w), bias=torch.tensor(b), eps=1e-5)
        np.testing.assert_allclose(N(out), ref.numpy(), **tol(dtype))


def test_norm_errors():
    x = T(np.zeros((2, 6, 3)))
    with pytest.raises(TensorCoreError, match="6 channels cannot be split into 4 groups"):
        check(lib.tc_nn_group_norm(new(np.float64), NULL, NULL, x, NULL, NULL, 4, 1e-5))
    with pytest.raises(TensorCoreError, match="normalized_ndim must be in 1..3"):
        check(lib.tc_nn_layer_norm(new(np.float64), NULL, NULL, x, NULL, NULL, 4, 1e-5))
    with pytest.raises(TensorCoreError, match="save_mean/save_invstd must have 12 elements"):
        check(lib.tc_nn_layer_norm_backward(new(np.float64), NULL, NULL, x, x, NULL, T(np.zeros(3)), T(np.zeros(3)),
                                            1, 1.0))


def test_threaded_paths_match_serial():
    rng = np.random.default_rng(8)
    x = rng.standard_normal((8, 16, 40, 40)).astype(np.float32)   # above the parallel grain
    go = rng.standard_normal(x.shape).astype(np.float32)
    old = lib.tc_get_num_threads()

    def run():
        out, sm, si, gi = new(np.float32), new(np.float32), new(np.float32), new(np.float32)
        check(lib.tc_nn_batch_norm(out, sm, si, T(x), NULL, NULL, NULL, NULL, 1, 0.1, 1e-5))
        check(lib.tc_nn_batch_norm_backward(gi, NULL, NULL, T(go), T(x), NULL, NULL, NULL, sm, si, 1, 1e-5, 1.0))
        ls, lo, lsi = new(np.float32), new(np.float32), new(np.float32)
        check(lib.tc_nn_layer_norm(ls, lo, lsi, T(x), NULL, NULL, 2, 1e-5))
        sx = new(np.float32)
        check(lib.tc_nn_log_softmax(sx, T(x.reshape(-1, 40)), 1))
        return [N(t) for t in (out, gi, ls, sx)]

    try:
        lib.tc_set_num_threads(1)
        serial = run()
        lib.tc_set_num_threads(2)
        threaded = run()
    finally:
        lib.tc_set_num_threads(old)
    for a, b in zip(serial, threaded):
        np.testing.assert_array_equal(a, b)
