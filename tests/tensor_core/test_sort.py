"""sort / topk / kthvalue / median / mode of the C core against numpy and PyTorch."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from tensor_core import ffi, lib, TensorCoreError, check
from tensor_core.nd import from_numpy, to_numpy, owned, dtype_code

DTYPES = [np.uint8, np.int8, np.int16, np.int32, np.int64, np.float32, np.float64, np.bool_]
rng = np.random.default_rng(11)


def new(dtype):
    return owned(lib.tc_tensor_new(dtype_code(dtype)))


def rand(shape, dtype, low=0, high=6):
    """values with many ties (small range) so stability and tie rules matter"""
    if np.dtype(dtype) == np.bool_:
        return rng.integers(0, 2, size=shape).astype(bool)
    a = rng.integers(low, high, size=shape)
    if np.dtype(dtype).kind == "f":
        a = a + rng.choice([0.0, 0.5], size=shape)
    return a.astype(dtype)


def strided(a):
    big = np.zeros(tuple(2 * s for s in a.shape), a.dtype)
    v = big[tuple(slice(None, None, 2) for _ in a.shape)]
    v[...] = a
    return v


def run_sort(a, dim, desc, base=0):
    v, i = new(a.dtype), new(np.int64)
    check(lib.tc_sort(v, i, from_numpy(a), dim, desc, base))
    return to_numpy(v), to_numpy(i)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("base", [0, 1])
def test_sort_stable_both_directions(dtype, base):
    a = rand((4, 5, 7), dtype)
    for dim in (0, 1, 2, -1):
        for src in (a, strided(a), a.transpose(1, 0, 2).copy().transpose(1, 0, 2)):
            v, i = run_sort(src, dim, 0, base)
            order = np.argsort(a, axis=dim, kind="stable")
            np.testing.assert_array_equal(i - base, order)
            np.testing.assert_array_equal(v, np.take_along_axis(a, order, axis=dim))
            v, i = run_sort(src, dim, 1, base)
            # stable descending: equal elements keep their original order
            key = -a.astype(np.float64) if a.dtype != np.bool_ else -a.astype(np.int64)
            order = np.argsort(key, axis=dim, kind="stable")
            np.testing.assert_array_equal(i - base, order)
            np.testing.assert_array_equal(v, np.take_along_axis(a, order, axis=dim))


def test_sort_nan_like_pytorch():
    torch = pytest.importorskip("torch")
    a = np.array([[3.0, np.nan, -1.0, np.inf, np.nan, 0.0, -np.inf]] * 2)
    for desc in (0, 1):
        v, i = run_sort(a, 1, desc)
        tv, ti = torch.sort(torch.from_numpy(a), dim=1, descending=bool(desc), stable=True)
        np.testing.assert_array_equal(v, tv.numpy())
        np.testing.assert_array_equal(i, ti.numpy())


def test_sort_scalar_and_empty_and_in_place():
    v, i = run_sort(np.array(5.0), 0, 0)
    assert v.shape == () and v == 5.0 and i == 0
    v, i = run_sort(np.zeros((3, 0)), 1, 0)
    assert v.shape == (3, 0) and i.shape == (3, 0)
    a = np.array([3.0, 1.0, 2.0])
    t = from_numpy(a)
    idx = new(np.int64)
    check(lib.tc_sort(t, idx, t, 0, 0, 1))  # values written over the source
    np.testing.assert_array_equal(a, [1.0, 2.0, 3.0])
    np.testing.assert_array_equal(to_numpy(idx), [2, 3, 1])
    # values only (argsort needs indices only)
    i = new(np.int64)
    check(lib.tc_sort(ffi.NULL, i, from_numpy(np.array([2, 0, 1])), 0, 0, 0))
    np.testing.assert_array_equal(to_numpy(i), [1, 2, 0])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-3, 3), min_size=0, max_size=60), st.booleans())
def test_sort_is_stable_property(xs, desc):
    a = np.array(xs, np.int32)
    v, i = run_sort(a, 0, int(desc))
    assert sorted(i.tolist()) == list(range(len(xs)))        # a permutation
    np.testing.assert_array_equal(a[i], v)                     # consistent
    for p in range(len(xs) - 1):
        assert (v[p] >= v[p + 1]) if desc else (v[p] <= v[p + 1])
        if v[p] == v[p + 1]:
            assert i[p] < i[p + 1]                             # ties keep original order


@pytest.mark.parametrize("dtype", [np.int32, np.float32, np.float64])
def test_topk(dtype):
    torch = pytest.importorskip("torch")
    a = rng.permutation(60).reshape(6, 10).astype(dtype)  # distinct values: indices are unambiguous
    for dim in (0, 1):
        for k in (0, 1, 3, a.shape[dim]):
            for largest in (0, 1):
                v, i = new(dtype), new(np.int64)
                check(lib.tc_topk(v, i, from_numpy(strided(a)), k, dim, largest, 1, 1))
                tv, ti = torch.topk(torch.from_numpy(a), k, dim=dim, largest=bool(largest), sorted=True)
                np.testing.assert_array_equal(to_numpy(v), tv.numpy())
                np.testing.assert_array_equal(to_numpy(i) - 1, ti.numpy())
    with pytest.raises(TensorCoreError, match="k 11 out of range"):
        check(lib.tc_topk(new(dtype), new(np.int64), from_numpy(a), 11, 1, 0, 0, 0))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("keepdim", [0, 1])
def test_kthvalue_median(dtype, keepdim):
    a = rand((5, 8), dtype)
    for dim in (0, 1):
        n = a.shape[dim]
        srt = np.sort(a, axis=dim, kind="stable")
        for k in (1, 3, n):
            v, i = new(dtype), new(np.int64)
            check(lib.tc_kthvalue(v, i, from_numpy(strided(a)), k, dim, keepdim, 0))
            exp = np.take(srt, [k - 1], axis=dim)
            if not keepdim:
                exp = exp.squeeze(dim)
            np.testing.assert_array_equal(to_numpy(v), exp)
            got_i = to_numpy(i)
            np.testing.assert_array_equal(np.take_along_axis(a, got_i if keepdim else np.expand_dims(got_i, dim), dim),
                                          exp if keepdim else np.expand_dims(exp, dim))
        v, i = new(dtype), new(np.int64)
        check(lib.tc_median(v, i, from_numpy(a), dim, keepdim, 1))
        exp = np.take(srt, [(n - 1) // 2], axis=dim)  # lower median
        np.testing.assert_array_equal(to_numpy(v), exp if keepdim else exp.squeeze(dim))
    with pytest.raises(TensorCoreError, match="k 9 out of range"):
        check(lib.tc_kthvalue(new(dtype), new(np.int64), from_numpy(a), 9, 1, 1, 0))
    with pytest.raises(TensorCoreError, match="k 0 out of range"):
        check(lib.tc_kthvalue(new(dtype), new(np.int64), from_numpy(a), 0, 1, 1, 0))


def test_median_against_torch_with_nan():
    torch = pytest.importorskip("torch")
    a = rng.standard_normal((4, 6))
    a[1, 2] = np.nan
    a[3, 0] = np.nan
    a[3, 4] = np.nan
    v, i = new(np.float64), new(np.int64)
    check(lib.tc_median(v, i, from_numpy(a), 1, 0, 0))
    tv, ti = torch.median(torch.from_numpy(a), dim=1)
    np.testing.assert_array_equal(to_numpy(v), tv.numpy())
    np.testing.assert_array_equal(to_numpy(i), ti.numpy())


@pytest.mark.parametrize("dtype", [np.int64, np.float32, np.float64, np.uint8])
def test_mode_against_torch(dtype):
    torch = pytest.importorskip("torch")
    a = rand((7, 9), dtype, 0, 4)
    for dim in (0, 1):
        v, i = new(dtype), new(np.int64)
        check(lib.tc_mode(v, i, from_numpy(a), dim, 0, 0))
        tv, ti = torch.mode(torch.from_numpy(a), dim=dim)
        np.testing.assert_array_equal(to_numpy(v), tv.numpy())
        np.testing.assert_array_equal(to_numpy(i), ti.numpy())
    # Torch7 rules directly: the smallest of the most frequent values, its last position
    v, i = new(np.float64), new(np.int64)
    check(lib.tc_mode(v, i, from_numpy(np.array([3.0, 1.0, 3.0, 1.0, 2.0])), 0, 1, 1))
    assert to_numpy(v).tolist() == [1.0] and to_numpy(i).tolist() == [4]


def test_errors():
    a = from_numpy(np.zeros((2, 3)))
    with pytest.raises(TensorCoreError, match="float16"):
        check(lib.tc_sort(new(np.float16), new(np.int64), from_numpy(np.zeros(3, np.float16)), 0, 0, 0))
    with pytest.raises(TensorCoreError, match="indices must be int64"):
        check(lib.tc_sort(new(np.float64), new(np.int32), a, 0, 0, 0))
    with pytest.raises(TensorCoreError, match="dimension"):
        check(lib.tc_sort(new(np.float64), new(np.int64), a, 2, 0, 0))
    with pytest.raises(TensorCoreError, match="empty"):
        check(lib.tc_median(new(np.float64), new(np.int64), from_numpy(np.zeros((2, 0))), 1, 0, 0))
