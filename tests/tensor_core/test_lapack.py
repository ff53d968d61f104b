"""LAPACK wrappers, checked by reconstruction (signs of factors are not unique) and against numpy."""
import numpy as np
import pytest

from tensor_core import ffi, lib, TensorCoreError, check
from tensor_core.nd import from_numpy, to_numpy, owned, dtype_code

FLOATS = [np.float32, np.float64]
rng = np.random.default_rng(5)


def new(dtype):
    return owned(lib.tc_tensor_new(dtype_code(dtype)))


def tol(dtype):
    return dict(rtol=2e-3, atol=2e-3) if dtype == np.float32 else dict(rtol=1e-9, atol=1e-9)


def well_conditioned(n, dtype):
    return (rng.standard_normal((n, n)) + n * np.eye(n)).astype(dtype)


def spd(n, dtype):
    m = rng.standard_normal((n, n))
    return (m @ m.T + n * np.eye(n)).astype(dtype)


def noncontig(a):
    """the same values through a transposed (column-major) layout"""
    return np.asfortranarray(a) if a.ndim == 2 else a[::-1].copy()[::-1]


@pytest.mark.parametrize("dtype", FLOATS)
def test_gesv_inverse_det(dtype):
    for n, k in ((4, 3), (1, 1), (7, 2)):
        a, b = well_conditioned(n, dtype), rng.standard_normal((n, k)).astype(dtype)
        x, lu = new(dtype), new(dtype)
        check(lib.tc_gesv(x, lu, from_numpy(noncontig(b)), from_numpy(noncontig(a))))
        np.testing.assert_allclose(a.astype(np.float64) @ to_numpy(x), b, **tol(dtype))
        assert to_numpy(lu).shape == (n, n)
        # vector right-hand side
        x = new(dtype)
        check(lib.tc_gesv(x, ffi.NULL, from_numpy(b[:, 0].copy()), from_numpy(a)))
        assert to_numpy(x).shape == (n,)
        np.testing.assert_allclose(a.astype(np.float64) @ to_numpy(x), b[:, 0], **tol(dtype))
        inv = new(dtype)
        check(lib.tc_inverse(inv, from_numpy(noncontig(a))))
        np.testing.assert_allclose(to_numpy(inv) @ a.astype(np.float64), np.eye(n), **tol(dtype))
        d = ffi.new("double *")
        check(lib.tc_det(from_numpy(a), d))
        np.testing.assert_allclose(d[0], np.linalg.det(a.astype(np.float64)), rtol=1e-3 if dtype == np.float32 else 1e-9)
        s, la = ffi.new("double *"), ffi.new("double *")
        check(lib.tc_slogdet(from_numpy(-a), s, la))
        es, ela = np.linalg.slogdet(-a.astype(np.float64))
        assert s[0] == es
        np.testing.assert_allclose(la[0], ela, rtol=1e-4)


def test_in_place_inverse_and_singular_errors():
    a = well_conditioned(3, np.float64)
    t = owned(lib.tc_tensor_clone(from_numpy(a)))
    check(lib.tc_inverse(t, t))
    np.testing.assert_allclose(to_numpy(t), np.linalg.inv(a), rtol=1e-10)
    sing = np.array([[1.0, 2.0], [2.0, 4.0]])
    with pytest.raises(TensorCoreError, match=r"inverse: the matrix is singular \(LAPACK getrf info 2\)"):
        check(lib.tc_inverse(new(np.float64), from_numpy(sing)))
    with pytest.raises(TensorCoreError, match="gesv: the matrix is singular"):
        check(lib.tc_gesv(new(np.float64), ffi.NULL, from_numpy(np.ones((2, 1))), from_numpy(sing)))
    with pytest.raises(TensorCoreError, match=r"potrf: the matrix is not positive definite \(LAPACK potrf info"):
        check(lib.tc_potrf(new(np.float64), from_numpy(-np.eye(3)), 1))
    d = ffi.new("double *")
    check(lib.tc_det(from_numpy(sing), d))
    assert d[0] == 0.0
    with pytest.raises(TensorCoreError, match="square"):
        check(lib.tc_inverse(new(np.float64), from_numpy(np.zeros((2, 3)))))
    with pytest.raises(TensorCoreError, match="A has 2 rows but B has 3"):
        check(lib.tc_gesv(new(np.float64), ffi.NULL, from_numpy(np.zeros(3)), from_numpy(np.eye(2))))
    with pytest.raises(TensorCoreError, match="float32 or float64"):
        check(lib.tc_inverse(new(np.int64), from_numpy(np.eye(2, dtype=np.int64))))


@pytest.mark.parametrize("dtype", FLOATS)
def test_gels_trtrs(dtype):
    for m, n in ((6, 3), (3, 5)):
        a, b = rng.standard_normal((m, n)).astype(dtype), rng.standard_normal((m, 2)).astype(dtype)
        x = new(dtype)
        check(lib.tc_gels(x, ffi.NULL, from_numpy(b), from_numpy(noncontig(a))))
        got = to_numpy(x)
        assert got.shape == (max(m, n), 2)
        ref = np.linalg.lstsq(a.astype(np.float64), b.astype(np.float64), rcond=None)[0]
        np.testing.assert_allclose(got[:n], ref, **tol(dtype))
    a = np.triu(well_conditioned(4, dtype))
    b = rng.standard_normal((4, 3)).astype(dtype)
    for upper, trans, unit in ((1, 0, 0), (1, 1, 0), (0, 0, 1), (0, 1, 0)):
        A = a if upper else a.T.copy()
        x = new(dtype)
        check(lib.tc_trtrs(x, from_numpy(b), from_numpy(A), upper, trans, unit))
        M = A.astype(np.float64)
        if unit:
            M = M - np.diag(np.diag(M)) + np.eye(4)
        if trans:
            M = M.T
        np.testing.assert_allclose(M @ to_numpy(x), b, **tol(dtype))


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("upper", [0, 1])
def test_cholesky_family(dtype, upper):
    a = spd(5, dtype)
    f = new(dtype)
    check(lib.tc_potrf(f, from_numpy(noncontig(a)), upper))
    F = to_numpy(f).astype(np.float64)
    if upper:
        assert np.allclose(F, np.triu(F))
        np.testing.assert_allclose(F.T @ F, a, **tol(dtype))
    else:
        assert np.allclose(F, np.tril(F))
        np.testing.assert_allclose(F @ F.T, a, **tol(dtype))
    b = rng.standard_normal((5, 2)).astype(dtype)
    x = new(dtype)
    check(lib.tc_potrs(x, from_numpy(b), f, upper))
    np.testing.assert_allclose(a.astype(np.float64) @ to_numpy(x), b, **tol(dtype))
    inv = new(dtype)
    check(lib.tc_potri(inv, f, upper))
    np.testing.assert_allclose(to_numpy(inv) @ a.astype(np.float64), np.eye(5), **tol(dtype))


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("shape", [(5, 3), (3, 5), (4, 4)])
def test_qr_geqrf_orgqr(dtype, shape):
    a = rng.standard_normal(shape).astype(dtype)
    m, n = shape
    k = min(m, n)
    q, r = new(dtype), new(dtype)
    check(lib.tc_qr(q, r, from_numpy(noncontig(a))))
    Q, R = to_numpy(q).astype(np.float64), to_numpy(r).astype(np.float64)
    assert Q.shape == (m, k) and R.shape == (k, n)
    np.testing.assert_allclose(Q @ R, a, **tol(dtype))
    np.testing.assert_allclose(Q.T @ Q, np.eye(k), **tol(dtype))
    assert np.allclose(R, np.triu(R))
    g, tau = new(dtype), new(dtype)
    check(lib.tc_geqrf(g, tau, from_numpy(a)))
    q2 = new(dtype)
    check(lib.tc_orgqr(q2, g, tau))
    np.testing.assert_allclose(to_numpy(q2), Q, **tol(dtype))
    np.testing.assert_allclose(np.triu(to_numpy(g))[:k], R, **tol(dtype))


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("shape", [(6, 4), (4, 6), (5, 5)])
def test_svd(dtype, shape):
    a = rng.standard_normal(shape).astype(dtype)
    m, n = shape
    k = min(m, n)
    for some in (1, 0):
        u, s, v = new(dtype), new(dtype), new(dtype)
        check(lib.tc_svd(u, s, v, from_numpy(noncontig(a)), some))
        U, S, V = (to_numpy(t).astype(np.float64) for t in (u, s, v))
        assert U.shape == ((m, k) if some else (m, m)) and V.shape == ((n, k) if some else (n, n)) and S.shape == (k,)
        np.testing.assert_allclose(U[:, :k] * S @ V[:, :k].T, a, **tol(dtype))
        np.testing.assert_allclose(U.T @ U, np.eye(U.shape[1]), **tol(dtype))
        np.testing.assert_allclose(V.T @ V, np.eye(V.shape[1]), **tol(dtype))
        np.testing.assert_allclose(S, np.linalg.svd(a.astype(np.float64), compute_uv=False), **tol(dtype))


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("upper", [0, 1])
def test_symeig(dtype, upper):
    a = spd(5, dtype) - 5 * np.eye(5, dtype=dtype)
    # only one triangle is read: garbage in the other must not matter
    given = np.triu(a) + np.tril(np.full_like(a, 99), -1) if upper else np.tril(a) + np.triu(np.full_like(a, 99), 1)
    e, v = new(dtype), new(dtype)
    check(lib.tc_symeig(e, v, from_numpy(given), 1, upper))
    E, V = to_numpy(e).astype(np.float64), to_numpy(v).astype(np.float64)
    np.testing.assert_allclose(E, np.linalg.eigvalsh(a.astype(np.float64)), **tol(dtype))
    assert np.all(np.diff(E) >= 0)
    np.testing.assert_allclose(a @ V, V * E, **tol(dtype))
    e2 = new(dtype)
    check(lib.tc_symeig(e2, ffi.NULL, from_numpy(a), 0, upper))
    np.testing.assert_allclose(to_numpy(e2), E, **tol(dtype))


@pytest.mark.parametrize("dtype", FLOATS)
def test_eig(dtype):
    rot = np.array([[0.0, -2.0, 0.0], [2.0, 0.0, 0.0], [0.0, 0.0, 3.0]])  # eigenvalues +-2i, 3
    p = well_conditioned(3, np.float64)
    a = (p @ rot @ np.linalg.inv(p)).astype(dtype)
    e, v = new(dtype), new(dtype)
    check(lib.tc_eig(e, v, from_numpy(noncontig(a)), 1))
    E, V = to_numpy(e).astype(np.float64), to_numpy(v).astype(np.float64)
    assert E.shape == (3, 2)
    lam = E[:, 0] + 1j * E[:, 1]
    np.testing.assert_allclose(sorted(lam, key=lambda z: (z.real, z.imag)),
                               sorted(np.linalg.eigvals(a.astype(np.float64)), key=lambda z: (z.real, z.imag)),
                               rtol=1e-3, atol=1e-3)
    # rebuild complex eigenvectors from LAPACK's real layout and check A v = lambda v
    j = 0
    while j < 3:
        if E[j, 1] == 0:
            vec = V[:, j]
            np.testing.assert_allclose(a @ vec, lam[j] * vec, **tol(dtype))
            j += 1
        else:
            vec = V[:, j] + 1j * V[:, j + 1]
            np.testing.assert_allclose(a @ vec, lam[j] * vec, rtol=1e-3, atol=1e-3)
            j += 2
