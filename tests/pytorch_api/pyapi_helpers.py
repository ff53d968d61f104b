import numpy as np
import pytest
import torch as real_torch

import pytorch_api as torch


def to_real(t):
    return real_torch.from_numpy(t.detach().numpy().copy())


def close(ours, theirs, rtol=1e-5, atol=1e-6):
    a = ours.detach().numpy() if isinstance(ours, torch.Tensor) else np.asarray(ours)
    b = theirs.detach().numpy() if isinstance(theirs, real_torch.Tensor) else np.asarray(theirs)
    assert a.shape == b.shape, (a.shape, b.shape)
    assert a.dtype == b.dtype, (a.dtype, b.dtype)
    np.testing.assert_allclose(a, b, rtol=rtol, atol=atol)


@pytest.fixture
def rng():
    return np.random.default_rng(0)
