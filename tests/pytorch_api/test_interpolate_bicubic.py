"""F.interpolate(mode='bicubic'): values and gradients vs torch (align_corners, scale factors, float32/64)."""
import numpy as np
import pytest
import torch

import pytorch_api as pt

CASES = [((2, 3, 5, 6), dict(size=(9, 4))), ((1, 2, 6, 8), dict(scale_factor=0.5)),
         ((1, 2, 5, 7), dict(scale_factor=1.7)), ((1, 1, 4, 4), dict(size=(8, 6), align_corners=True)),
         ((1, 1, 4, 5), dict(scale_factor=2.5, align_corners=False)),
         ((1, 1, 4, 5), dict(scale_factor=2.3, recompute_scale_factor=True)), ((1, 1, 1, 3), dict(size=(3, 1)))]


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("shape,kw", CASES)
def test_bicubic_matches_torch(shape, kw, dtype):
    a = np.random.default_rng(len(shape) + shape[-1]).standard_normal(shape).astype(dtype)
    res = []
    for T in (pt, torch):
        x = T.tensor(a, requires_grad=True)
        y = T.nn.functional.interpolate(x, mode="bicubic", **kw)
        (y ** 2).sum().backward()
        res.append((y.detach().numpy(), x.grad.numpy()))
        assert y.dtype == getattr(T, dtype)
    tol = 1e-10 if dtype == "float64" else 1e-4
    for p, q in zip(*res):
        assert p.shape == q.shape
        np.testing.assert_allclose(p, q, rtol=tol, atol=tol)


def test_bicubic_needs_4d():
    with pytest.raises(NotImplementedError, match="bicubic"):
        pt.nn.functional.interpolate(pt.zeros(1, 1, 4), size=2, mode="bicubic")
    with pytest.raises(NotImplementedError, match="bicubic"):
        torch.nn.functional.interpolate(torch.zeros(1, 1, 4), size=2, mode="bicubic")
