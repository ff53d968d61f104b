"""torch.* breadth functions (pytorch_api/_more_ops.py) against real torch 2.13."""
import numpy as np
import pytest
import torch

import pytorch_api as tp
from pytorch_api.autograd import gradcheck

rng = np.random.default_rng(11)


def _both(a):
    return tp.tensor(a), torch.tensor(a)


def _eq(ours, ref, tol=1e-6):
    if isinstance(ref, (tuple, list)):
        assert len(ours) == len(ref)
        for o, r in zip(ours, ref):
            _eq(o, r, tol)
        return
    if not isinstance(ref, torch.Tensor):
        assert ours == ref
        return
    o = ours.detach().numpy()
    assert tuple(o.shape) == tuple(ref.shape)
    assert str(ours.dtype) == str(ref.dtype)
    np.testing.assert_allclose(o, ref.detach().numpy(), rtol=tol, atol=tol, equal_nan=True)


def _call(name, *args, **kw):
    conv = [tp.tensor(a) if isinstance(a, np.ndarray) else a for a in args]
    ref = [torch.tensor(a) if isinstance(a, np.ndarray) else a for a in args]
    return getattr(tp, name)(*conv, **kw), getattr(torch, name)(*ref, **kw)


x34 = rng.standard_normal((3, 4))
CASES = [
    ("addmv", (rng.standard_normal(3), x34, rng.standard_normal(4)), {"beta": 0.5, "alpha": 2}),
    ("addr", (x34, rng.standard_normal(3), rng.standard_normal(4)), {}),
    ("addbmm", (x34, rng.standard_normal((2, 3, 5)), rng.standard_normal((2, 5, 4))), {"alpha": 3}),
    ("vdot", (rng.standard_normal(5), rng.standard_normal(5)), {}),
    ("cross", (rng.standard_normal((4, 3)), rng.standard_normal((4, 3))), {"dim": 1}),
    ("bucketize", (rng.standard_normal((3, 5)), np.sort(rng.standard_normal(6))), {}),
    ("bucketize", (np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 3.0])), {"right": True}),
    ("searchsorted", (np.sort(rng.standard_normal((3, 6)), 1), rng.standard_normal((3, 4))), {}),
    ("searchsorted", (np.array([1, 3, 5, 7]), np.array([3, 6, 9])), {"side": "right"}),
    ("histc", (rng.standard_normal(100),), {"bins": 7}),
    ("histc", (rng.standard_normal(100),), {"bins": 5, "min": -1, "max": 1}),
    ("isin", (np.arange(10), np.array([2, 5, 11])), {}),
    ("isin", (np.arange(10), np.array([2, 5, 11])), {"invert": True}),
    ("isposinf", (np.array([1.0, np.inf, -np.inf, np.nan]),), {}),
    ("isneginf", (np.array([1.0, np.inf, -np.inf, np.nan]),), {}),
    ("fmax", (np.array([1.0, np.nan, 3, np.nan]), np.array([np.nan, 2.0, 1, np.nan])), {}),
    ("fmin", (np.array([1.0, np.nan, 3, np.nan]), np.array([np.nan, 2.0, 1, np.nan])), {}),
    ("gcd", (np.array([12, -18, 0, 7, 0]), np.array([8, 12, 5, 0, 0])), {}),
    ("lcm", (np.array([4, -6, 0, 7]), np.array([6, 4, 5, 3])), {}),
    ("heaviside", (np.array([-1.0, 0.0, 2.0]), np.array([0.5, 0.5, 0.5])), {}),
    ("ldexp", (rng.standard_normal(4), np.array([1, 2, -1, 0])), {}),
    ("logaddexp2", (rng.standard_normal(5), rng.standard_normal(5)), {}),
    ("sinc", (np.array([0.0, 0.5, -1.2, 3.0]),), {}),
    ("cummax", (rng.integers(0, 4, (3, 6)).astype(np.float64), 1), {}),
    ("cummin", (rng.standard_normal((5, 3)), 0), {}),
    ("cummax", (np.array([1.0, np.nan, 0.5, 3.0]), 0), {}),
    ("logcumsumexp", (rng.standard_normal((3, 4)) * 30, 1), {}),
    ("trapezoid", (rng.standard_normal((3, 5)),), {}),
    ("trapezoid", (rng.standard_normal((3, 5)),), {"dx": 0.5, "dim": 0}),
    ("trapezoid", (rng.standard_normal((3, 5)), np.sort(rng.standard_normal(5))), {}),
    ("trapz", (rng.standard_normal((3, 5)),), {}),
    ("cumulative_trapezoid", (rng.standard_normal((3, 5)),), {}),
    ("msort", (rng.standard_normal((4, 3)),), {}),
    ("nanmedian", (np.array([[1.0, np.nan, 3, 2], [np.nan, 2.0, np.nan, 4.0], [5, 1, 2, 0]]),), {"dim": 1}),
    ("nanmedian", (np.array([1.0, np.nan, 3, 2]),), {}),
    ("quantile", (rng.standard_normal((4, 7)), 0.3), {"dim": 1}),
    ("quantile", (rng.standard_normal((4, 7)), np.array([0.1, 0.5, 0.9])), {"dim": 0, "keepdim": True}),
    ("quantile", (rng.standard_normal(9), 0.25), {"interpolation": "lower"}),
    ("quantile", (rng.standard_normal(9), 0.3), {"interpolation": "midpoint"}),
    ("quantile", (rng.standard_normal(9), 0.35), {"interpolation": "nearest"}),
    ("quantile", (rng.standard_normal((2, 3)), 0.35), {}),
    ("nanquantile", (np.array([[1.0, np.nan, 3, 2], [np.nan] * 4]), 0.4), {"dim": 1}),
    ("unique_consecutive", (np.array([1, 1, 2, 2, 3, 1, 1, 2]),), {"return_inverse": True, "return_counts": True}),
    ("unique_consecutive", (np.array([[1, 1], [1, 1], [2, 3], [2, 3]]),), {"dim": 0, "return_counts": True}),
    ("column_stack", ([np.arange(3), np.arange(6).reshape(3, 2)],), {}),
    ("dstack", ([np.arange(3), np.arange(3)],), {}),
    ("vsplit", (np.arange(12).reshape(4, 3), 2), {}),
    ("hsplit", (np.arange(12).reshape(3, 4), [1, 3]), {}),
    ("dsplit", (np.arange(16).reshape(2, 2, 4), 2), {}),
    ("diagflat", (np.arange(4.0).reshape(2, 2),), {"offset": 1}),
    ("diag_embed", (rng.standard_normal((2, 3)),), {}),
    ("diag_embed", (rng.standard_normal((2, 3)),), {"offset": -1, "dim1": 0, "dim2": 2}),
    ("diag_embed", (rng.standard_normal((2, 3)),), {"offset": 2}),
    ("combinations", (np.arange(4),), {"r": 3}),
    ("combinations", (np.arange(3),), {"with_replacement": True}),
    ("vander", (np.array([1, 2, 3]),), {}),
    ("vander", (np.array([1.0, 2.0, 3.5]),), {"N": 4, "increasing": True}),
    ("renorm", (rng.standard_normal((3, 4)), 2, 0, 1.0), {}),
    ("renorm", (rng.standard_normal((3, 4)), 1, 1, 0.5), {}),
    ("pdist", (rng.standard_normal((5, 3)),), {}),
    ("pdist", (rng.standard_normal((5, 3)),), {"p": 1}),
    ("unravel_index", (np.array([0, 5, 11, 23]), (2, 3, 4)), {}),
]


@pytest.mark.parametrize("name,args,kw", CASES, ids=[c[0] + str(i) for i, c in enumerate(CASES)])
def test_matches_torch(name, args, kw):
    conv = [([tp.tensor(x) for x in a] if isinstance(a, list) else tp.tensor(a) if isinstance(a, np.ndarray) else a)
            for a in args]
    ref = [([torch.tensor(x) for x in a] if isinstance(a, list) else torch.tensor(a) if isinstance(a, np.ndarray) else a)
           for a in args]
    ours, theirs = getattr(tp, name)(*conv, **kw), getattr(torch, name)(*ref, **kw)
    _eq(ours, theirs)


def test_nanmedian_all_nan_row_value():
    a = np.array([[np.nan] * 3, [1.0, np.nan, 2.0]])
    _eq(tp.nanmedian(tp.tensor(a), 1)[0], torch.nanmedian(torch.tensor(a), 1)[0])


def test_noncontiguous_and_methods():
    a = rng.standard_normal((5, 4))
    o, r = tp.tensor(a).t(), torch.tensor(a).t()
    _eq(o.cummax(1), r.cummax(1))
    _eq(tp.logcumsumexp(o, 0), torch.logcumsumexp(r, 0))
    _eq(o.renorm(2, 1, 1.0), r.renorm(2, 1, 1.0))
    _eq(tp.quantile(o, 0.7, dim=1), torch.quantile(r, 0.7, dim=1))
    _eq(o.mH, r.mH)
    _eq(o.H, r.H)


def test_range_mode_is_nonzero_scatter_reduce():
    _eq(tp.range(1, 4), torch.range(1, 4))
    _eq(tp.range(0, 1, 0.25), torch.range(0, 1, 0.25))
    x = np.array([[1, 2, 2, 3, 3], [4, 4, 1, 1, 5]])
    v, i = tp.mode(tp.tensor(x), 1)
    rv, _ = torch.mode(torch.tensor(x), 1)
    _eq(v, rv)
    assert (tp.tensor(x).gather(1, i.unsqueeze(1)).squeeze(1) == v).all()
    assert tp.is_nonzero(tp.tensor([2.0])) and not tp.is_nonzero(tp.tensor(0))
    with pytest.raises(RuntimeError):
        tp.is_nonzero(tp.tensor([1, 2]))
    src = rng.standard_normal((2, 6))
    idx = rng.integers(0, 3, (2, 6))
    base = rng.standard_normal((2, 3))
    for red in ("sum", "prod", "mean", "amax", "amin"):
        for inc in (True, False):
            _eq(tp.tensor(base).scatter_reduce(1, tp.tensor(idx), tp.tensor(src), red, include_self=inc),
                torch.tensor(base).scatter_reduce(1, torch.tensor(idx), torch.tensor(src), red, include_self=inc))


def test_tensor_methods_inplace():
    a = rng.standard_normal((4, 3))
    o, r = tp.tensor(a), torch.tensor(a)
    _eq(o.clone().fill_diagonal_(5.0), r.clone().fill_diagonal_(5.0))
    t7 = np.zeros((7, 3))
    _eq(tp.tensor(t7).fill_diagonal_(1.0, wrap=True), torch.tensor(t7).fill_diagonal_(1.0, wrap=True))
    idx = np.array([2, 0])
    src = rng.standard_normal((2, 3))
    _eq(o.clone().index_copy_(0, tp.tensor(idx), tp.tensor(src)), r.clone().index_copy_(0, torch.tensor(idx), torch.tensor(src)))
    mask = a > 0
    s = rng.standard_normal(12)
    _eq(o.clone().masked_scatter_(tp.tensor(mask), tp.tensor(s)), r.clone().masked_scatter_(torch.tensor(mask), torch.tensor(s)))
    pi = np.array([1, -1, 5])
    pv = np.array([9.0, 8.0, 7.0])
    _eq(o.clone().put_(tp.tensor(pi), tp.tensor(pv)), r.clone().put_(torch.tensor(pi), torch.tensor(pv)))
    _eq(o.clone().put_(tp.tensor(pi), tp.tensor(pv), accumulate=True),
        r.clone().put_(torch.tensor(pi), torch.tensor(pv), accumulate=True))
    _eq(o.clone().apply_(lambda v: v * 2 + 1), r.clone().apply_(lambda v: v * 2 + 1))


def test_random_fills_moments():
    tp.manual_seed(3)
    t = tp.empty(20000, dtype=tp.float64)
    assert abs(float(t.exponential_(2.0).mean()) - 0.5) < 0.03
    assert abs(float(t.geometric_(0.25).mean()) - 4.0) < 0.2
    assert float(t.geometric_(0.25).min()) >= 1
    assert abs(float(t.log_normal_(0.0, 0.5).log().mean())) < 0.03
    assert abs(float(t.cauchy_(1.0, 1.0).median()) - 1.0) < 0.1
    p = tp.poisson(tp.full((5000,), 3.0))
    assert abs(float(p.mean()) - 3.0) < 0.15 and float(p.min()) >= 0
    nc = tp.empty(10, 4).t()
    nc.exponential_()
    assert bool(nc.gt(0).all())
    with pytest.raises(RuntimeError):
        tp.empty(3, dtype=tp.int64).exponential_()


@pytest.mark.parametrize("fn", [
    lambda x: tp.logcumsumexp(x, 1), lambda x: tp.cummax(x, 1)[0], lambda x: tp.quantile(x, 0.3, dim=1),
    lambda x: tp.renorm(x, 2, 0, 1.0), lambda x: tp.pdist(x), lambda x: tp.diag_embed(x, 1),
    lambda x: tp.trapezoid(x), lambda x: tp.sinc(x), lambda x: tp.logaddexp2(x, x * 0.5),
    lambda x: tp.addr(x, x[0], x[:, 0]), lambda x: tp.nanmedian(x, 1)[0],
])
def test_gradcheck(fn):
    assert gradcheck(fn, (tp.tensor(rng.standard_normal((4, 4)), requires_grad=True),))


def test_errors():
    with pytest.raises(RuntimeError):
        tp.bucketize(tp.ones(3), tp.ones(2, 2))
    with pytest.raises(RuntimeError):
        tp.quantile(tp.ones(3), 1.5)
    with pytest.raises(RuntimeError):
        torch.quantile(torch.ones(3), 1.5)
    with pytest.raises(RuntimeError):
        tp.gcd(tp.ones(3), tp.ones(3))
    with pytest.raises(RuntimeError):
        tp.vsplit(tp.ones(3, 2), 2)
    with pytest.raises(RuntimeError):
        tp.pdist(tp.ones(3))
