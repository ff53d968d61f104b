"""Reductions of the C core (tc_math.h) against numpy and torch: over all elements and along each dim,
keepdim both ways, non-contiguous and expanded inputs, every supported dtype, NaN/inf, errors."""
import numpy as np
import pytest

from tensor_core import ffi, lib, TensorCoreError, check
from tensor_core.nd import from_numpy, to_numpy, dtype_code

torch = pytest.importorskip("torch")

FLOATS = [np.float32, np.float64]
INTS = [np.uint8, np.int8, np.int16, np.int32, np.int64]
ALL = FLOATS + INTS + [np.bool_]
ALLDIM = lib.TC_DIM_ALL


def new(dtype):
    return ffi.gc(lib.tc_tensor_new(dtype_code(dtype)), lib.tc_tensor_release)


def arrays(dtype, rng, shape=(4, 5, 6)):
    """The same kind of data in several layouts: contiguous, transposed, stepped, expanded."""
    def raw(s):
        if np.dtype(dtype) == np.bool_:
            return rng.integers(0, 2, s).astype(np.bool_)
        if np.dtype(dtype).kind in "iu":
            return rng.integers(0 if np.dtype(dtype).kind == "u" else -9, 10, s).astype(dtype)
        return rng.standard_normal(s).astype(dtype)
    yield raw(shape)
    yield raw(shape[::-1]).transpose(2, 1, 0)
    yield raw(tuple(2 * s for s in shape))[::2, 1::2, ::2]
    yield np.broadcast_to(raw((1,) + shape[1:]), shape)


def dims_for(x):
    return [ALLDIM] + list(range(x.ndim)) + [-1]


def np_axis(dim):
    return None if dim == ALLDIM else dim


def shape_of(t):
    return tuple(t.sizes[i] for i in range(t.ndim))


def expect_shape(x, dim, keepdim):
    if dim == ALLDIM:
        return (1,) * x.ndim if keepdim else ()
    d = dim % x.ndim
    return tuple(1 if i == d else s for i, s in enumerate(x.shape) if keepdim or i != d)


@pytest.mark.parametrize("dtype", ALL)
def test_sum_and_prod(dtype):
    rng = np.random.default_rng(0)
    for x in arrays(dtype, rng):
        for dim in dims_for(x):
            for keepdim in (0, 1):
                ax = np_axis(dim)
                is_float = np.dtype(dtype).kind == "f"
                for name, ref in (("sum", np.sum), ("prod", np.prod)):
                    xs = x if name == "sum" or is_float else np.clip(x, -2, 2)  # keep products in range
                    out_dtype = dtype if is_float else np.int64  # PyTorch: integer sums are int64
                    out = new(out_dtype)
                    check(getattr(lib, "tc_" + name)(out, from_numpy(xs), dim, keepdim))
                    assert shape_of(out) == expect_shape(x, dim, keepdim)
                    expected = ref(xs.astype(np.float64 if is_float else np.int64), axis=ax, keepdims=bool(keepdim))
                    got = to_numpy(out)
                    if is_float:
                        np.testing.assert_allclose(got, expected, rtol=1e-6 if dtype == np.float32 else 1e-13)
                    else:
                        np.testing.assert_array_equal(got, expected)


def test_integer_sum_accumulates_in_int64_and_converts_to_out_dtype():
    x = np.full(1000, 200, np.uint8)
    out = new(np.int64)
    check(lib.tc_sum(out, from_numpy(x), ALLDIM, 0))
    assert to_numpy(out)[()] == 200000
    big = np.array([2 ** 62, 2 ** 62 - 1, -(2 ** 62)], np.int64)
    check(lib.tc_sum(out, from_numpy(big), ALLDIM, 0))
    assert to_numpy(out)[()] == 2 ** 62 - 1  # exact beyond 2^53
    out8 = new(np.uint8)  # Torch7: the result in the input's type
    check(lib.tc_sum(out8, from_numpy(x.reshape(10, 100)), 1, 1))
    np.testing.assert_array_equal(to_numpy(out8), np.full((10, 1), 20000 % 256, np.uint8))


@pytest.mark.parametrize("dtype", FLOATS)
def test_mean_var_std(dtype):
    rng = np.random.default_rng(1)
    tol = 2e-6 if dtype == np.float32 else 1e-12
    for x in arrays(dtype, rng):
        tx = torch.from_numpy(np.ascontiguousarray(x))
        for dim in dims_for(x):
            for keepdim in (0, 1):
                ax = np_axis(dim)
                out = new(dtype)
                check(lib.tc_mean(out, from_numpy(x), dim, keepdim))
                np.testing.assert_allclose(to_numpy(out), x.astype(np.float64).mean(axis=ax, keepdims=bool(keepdim)),
                                           rtol=tol, atol=tol)
                for correction in (0, 1):
                    for name in ("var", "std"):
                        check(getattr(lib, "tc_" + name)(out, from_numpy(x), dim, keepdim, correction))
                        kw = {} if dim == ALLDIM else {"dim": dim, "keepdim": bool(keepdim)}
                        expected = getattr(torch, name)(tx.double(), correction=correction, **kw).numpy()
                        if dim == ALLDIM and keepdim:
                            expected = expected.reshape((1,) * x.ndim)
                        np.testing.assert_allclose(to_numpy(out), expected, rtol=tol * 10, atol=tol)


def test_var_with_no_degrees_of_freedom():
    out = new(np.float64)
    check(lib.tc_var(out, from_numpy(np.array([3.0])), ALLDIM, 0, 1))
    assert np.isnan(to_numpy(out)[()])
    check(lib.tc_var(out, from_numpy(np.array([3.0, 1.0])), ALLDIM, 0, 2))
    assert to_numpy(out)[()] == np.inf


@pytest.mark.parametrize("dtype", ALL)
@pytest.mark.parametrize("name", ["max", "min"])
def test_max_min_with_indices(dtype, name):
    rng = np.random.default_rng(2)
    for x in arrays(dtype, rng):
        tx = torch.from_numpy(np.ascontiguousarray(x))
        for dim in range(x.ndim):
            for base in (0, 1):
                vals, idx = new(dtype), new(np.int64)
                check(getattr(lib, "tc_" + name)(vals, idx, from_numpy(x), dim, 1, base))
                tv, ti = getattr(torch, name)(tx, dim=dim, keepdim=True)
                np.testing.assert_array_equal(to_numpy(vals), tv.numpy())
                # first occurrence on ties (Torch7; numpy's argmax too)
                ref_i = (np.argmax if name == "max" else np.argmin)(x, axis=dim)
                np.testing.assert_array_equal(to_numpy(idx), np.expand_dims(ref_i, dim) + base)
        vals, idx = new(dtype), new(np.int64)
        check(getattr(lib, "tc_" + name)(vals, idx, from_numpy(x), ALLDIM, 0, 0))
        assert to_numpy(vals)[()] == getattr(np, name)(x)
        assert to_numpy(idx)[()] == (np.argmax if name == "max" else np.argmin)(x)


def test_max_min_nan_propagates_first_nan():
    x = np.array([[1.0, np.nan, 5.0, np.nan], [2.0, 3.0, -np.inf, np.inf], [np.nan, 0.0, 0.0, 0.0]])
    for name in ("max", "min"):
        for dim in (0, 1):
            vals, idx = new(np.float64), new(np.int64)
            check(getattr(lib, "tc_" + name)(vals, idx, from_numpy(x), dim, 0, 0))
            tv, ti = getattr(torch, name)(torch.from_numpy(x), dim=dim)
            np.testing.assert_array_equal(to_numpy(vals), tv.numpy())
            np.testing.assert_array_equal(to_numpy(idx), ti.numpy())
        vals = new(np.float64)
        check(getattr(lib, "tc_" + name)(vals, ffi.NULL, from_numpy(x), ALLDIM, 0, 0))
        assert np.isnan(to_numpy(vals)[()])


def test_argmax_argmin():
    rng = np.random.default_rng(3)
    x = rng.integers(0, 4, (6, 7)).astype(np.float32).T
    for name, ref in (("argmax", np.argmax), ("argmin", np.argmin)):
        for dim in (0, 1, ALLDIM):
            idx = new(np.int64)
            check(getattr(lib, "tc_" + name)(idx, from_numpy(x), dim, 0, 1))
            np.testing.assert_array_equal(to_numpy(idx), ref(x, axis=np_axis(dim)) + 1)


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("p", [0.0, 1.0, 2.0, 3.0, 0.5, np.inf, -np.inf])
def test_norm(dtype, p):
    rng = np.random.default_rng(4)
    for x in arrays(dtype, rng):
        x = x.copy()
        x.flat[::7] = 0
        tx = torch.from_numpy(x.astype(np.float64))
        for dim in dims_for(x):
            for keepdim in (0, 1):
                out = new(dtype)
                check(lib.tc_norm(out, from_numpy(x), p, dim, keepdim))
                if dim == ALLDIM:
                    expected = torch.linalg.vector_norm(tx, ord=p).numpy()
                    expected = expected.reshape((1,) * x.ndim) if keepdim else expected
                else:
                    expected = torch.linalg.vector_norm(tx, ord=p, dim=dim, keepdim=bool(keepdim)).numpy()
                np.testing.assert_allclose(to_numpy(out), expected, rtol=2e-6 if dtype == np.float32 else 1e-12)


def test_dist():
    rng = np.random.default_rng(5)
    a, b = rng.standard_normal((2, 5, 6))
    for p in (1.0, 2.0, 3.0, np.inf, 0.0):
        out = new(np.float64)
        check(lib.tc_dist(out, from_numpy(a), from_numpy(b.T.copy().T), p))
        np.testing.assert_allclose(to_numpy(out), torch.dist(torch.from_numpy(a), torch.from_numpy(b), p).numpy(),
                                   rtol=1e-12)
    with pytest.raises(TensorCoreError, match="size mismatch"):
        check(lib.tc_dist(new(np.float64), from_numpy(a), from_numpy(b[:2]), 2.0))


@pytest.mark.parametrize("dtype", ALL)
@pytest.mark.parametrize("name", ["cumsum", "cumprod"])
def test_cumsum_cumprod(dtype, name):
    rng = np.random.default_rng(6)
    is_float = np.dtype(dtype).kind == "f"
    for x in arrays(dtype, rng):
        if name == "cumprod" and not is_float:
            x = np.clip(x, -2, 2)
        for dim in range(x.ndim):
            out_dtype = dtype if is_float else np.int64
            out = new(out_dtype)
            check(getattr(lib, "tc_" + name)(out, from_numpy(x), dim))
            ref = getattr(np, name)(x.astype(np.float64 if is_float else np.int64), axis=dim)
            if is_float:
                np.testing.assert_allclose(to_numpy(out), ref, rtol=1e-5 if dtype == np.float32 else 1e-12, atol=1e-6)
            else:
                np.testing.assert_array_equal(to_numpy(out), ref)
    # in place
    y = np.arange(12.0).reshape(3, 4)
    t = from_numpy(y)
    check(lib.tc_cumsum(t, t, 1))
    np.testing.assert_array_equal(y, np.cumsum(np.arange(12.0).reshape(3, 4), axis=1))


@pytest.mark.parametrize("dtype", ALL)
def test_all_any(dtype):
    rng = np.random.default_rng(7)
    for x in arrays(dtype, rng):
        x = x.copy()
        x[0] = 1  # a slice with no zeros
        for dim in dims_for(x):
            for name, ref in (("all", np.all), ("any", np.any)):
                for out_dtype in (np.uint8, np.bool_):
                    out = new(out_dtype)
                    check(getattr(lib, "tc_" + name)(out, from_numpy(x), dim, 1))
                    np.testing.assert_array_equal(to_numpy(out), ref(x, axis=np_axis(dim), keepdims=True))
    out = new(np.uint8)
    check(lib.tc_all(out, from_numpy(np.zeros((0,), np.uint8)), ALLDIM, 0))
    assert to_numpy(out)[()] == 1
    check(lib.tc_any(out, from_numpy(np.array([np.nan, 0.0])), ALLDIM, 0))
    assert to_numpy(out)[()] == 1


@pytest.mark.parametrize("dtype", FLOATS)
def test_logsumexp(dtype):
    rng = np.random.default_rng(8)
    for x in arrays(dtype, rng):
        x = (x * 300).astype(dtype)  # large values: the naive formula overflows
        tx = torch.from_numpy(x.astype(np.float64))
        for dim in range(x.ndim):
            out = new(dtype)
            check(lib.tc_logsumexp(out, from_numpy(x), dim, 0))
            np.testing.assert_allclose(to_numpy(out), torch.logsumexp(tx, dim).numpy(), rtol=1e-6)
    x = np.array([[-np.inf, -np.inf], [np.inf, 1.0], [np.nan, 1.0], [1000.0, 1000.0]])
    out = new(np.float64)
    check(lib.tc_logsumexp(out, from_numpy(x), 1, 0))
    np.testing.assert_array_equal(to_numpy(out), torch.logsumexp(torch.from_numpy(x), 1).numpy())


def test_histc_matches_torch():
    rng = np.random.default_rng(9)
    for dtype in FLOATS:
        x = rng.standard_normal((50, 40)).astype(dtype).T
        for bins, lo, hi in ((10, -1.0, 1.0), (7, 0.0, 0.0), (1, -3.0, 3.0), (100, 0.5, 0.5)):
            out = new(dtype)
            check(lib.tc_histc(out, from_numpy(x), bins, lo, hi))
            expected = torch.histc(torch.from_numpy(np.ascontiguousarray(x)), bins=bins, min=lo, max=hi).numpy()
            np.testing.assert_array_equal(to_numpy(out), expected)
    out = new(np.float64)
    check(lib.tc_histc(out, from_numpy(np.array([1.0, 1.0, 1.0])), 4, 0, 0))  # constant data: [0, 2]
    np.testing.assert_array_equal(to_numpy(out), [0, 0, 3, 0])
    with pytest.raises(TensorCoreError, match="nbins must be positive"):
        check(lib.tc_histc(out, from_numpy(np.ones(3)), 0, 0, 1))
    with pytest.raises(TensorCoreError, match="min 2 is larger than max 1"):
        check(lib.tc_histc(out, from_numpy(np.ones(3)), 3, 2, 1))


@pytest.mark.parametrize("p", [1.0, 2.0, 3.0])
def test_renorm(p):
    rng = np.random.default_rng(10)
    x = rng.standard_normal((4, 5, 3))
    for dim in range(3):
        out = new(np.float64)
        check(lib.tc_renorm(out, from_numpy(x.transpose(1, 0, 2)), p, dim, 1.5))
        # Torch7 and PyTorch scale by maxnorm / (norm + 1e-7)
        expected = torch.renorm(torch.from_numpy(x.transpose(1, 0, 2).copy()), p, dim, 1.5).numpy()
        np.testing.assert_allclose(to_numpy(out), expected, rtol=1e-12)
    y = x.copy()
    t = from_numpy(y)
    check(lib.tc_renorm(t, t, p, 0, 1.0))
    np.testing.assert_allclose(y, torch.renorm(torch.from_numpy(x), p, 0, 1.0).numpy(), rtol=1e-12)


def test_reduce_into_self_and_preallocated_noncontiguous_out():
    x = np.arange(12.0).reshape(3, 4)
    t = from_numpy(x.copy())
    check(lib.tc_sum(t, t, 1, 0))  # out is the input
    np.testing.assert_array_equal(to_numpy(t), x.sum(1))
    buf = np.zeros((4, 2))
    out = from_numpy(buf[:, 0])  # a strided out of the right shape is written in place
    check(lib.tc_sum(out, from_numpy(x), 0, 0))
    np.testing.assert_array_equal(buf[:, 0], x.sum(0))


def test_empty_and_scalar_inputs():
    e = from_numpy(np.zeros((3, 0)))
    out = new(np.float64)
    check(lib.tc_sum(out, e, 1, 0))
    np.testing.assert_array_equal(to_numpy(out), [0, 0, 0])
    check(lib.tc_prod(out, e, ALLDIM, 0))
    assert to_numpy(out)[()] == 1
    with pytest.raises(TensorCoreError, match="empty"):
        check(lib.tc_max(new(np.float64), new(np.int64), e, 1, 0, 0))
    s = from_numpy(np.array(2.5))
    check(lib.tc_sum(out, s, 0, 0))
    assert to_numpy(out)[()] == 2.5


def test_validation_errors():
    x = from_numpy(np.ones((2, 3), np.float32))
    xi = from_numpy(np.ones((2, 3), np.int32))
    with pytest.raises(TensorCoreError, match=r"tc_sum: dimension 2 out of range \(tensor has 2 dimensions\)"):
        check(lib.tc_sum(new(np.float32), x, 2, 0))
    with pytest.raises(TensorCoreError, match=r"tc_mean: argument 'a' has dtype int32"):
        check(lib.tc_mean(new(np.float32), xi, 0, 0))
    with pytest.raises(TensorCoreError, match=r"tc_max: argument 'indices' has dtype int32; expected int64"):
        check(lib.tc_max(new(np.float32), new(np.int32), x, 0, 0, 0))
    with pytest.raises(TensorCoreError, match=r"tc_max: argument 'values' has dtype float64"):
        check(lib.tc_max(new(np.float64), new(np.int64), x, 0, 0, 0))
    with pytest.raises(TensorCoreError, match=r"tc_all: argument 'out' has dtype float32; expected uint8 or bool"):
        check(lib.tc_all(new(np.float32), x, 0, 0))
    with pytest.raises(TensorCoreError, match=r"tc_sum: argument 'out' has dtype float16"):
        check(lib.tc_sum(new(np.float16), x, 0, 0))
    with pytest.raises(TensorCoreError, match=r"tc_renorm: p must be positive"):
        check(lib.tc_renorm(new(np.float32), x, -1.0, 0, 1.0))
    with pytest.raises(TensorCoreError, match=r"tc_cumsum: dimension -3 out of range"):
        check(lib.tc_cumsum(new(np.float32), x, -3))
    with pytest.raises(TensorCoreError, match=r"argument 'a' is NULL"):
        check(lib.tc_sum(new(np.float32), ffi.NULL, 0, 0))


def test_float32_sum_of_1e7_is_at_least_as_accurate_as_numpy():
    rng = np.random.default_rng(11)
    x = (rng.random(10 ** 7) * 10 + 1e3).astype(np.float32)  # a large common offset: rounding builds up
    exact = np.sum(x, dtype=np.float64)  # float64 pairwise: exact to ~1e-16 here
    out = new(np.float64)
    check(lib.tc_sum(out, from_numpy(x), ALLDIM, 0))
    ours = abs(float(to_numpy(out)) - exact)
    out32 = new(np.float32)
    check(lib.tc_sum(out32, from_numpy(x), ALLDIM, 0))
    ours32 = abs(float(to_numpy(out32)) - exact)
    theirs = abs(float(np.sum(x)) - exact)
    assert ours <= 1e-12 * exact
    assert ours32 <= max(theirs, np.spacing(np.float32(exact)))
    # along dims of a large matrix too
    m = x.reshape(2500, 4000)
    for dim in (0, 1):
        check(lib.tc_sum(out32, from_numpy(m), dim, 0))
        exact_d = m.sum(axis=dim, dtype=np.float64)
        ours_d = np.abs(to_numpy(out32).astype(np.float64) - exact_d).max()
        theirs_d = np.abs(m.sum(axis=dim).astype(np.float64) - exact_d).max()
        assert ours_d <= max(theirs_d, np.spacing(np.float32(exact_d.max())))


@pytest.mark.parametrize("shape,dim", [((400000,), ALLDIM), ((3, 200000), 1), ((3, 200000), 0),
                                       ((200000, 3), 0), ((2, 300, 700), 1)])
def test_sum_and_prod_split_across_threads_agree_with_one_thread(shape, dim):
    rng = np.random.default_rng(13)
    x = rng.standard_normal(shape)
    xi = rng.integers(-50, 50, shape).astype(np.int32)
    saved = lib.tc_get_num_threads()
    try:
        results = []
        for threads in (1, 4):
            lib.tc_set_num_threads(threads)
            out, outi = new(np.float64), new(np.int64)
            check(lib.tc_sum(out, from_numpy(x), dim, 0))
            check(lib.tc_sum(outi, from_numpy(xi), dim, 0))
            results.append((to_numpy(out).copy(), to_numpy(outi).copy()))
    finally:
        lib.tc_set_num_threads(saved)
    np.testing.assert_allclose(results[0][0], results[1][0], rtol=1e-12, atol=1e-9)
    np.testing.assert_array_equal(results[0][1], results[1][1])
    np.testing.assert_allclose(results[1][0], x.sum(axis=np_axis(dim)), rtol=1e-10, atol=1e-9)
    np.testing.assert_array_equal(results[1][1], xi.astype(np.int64).sum(axis=np_axis(dim)))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("n", [31, 32, 33, 64, 95, 200])
def test_max_min_long_rows_first_position_and_nan(dtype, n):
    """Rows longer than the blocked first-position search: ties, the extreme in every block position, NaNs."""
    rng = np.random.default_rng(n)
    for pos in sorted({0, n // 3, 31 % n, 32 % n, n - 1}):
        x = rng.integers(-5, 5, (3, n)).astype(dtype)
        x[0, pos] = 9
        if (pos + 40) % n > pos:
            x[0, (pos + 40) % n] = 9            # a later tie: the first position must win
        x[1, pos] = -9
        x[2, pos] = np.nan
        x[2, -1] = np.nan
        for name, ref_idx, ref_val in (("max", np.argmax, np.max), ("min", np.argmin, np.min)):
            from tensor_core.nd import owned
            vals, idx = owned(lib.tc_tensor_new(dtype_code(dtype))), owned(lib.tc_tensor_new(lib.TC_INT64))
            check(getattr(lib, "tc_" + name)(vals, idx, from_numpy(x), 1, 0, 0))
            np.testing.assert_array_equal(to_numpy(idx), ref_idx(x, axis=1))   # numpy: first occurrence, first NaN
            np.testing.assert_array_equal(to_numpy(vals), ref_val(x, axis=1))


@pytest.mark.parametrize("threads", [1, 3])
@pytest.mark.parametrize("shape,dim", [((300, 257), 1), ((300, 257), 0), ((5, 4100, 9), 1), ((40000,), 0)])
def test_double_engine_reductions_large_and_threaded(threads, shape, dim):
    """var/std/norm/logsumexp/all above the parallel grain (lines and column chunks split across threads,
    8 partial sums per line) against numpy in float64."""
    from tensor_core.nd import owned
    rng = np.random.default_rng(sum(shape) + dim)
    x = rng.standard_normal(shape).astype(np.float32) * 3 + 1
    x.reshape(-1)[::97] = 0
    x64 = x.astype(np.float64)
    old = lib.tc_get_num_threads()
    lib.tc_set_num_threads(threads)
    try:
        out = owned(lib.tc_tensor_new(lib.TC_FLOAT64))
        cases = [(lambda: lib.tc_var(out, from_numpy(x), dim, 0, 1.0), x64.var(dim, ddof=1)),
                 (lambda: lib.tc_std(out, from_numpy(x), dim, 0, 0.0), x64.std(dim)),
                 (lambda: lib.tc_norm(out, from_numpy(x), 2.0, dim, 0), np.sqrt((x64 ** 2).sum(dim))),
                 (lambda: lib.tc_norm(out, from_numpy(x), 1.0, dim, 0), np.abs(x64).sum(dim)),
                 (lambda: lib.tc_norm(out, from_numpy(x), 3.0, dim, 0), (np.abs(x64) ** 3).sum(dim) ** (1 / 3)),
                 (lambda: lib.tc_norm(out, from_numpy(x), 0.0, dim, 0), (x64 != 0).sum(dim)),
                 (lambda: lib.tc_norm(out, from_numpy(x), np.inf, dim, 0), np.abs(x64).max(dim)),
                 (lambda: lib.tc_logsumexp(out, from_numpy(x), dim, 0),
                  np.log(np.exp(x64 - x64.max(dim, keepdims=True)).sum(dim)) + x64.max(dim))]
        for run, ref in cases:
            check(run())
            np.testing.assert_allclose(to_numpy(out), ref, rtol=1e-12, atol=1e-12)
    finally:
        lib.tc_set_num_threads(old)
