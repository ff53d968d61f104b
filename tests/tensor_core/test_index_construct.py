"""cat, diag, tril/triu, eye, linspace/logspace, range/arange, cross, trace, repeat, flip, roll."""
import numpy as np
import pytest

from tensor_core import ffi, lib, TensorCoreError, check
from tensor_core.nd import from_numpy, to_numpy, owned, dtype_code

ALL = [np.uint8, np.int8, np.int16, np.int32, np.int64, np.float16, np.float32, np.float64, np.bool_]
rng = np.random.default_rng(3)


def new(dtype):
    return owned(lib.tc_tensor_new(dtype_code(dtype)))


def rand(shape, dtype):
    if np.dtype(dtype) == np.bool_:
        return rng.integers(0, 2, size=shape).astype(bool)
    if np.dtype(dtype).kind == "f":
        return rng.standard_normal(shape).astype(dtype)
    return rng.integers(0, 50, size=shape).astype(dtype)


def strided(a):
    big = np.zeros(tuple(2 * s for s in a.shape), a.dtype)
    v = big[tuple(slice(None, None, 2) for _ in a.shape)]
    v[...] = a
    return v


def tensors(*arrays):
    ts = [from_numpy(a) for a in arrays]
    return ts, ffi.new("tc_tensor *[]", ts)


@pytest.mark.parametrize("dtype", ALL)
def test_cat(dtype):
    a, b, c = rand((2, 3, 4), dtype), rand((2, 5, 4), dtype), rand((2, 1, 4), dtype)
    for dim in (1, -2):
        keep, arr = tensors(strided(a), b.transpose(2, 0, 1).copy().transpose(1, 2, 0), c, np.zeros(0, dtype))
        out = new(dtype)
        check(lib.tc_cat(out, arr, 4, dim))
        np.testing.assert_array_equal(to_numpy(out), np.concatenate([a, b, c], axis=1))
    keep, arr = tensors(a, a)
    out = new(dtype)
    check(lib.tc_cat(out, arr, 2, 0))
    np.testing.assert_array_equal(to_numpy(out), np.concatenate([a, a], axis=0))


def test_cat_converts_dtypes_and_out_may_be_an_input():
    a = np.arange(6.0).reshape(2, 3)
    b = np.arange(3, dtype=np.int32).reshape(1, 3)
    ta = owned(lib.tc_tensor_clone(from_numpy(a)))  # core-owned: its storage can grow
    keep = [ta, from_numpy(b)]
    check(lib.tc_cat(ta, ffi.new("tc_tensor *[]", keep), 2, 0))
    np.testing.assert_array_equal(to_numpy(ta), np.concatenate([a, b]))
    out = new(np.float64)
    check(lib.tc_cat(out, ffi.new("tc_tensor *[]", [from_numpy(np.zeros(0))]), 1, 0))
    assert to_numpy(out).shape == (0,)


def test_cat_errors():
    keep, arr = tensors(np.zeros((2, 3)), np.zeros((3, 3)))
    with pytest.raises(TensorCoreError, match="input 1 has size 3 in dimension 0, expected 2"):
        check(lib.tc_cat(new(np.float64), arr, 2, 1))
    keep, arr = tensors(np.zeros((2, 3)), np.zeros(3))
    with pytest.raises(TensorCoreError, match="input 1 has 1 dimensions"):
        check(lib.tc_cat(new(np.float64), arr, 2, 0))
    keep, arr = tensors(np.zeros((2, 3)))
    with pytest.raises(TensorCoreError, match="dimension"):
        check(lib.tc_cat(new(np.float64), arr, 1, 2))


@pytest.mark.parametrize("dtype", ALL)
def test_diag(dtype):
    v = rand(4, dtype)
    m = rand((4, 6), dtype)
    for k in (-5, -2, 0, 1, 3, 7):
        out = new(dtype)
        check(lib.tc_diag(out, from_numpy(v[::-1]), k))
        np.testing.assert_array_equal(to_numpy(out), np.diag(v[::-1], k))
        out = new(dtype)
        check(lib.tc_diag(out, from_numpy(strided(m)), k))
        np.testing.assert_array_equal(to_numpy(out), np.diag(m, k))


@pytest.mark.parametrize("dtype", ALL)
def test_tril_triu(dtype):
    a = rand((2, 4, 5), dtype)
    for k in (-5, -1, 0, 2, 6):
        for fn, ref in ((lib.tc_tril, np.tril), (lib.tc_triu, np.triu)):
            out = new(dtype)
            check(fn(out, from_numpy(strided(a)), k))
            np.testing.assert_array_equal(to_numpy(out), ref(a, k))
            b = a.copy()
            tb = from_numpy(b)
            check(fn(tb, tb, k))  # in place
            np.testing.assert_array_equal(b, ref(a, k))


@pytest.mark.parametrize("dtype", ALL)
def test_eye_and_sequences(dtype):
    for n, m in ((3, -1), (2, 5), (4, 1), (0, 3)):
        out = new(dtype)
        check(lib.tc_eye(out, n, m))
        np.testing.assert_array_equal(to_numpy(out), np.eye(n, n if m < 0 else m, dtype=dtype))


def test_linspace_logspace_against_torch():
    torch = pytest.importorskip("torch")
    for start, end, steps in ((0, 1, 11), (-3.5, 7, 100), (2, 2, 1), (5, -5, 7), (0, 1, 0)):
        for dtype, tdt in ((np.float64, torch.float64), (np.float32, torch.float32)):
            out = new(dtype)
            check(lib.tc_linspace(out, start, end, steps))
            np.testing.assert_allclose(to_numpy(out), torch.linspace(start, end, steps, dtype=tdt).numpy(), rtol=1e-6, atol=1e-6)
            out = new(dtype)
            check(lib.tc_logspace(out, start / 4, end / 4, steps, 10.0))
            np.testing.assert_allclose(to_numpy(out), torch.logspace(start / 4, end / 4, steps, dtype=tdt).numpy(),
                                       rtol=1e-5)
    with pytest.raises(TensorCoreError, match="non-negative"):
        check(lib.tc_linspace(new(np.float64), 0, 1, -1))


def test_range_torch7_and_arange_pytorch():
    torch = pytest.importorskip("torch")
    out = new(np.float64)
    check(lib.tc_range(out, 0, 1, 0.1))
    assert to_numpy(out).shape == (11,)
    np.testing.assert_allclose(to_numpy(out), np.arange(11) * 0.1)
    for a, b, s in ((1, 10, 1), (10, 1, -3), (0, 1, 0.3), (2, 2, 1)):
        out = new(np.int64 if float(s).is_integer() else np.float64)
        check(lib.tc_range(out, a, b, s))
        n = int(np.floor((b - a) / s)) + 1
        np.testing.assert_allclose(to_numpy(out), a + s * np.arange(n))
    for a, b, s in ((0, 1, 0.1), (0, 10, 3), (1, -2.5, -0.5), (0, 0.3, 0.1), (-1, 1, 0.25), (3, 3, 1)):
        for dtype, tdt in ((np.float64, torch.float64), (np.float32, torch.float32)):
            out = new(dtype)
            check(lib.tc_arange(out, a, b, s))
            np.testing.assert_allclose(to_numpy(out), torch.arange(a, b, s, dtype=tdt).numpy(), rtol=1e-6)
    with pytest.raises(TensorCoreError, match="inconsistent with step sign"):
        check(lib.tc_range(new(np.float64), 0, 1, -1))
    with pytest.raises(TensorCoreError, match="non-zero"):
        check(lib.tc_arange(new(np.float64), 0, 1, 0))


@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.float32, np.float64])
def test_cross_and_trace(dtype):
    a, b = rand((4, 3, 2), dtype), rand((4, 3, 2), dtype)
    out = new(dtype)
    check(lib.tc_cross(out, from_numpy(strided(a)), from_numpy(b), lib.TC_DIM_AUTO))
    np.testing.assert_allclose(to_numpy(out), np.cross(a, b, axis=1), rtol=1e-5)
    ta = from_numpy(a.copy())
    check(lib.tc_cross(ta, ta, from_numpy(b), 1))  # in place on the first input
    np.testing.assert_allclose(to_numpy(ta), np.cross(a, b, axis=1), rtol=1e-5)
    with pytest.raises(TensorCoreError, match="does not have size 3"):
        check(lib.tc_cross(new(dtype), from_numpy(a), from_numpy(b), 0))
    m = rand((4, 6), dtype)
    r = ffi.new("double *")
    check(lib.tc_trace(from_numpy(m.T), r))
    assert np.isclose(r[0], np.trace(m.T.astype(np.float64)))


@pytest.mark.parametrize("dtype", ALL)
def test_repeat_flip_roll(dtype):
    torch = pytest.importorskip("torch")
    a = rand((2, 3), dtype)
    for reps in ((2, 2), (3, 1, 2), (1, 0)):
        out = new(dtype)
        check(lib.tc_repeat(out, from_numpy(strided(a)), len(reps), ffi.new("int64_t[]", reps)))
        np.testing.assert_array_equal(to_numpy(out), np.tile(a, reps))
    with pytest.raises(TensorCoreError, match="cannot be smaller"):
        check(lib.tc_repeat(new(dtype), from_numpy(a), 1, ffi.new("int64_t[]", [2])))
    b = rand((3, 4, 5), dtype)
    for dims in ((0,), (1, 2), (-1, 0, 1)):
        out = new(dtype)
        check(lib.tc_flip(out, from_numpy(strided(b)), len(dims), ffi.new("int[]", dims)))
        np.testing.assert_array_equal(to_numpy(out), np.flip(b, dims))
    c = b.copy()
    tcb = from_numpy(c)
    check(lib.tc_flip(tcb, tcb, 1, ffi.new("int[]", [2])))  # in place
    np.testing.assert_array_equal(c, b[:, :, ::-1])
    for shifts, dims in (((1,), (0,)), ((-2, 7), (2, 1)), ((0,), (1,))):
        out = new(dtype)
        check(lib.tc_roll(out, from_numpy(b), len(dims), ffi.new("int64_t[]", shifts), ffi.new("int[]", dims)))
        np.testing.assert_array_equal(to_numpy(out), np.roll(b, shifts, dims))
