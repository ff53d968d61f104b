"""tril_indices / triu_indices (computed by the core's arange, comparison and nonzero) vs torch."""
import numpy as np
import pytest
import torch

import pytorch_api as pt


@pytest.mark.parametrize("name", ["tril_indices", "triu_indices"])
def test_tri_indices_match_torch(name):
    for row in range(0, 5):
        for col in range(0, 6):
            for offset in range(-6, 7):
                ours = getattr(pt, name)(row, col, offset)
                ref = getattr(torch, name)(row, col, offset)
                assert ours.dtype == pt.int64
                assert tuple(ours.shape) == tuple(ref.shape)
                np.testing.assert_array_equal(ours.numpy(), ref.numpy())
