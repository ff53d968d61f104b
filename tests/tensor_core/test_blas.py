"""Matrix products (addmm family, dot) of the C core against numpy."""
import numpy as np
import pytest

from tensor_core import ffi, lib, TensorCoreError, check
from tensor_core.nd import from_numpy, to_numpy, owned, empty

FLOATS = [np.float32, np.float64]
INTS = [np.uint8, np.int8, np.int16, np.int32, np.int64]
rng = np.random.default_rng(1234)


def new(dtype):
    from tensor_core.nd import dtype_code
    return owned(lib.tc_tensor_new(dtype_code(dtype)))


def rand(shape, dtype):
    if np.dtype(dtype).kind == "f":
        return rng.standard_normal(shape).astype(dtype)
    return rng.integers(0, 7, size=shape).astype(dtype)


def layouts(a):
    """The same values in several memory layouts: contiguous, transposed-contiguous, strided, reversed."""
    yield a
    if a.ndim >= 2:
        yield np.ascontiguousarray(a.swapaxes(-1, -2)).swapaxes(-1, -2)
    big = np.zeros(tuple(2 * s + 1 for s in a.shape), a.dtype)
    v = big[tuple(slice(1, None, 2) for _ in a.shape)]
    v[...] = a
    yield v
    yield a[tuple(slice(None, None, -1) for _ in a.shape)].copy()[tuple(slice(None, None, -1) for _ in a.shape)]


def tol(dtype):
    return dict(rtol=1e-4, atol=1e-4) if dtype == np.float32 else dict(rtol=1e-10, atol=1e-10)


def ref_mm(a, b):
    if a.dtype.kind == "f":
        return (a.astype(np.float64) @ b.astype(np.float64))
    return (a.astype(np.int64) @ b.astype(np.int64)).astype(a.dtype)


@pytest.mark.parametrize("dtype", FLOATS + INTS)
@pytest.mark.parametrize("shape", [(3, 4, 5), (1, 7, 3), (6, 1, 2), (5, 3, 1), (2, 0, 3), (17, 33, 9)])
def test_mm_layouts(dtype, shape):
    n, k, p = shape
    a0, b0 = rand((n, k), dtype), rand((k, p), dtype)
    expected = ref_mm(a0, b0)
    for a in layouts(a0):
        for b in layouts(b0):
            out = new(dtype)
            check(lib.tc_mm(out, from_numpy(a), from_numpy(b)))
            got = to_numpy(out)
            assert got.shape == (n, p)
            np.testing.assert_allclose(got.astype(np.float64), expected.astype(np.float64), **tol(dtype))


@pytest.mark.parametrize("dtype", FLOATS + INTS)
def test_addmm_into_strided_output_and_scalars(dtype):
    a, b = rand((4, 6), dtype), rand((6, 5), dtype)
    m0 = rand((4, 5), dtype)
    beta, alpha = (0.5, -2.0) if dtype in FLOATS else (2, 3)
    for m in layouts(m0):
        out_arr = np.zeros((5, 4), dtype).T  # column-major output
        out = from_numpy(out_arr)
        check(lib.tc_addmm(out, beta, from_numpy(m), alpha, from_numpy(a), from_numpy(b)))
        expected = beta * m0.astype(np.float64) + alpha * ref_mm(a, b).astype(np.float64)
        if dtype not in FLOATS:
            expected = expected.astype(np.int64).astype(dtype)
        np.testing.assert_allclose(out_arr.astype(np.float64), expected.astype(np.float64), **tol(dtype))
    # strided, non-BLAS output (every other column)
    big = np.zeros((4, 10), dtype)
    outv = from_numpy(big[:, ::2])
    check(lib.tc_addmm(outv, 0, ffi.NULL, 1, from_numpy(a), from_numpy(b)))
    np.testing.assert_allclose(big[:, ::2].astype(np.float64), ref_mm(a, b).astype(np.float64), **tol(dtype))
    assert not big[:, 1::2].any()


@pytest.mark.parametrize("dtype", FLOATS)
def test_beta_zero_ignores_nan_in_output(dtype):
    for n, k, p in [(4, 3, 5), (4, 3, 1), (1, 3, 4)]:
        a, b = rand((n, k), dtype), rand((k, p), dtype)
        out_arr = np.full((n, p), np.nan, dtype)
        out = from_numpy(out_arr)
        check(lib.tc_addmm(out, 0.0, out, 1.0, from_numpy(a), from_numpy(b)))
        np.testing.assert_allclose(out_arr, ref_mm(a, b), **tol(dtype))
    u, v = rand(3, dtype), rand(4, dtype)
    out_arr = np.full((3, 4), np.inf, dtype)
    check(lib.tc_addr(from_numpy(out_arr), 0.0, from_numpy(out_arr), 1.0, from_numpy(u), from_numpy(v)))
    np.testing.assert_allclose(out_arr, np.outer(u, v), **tol(dtype))


@pytest.mark.parametrize("dtype", FLOATS)
def test_addmm_in_place_and_aliasing_a_factor(dtype):
    a, b = rand((4, 4), dtype), rand((4, 4), dtype)
    m = rand((4, 4), dtype)
    mt = from_numpy(m)
    expected = 2 * m + ref_mm(a, b)
    check(lib.tc_addmm(mt, 2.0, mt, 1.0, from_numpy(a), from_numpy(b)))
    np.testing.assert_allclose(m, expected, **tol(dtype))
    # out is the first factor: the product must be computed from the old values
    a_copy = a.copy()
    at = from_numpy(a)
    check(lib.tc_mm(at, at, from_numpy(b)))
    np.testing.assert_allclose(a, ref_mm(a_copy, b), **tol(dtype))


def test_addmm_expanded_bias_and_resize():
    a, b = rand((3, 4), np.float64), rand((4, 5), np.float64)
    bias = rand(5, np.float64)
    bias_t = owned(lib.tc_view_expand(from_numpy(bias), 2, ffi.new("int64_t[]", [3, 5])))
    out = empty((7,), np.float64)  # wrong shape: resized
    check(lib.tc_addmm(out, 1.0, bias_t, 1.0, from_numpy(a), from_numpy(b)))
    np.testing.assert_allclose(to_numpy(out), bias + a @ b)


@pytest.mark.parametrize("dtype", FLOATS + INTS)
@pytest.mark.parametrize("n,k", [(5, 7), (1, 4), (6, 1), (0, 3), (4, 0), (40, 33)])
def test_addmv_and_mv(dtype, n, k):
    mat0, vec0, v0 = rand((n, k), dtype), rand(k, dtype), rand(n, dtype)
    for mat in layouts(mat0):
        for vec in layouts(vec0):
            out = new(dtype)
            check(lib.tc_mv(out, from_numpy(mat), from_numpy(vec)))
            np.testing.assert_allclose(to_numpy(out).astype(np.float64),
                                       ref_mm(mat0, vec0[:, None])[:, 0].astype(np.float64), **tol(dtype))
    beta, alpha = (0.5, 3.0) if dtype in FLOATS else (2, 3)
    big = np.zeros(2 * n + 1, dtype)
    outv = big[::2][:n]
    check(lib.tc_addmv(from_numpy(outv), beta, from_numpy(v0), alpha, from_numpy(mat0), from_numpy(vec0)))
    expected = beta * v0.astype(np.float64) + alpha * ref_mm(mat0, vec0[:, None])[:, 0].astype(np.float64)
    if dtype not in FLOATS:
        expected = expected.astype(np.int64).astype(dtype)
    np.testing.assert_allclose(outv.astype(np.float64), expected.astype(np.float64), **tol(dtype))


@pytest.mark.parametrize("dtype", FLOATS + INTS)
def test_addr_and_ger(dtype):
    u0, v0, m0 = rand(5, dtype), rand(3, dtype), rand((5, 3), dtype)
    for u in layouts(u0):
        out = new(dtype)
        check(lib.tc_ger(out, from_numpy(u), from_numpy(v0[::-1].copy()[::-1])))
        np.testing.assert_allclose(to_numpy(out).astype(np.float64),
                                   np.outer(u0.astype(np.float64), v0.astype(np.float64)).astype(dtype).astype(np.float64))
    out = new(dtype)
    check(lib.tc_addr(out, 2, from_numpy(m0), 3, from_numpy(u0), from_numpy(v0)))
    expected = (2 * m0.astype(np.int64 if dtype in INTS else np.float64)
                + 3 * np.outer(u0, v0).astype(np.int64 if dtype in INTS else np.float64)).astype(dtype)
    np.testing.assert_allclose(to_numpy(out).astype(np.float64), expected.astype(np.float64), **tol(dtype))


@pytest.mark.parametrize("dtype", FLOATS + INTS)
def test_bmm_baddbmm_addbmm(dtype):
    B, n, k, p = 3, 4, 5, 2
    a0, b0, m3, m2 = rand((B, n, k), dtype), rand((B, k, p), dtype), rand((B, n, p), dtype), rand((n, p), dtype)
    prods = np.stack([ref_mm(a0[i], b0[i]) for i in range(B)])
    for a in layouts(a0):
        for b in list(layouts(b0))[:2]:
            out = new(dtype)
            check(lib.tc_bmm(out, from_numpy(a), from_numpy(b)))
            np.testing.assert_allclose(to_numpy(out).astype(np.float64), prods.astype(np.float64), **tol(dtype))
    wide = np.int64 if dtype in INTS else np.float64
    out = new(dtype)
    check(lib.tc_baddbmm(out, 2, from_numpy(m3), 3, from_numpy(a0.transpose(0, 2, 1).copy().transpose(0, 2, 1)),
                         from_numpy(b0)))
    expected = (2 * m3.astype(wide) + 3 * prods.astype(wide)).astype(dtype)
    np.testing.assert_allclose(to_numpy(out).astype(np.float64), expected.astype(np.float64), **tol(dtype))
    out = new(dtype)
    check(lib.tc_addbmm(out, 2, from_numpy(m2), 3, from_numpy(a0), from_numpy(b0)))
    expected = (2 * m2.astype(wide) + 3 * prods.astype(wide).sum(0)).astype(dtype)
    np.testing.assert_allclose(to_numpy(out).astype(np.float64), expected.astype(np.float64), **tol(dtype))


def test_addbmm_empty_batch_scales_m():
    m = rand((2, 3), np.float64)
    out = new(np.float64)
    check(lib.tc_addbmm(out, 0.5, from_numpy(m), 1.0, from_numpy(np.zeros((0, 2, 4))), from_numpy(np.zeros((0, 4, 3)))))
    np.testing.assert_allclose(to_numpy(out), 0.5 * m)


def test_against_torch_addmm():
    torch = pytest.importorskip("torch")
    a, b, m = rand((6, 5), np.float32), rand((5, 4), np.float32), rand((6, 4), np.float32)
    out = new(np.float32)
    check(lib.tc_addmm(out, 0.3, from_numpy(m), -1.5, from_numpy(a), from_numpy(b)))
    ref = torch.addmm(torch.from_numpy(m), torch.from_numpy(a), torch.from_numpy(b), beta=0.3, alpha=-1.5).numpy()
    np.testing.assert_allclose(to_numpy(out), ref, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("dtype", FLOATS + INTS)
def test_dot(dtype):
    a, b = rand(50, dtype), rand(50, dtype)
    r = ffi.new("double *")
    for x in layouts(a):
        check(lib.tc_dot(from_numpy(x), from_numpy(b.reshape(5, 10)), r))  # shapes may differ
        np.testing.assert_allclose(r[0], float(a.astype(np.float64) @ b.astype(np.float64)), rtol=1e-5)
    if dtype in INTS:
        ri = ffi.new("int64_t *")
        check(lib.tc_dot_int(from_numpy(a[::2]), from_numpy(b[::2]), ri))
        assert ri[0] == int(a[::2].astype(np.int64) @ b[::2].astype(np.int64))


def test_errors():
    a, b = from_numpy(np.zeros((2, 3))), from_numpy(np.zeros((4, 5)))
    out = new(np.float64)
    with pytest.raises(TensorCoreError, match=r"size mismatch, m1: \[2 x 3\], m2: \[4 x 5\]"):
        check(lib.tc_mm(out, a, b))
    with pytest.raises(TensorCoreError, match="matrices expected"):
        check(lib.tc_mm(out, from_numpy(np.zeros(3)), b))
    with pytest.raises(TensorCoreError, match="dtypes differ"):
        check(lib.tc_mm(out, from_numpy(np.zeros((2, 3), np.float32)), from_numpy(np.zeros((3, 2)))))
    with pytest.raises(TensorCoreError, match="float16 is not supported"):
        check(lib.tc_mm(new(np.float16), from_numpy(np.zeros((2, 3), np.float16)), from_numpy(np.zeros((3, 2), np.float16))))
    with pytest.raises(TensorCoreError, match="size mismatch, mat: \\[2 x 3\\], vec: \\[4\\]"):
        check(lib.tc_mv(out, a, from_numpy(np.zeros(4))))
    with pytest.raises(TensorCoreError, match="added tensor is \\[3\\] but the product is \\[2 x 3\\]"):
        check(lib.tc_addmm(out, 1, from_numpy(np.zeros(3)), 1, a, from_numpy(np.zeros((3, 3)))))
    with pytest.raises(TensorCoreError, match="size mismatch, batch1"):
        check(lib.tc_bmm(out, from_numpy(np.zeros((2, 3, 4))), from_numpy(np.zeros((3, 4, 2)))))
    with pytest.raises(TensorCoreError, match="inconsistent tensor size"):
        check(lib.tc_dot(a, b, ffi.new("double *")))
    with pytest.raises(TensorCoreError, match="'out' is NULL"):
        check(lib.tc_mm(ffi.NULL, a, b))
