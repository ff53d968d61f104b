"""In-place ops on views rebase the base's history (PyTorch's CopySlices): gradients vs real torch."""
import numpy as np
import pytest
import torch

import pytorch_api as pt


def _run(T, pattern, x_np, w_np):
    x0 = T.tensor(x_np, requires_grad=True)
    w = T.tensor(w_np, requires_grad=True)
    x = x0 * 1.5
    pattern(T, x, w)
    loss = (x * x0).sum() + (x ** 2).sum()
    loss.backward()
    return x.detach().numpy().copy(), x0.grad.numpy().copy(), w.grad.numpy().copy()


def _slice_mul(T, x, w):
    x[1:3].mul_(w[0])


def _select_add(T, x, w):
    x[2].add_(w[1:2].expand(4) * 3)


def _transpose_view(T, x, w):
    x.t()[1:3, 0].mul_(w[2])


def _chained(T, x, w):
    y = x[:, 1:]
    z = y[::2]
    z.mul_(w[0]).add_(w[1])


def _setitem_int(T, x, w):
    x[1] = w[0] * 2


def _setitem_mask(T, x, w):
    m = x.detach() > 4
    x[m] = w[1]


def _setitem_on_view(T, x, w):
    y = x[1:]
    y[0, 1:3] = w[:2]


def _copy_into_view(T, x, w):
    x[:, 0].copy_(w[:3])


def _view_then_use_view(T, x, w):
    y = x[0]
    y.mul_(w[0])
    x.mul_((y.sum() * 0.01))


PATTERNS = [_slice_mul, _select_add, _transpose_view, _chained, _setitem_int, _setitem_mask,
            _setitem_on_view, _copy_into_view, _view_then_use_view]


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda f: f.__name__)
def test_copy_slices_matches_torch(pattern):
    rng = np.random.default_rng(3)
    x_np = rng.standard_normal((3, 4)) * 3
    w_np = rng.standard_normal(4)
    ours = _run(pt, pattern, x_np, w_np)
    ref = _run(torch, pattern, x_np, w_np)
    for a, b in zip(ours, ref):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


def test_base_without_grad_gets_history():
    for T in (pt, torch):
        w = T.tensor([2.0, 3.0], dtype=T.float64, requires_grad=True)
        x = T.zeros(4, dtype=T.float64)
        x[1:3].copy_(w * w)
        assert x.requires_grad
        (x * T.arange(4, dtype=T.float64)).sum().backward()
        np.testing.assert_allclose(w.grad.numpy(), [4.0, 12.0])   # d/dw of 1*w0^2 + 2*w1^2


def test_inplace_on_view_of_leaf_raises():
    x = pt.ones(3, 4, requires_grad=True)
    with pytest.raises(RuntimeError, match="view of a leaf Variable"):
        x[1:2].mul_(2)
    with pytest.raises(RuntimeError, match="view of a leaf Variable"):
        x[0][1] = 3.0
    with pt.no_grad():
        x[0].mul_(2)              # allowed without grad mode
    assert x[0, 0].item() == 2.0


def test_detached_alias_does_not_rebase():
    x0 = pt.ones(3, requires_grad=True)
    h = x0 * 2
    d = h.detach()
    d[0:1].mul_(5)                # no autograd involved: h's history stays MulBackward
    assert type(h.grad_fn).__name__ == "MulBackward0"
    h.sum().backward()
    np.testing.assert_allclose(x0.grad.numpy(), [2.0, 2.0, 2.0])


def test_double_backward_through_copy_slices():
    def f(T):
        x0 = T.tensor([1.0, 2.0, 3.0], dtype=T.float64, requires_grad=True)
        x = x0 * x0
        x[1:].mul_(x0[:2])
        g, = T.autograd.grad(x.sum() ** 2, x0, create_graph=True)
        h, = T.autograd.grad(g.sum(), x0)
        return g.detach().numpy(), h.numpy()
    for a, b in zip(f(pt), f(torch)):
        np.testing.assert_allclose(a, b, rtol=1e-10)
