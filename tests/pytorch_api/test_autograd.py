"""Autograd semantics against PyTorch: leaves, accumulation, retain_graph, version counters, hooks, modes,
autograd.grad (including double backward), custom Functions and gradcheck."""
import numpy as np
import pytest
import torch as real_torch

import pytorch_api as torch
from pyapi_helpers import close, rng  # noqa: F401


def test_leaf_rules_and_accumulation():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * x
    assert x.is_leaf and not y.is_leaf and y.requires_grad and x.grad_fn is None
    assert type(y.grad_fn).__name__ == "MulBackward0"
    y.sum().backward()
    (x * 3).sum().backward()
    close(x.grad, real_torch.tensor([5.0, 7.0]))
    with pytest.warns(UserWarning, match="is not a leaf Tensor"):
        assert y.grad is None
    d = x.detach()
    assert not d.requires_grad and d.data_ptr() == x.data_ptr()
    with pytest.raises(RuntimeError, match="only Tensors of floating point"):
        torch.tensor([1, 2]).requires_grad_()


def test_backward_twice_and_retain_graph():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    y.backward(retain_graph=True)
    y.backward()
    close(x.grad, real_torch.tensor([4.0, 8.0]))
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        y.backward()


def test_inplace_errors_match_pytorch():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used in an in-place operation"):
        x.add_(1)
    a = x * 2
    b = a * a
    a.add_(1)
    with pytest.raises(RuntimeError, match="one of the variables needed for gradient computation has been modified by "
                                           "an inplace operation"):
        b.sum().backward()
    with torch.no_grad():
        x.add_(1)   # allowed without grad mode
    close(x, real_torch.tensor([2.0, 3.0]))


def test_inplace_on_non_leaf_rebases_history(rng):
    a = rng.standard_normal(4)
    x, rx = torch.tensor(a, requires_grad=True), real_torch.tensor(a, requires_grad=True)
    y, ry = x * 2, rx * 2
    y.mul_(3)
    ry.mul_(3)
    y.exp_()
    ry.exp_()
    assert y.grad_fn is not None
    y.sum().backward()
    ry.sum().backward()
    close(x.grad, rx.grad)


def test_no_grad_modes():
    x = torch.ones(2, requires_grad=True)
    with torch.no_grad():
        assert not (x * 2).requires_grad
        with torch.enable_grad():
            assert (x * 2).requires_grad
    assert (x * 2).requires_grad

    @torch.no_grad()
    def f(t):
        return t * 2
    assert not f(x).requires_grad
    torch.set_grad_enabled(False)
    try:
        assert not (x * 2).requires_grad
    finally:
        torch.set_grad_enabled(True)
    with torch.set_grad_enabled(False):
        assert not torch.is_grad_enabled()
    assert torch.is_grad_enabled()


def test_hooks_and_retain_grad():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * 3
    y.retain_grad()
    seen = []
    y.register_hook(lambda g: seen.append(g.clone()) or g * 2)
    h = x.register_hook(lambda g: g + 1)
    (y * y).sum().backward()
    rx = real_torch.tensor([1.0, 2.0], requires_grad=True)
    ry = rx * 3
    ry.retain_grad()
    ry.register_hook(lambda g: g * 2)
    rx.register_hook(lambda g: g + 1)
    (ry * ry).sum().backward()
    close(x.grad, rx.grad)
    close(y.grad, ry.grad)
    close(seen[0], real_torch.tensor([6.0, 12.0]))
    h.remove()


def test_broadcast_gradient_reduction(rng):
    a, b = rng.standard_normal((3, 1, 4)), rng.standard_normal((5, 1))
    x, rx = torch.tensor(a, requires_grad=True), real_torch.tensor(a, requires_grad=True)
    y, ry = torch.tensor(b, requires_grad=True), real_torch.tensor(b, requires_grad=True)
    ((x * y + y).sin()).sum().backward()
    ((rx * ry + ry).sin()).sum().backward()
    close(x.grad, rx.grad)
    close(y.grad, ry.grad)


def test_autograd_grad_and_double_backward(rng):
    a = rng.standard_normal(3)
    x, rx = torch.tensor(a, requires_grad=True), real_torch.tensor(a, requires_grad=True)
    (gx,) = torch.autograd.grad((x ** 3).sum(), x, create_graph=True)
    (rgx,) = real_torch.autograd.grad((rx ** 3).sum(), rx, create_graph=True)
    close(gx, rgx)
    assert x.grad is None
    (ggx,) = torch.autograd.grad(gx.sum(), x)
    (rggx,) = real_torch.autograd.grad(rgx.sum(), rx)
    close(ggx, rggx)
    y = torch.tensor([1.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="appears to not have been used in the graph"):
        torch.autograd.grad((x * 2).sum(), [x, y])
    g = torch.autograd.grad((x * 2).sum(), [x, y], allow_unused=True)
    assert g[1] is None
    with pytest.raises(RuntimeError, match="grad can be implicitly created only for scalar outputs"):
        (x * 2).backward()
    v = torch.tensor([1.0, 0.5, 2.0], dtype=torch.float64)
    (x * 2).backward(v)
    close(x.grad, 2 * real_torch.tensor([1.0, 0.5, 2.0], dtype=real_torch.float64))


class Cube(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, k):
        ctx.save_for_backward(x)
        ctx.k = k
        return x ** 3 * k

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        assert ctx.needs_input_grad == (True, False)
        return g * 3 * x * x * ctx.k, None


def test_custom_function_and_gradcheck(rng):
    x = torch.tensor(rng.standard_normal(4), requires_grad=True)
    y = Cube.apply(x, 2.0)
    assert type(y.grad_fn).__name__ == "CubeBackward"
    y.sum().backward()
    close(x.grad, 6 * torch.tensor(x.detach().numpy() ** 2))
    assert torch.autograd.gradcheck(lambda t: Cube.apply(t, 2.0), (torch.tensor(rng.standard_normal(3), requires_grad=True),))

    class Bad(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g * 3
    with pytest.raises(RuntimeError, match="Jacobian mismatch"):
        torch.autograd.gradcheck(Bad.apply, (torch.tensor(rng.standard_normal(3), requires_grad=True),))


@pytest.mark.parametrize("fn", [
    lambda x: (x.exp() * x.sin()).sum(1), lambda x: x.softmax(1), lambda x: x.log_softmax(0),
    lambda x: x.var(1) + x.std(0).sum(), lambda x: x @ x.t(), lambda x: x[:, 1:].max(1)[0],
    lambda x: torch.nn.functional.gelu(x), lambda x: x.prod(1), lambda x: x.cumsum(0),
    lambda x: torch.nn.functional.layer_norm(x, (4,)), lambda x: x.norm(dim=1),
])
def test_gradcheck_ops(fn, rng):
    x = torch.tensor(rng.uniform(0.5, 1.5, (3, 4)), requires_grad=True)
    assert torch.autograd.gradcheck(fn, (x,))


def test_mark_dirty_and_non_differentiable():
    class AddOneInPlace(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            x.add_(1)
            ctx.mark_dirty(x)
            return x

        @staticmethod
        def backward(ctx, g):
            return g

    class ArgSort(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            v, i = x.sort()
            ctx.mark_non_differentiable(i)
            return v, i

        @staticmethod
        def backward(ctx, gv, gi):
            return gv
    a = torch.tensor([3.0, 1.0], requires_grad=True)
    b = a * 1
    c = AddOneInPlace.apply(b)
    assert c is b and b._vc[0] >= 1
    v, i = ArgSort.apply(a)
    assert not i.requires_grad and v.requires_grad
