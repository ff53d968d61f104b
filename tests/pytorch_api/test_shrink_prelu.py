"""Threshold, Softshrink, Hardshrink, Tanhshrink and PReLU modules against real PyTorch."""
import numpy as np
import pytest

import pytorch_api as torch

real = pytest.importorskip("torch")


@pytest.mark.parametrize("name,args", [("Threshold", (0.1, -1.0)), ("Softshrink", (0.3,)), ("Hardshrink", (0.3,)),
                                       ("Tanhshrink", ())])
def test_shrink_modules_match_pytorch(name, args):
    x = np.random.default_rng(0).standard_normal((4, 5)).astype(np.float32)
    a = torch.tensor(x, requires_grad=True)
    b = real.tensor(x, requires_grad=True)
    ya = getattr(torch.nn, name)(*args)(a)
    yb = getattr(real.nn, name)(*args)(b)
    np.testing.assert_allclose(ya.detach().numpy(), yb.detach().numpy(), rtol=1e-6, atol=1e-6)
    ya.sum().backward()
    yb.sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("n", [1, 3])
def test_prelu_matches_pytorch(n):
    x = np.random.default_rng(1).standard_normal((2, 3, 4, 4)).astype(np.float32)
    m, r = torch.nn.PReLU(n), real.nn.PReLU(n)
    a, b = torch.tensor(x, requires_grad=True), real.tensor(x, requires_grad=True)
    m(a).pow(2).sum().backward()
    r(b).pow(2).sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(m.weight.grad.numpy(), r.weight.grad.numpy(), rtol=1e-4, atol=1e-4)
    assert repr(m) == repr(r)


def test_local_response_norm_matches_pytorch():
    x = np.random.default_rng(2).standard_normal((2, 6, 4, 4)).astype(np.float32)
    a, b = torch.tensor(x, requires_grad=True), real.tensor(x, requires_grad=True)
    ya = torch.nn.LocalResponseNorm(3, 2e-4, 0.7, 2.0)(a)
    yb = real.nn.LocalResponseNorm(3, 2e-4, 0.7, 2.0)(b)
    np.testing.assert_allclose(ya.detach().numpy(), yb.detach().numpy(), rtol=1e-5, atol=1e-6)
    ya.pow(2).sum().backward()
    yb.pow(2).sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-4, atol=1e-5)
