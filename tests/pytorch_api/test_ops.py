"""Ops against real PyTorch: values and gradients on broadcast and non-contiguous inputs, dtypes, errors."""
import numpy as np
import pytest
import torch as real_torch

import pytorch_api as torch
from pyapi_helpers import close, rng  # noqa: F401


def pair(a, requires_grad=False):
    return torch.tensor(a, requires_grad=requires_grad), real_torch.tensor(a, requires_grad=requires_grad)


BINARY = ["add", "sub", "mul", "div", "maximum", "minimum", "atan2", "pow"]
SHAPES = [((3, 4), (3, 4)), ((3, 1), (1, 4)), ((2, 3, 4), (4,)), ((4,), (2, 3, 4)), ((), (3,)), ((3, 4), ())]


@pytest.mark.parametrize("name", BINARY)
@pytest.mark.parametrize("shapes", SHAPES)
def test_binary_values_and_grads(name, shapes, rng):
    sa, sb = shapes
    a = rng.uniform(0.5, 2.0, sa)
    b = rng.uniform(0.5, 2.0, sb)
    x, rx = pair(a, True)
    y, ry = pair(b, True)
    z, rz = getattr(torch, name)(x, y), getattr(real_torch, name)(rx, ry)
    close(z, rz)
    w = rng.standard_normal(tuple(rz.shape))
    (z * torch.tensor(w)).sum().backward()
    (rz * real_torch.tensor(w)).sum().backward()
    close(x.grad, rx.grad, rtol=1e-6)
    close(y.grad, ry.grad, rtol=1e-6)


@pytest.mark.parametrize("op", ["__add__", "__sub__", "__mul__", "__truediv__", "__floordiv__", "__mod__", "__pow__",
                                "__radd__", "__rsub__", "__rmul__", "__rtruediv__", "__lt__", "__ge__", "__eq__"])
@pytest.mark.parametrize("dt", ["int64", "int32", "float32", "float64", "uint8"])
@pytest.mark.parametrize("scalar", [2, 2.5, True])
def test_operators_with_scalars_dtypes(op, dt, scalar, rng):
    a = rng.integers(1, 5, (2, 3))
    x = torch.tensor(a, dtype=getattr(torch, dt))
    rx = real_torch.tensor(a, dtype=getattr(real_torch, dt))
    try:
        expected = getattr(rx, op)(scalar)
    except RuntimeError:
        with pytest.raises(RuntimeError):
            getattr(x, op)(scalar)
        return
    close(getattr(x, op)(scalar), expected, rtol=1e-6)


def test_non_contiguous_operands(rng):
    a = rng.standard_normal((4, 6)).astype(np.float32)
    b = rng.standard_normal((6, 4)).astype(np.float32)
    x, rx = pair(a)
    y, ry = pair(b)
    close(x[:, ::2] * y.t()[:, 1::2], rx[:, ::2] * ry.t()[:, 1::2])
    close((x.t() + y).exp(), (rx.t() + ry).exp())


UNARY = ["exp", "log", "sqrt", "sin", "cos", "tanh", "sigmoid", "abs", "neg", "relu", "rsqrt", "log1p", "expm1",
         "reciprocal", "atan", "erf", "floor", "round", "sign"]


@pytest.mark.parametrize("name", UNARY)
def test_unary(name, rng):
    a = rng.uniform(0.1, 3.0, (3, 5)) * rng.choice([1, -1], (3, 5)) if name not in ("log", "sqrt", "rsqrt", "log1p") \
        else rng.uniform(0.1, 3.0, (3, 5))
    x, rx = pair(a, True)
    y, ry = getattr(x, name)(), getattr(rx, name)()
    close(y, ry)
    y.sum().backward()
    ry.sum().backward()
    close(x.grad, rx.grad)


def test_unary_int_to_float():
    x = torch.tensor([1, 2, 3])
    assert x.exp().dtype is torch.float32
    assert x.abs().dtype is torch.int64
    assert x.sqrt().dtype is torch.float32


REDUCTIONS = [
    lambda t: t.sum(), lambda t: t.sum(1), lambda t: t.sum((0, 2), keepdim=True), lambda t: t.mean(-1),
    lambda t: t.mean((0, 1)), lambda t: t.prod(1), lambda t: t.var(1), lambda t: t.std(), lambda t: t.var(0, correction=0),
    lambda t: t.std(2, keepdim=True), lambda t: t.max(), lambda t: t.max(1)[0], lambda t: t.min(2, keepdim=True).values,
    lambda t: t.logsumexp(1), lambda t: t.norm(), lambda t: t.norm(dim=1), lambda t: t.cumsum(1), lambda t: t.amax((1, 2)),
]


@pytest.mark.parametrize("case", range(len(REDUCTIONS)))
def test_reductions(case, rng):
    f = REDUCTIONS[case]
    a = rng.uniform(0.5, 2.0, (3, 4, 5))
    x, rx = pair(a, True)
    y, ry = f(x), f(rx)
    close(y, ry)
    y.sum().backward()
    ry.sum().backward()
    close(x.grad, rx.grad)


def test_reduction_dtypes_and_indices(rng):
    a = rng.integers(0, 10, (4, 5))
    x, rx = pair(a)
    close(x.sum(), rx.sum())
    close(x.sum(0), rx.sum(0))
    close(x.argmax(1), rx.argmax(1))
    close(x.float().argmin(), rx.float().argmin())
    v, i = x.float().max(1)
    rv, ri = rx.float().max(1)
    close(v, rv)
    close(i, ri)
    with pytest.raises(RuntimeError, match="mean\\(\\): could not infer output dtype"):
        x.mean()


@pytest.mark.parametrize("sa,sb", [((3, 4), (4, 5)), ((4,), (4, 2)), ((3, 4), (4,)), ((2, 3, 4), (4, 5)),
                                   ((2, 3, 4), (2, 4, 5)), ((1, 3, 4), (2, 4, 5)), ((4,), (4,)), ((5, 2, 3, 4), (4, 2))])
def test_matmul(sa, sb, rng):
    x, rx = pair(rng.standard_normal(sa), True)
    y, ry = pair(rng.standard_normal(sb), True)
    z, rz = x @ y, rx @ ry
    close(z, rz)
    z.sum().backward()
    rz.sum().backward()
    close(x.grad, rx.grad)
    close(y.grad, ry.grad)


@pytest.mark.parametrize("eq,shapes", [("ij,jk->ik", [(2, 3), (3, 4)]), ("bij,bjk->bik", [(2, 2, 3), (2, 3, 4)]),
                                       ("ii->i", [(3, 3)]), ("ij->ji", [(2, 3)]), ("i,j->ij", [(2,), (3,)]),
                                       ("bhqd,bhkd->bhqk", [(1, 2, 3, 4), (1, 2, 5, 4)]), ("ij,ij->", [(2, 3), (2, 3)])])
def test_einsum(eq, shapes, rng):
    arrs = [rng.standard_normal(s) for s in shapes]
    close(torch.einsum(eq, *[torch.tensor(a) for a in arrs]), real_torch.einsum(eq, *[real_torch.tensor(a) for a in arrs]))


def test_joins_and_index_ops(rng):
    a = rng.standard_normal((3, 4))
    b = rng.standard_normal((2, 4))
    x, rx = pair(a, True)
    y, ry = pair(b, True)
    z, rz = torch.cat([x, y]), real_torch.cat([rx, ry])
    close(z, rz)
    close(torch.stack([x, x], 1), real_torch.stack([rx, rx], 1))
    idx = np.array([[0, 2, 1, 0], [1, 1, 0, 2]])
    ti, rti = torch.tensor(idx), real_torch.tensor(idx)
    g, rg = x.gather(0, ti), rx.gather(0, rti)
    close(g, rg)
    s, rs = x.index_select(1, torch.tensor([3, 0])), rx.index_select(1, real_torch.tensor([3, 0]))
    close(s, rs)
    w, rw = torch.where(x > 0, x, y[0]), real_torch.where(rx > 0, rx, ry[0])
    close(w, rw)
    c, rc = x.clamp(-0.5, 0.5), rx.clamp(-0.5, 0.5)
    close(c, rc)
    m, rm = x.masked_fill(x < 0, 0.0), rx.masked_fill(rx < 0, 0.0)
    close(m, rm)
    total = z.sum() + g.sum() + s.sum() + w.sum() + c.sum() + m.sum()
    rtotal = rz.sum() + rg.sum() + rs.sum() + rw.sum() + rc.sum() + rm.sum()
    total.backward()
    rtotal.backward()
    close(x.grad, rx.grad)
    close(y.grad, ry.grad)
    sc = torch.zeros(3, 4).scatter_add(0, ti, torch.ones(2, 4))
    close(sc, real_torch.zeros(3, 4).scatter_add(0, rti, real_torch.ones(2, 4)))


def test_sort_topk_tril(rng):
    a = rng.permutation(20).reshape(4, 5).astype(np.float64)
    x, rx = pair(a, True)
    v, i = x.sort(1, descending=True)
    rv, ri = rx.sort(1, descending=True)
    close(v, rv)
    close(i, ri)
    tv, ti = x.topk(2, 1)
    rtv, rti = rx.topk(2, 1)
    close(tv, rtv)
    close(ti, rti)
    (tv.sum() + v[:, 0].sum() + x.tril().sum()).backward()
    (rtv.sum() + rv[:, 0].sum() + rx.tril().sum()).backward()
    close(x.grad, rx.grad)
    close(x.argsort(0), rx.argsort(0))
    close(torch.triu(x, 1), real_torch.triu(rx, 1))


def test_shape_utilities(rng):
    a = rng.standard_normal((2, 3))
    x, rx = pair(a)
    close(x.repeat(2, 3), rx.repeat(2, 3))
    close(x.flip(1), rx.flip(1))
    close(x.roll(1, 1), rx.roll(1, 1))
    close(x.repeat_interleave(2, 0), rx.repeat_interleave(2, 0))
    close(torch.nn.functional.one_hot(torch.tensor([0, 2, 1]), 4),
          real_torch.nn.functional.one_hot(real_torch.tensor([0, 2, 1]), 4))


def test_errors_match_pytorch():
    with pytest.raises(RuntimeError, match="must match the size of tensor b"):
        torch.ones(3) + torch.ones(4)
    with pytest.raises(RuntimeError, match="cannot be multiplied"):
        torch.ones(2, 3) @ torch.ones(4, 5)
    with pytest.raises(RuntimeError, match="result type Float can't be cast to the desired output type Long"):
        torch.ones(2, dtype=torch.int64).add_(1.5)
    with pytest.raises(RuntimeError, match="doesn't match the broadcast shape"):
        torch.ones(3).add_(torch.ones(2, 3))
    with pytest.raises(IndexError, match="Dimension out of range"):
        torch.ones(2, 3).sum(2)
    with pytest.raises(RuntimeError, match="Sizes of tensors must match"):
        torch.cat([torch.ones(2, 3), torch.ones(2, 4)])


def test_inplace_ops(rng):
    a = rng.standard_normal((3, 4)).astype(np.float32)
    x, rx = pair(a)
    x.mul_(2).add_(torch.ones(4), alpha=3).clamp_(-1, 2)
    rx.mul_(2).add_(real_torch.ones(4), alpha=3).clamp_(-1, 2)
    close(x, rx)
    x += 1
    rx += 1
    x /= 3
    rx /= 3
    close(x, rx)
    v = x[0]
    v.zero_()
    rx[0].zero_()
    close(x, rx)


def test_random_shapes_and_seed():
    torch.manual_seed(3)
    a = torch.rand(1000)
    torch.manual_seed(3)
    b = torch.rand(1000)
    assert torch.equal(a, b)
    assert 0 <= a.min().item() and a.max().item() < 1
    n = torch.randn(20000)
    assert abs(n.mean().item()) < 0.05 and abs(n.std().item() - 1) < 0.05
    r = torch.randint(3, 7, (500,))
    assert r.dtype is torch.int64 and r.min().item() == 3 and r.max().item() == 6
    p = torch.randperm(10)
    assert sorted(p.tolist()) == list(range(10))
    g = torch.Generator().manual_seed(5)
    assert torch.equal(torch.rand(4, generator=g), torch.rand(4, generator=torch.Generator().manual_seed(5)))


EXTRAS = [
    lambda T, x: T.trace(x), lambda T, x: T.diag(x[0], 1), lambda T, x: T.diag(x, -1), lambda T, x: x.exp2(),
    lambda T, x: x.erfc(), lambda T, x: (x.abs() + 0.5).lgamma(), lambda T, x: T.logaddexp(x, x.t()),
    lambda T, x: T.hypot(x, x * 2), lambda T, x: T.diff(x, dim=0), lambda T, x: T.kron(x[:2, :2], x[1:, 1:]),
    lambda T, x: T.tensordot(x, x, ([1], [0])), lambda T, x: T.cdist(x, x * 0.5), lambda T, x: T.rot90(x, 1, (0, 1)),
    lambda T, x: T.take_along_dim(x, x.argsort(1), 1), lambda T, x: T.cov(x), lambda T, x: x.sum_to_size(1, 3),
    lambda T, x: T.block_diag(x[:1], x[1:, :2]), lambda T, x: T.nansum(x), lambda T, x: T.rad2deg(x),
]


@pytest.mark.parametrize("case", range(len(EXTRAS)))
def test_extra_functions(case, rng):
    f = EXTRAS[case]
    a = rng.uniform(-1, 1, (3, 3))
    x, rx = torch.tensor(a, requires_grad=True), real_torch.tensor(a, requires_grad=True)
    y, ry = f(torch, x), f(real_torch, rx)
    close(y, ry, rtol=1e-6, atol=1e-8)
    y.sum().backward()
    ry.sum().backward()
    close(x.grad, rx.grad, rtol=1e-6, atol=1e-8)


def test_unique_bincount_meshgrid_inplace_views():
    t, rt = torch.tensor([3, 1, 2, 3, 1]), real_torch.tensor([3, 1, 2, 3, 1])
    for ours, theirs in zip(torch.unique(t, return_inverse=True, return_counts=True),
                            real_torch.unique(rt, return_inverse=True, return_counts=True)):
        close(ours, theirs)
    close(torch.bincount(t, minlength=6), real_torch.bincount(rt, minlength=6))
    for ours, theirs in zip(torch.meshgrid(torch.arange(2), torch.arange(3), indexing="xy"),
                            real_torch.meshgrid(real_torch.arange(2), real_torch.arange(3), indexing="xy")):
        close(ours, theirs)
    y = torch.ones(2, 3)
    assert y.unsqueeze_(0).shape == (1, 2, 3) and y.squeeze_().shape == (2, 3) and y.t_().shape == (3, 2)
    close(torch.tril_indices(3, 4, 1), real_torch.tril_indices(3, 4, 1))
