"""Multi margin, multilabel margin and cosine embedding losses against torch."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from tensor_core import ffi, lib, check, TensorCoreError
from nn_testutil import FLOATS, tol, T, new, N, noncontig, numgrad

RED = {"none": 0, "mean": 1, "sum": 2}
NULL = ffi.NULL


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("red", ["none", "mean", "sum"])
@pytest.mark.parametrize("p", [1, 2])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("batched", [True, False])
def test_multi_margin_against_torch(dtype, red, p, weighted, batched):
    rng = np.random.default_rng(p)
    C = 5
    x = rng.standard_normal((4, C) if batched else (C,)).astype(dtype)
    t = rng.integers(0, C, 4 if batched else ()).astype(np.int64)
    w = rng.uniform(0.5, 2, C).astype(dtype) if weighted else None
    xt = torch.tensor(x, requires_grad=True)
    ref = F.multi_margin_loss(xt, torch.tensor(t), p=p, margin=0.7, weight=torch.tensor(w) if weighted else None,
                              reduction=red)
    go = rng.standard_normal(ref.shape).astype(dtype)
    ref.backward(torch.tensor(go))
    out = new(dtype)
    check(lib.tc_nn_multi_margin_loss(out, T(noncontig(x)), T(t), T(w) if weighted else NULL, p, 0.7, RED[red], 0))
    np.testing.assert_allclose(N(out), ref.detach().numpy(), **tol(dtype))
    assert N(out).shape == tuple(ref.shape)
    gi = new(dtype)
    check(lib.tc_nn_multi_margin_loss_backward(gi, T(go), T(x), T(t), T(w) if weighted else NULL, p, 0.7, RED[red], 0))
    np.testing.assert_allclose(N(gi), xt.grad.numpy(), **tol(dtype))
    out1 = new(dtype)   # Lua: 1-based class ids, same numbers
    check(lib.tc_nn_multi_margin_loss(out1, T(x), T(t + 1), T(w) if weighted else NULL, p, 0.7, RED[red], 1))
    np.testing.assert_allclose(N(out1), N(out))


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("red", ["none", "mean", "sum"])
def test_multilabel_margin_against_torch_and_torch7_padding(dtype, red):
    rng = np.random.default_rng(3)
    C = 6
    x = rng.standard_normal((3, C)).astype(dtype)
    t = -np.ones((3, C), np.int64)
    t[0, :2] = [3, 0]
    t[1, :1] = [5]
    t[2, :3] = [1, 2, 4]
    t[2, 4] = 0   # after the -1 terminator: ignored
    xt = torch.tensor(x, requires_grad=True)
    ref = F.multilabel_margin_loss(xt, torch.tensor(t), reduction=red)
    go = rng.standard_normal(ref.shape).astype(dtype)
    ref.backward(torch.tensor(go))
    out = new(dtype)
    check(lib.tc_nn_multilabel_margin_loss(out, T(noncontig(x)), T(t), RED[red], 0))
    np.testing.assert_allclose(N(out), ref.detach().numpy(), **tol(dtype))
    gi = new(dtype)
    check(lib.tc_nn_multilabel_margin_loss_backward(gi, T(go), T(x), T(t), RED[red], 0))
    np.testing.assert_allclose(N(gi), xt.grad.numpy(), **tol(dtype))
    t7 = t + 1   # Torch7: 1-based ids padded with 0
    out7 = new(dtype)
    check(lib.tc_nn_multilabel_margin_loss(out7, T(x), T(t7), RED[red], 1))
    np.testing.assert_allclose(N(out7), N(out))


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("red", ["none", "mean", "sum"])
@pytest.mark.parametrize("batched", [True, False])
def test_cosine_embedding_against_torch(dtype, red, batched):
    rng = np.random.default_rng(4)
    shape = (5, 4) if batched else (4,)
    a, b = rng.standard_normal(shape).astype(dtype), rng.standard_normal(shape).astype(dtype)
    y = np.array([1, -1, -1, 1, -1], dtype) if batched else np.array(-1, dtype)
    if not batched:
        b = a + 0.1 * b  # cos > margin so the -1 branch is active
    at, bt = torch.tensor(a, requires_grad=True), torch.tensor(b, requires_grad=True)
    ref = F.cosine_embedding_loss(at, bt, torch.tensor(y), margin=-0.2, reduction=red)
    go = rng.standard_normal(ref.shape).astype(dtype)
    ref.backward(torch.tensor(go))
    out = new(dtype)
    check(lib.tc_nn_cosine_embedding_loss(out, T(noncontig(a)), T(b), T(y), -0.2, RED[red]))
    np.testing.assert_allclose(N(out), ref.detach().numpy(), **tol(dtype))
    g1, g2 = new(dtype), new(dtype)
    check(lib.tc_nn_cosine_embedding_loss_backward(g1, g2, T(go), T(a), T(b), T(y), -0.2, RED[red]))
    np.testing.assert_allclose(N(g1), at.grad.numpy(), **tol(dtype))
    np.testing.assert_allclose(N(g2), bt.grad.numpy(), **tol(dtype))


def test_margin_finite_differences():
    rng = np.random.default_rng(5)
    x = rng.standard_normal((3, 4))
    t = np.array([0, 3, 2])

    def f(v):
        o = new(np.float64)
        check(lib.tc_nn_multi_margin_loss(o, T(v), T(t), NULL, 2, 1.0, 1, 0))
        return float(N(o))

    gi = new(np.float64)
    check(lib.tc_nn_multi_margin_loss_backward(gi, T(np.array(1.0)), T(x), T(t), NULL, 2, 1.0, 1, 0))
    np.testing.assert_allclose(N(gi), numgrad(f, x), rtol=1e-6, atol=1e-8)


def test_margin_errors():
    x = T(np.zeros((2, 3)))
    with pytest.raises(TensorCoreError, match=r"target 3 at position 1 is out of range for 3 classes"):
        check(lib.tc_nn_multi_margin_loss(new(np.float64), x, T(np.array([0, 3])), NULL, 1, 1.0, 1, 0))
    with pytest.raises(TensorCoreError, match="p must be 1 or 2"):
        check(lib.tc_nn_multi_margin_loss(new(np.float64), x, T(np.array([0, 1])), NULL, 3, 1.0, 1, 0))
    with pytest.raises(TensorCoreError, match="target 7 at position 0 is out of range"):
        check(lib.tc_nn_multilabel_margin_loss(new(np.float64), x, T(np.array([[7, -1, -1], [0, -1, -1]])), 1, 0))
    with pytest.raises(TensorCoreError, match="input1 and input2 shapes differ"):
        check(lib.tc_nn_cosine_embedding_loss(new(np.float64), x, T(np.zeros((3, 2))), T(np.ones(2)), 0.0, 1))


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("red", ["none", "mean", "sum"])
def test_torch7_l1_hinge_embedding(dtype, red):
    rng = np.random.default_rng(6)
    a, b = rng.standard_normal((4, 3)).astype(dtype), rng.standard_normal((4, 3)).astype(dtype)
    y = np.array([1, -1, -1, 1], dtype)
    at, bt = torch.tensor(a, requires_grad=True), torch.tensor(b, requires_grad=True)
    d = (at - bt).abs().sum(1)
    per = torch.where(torch.tensor(y) == -1, (4.0 - d).clamp_min(0), d)
    ref = {"none": per, "mean": per.mean(), "sum": per.sum()}[red]
    go = rng.standard_normal(ref.shape).astype(dtype)
    ref.backward(torch.tensor(go))
    out = new(dtype)
    check(lib.tc_nn_l1_hinge_embedding_loss(out, T(a), T(noncontig(b)), T(y), 4.0, RED[red]))
    np.testing.assert_allclose(N(out), ref.detach().numpy(), **tol(dtype))
    g1, g2 = new(dtype), new(dtype)
    check(lib.tc_nn_l1_hinge_embedding_loss_backward(g1, g2, T(go), T(a), T(b), T(y), 4.0, RED[red]))
    np.testing.assert_allclose(N(g1), at.grad.numpy(), **tol(dtype))
    np.testing.assert_allclose(N(g2), bt.grad.numpy(), **tol(dtype))
