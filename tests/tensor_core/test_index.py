"""Indexing kernels (index_*, gather/scatter, masks, nonzero, take/put) against numpy and PyTorch."""
import numpy as np
import pytest

from tensor_core import ffi, lib, TensorCoreError, check
from tensor_core.nd import from_numpy, to_numpy, owned, dtype_code

ALL = [np.uint8, np.int8, np.int16, np.int32, np.int64, np.float16, np.float32, np.float64, np.bool_]
ACCUM = [np.uint8, np.int8, np.int16, np.int32, np.int64, np.float32, np.float64]
rng = np.random.default_rng(7)
BASES = [0, 1]


def new(dtype):
    return owned(lib.tc_tensor_new(dtype_code(dtype)))


def rand(shape, dtype):
    if np.dtype(dtype) == np.bool_:
        return rng.integers(0, 2, size=shape).astype(bool)
    if np.dtype(dtype).kind == "f":
        return rng.standard_normal(shape).astype(dtype)
    return rng.integers(0, 50, size=shape).astype(dtype)


def noncontig(a):
    """a copy of `a` living in a strided (every other element) buffer"""
    big = np.zeros(tuple(2 * s for s in a.shape) or (1,), a.dtype)
    v = big[tuple(slice(None, None, 2) for _ in a.shape)] if a.ndim else big[0:1].reshape(())
    v[...] = a
    return v


def idx_t(values, base):
    return from_numpy(np.asarray(values, np.int64) + base)


@pytest.mark.parametrize("dtype", ALL)
@pytest.mark.parametrize("base", BASES)
def test_index_select(dtype, base):
    for shape in [(5,), (4, 6), (3, 4, 5)]:
        a = rand(shape, dtype)
        for dim in range(len(shape)):
            idx = rng.integers(0, shape[dim], size=7)
            for src in (a, noncontig(a), np.moveaxis(np.moveaxis(a, 0, -1).copy(), -1, 0)):
                out = new(dtype)
                check(lib.tc_index_select(out, from_numpy(src), dim, idx_t(idx, base), base))
                np.testing.assert_array_equal(to_numpy(out), np.take(a, idx, axis=dim))
    # negative dim, empty index, strided preallocated output
    a = rand((3, 4), dtype)
    out = new(dtype)
    check(lib.tc_index_select(out, from_numpy(a), -1, idx_t(np.zeros(0, np.int64), base), base))
    assert to_numpy(out).shape == (3, 0)
    outbuf = np.zeros((3, 8), dtype)
    check(lib.tc_index_select(from_numpy(outbuf[:, ::2]), from_numpy(a), 1, idx_t([3, 0, 0, 1], base), base))
    np.testing.assert_array_equal(outbuf[:, ::2], a[:, [3, 0, 0, 1]])


def test_index_select_out_aliases_src():
    a = np.arange(12.0).reshape(3, 4)
    t = from_numpy(a.copy())
    check(lib.tc_index_select(t, t, 0, idx_t([2, 0], 0), 0))
    np.testing.assert_array_equal(to_numpy(t), a[[2, 0]])


@pytest.mark.parametrize("base", BASES)
def test_index_errors(base):
    a = from_numpy(np.zeros((3, 4)))
    out = new(np.float64)
    with pytest.raises(TensorCoreError, match=rf"index {4 + base} out of range for dimension {1 + base} \(of size 4\) at position {1 + base}"):
        check(lib.tc_index_select(out, a, 1, idx_t([0, 4], base), base))
    with pytest.raises(TensorCoreError, match="out of range"):
        check(lib.tc_index_select(out, a, 1, idx_t([-1], base), base))
    with pytest.raises(TensorCoreError, match="int64"):
        check(lib.tc_index_select(out, a, 0, from_numpy(np.zeros(2, np.int32)), base))
    with pytest.raises(TensorCoreError, match="dimension"):
        check(lib.tc_index_select(out, a, 2, idx_t([0], base), base))
    with pytest.raises(TensorCoreError, match="out of range"):
        check(lib.tc_gather(out, a, 0, idx_t(np.full((3, 4), 3), base), base))
    with pytest.raises(TensorCoreError, match="out of range"):
        check(lib.tc_scatter_value(a, 1, idx_t(np.full((3, 1), 9), base), 1.0, base))
    with pytest.raises(TensorCoreError, match="out of range"):
        check(lib.tc_index_fill(a, 0, idx_t([3], base), 1.0, base))
    with pytest.raises(TensorCoreError, match="out of range"):
        check(lib.tc_take(out, a, idx_t([12], base), base))
    with pytest.raises(TensorCoreError, match="expected dst's shape"):
        check(lib.tc_index_copy(a, 0, idx_t([0, 1], base), from_numpy(np.zeros((3, 4))), base))
    # nothing was written on the failed calls
    assert not to_numpy(a).any()


@pytest.mark.parametrize("dtype", ALL)
@pytest.mark.parametrize("base", BASES)
def test_index_copy_fill(dtype, base):
    dst0 = rand((5, 3, 4), dtype)
    for dim in range(3):
        n = dst0.shape[dim]
        idx = rng.permutation(n)[: max(1, n - 1)]
        src_shape = list(dst0.shape)
        src_shape[dim] = len(idx)
        src = rand(tuple(src_shape), dtype)
        dst = noncontig(dst0)
        check(lib.tc_index_copy(from_numpy(dst), dim, idx_t(idx, base), from_numpy(noncontig(src)), base))
        expected = dst0.copy()
        sl = [slice(None)] * 3
        sl[dim] = idx
        expected[tuple(sl)] = src
        np.testing.assert_array_equal(dst, expected)
        dst = dst0.copy()
        check(lib.tc_index_fill(from_numpy(dst), dim, idx_t(idx, base), 1.0, base))
        expected = dst0.copy()
        expected[tuple(sl)] = 1
        np.testing.assert_array_equal(dst, expected)


@pytest.mark.parametrize("dtype", ACCUM)
@pytest.mark.parametrize("base", BASES)
def test_index_add_with_duplicates(dtype, base):
    torch = pytest.importorskip("torch")
    dst0 = rand((6, 5), dtype)
    idx = np.array([0, 2, 2, 5, 0, 0])
    src = rand((5, 6), dtype)
    alpha = 2.5 if np.dtype(dtype).kind == "f" else 3
    dst = dst0.T.copy().T  # column-major
    check(lib.tc_index_add(from_numpy(dst), 0, idx_t(idx, base), from_numpy(src.T.copy()), alpha, base))
    ref = torch.from_numpy(dst0.copy()).index_add_(0, torch.from_numpy(idx), torch.from_numpy(src.T.copy()), alpha=alpha)
    np.testing.assert_allclose(dst.astype(np.float64), ref.numpy().astype(np.float64), rtol=1e-5)


@pytest.mark.parametrize("dtype", ALL)
@pytest.mark.parametrize("base", BASES)
def test_gather(dtype, base):
    torch = pytest.importorskip("torch")
    src = rand((4, 5, 6), dtype)
    for dim in range(3):
        ishape = [3, 4, 5]
        ishape[dim] = 7
        idx = rng.integers(0, src.shape[dim], size=ishape)
        out = new(dtype)
        check(lib.tc_gather(out, from_numpy(noncontig(src)), dim, from_numpy(noncontig(idx + base)), base))
        ref = torch.gather(torch.from_numpy(src.astype(np.float64)), dim, torch.from_numpy(idx)).numpy()
        np.testing.assert_array_equal(to_numpy(out).astype(np.float64), ref)


@pytest.mark.parametrize("dtype", ACCUM)
@pytest.mark.parametrize("base", BASES)
def test_scatter_and_scatter_add(dtype, base):
    torch = pytest.importorskip("torch")
    dst0 = rand((5, 6), dtype)
    for dim in range(2):
        idx = np.stack([rng.permutation(dst0.shape[dim])[:3] for _ in range(4)])
        if dim == 0:
            idx = idx.T.copy()  # 3 x 4, unique per column
        src = rand((4, 5), dtype)
        ishape = idx.shape
        for kind in ("scatter", "value", "add"):
            dst = noncontig(dst0)
            tdst = torch.from_numpy(dst0.copy())
            ti = torch.from_numpy(idx)
            tsrc = torch.from_numpy(src)
            if kind == "scatter":
                check(lib.tc_scatter(from_numpy(dst), dim, from_numpy(idx + base), from_numpy(src), base))
                tdst.scatter_(dim, ti, tsrc)
            elif kind == "value":
                check(lib.tc_scatter_value(from_numpy(dst), dim, from_numpy(idx + base), 7.0, base))
                tdst.scatter_(dim, ti, 7)
            else:
                # duplicates accumulate
                idx2 = rng.integers(0, dst0.shape[dim], size=ishape)
                check(lib.tc_scatter_add(from_numpy(dst), dim, from_numpy(idx2 + base), from_numpy(src), base))
                tdst.scatter_add_(dim, torch.from_numpy(idx2), tsrc)
            np.testing.assert_allclose(dst.astype(np.float64), tdst.numpy().astype(np.float64), rtol=1e-5)


@pytest.mark.parametrize("dtype", ALL)
def test_masked_ops(dtype):
    a = rand((4, 5), dtype)
    for mdtype in (np.uint8, np.bool_):
        mask = rng.integers(0, 2, size=(4, 5)).astype(mdtype)
        out = new(dtype)
        # mask with another shape but the same element count (Torch7)
        check(lib.tc_masked_select(out, from_numpy(noncontig(a)), from_numpy(mask.reshape(20))))
        np.testing.assert_array_equal(to_numpy(out), a[mask.astype(bool)])
        dst = noncontig(a)
        check(lib.tc_masked_fill(from_numpy(dst), from_numpy(mask.T.copy().T), 3.0))
        expected = a.copy()
        expected[mask.astype(bool)] = 3
        np.testing.assert_array_equal(dst, expected)
        src = rand(25, dtype)
        dst = a.copy()
        check(lib.tc_masked_scatter(from_numpy(dst), from_numpy(mask), from_numpy(src[::-1])))
        expected = a.copy()
        k = int(mask.astype(bool).sum())
        expected[mask.astype(bool)] = src[::-1][:k]
        np.testing.assert_array_equal(dst, expected)


def test_mask_errors():
    a = from_numpy(np.zeros((2, 3)))
    with pytest.raises(TensorCoreError, match="mask must be a uint8"):
        check(lib.tc_masked_fill(a, from_numpy(np.zeros((2, 3), np.int32)), 1.0))
    with pytest.raises(TensorCoreError, match="mask has 5 elements"):
        check(lib.tc_masked_fill(a, from_numpy(np.zeros(5, np.uint8)), 1.0))
    with pytest.raises(TensorCoreError, match="src has 2 elements but the mask selects 6"):
        check(lib.tc_masked_scatter(a, from_numpy(np.ones((2, 3), np.uint8)), from_numpy(np.zeros(2))))


@pytest.mark.parametrize("dtype", ALL)
@pytest.mark.parametrize("base", BASES)
def test_nonzero(dtype, base):
    a = rand((3, 4, 5), dtype) * (rng.random((3, 4, 5)) < 0.4)
    if np.dtype(dtype).kind == "f":
        a.flat[3] = -0.0
        a.flat[5] = np.nan
    for src in (a, noncontig(a), a.transpose(2, 0, 1)):
        out = new(np.int64)
        check(lib.tc_nonzero(out, from_numpy(src), base))
        np.testing.assert_array_equal(to_numpy(out), np.argwhere(src) + base)
    out = new(np.int64)
    check(lib.tc_nonzero(out, from_numpy(np.zeros(0)), base))
    assert to_numpy(out).shape == (0, 1)


@pytest.mark.parametrize("base", BASES)
def test_take_put(base):
    a = np.arange(24.0).reshape(4, 6)
    idx = np.array([[0, 23], [5, 7]])
    out = new(np.float64)
    check(lib.tc_take(out, from_numpy(a.T), from_numpy(idx + base), base))
    np.testing.assert_array_equal(to_numpy(out), np.take(a.T, idx))
    if base == 0:
        check(lib.tc_take(out, from_numpy(a), from_numpy(np.array([-1, -24])), 0))
        np.testing.assert_array_equal(to_numpy(out), [23.0, 0.0])
    dst = a.copy().T
    check(lib.tc_put(from_numpy(dst), from_numpy(np.array([1, 1, 3]) + base), from_numpy(np.array([10.0, 20.0, 30.0])), 1, base))
    expected = a.copy().T
    expected.flat[1] += 30
    expected.flat[3] += 30
    np.testing.assert_array_equal(dst, expected)
    dst = a.copy()
    check(lib.tc_put(from_numpy(dst), from_numpy(np.array([2, 0]) + base), from_numpy(np.array([-1.0, -2.0])), 0, base))
    expected = a.copy()
    expected.flat[[2, 0]] = [-1, -2]
    np.testing.assert_array_equal(dst, expected)
