"""torch.linalg and the torch.* linear algebra functions against real torch 2.13 (forward, gradcheck)."""
import numpy as np
import pytest
import torch

import pytorch_api as tp
from pytorch_api.autograd import gradcheck

rng = np.random.default_rng(7)


def _sq(*batch, n=4):
    return rng.standard_normal((*batch, n, n)) + 3 * np.eye(n)


def _spd(n=4):
    a = rng.standard_normal((n, n))
    return a @ a.T + n * np.eye(n)


def _cmp(ours, ref, tol=1e-6):
    np.testing.assert_allclose(np.asarray(ours.detach().numpy(), dtype=np.float64), ref.detach().numpy(),
                               rtol=tol, atol=tol)


@pytest.mark.parametrize("name", ["inv", "det", "matrix_exp", "svdvals", "pinv", "eigvalsh", "cholesky"])
@pytest.mark.parametrize("batch", [(), (3,), (2, 2)])
def test_forward_matches_torch(name, batch):
    a = _sq(*batch) if name not in ("eigvalsh", "cholesky") else np.broadcast_to(_spd(), (*batch, 4, 4)).copy()
    ours = getattr(tp.linalg, name)(tp.tensor(a))
    ref = getattr(torch.linalg, name)(torch.tensor(a))
    _cmp(ours, ref)


def test_float32_and_noncontiguous():
    a = _sq(n=5).astype(np.float32)
    t = tp.tensor(a).t()
    assert not t.is_contiguous()
    _cmp(tp.linalg.inv(t), torch.linalg.inv(torch.tensor(a).t()), 1e-4)
    assert tp.linalg.inv(t).dtype == tp.float32


def test_slogdet_logdet_det():
    a = _sq(2)
    a[0] = -a[0]
    s, l = tp.linalg.slogdet(tp.tensor(a))
    rs, rl = torch.linalg.slogdet(torch.tensor(a))
    _cmp(s, rs)
    _cmp(l, rl)
    _cmp(tp.det(tp.tensor(a)), torch.det(torch.tensor(a)))
    r = torch.logdet(torch.tensor(a)).numpy()
    ours = tp.logdet(tp.tensor(a)).numpy()
    np.testing.assert_allclose(ours, r)   # nan where det < 0 in both


def test_solve_shapes():
    a = _sq(3)
    b = rng.standard_normal((3, 4, 2))
    _cmp(tp.linalg.solve(tp.tensor(a), tp.tensor(b)), torch.linalg.solve(torch.tensor(a), torch.tensor(b)))
    v = rng.standard_normal(4)
    _cmp(tp.linalg.solve(tp.tensor(a[0]), tp.tensor(v)), torch.linalg.solve(torch.tensor(a[0]), torch.tensor(v)))


def test_svd_reconstructs_and_values_match():
    a = rng.standard_normal((5, 3))
    U, S, Vh = tp.linalg.svd(tp.tensor(a), full_matrices=False)
    _cmp(S, torch.linalg.svd(torch.tensor(a), full_matrices=False)[1])
    np.testing.assert_allclose((U.numpy() * S.numpy()) @ Vh.numpy(), a, atol=1e-10)
    u, s, v = tp.svd(tp.tensor(a))
    np.testing.assert_allclose((u.numpy() * s.numpy()) @ v.numpy().T, a, atol=1e-10)


def test_eigh_qr_reconstruct():
    s = _spd(5)
    e, v = tp.linalg.eigh(tp.tensor(s))
    _cmp(e, torch.linalg.eigh(torch.tensor(s))[0])
    np.testing.assert_allclose(v.numpy() @ np.diag(e.numpy()) @ v.numpy().T, s, atol=1e-9)
    a = rng.standard_normal((6, 4))
    q, r = tp.linalg.qr(tp.tensor(a))
    np.testing.assert_allclose(q.numpy() @ r.numpy(), a, atol=1e-10)
    np.testing.assert_allclose(np.abs(r.numpy()), np.abs(torch.linalg.qr(torch.tensor(a))[1].numpy()), atol=1e-10)


@pytest.mark.parametrize("ord", [None, 1, 2, float("inf"), -1, "fro", "nuc", -2])
def test_matrix_norms(ord):
    a = rng.standard_normal((2, 3, 4))
    if ord is None:
        _cmp(tp.linalg.norm(tp.tensor(a)), torch.linalg.norm(torch.tensor(a)))
        return
    _cmp(tp.linalg.matrix_norm(tp.tensor(a), ord), torch.linalg.matrix_norm(torch.tensor(a), ord))
    _cmp(tp.linalg.matrix_norm(tp.tensor(a), ord, keepdim=True),
         torch.linalg.matrix_norm(torch.tensor(a), ord, keepdim=True))


@pytest.mark.parametrize("ord", [1, 2, 3, 0, float("inf"), float("-inf"), 0.5])
def test_vector_norms(ord):
    a = rng.standard_normal((3, 5))
    _cmp(tp.linalg.vector_norm(tp.tensor(a), ord), torch.linalg.vector_norm(torch.tensor(a), ord))
    _cmp(tp.linalg.vector_norm(tp.tensor(a), ord, dim=1, keepdim=True),
         torch.linalg.vector_norm(torch.tensor(a), ord, dim=1, keepdim=True))


def test_rank_lstsq_cross_power():
    a = rng.standard_normal((5, 2)) @ rng.standard_normal((2, 4))
    assert int(tp.linalg.matrix_rank(tp.tensor(a))) == int(torch.linalg.matrix_rank(torch.tensor(a))) == 2
    A, B = rng.standard_normal((6, 3)), rng.standard_normal((6, 2))
    _cmp(tp.linalg.lstsq(tp.tensor(A), tp.tensor(B)).solution,
         torch.linalg.lstsq(torch.tensor(A), torch.tensor(B)).solution)
    x, y = rng.standard_normal((4, 3)), rng.standard_normal((4, 3))
    _cmp(tp.linalg.cross(tp.tensor(x), tp.tensor(y)), torch.linalg.cross(torch.tensor(x), torch.tensor(y)))
    m = _sq()
    for n in (0, 1, 3, -2):
        _cmp(tp.linalg.matrix_power(tp.tensor(m), n), torch.linalg.matrix_power(torch.tensor(m), n))
    ms = [rng.standard_normal(s) for s in ((2, 3), (3, 4), (4, 2))]
    _cmp(tp.linalg.multi_dot([tp.tensor(x) for x in ms]), torch.linalg.multi_dot([torch.tensor(x) for x in ms]))


def _sym(f):
    return lambda x: f((x + x.t()) / 2)


@pytest.mark.parametrize("fn", [
    lambda x: tp.linalg.inv(x), lambda x: tp.linalg.det(x), lambda x: tp.linalg.slogdet(x)[1],
    lambda x: tp.linalg.svdvals(x), lambda x: tp.linalg.svd(x, full_matrices=False)[0].abs(),
    lambda x: tp.linalg.pinv(x), lambda x: tp.linalg.matrix_exp(x),
    lambda x: tp.linalg.solve(x, tp.ones(4, 2, dtype=tp.float64)), lambda x: tp.inverse(x.unsqueeze(0)),
])
def test_gradcheck_general(fn):
    assert gradcheck(fn, (tp.tensor(_sq(), requires_grad=True),))


@pytest.mark.parametrize("fn", [tp.linalg.cholesky, tp.linalg.eigvalsh, lambda x: tp.linalg.eigh(x)[1].abs(),
                                lambda x: tp.linalg.eigh(x)[0]])
def test_gradcheck_symmetric(fn):
    assert gradcheck(_sym(fn), (tp.tensor(_spd(), requires_grad=True),))


def test_grad_matches_torch_det():
    a = _sq()
    x = tp.tensor(a, requires_grad=True)
    tp.linalg.det(x).backward()
    y = torch.tensor(a, requires_grad=True)
    torch.linalg.det(y).backward()
    _cmp(x.grad, y.grad)


def test_errors():
    with pytest.raises(RuntimeError):
        tp.linalg.inv(tp.tensor(rng.standard_normal((3, 4))))
    with pytest.raises(RuntimeError):
        tp.linalg.inv(tp.zeros(3, 3, dtype=tp.float64))
    with pytest.raises(RuntimeError):
        tp.linalg.cholesky(tp.tensor(-np.eye(3)))
    with pytest.raises(RuntimeError):
        tp.linalg.det(tp.ones(3, 3, dtype=tp.int64))
    with pytest.raises(RuntimeError):
        tp.linalg.cross(tp.ones(2, 2), tp.ones(2, 2))
    with pytest.raises(RuntimeError):
        torch.linalg.cross(torch.ones(2, 2), torch.ones(2, 2))


@pytest.mark.parametrize("shape", [(4, 4), (2, 5, 5), (5, 3), (3, 5)])
def test_lu(shape):
    a = rng.standard_normal(shape)
    P, L, U = tp.linalg.lu(tp.tensor(a))
    rP, rL, rU = torch.linalg.lu(torch.tensor(a))
    _cmp(P, rP)
    _cmp(L, rL)
    _cmp(U, rU)
    LU, piv = tp.linalg.lu_factor(tp.tensor(a))
    _cmp(LU, torch.linalg.lu_factor(torch.tensor(a))[0])
    if shape[-1] == shape[-2]:
        LU, piv = tp.linalg.lu_factor(tp.tensor(a))
        rLU, rpiv = torch.linalg.lu_factor(torch.tensor(a))
        _cmp(LU, rLU)
        assert piv.tolist() == rpiv.tolist()
        _cmp(tp.lu(tp.tensor(a))[0], torch.linalg.lu_factor(torch.tensor(a))[0])


def test_lu_gradcheck():
    assert gradcheck(lambda x: tp.linalg.lu(x)[2], (tp.tensor(_sq(n=3), requires_grad=True),))
    assert gradcheck(lambda x: tp.linalg.lu(x)[1], (tp.tensor(_sq(n=3), requires_grad=True),))
