"""im2col / col2im entry points against torch.nn.functional.unfold / fold, adjointness, validation."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from tensor_core import ffi, lib, check, TensorCoreError
from conv_testutil import DTYPES, tol, T, N, new, i64, noncontig, torch_grads

NULL = ffi.NULL


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("seed", range(5))
def test_unfold_fold_match_torch(dtype, seed):
    rng = np.random.default_rng(seed)
    k = tuple(int(v) for v in rng.integers(1, 4, 2))
    s = tuple(int(v) for v in rng.integers(1, 3, 2))
    d = tuple(int(v) for v in rng.integers(1, 3, 2))
    p = tuple(int(rng.integers(0, 2)) for _ in range(2))
    size = tuple(int(d[i] * (k[i] - 1) + 1 + rng.integers(0, 5)) for i in range(2))
    x = rng.standard_normal((2, 3) + size).astype(dtype)
    f = lambda xx: F.unfold(xx, k, d, p, s)
    cols_shape = f(torch.tensor(x)).shape
    gcols = rng.standard_normal(cols_shape).astype(dtype)
    ref, (gref,) = torch_grads(f, [x], gcols)
    out = new(dtype)
    check(lib.tc_im2col(out, T(noncontig(x)), 2, i64(k), i64(s), i64(p), i64(d)))
    np.testing.assert_array_equal(N(out), ref)
    # fold is unfold's adjoint: torch's fold and unfold's gradient both equal our col2im
    back = new(dtype)
    check(lib.tc_col2im(back, T(gcols), 2, i64(size), i64(k), i64(s), i64(p), i64(d)))
    np.testing.assert_allclose(N(back), gref, **tol(dtype))
    np.testing.assert_allclose(N(back), F.fold(torch.tensor(gcols), size, k, d, p, s).numpy(), **tol(dtype))
    # unbatched
    out1 = new(dtype)
    check(lib.tc_im2col(out1, T(x[0]), 2, i64(k), i64(s), i64(p), i64(d)))
    np.testing.assert_array_equal(N(out1), ref[0])


def test_im2col_col2im_errors():
    o = new(np.float32)
    x = T(np.zeros((1, 2, 4, 4), np.float32))
    with pytest.raises(TensorCoreError, match="smaller than the dilated kernel"):
        check(lib.tc_im2col(o, x, 2, i64([5, 1]), NULL, NULL, NULL))
    cols = T(np.zeros((1, 8, 9), np.float32))
    with pytest.raises(TensorCoreError, match="has 9 blocks but .* give 4"):
        check(lib.tc_col2im(o, cols, 2, i64([3, 3]), i64([2, 2]), NULL, NULL, NULL))
    with pytest.raises(TensorCoreError, match="positive multiple of prod\\(kernel\\) = 9"):
        check(lib.tc_col2im(o, cols, 2, i64([4, 4]), i64([3, 3]), NULL, NULL, NULL))
