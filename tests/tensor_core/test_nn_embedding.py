"""Embedding / LookupTable kernels against torch."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from tensor_core import lib, check, TensorCoreError
from nn_testutil import FLOATS, tol, T, new, N, noncontig


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("shape", [(7,), (3, 4), (2, 2, 3)])
@pytest.mark.parametrize("padding", [None, 2])
@pytest.mark.parametrize("freq", [False, True])
def test_embedding_against_torch(dtype, shape, padding, freq):
    rng = np.random.default_rng(0)
    V, D = 6, 5
    w = rng.standard_normal((V, D)).astype(dtype)
    idx = rng.integers(0, V, shape).astype(np.int64)
    idx.reshape(-1)[0] = 2
    wt = torch.tensor(w, requires_grad=True)
    yt = F.embedding(torch.tensor(idx), wt, padding_idx=padding, scale_grad_by_freq=freq)
    go = rng.standard_normal(yt.shape).astype(dtype)
    yt.backward(torch.tensor(go))
    out = new(dtype)
    check(lib.tc_nn_embedding(out, T(noncontig(w)), T(noncontig(idx)), 0))
    np.testing.assert_array_equal(N(out), yt.detach().numpy())
    gw = np.full((V, D), 0.5, dtype)
    check(lib.tc_nn_embedding_backward(T(gw), T(noncontig(go)), T(idx), -1 if padding is None else padding,
                                       int(freq), 2.0, 0))
    np.testing.assert_allclose(gw, 0.5 + 2.0 * wt.grad.numpy(), **tol(dtype))


def test_lua_one_based_lookup_table():
    rng = np.random.default_rng(1)
    w = rng.standard_normal((4, 3))
    idx = np.array([[1, 4], [4, 2]])
    out = new(np.float64)
    check(lib.tc_nn_embedding(out, T(w), T(idx), 1))
    np.testing.assert_array_equal(N(out), w[idx - 1])
    gw = np.zeros_like(w)
    go = rng.standard_normal((2, 2, 3))
    # Torch7 paddingValue 0 with 1-based ids: nothing is skipped
    check(lib.tc_nn_embedding_backward(T(gw), T(go), T(idx), 0, 0, 1.0, 1))
    ref = np.zeros_like(w)
    np.add.at(ref, idx.reshape(-1) - 1, go.reshape(-1, 3))
    np.testing.assert_allclose(gw, ref)
    # padding value 4 skips those rows
    gw[:] = 0
    check(lib.tc_nn_embedding_backward(T(gw), T(go), T(idx), 4, 0, 1.0, 1))
    assert np.all(gw[3] == 0) and np.any(gw[0] != 0)


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("p", [2.0, 1.0, 3.0])
def test_max_norm_renorm_against_torch(dtype, p):
    rng = np.random.default_rng(2)
    w = (rng.standard_normal((6, 4)) * 2).astype(dtype)
    idx = np.array([0, 3, 3, 5])
    ref = torch.tensor(w)
    with torch.no_grad():
        torch.embedding_renorm_(ref, torch.tensor(idx), 1.5, p)
    ours = w.copy()
    check(lib.tc_nn_embedding_renorm(T(ours), T(idx), 1.5, p, 0))
    np.testing.assert_allclose(ours, ref.numpy(), **tol(dtype))
    np.testing.assert_array_equal(ours[[1, 2, 4]], w[[1, 2, 4]])


def test_embedding_errors():
    w = T(np.zeros((4, 3)))
    with pytest.raises(TensorCoreError, match=r"index 4 at position 1 is out of range for 4 rows \(valid 0..3\)"):
        check(lib.tc_nn_embedding(new(np.float64), w, T(np.array([0, 4])), 0))
    with pytest.raises(TensorCoreError, match=r"index 0 at position 0 is out of range for 4 rows \(valid 1..4\)"):
        check(lib.tc_nn_embedding(new(np.float64), w, T(np.array([0, 4])), 1))
    with pytest.raises(TensorCoreError, match="int64"):
        check(lib.tc_nn_embedding(new(np.float64), w, T(np.array([0, 1], np.int32)), 0))
    with pytest.raises(TensorCoreError, match="grad_output has 3 elements, expected 2 indices x 3"):
        check(lib.tc_nn_embedding_backward(w, T(np.zeros(3)), T(np.array([0, 1])), -1, 0, 1.0, 0))
    with pytest.raises(TensorCoreError, match="weight must be 2-D"):
        check(lib.tc_nn_embedding(new(np.float64), T(np.zeros(3)), T(np.array([0])), 0))
