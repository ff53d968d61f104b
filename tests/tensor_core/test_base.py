"""Storages, tensors, views, copy and fill of the C core, against numpy."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from tensor_core import ffi, lib, TensorCoreError, check
from tensor_core.nd import from_numpy, to_numpy, owned, NP_DTYPES, empty

ALL = [np.uint8, np.int8, np.int16, np.int32, np.int64, np.float16, np.float32, np.float64, np.bool_]


def i64(xs):
    return ffi.new("int64_t[]", list(xs) or [0])


@pytest.mark.parametrize("dtype", ALL)
def test_numpy_round_trip_is_zero_copy(dtype):
    a = (np.arange(24) % 7).astype(dtype).reshape(2, 3, 4)
    t = from_numpy(a)
    b = to_numpy(t)
    assert b.dtype == a.dtype and b.shape == a.shape
    np.testing.assert_array_equal(a, b)
    b[0, 0, 0] = 1
    assert a[0, 0, 0] == 1  # shared memory


def test_external_storage_keeps_array_alive():
    t = from_numpy(np.arange(10.0))
    import gc
    gc.collect()
    np.testing.assert_array_equal(to_numpy(t), np.arange(10.0))


@pytest.mark.parametrize("src_dtype", ALL)
@pytest.mark.parametrize("dst_dtype", ALL)
def test_copy_between_dtypes_and_layouts(src_dtype, dst_dtype):
    rng = np.random.default_rng(0)
    a = (rng.standard_normal((5, 6)) * 50).astype(src_dtype)
    src = from_numpy(a.T)  # non-contiguous
    dst = empty((6, 5), dst_dtype)
    check(lib.tc_copy(dst, src))
    expected = a.T.astype(np.float64)
    if np.dtype(dst_dtype) == np.bool_:
        expected = expected != 0
    elif np.dtype(dst_dtype).kind in "iu" and np.dtype(src_dtype).kind == "f":
        expected = np.trunc(expected).astype(np.int64).astype(dst_dtype)
    np.testing.assert_array_equal(to_numpy(dst), expected.astype(dst_dtype))


def test_copy_different_shapes_same_numel():
    a = np.arange(12.0)
    dst = empty((3, 4), np.float64)
    check(lib.tc_copy(dst, from_numpy(a)))
    np.testing.assert_array_equal(to_numpy(dst), a.reshape(3, 4))
    # source non-contiguous with another shape: walked in row-major order
    b = np.arange(24.0).reshape(4, 6)[:, ::2]
    dst2 = empty((12,), np.float64)
    check(lib.tc_copy(dst2, from_numpy(b)))
    np.testing.assert_array_equal(to_numpy(dst2), b.ravel())


def test_copy_size_mismatch_raises():
    with pytest.raises(TensorCoreError, match="inconsistent tensor size"):
        check(lib.tc_copy(empty((3,)), empty((4,))))


def test_copy_overlapping_views():
    a = np.arange(10.0)
    t = from_numpy(a)
    dst = owned(lib.tc_view_narrow(t, 0, 1, 9))
    src = owned(lib.tc_view_narrow(t, 0, 0, 9))
    check(lib.tc_copy(dst, src))
    np.testing.assert_array_equal(a, [0, 0, 1, 2, 3, 4, 5, 6, 7, 8])


def test_views_match_numpy():
    a = np.arange(60.0).reshape(3, 4, 5)
    t = from_numpy(a)
    np.testing.assert_array_equal(to_numpy(owned(lib.tc_view_narrow(t, 1, 1, 2))), a[:, 1:3])
    np.testing.assert_array_equal(to_numpy(owned(lib.tc_view_select(t, 2, 3))), a[:, :, 3])
    np.testing.assert_array_equal(to_numpy(owned(lib.tc_view_transpose(t, 0, 2))), a.transpose(2, 1, 0))
    np.testing.assert_array_equal(to_numpy(owned(lib.tc_view_permute(t, ffi.new("int[]", [1, 2, 0])))),
                                  a.transpose(1, 2, 0))
    np.testing.assert_array_equal(to_numpy(owned(lib.tc_view_reshape(t, 2, i64([-1, 10])))), a.reshape(-1, 10))
    np.testing.assert_array_equal(to_numpy(owned(lib.tc_view_unsqueeze(t, 1))), a[:, None])
    np.testing.assert_array_equal(to_numpy(owned(lib.tc_view_diagonal(t, 1, 1, 2))),
                                  np.diagonal(a, 1, 1, 2))
    u = to_numpy(owned(lib.tc_view_unfold(t, 2, 2, 2)))
    np.testing.assert_array_equal(u, np.lib.stride_tricks.sliding_window_view(a, 2, axis=2)[:, :, ::2])
    e = to_numpy(owned(lib.tc_view_expand(from_numpy(np.arange(3.0)[:, None]), 3, i64([2, 3, 4]))))
    np.testing.assert_array_equal(e, np.broadcast_to(np.arange(3.0)[:, None], (2, 3, 4)))


def test_view_of_noncontiguous_refuses_with_message():
    t = owned(lib.tc_view_transpose(from_numpy(np.zeros((3, 4))), 0, 1))
    assert lib.tc_view_reshape(t, 1, i64([12])) == ffi.NULL
    assert "contiguous" in ffi.string(lib.tc_last_error()).decode()


@pytest.mark.parametrize("call", [
    lambda t: lib.tc_view_narrow(t, 3, 0, 1),
    lambda t: lib.tc_view_narrow(t, 0, 2, 5),
    lambda t: lib.tc_view_select(t, 1, 9),
    lambda t: lib.tc_view_transpose(t, 0, 7),
    lambda t: lib.tc_view_expand(t, 2, i64([5, 4])),
    lambda t: lib.tc_view_as_strided(t, 2, i64([3, 5]), i64([4, 1]), 0),
    lambda t: lib.tc_view_permute(t, ffi.new("int[]", [0, 0])),
    lambda t: lib.tc_view_unfold(t, 1, 9, 1),
])
def test_bad_views_fail_cleanly(call):
    t = from_numpy(np.zeros((3, 4)))
    assert call(t) == ffi.NULL
    assert len(ffi.string(lib.tc_last_error())) > 10


def test_resize_never_shrinks_storage():
    t = owned(lib.tc_tensor_new(lib.TC_FLOAT64))
    assert t.storage == ffi.NULL
    check(lib.tc_tensor_resize(t, 2, i64([4, 5])))
    s = t.storage
    assert s.size == 20
    check(lib.tc_tensor_resize(t, 1, i64([3])))
    assert t.storage == s and s.size == 20 and t.strides[0] == 1
    check(lib.tc_tensor_resize(t, 1, i64([30])))
    assert t.storage.size == 30


def test_fill_and_int64_exact():
    t = empty((4,), np.int64)
    check(lib.tc_fill_int(t, 2**62 + 1))
    assert (to_numpy(t) == 2**62 + 1).all()
    f = owned(lib.tc_view_transpose(empty((3, 5), np.float32), 0, 1))
    check(lib.tc_fill(f, 1.25))
    assert (to_numpy(f) == 1.25).all()


def test_half_conversion_matches_numpy():
    vals = np.array([0, 1, -2.5, 65504, 1e-7, 6e-5, 1e5, np.inf, -np.inf, 0.1, 3.14159], np.float32)
    src = from_numpy(vals)
    dst = empty((len(vals),), np.float16)
    check(lib.tc_copy(dst, src))
    np.testing.assert_array_equal(to_numpy(dst), vals.astype(np.float16))
    back = empty((len(vals),), np.float32)
    check(lib.tc_copy(back, dst))
    np.testing.assert_array_equal(to_numpy(back), vals.astype(np.float16).astype(np.float32))


def test_large_copy_runs_parallel_path():
    a = np.random.default_rng(1).standard_normal((1000, 1000))
    dst = empty((1000, 1000), np.float32)
    check(lib.tc_copy(dst, from_numpy(a.T)))
    np.testing.assert_array_equal(to_numpy(dst), a.T.astype(np.float32))


@settings(max_examples=60, deadline=None)
@given(shape=st.lists(st.integers(1, 4), min_size=1, max_size=4), data=st.data())
def test_property_random_view_chains_match_numpy(shape, data):
    a = np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape)
    t = from_numpy(a)
    ref = a
    for _ in range(3):
        kind = data.draw(st.sampled_from(["narrow", "transpose", "unsqueeze", "select"]))
        nd = ref.ndim
        if nd == 0:
            break
        d = data.draw(st.integers(0, nd - 1))
        if kind == "narrow" and ref.shape[d] > 0:
            start = data.draw(st.integers(0, ref.shape[d] - 1))
            length = data.draw(st.integers(0, ref.shape[d] - start))
            t = owned(lib.tc_view_narrow(t, d, start, length))
            ref = np.take(ref, range(start, start + length), axis=d)
        elif kind == "transpose":
            d2 = data.draw(st.integers(0, nd - 1))
            t = owned(lib.tc_view_transpose(t, d, d2))
            ref = np.swapaxes(ref, d, d2)
        elif kind == "unsqueeze":
            t = owned(lib.tc_view_unsqueeze(t, d))
            ref = np.expand_dims(ref, d)
        elif kind == "select" and ref.shape[d] > 0:
            i = data.draw(st.integers(0, ref.shape[d] - 1))
            t = owned(lib.tc_view_select(t, d, i))
            ref = np.take(ref, i, axis=d)
    np.testing.assert_array_equal(to_numpy(t), ref)
    c = owned(lib.tc_tensor_clone(t))
    assert lib.tc_tensor_is_contiguous(c)
    np.testing.assert_array_equal(to_numpy(c), ref)


def test_storage_view_shares_memory_and_holds_its_base():
    base = lib.tc_storage_new(lib.TC_FLOAT64, 6)
    arr = np.frombuffer(ffi.buffer(ffi.cast("double *", base.data), 6 * 8), dtype=np.float64)
    arr[:] = np.arange(6)
    v = lib.tc_storage_view(base, 2, 3)
    assert v != ffi.NULL and v.size == 3 and base.refcount == 2
    assert ffi.cast("double *", v.data)[0] == 2.0
    lib.tc_storage_release(base)                  # the view keeps it alive
    assert ffi.cast("double *", v.data)[2] == 4.0
    lib.tc_storage_release(v)                     # frees both (ASan runs would flag a leak or a double free)
    base2 = lib.tc_storage_new(lib.TC_INT32, 4)
    for off, n in ((-1, 1), (0, 5), (3, 2), (5, 0)):
        with pytest.raises(TensorCoreError, match="out of bounds"):
            check(lib.tc_storage_view(base2, off, n))
    assert base2.refcount == 1, "failed views took no reference"
    empty = check(lib.tc_storage_view(base2, 4, 0))
    assert empty.size == 0
    lib.tc_storage_release(empty)
    lib.tc_storage_release(base2)
