"""Tensor.view(dtype): the same bytes read as another dtype, vs real torch."""
import numpy as np
import pytest
import torch

import pytorch_api as pt

PAIRS = [("float32", "int32"), ("float32", "int16"), ("float32", "float64"), ("float32", "uint8"),
         ("int64", "float64"), ("int16", "int8"), ("uint8", "bool"), ("float64", "int32"), ("int32", "float32")]


def _src(T, name):
    rng = np.random.default_rng(1)
    a = (rng.standard_normal((3, 8)) * 5).astype(np.dtype(name)) if name != "uint8" else \
        rng.integers(0, 2, (3, 8)).astype(np.uint8)
    return T.tensor(a)


@pytest.mark.parametrize("src,dst", PAIRS)
def test_view_dtype_matches_torch(src, dst):
    ours = _src(pt, src)[1:].view(getattr(pt, dst))
    ref = _src(torch, src)[1:].view(getattr(torch, dst))
    assert tuple(ours.shape) == tuple(ref.shape)
    np.testing.assert_array_equal(ours.numpy(), ref.numpy())


def test_view_dtype_shares_memory_and_version():
    x = pt.zeros(2, 4)
    v = x.view(pt.int32)
    v0 = x._vc[0]
    v[0, 1] = 1065353216          # the bits of 1.0f
    assert x[0, 1].item() == 1.0
    assert x._vc[0] > v0
    x[1, 0] = 2.0
    assert v[1, 0].item() == 1073741824


@pytest.mark.parametrize("make", [lambda T: T.zeros(4, 6).t(), lambda T: T.zeros(4, 3),
                                  lambda T: T.tensor(1.0)])
def test_view_dtype_errors_match_torch(make):
    with pytest.raises(RuntimeError) as ref:
        make(torch).view(torch.float64)
    with pytest.raises(RuntimeError) as ours:
        make(pt).view(pt.float64)
    assert str(ours.value).split(",")[0] == str(ref.value).split(",")[0]
