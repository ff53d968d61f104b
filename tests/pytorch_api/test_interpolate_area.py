"""F.interpolate(mode='area') (adaptive average pooling to the output size): values and gradients vs torch."""
import numpy as np
import pytest
import torch

import pytorch_api as pt

CASES = [((2, 3, 7), dict(size=4)), ((2, 3, 7, 9), dict(size=(3, 5))), ((1, 2, 6, 8), dict(scale_factor=0.5)),
         ((1, 2, 5, 4, 6), dict(size=(2, 3, 4))), ((1, 2, 5, 7), dict(scale_factor=1.7)),
         ((1, 1, 4, 4), dict(size=(8, 6)))]


@pytest.mark.parametrize("shape,kw", CASES)
def test_area_matches_torch(shape, kw):
    a = np.random.default_rng(len(shape)).standard_normal(shape)
    res = []
    for T in (pt, torch):
        x = T.tensor(a, requires_grad=True)
        y = T.nn.functional.interpolate(x, mode="area", **kw)
        (y ** 2 * T.arange(y.numel(), dtype=T.float64).reshape(y.shape)).sum().backward()
        res.append((y.detach().numpy(), x.grad.numpy()))
    for p, q in zip(*res):
        assert p.shape == q.shape
        np.testing.assert_allclose(p, q, rtol=1e-10, atol=1e-12)


def test_area_rejects_align_corners():
    with pytest.raises(ValueError, match="align_corners"):
        pt.nn.functional.interpolate(pt.zeros(1, 1, 4, 4), size=2, mode="area", align_corners=True)
    with pytest.raises(ValueError, match="align_corners"):
        torch.nn.functional.interpolate(torch.zeros(1, 1, 4, 4), size=2, mode="area", align_corners=True)
