"""Tensor basics, dtypes, promotion, repr, views and indexing against real PyTorch."""
import numpy as np
import pytest
import torch as real_torch

import pytorch_api as torch
from pyapi_helpers import close, rng  # noqa: F401

DTYPES = ["uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64", "bool"]


@pytest.mark.parametrize("a", DTYPES)
@pytest.mark.parametrize("b", DTYPES)
def test_promote_types(a, b):
    ours = torch.promote_types(getattr(torch, a), getattr(torch, b))
    theirs = real_torch.promote_types(getattr(real_torch, a), getattr(real_torch, b))
    assert repr(ours) == repr(theirs)


@pytest.mark.parametrize("x,y", [((2,), 3.5), ((2,), 3), ((), 2.0), ((2,), True), ((2,), (1,)), ((), ())])
@pytest.mark.parametrize("dt", ["int32", "uint8", "float64", "bool"])
def test_result_type_with_scalars_and_0d(x, y, dt):
    ours_x = torch.ones(x, dtype=getattr(torch, dt))
    real_x = real_torch.ones(x, dtype=getattr(real_torch, dt))
    if isinstance(y, tuple):
        oy, ry = torch.ones(y, dtype=torch.int64), real_torch.ones(y, dtype=real_torch.int64)
    else:
        oy = ry = y
    assert repr(torch.result_type(ours_x, oy)) == repr(real_torch.result_type(real_x, ry))
    if dt != "bool" or not isinstance(y, bool):
        assert repr((ours_x + oy).dtype) == repr((real_x + ry).dtype)


@pytest.mark.parametrize("data", [
    [[1., 2.], [3., 4.]], [1, 2, 3], [True, False], 3.5, 7, [[1.5, 2e-5]], [1e10, 1.0], [0.1, 100.25, -3.0],
    [[[1, 2], [3, 4]], [[5, 6], [7, 8]]], [], [float("nan"), 1.0, float("inf")], list(range(2000)),
])
def test_repr_matches(data):
    assert repr(torch.tensor(data)) == repr(real_torch.tensor(data))


def test_repr_suffixes():
    assert repr(torch.tensor([1., 2.], dtype=torch.float64)) == repr(real_torch.tensor([1., 2.], dtype=real_torch.float64))
    a = torch.tensor([1., 2.], requires_grad=True)
    ra = real_torch.tensor([1., 2.], requires_grad=True)
    assert repr(a) == repr(ra)
    assert repr(a + 1) == repr(ra + 1)
    assert repr(a * 2) == repr(ra * 2)
    assert repr(torch.zeros(2, 0)) == repr(real_torch.zeros(2, 0))
    assert repr(torch.ones(3, dtype=torch.int32)) == repr(real_torch.ones(3, dtype=real_torch.int32))
    assert repr(torch.randn(3, 4).shape) == "torch.Size([3, 4])"
    assert f"{torch.tensor(2.5):.2f}" == "2.50"


def test_metadata_and_numpy_zero_copy():
    a = np.arange(12, dtype=np.float32).reshape(3, 4)
    t = torch.from_numpy(a)
    assert t.shape == (3, 4) and t.stride() == (4, 1) and t.dim() == 2 and t.numel() == 12
    assert t.data_ptr() == a.__array_interface__["data"][0]
    a[0, 0] = 42
    assert t[0, 0].item() == 42
    n = t.numpy()
    n[1, 1] = -1
    assert a[1, 1] == -1
    assert t.t().is_contiguous() is False and t.is_contiguous()
    assert torch.tensor(3).item() == 3 and isinstance(torch.tensor(3).item(), int)
    assert torch.tensor([[1, 2]]).tolist() == [[1, 2]]


@pytest.mark.parametrize("args,kw", [((0, 2, 5), {}), ((-1, 1, 4), {"base": 2}), ((1, 3, 1), {}), ((0, 1, 0), {}),
                                     ((2, -2, 6), {"base": 3.5, "dtype": "float64"}), ((0, 3, 7), {"dtype": "int64"})])
def test_linspace_logspace_match_torch(args, kw):
    ours_kw = {k: getattr(torch, v) if k == "dtype" else v for k, v in kw.items()}
    real_kw = {k: getattr(real_torch, v) if k == "dtype" else v for k, v in kw.items()}
    close(torch.logspace(*args, **ours_kw), real_torch.logspace(*args, **real_kw))
    lin_kw = {k: v for k, v in ours_kw.items() if k != "base"}
    close(torch.linspace(*args, **lin_kw), real_torch.linspace(*args, **{k: v for k, v in real_kw.items() if k != "base"}))


def test_linspace_logspace_refuse_negative_steps():
    for f in (torch.linspace, torch.logspace):
        with pytest.raises(RuntimeError, match="non-negative"):
            f(0, 1, -2)


def test_creation_functions():
    close(torch.zeros(2, 3), real_torch.zeros(2, 3))
    close(torch.ones((2,), dtype=torch.int64), real_torch.ones((2,), dtype=real_torch.int64))
    close(torch.full((2, 2), 7), real_torch.full((2, 2), 7))
    close(torch.eye(3, 2), real_torch.eye(3, 2))
    close(torch.arange(1, 10, 3), real_torch.arange(1, 10, 3))
    close(torch.arange(0, 1, 0.25), real_torch.arange(0, 1, 0.25))
    close(torch.linspace(0, 1, 5), real_torch.linspace(0, 1, 5))
    close(torch.zeros_like(torch.ones(2, dtype=torch.int32)), real_torch.zeros(2, dtype=real_torch.int32))
    torch.set_default_dtype(torch.float64)
    try:
        assert torch.tensor([1.5]).dtype is torch.float64 and torch.ones(1).dtype is torch.float64
    finally:
        torch.set_default_dtype(torch.float32)


VIEW_CASES = [
    lambda t: t.view(6, 4), lambda t: t.reshape(-1), lambda t: t.permute(2, 0, 1), lambda t: t.transpose(0, 2),
    lambda t: t[0].t(), lambda t: t.transpose(0, 1).contiguous(), lambda t: t.flatten(1), lambda t: t.unsqueeze(1),
    lambda t: t[:, :1].squeeze(1), lambda t: t.narrow(2, 1, 2), lambda t: t.select(1, 2),
    lambda t: t[:1].expand(5, 3, 4), lambda t: t.unfold(2, 2, 1), lambda t: t.chunk(2, 2)[1],
    lambda t: t.split([1, 2], 1)[1], lambda t: t.unbind(1)[2], lambda t: t.transpose(0, 1).reshape(3, 8),
    lambda t: t.unflatten(2, (2, 2)), lambda t: t.movedim(0, 2), lambda t: t.diagonal(0, 1, 2),
]


@pytest.mark.parametrize("case", range(len(VIEW_CASES)))
def test_views_values_and_grads(case, rng):
    f = VIEW_CASES[case]
    a = rng.standard_normal((2, 3, 4))
    x = torch.tensor(a, requires_grad=True)
    rx = real_torch.tensor(a, requires_grad=True)
    y, ry = f(x), f(rx)
    close(y, ry)
    assert y.stride() == ry.stride() or not ry.is_contiguous() and case in ()
    w = rng.standard_normal(tuple(ry.shape))
    (y * torch.tensor(w)).sum().backward()
    (ry * real_torch.tensor(w)).sum().backward()
    close(x.grad, rx.grad)


def test_view_shares_memory_and_errors():
    x = torch.zeros(3, 4)
    v = x[1:, ::2]
    v.fill_(5)
    assert x.sum().item() == 20
    with pytest.raises(RuntimeError, match="view size is not compatible"):
        x.t().view(12)
    with pytest.raises(RuntimeError, match="invalid for input of size 12"):
        x.view(5, 3)
    with pytest.raises(ValueError, match="step must be greater than zero"):
        x[::-1]
    with pytest.raises(IndexError, match="out of bounds"):
        x[3]
    with pytest.raises(IndexError, match="too many indices"):
        x[0, 0, 0]


INDEX_CASES = [
    (1,), (slice(1, 3),), (slice(None, None, 2), 1), (Ellipsis, 1), (None, 0), (slice(None), None, slice(1, 3)),
    ([0, 2],), ((0, 2), (1, 3)), (slice(None), [3, 0, 0]), ([[0], [2]], [1, 3]), (1, [0, 1, 1]),
    ([0, 2], slice(None), [1, 2]), (-1, slice(-3, None)),
]


@pytest.mark.parametrize("key", INDEX_CASES)
def test_getitem_matches(key, rng):
    a = rng.standard_normal((3, 4, 5))
    x = torch.tensor(a, requires_grad=True)
    rx = real_torch.tensor(a, requires_grad=True)
    y, ry = x[key], rx[key]
    close(y, ry)
    y.sum().backward()
    ry.sum().backward()
    close(x.grad, rx.grad)


def test_bool_mask_and_setitem(rng):
    a = rng.standard_normal((4, 5)).astype(np.float32)
    x, rx = torch.tensor(a), real_torch.tensor(a)
    close(x[x > 0], rx[rx > 0])
    x[x > 0] = 0.0
    rx[rx > 0] = 0.0
    close(x, rx)
    x[1:3, [0, 2]] = torch.tensor([7.0, 8.0])
    rx[1:3, [0, 2]] = real_torch.tensor([7.0, 8.0])
    close(x, rx)
    x[0] = torch.arange(5)
    rx[0] = real_torch.arange(5)
    close(x, rx)
    x[:, 1] += 1
    rx[:, 1] += 1
    close(x, rx)


def test_setitem_autograd(rng):
    a = rng.standard_normal((3, 4))
    x = torch.tensor(a, requires_grad=True)
    rx = real_torch.tensor(a, requires_grad=True)
    v = torch.tensor([1.0, 2.0, 3.0, 4.0], dtype=torch.float64, requires_grad=True)
    rv = real_torch.tensor([1.0, 2.0, 3.0, 4.0], dtype=real_torch.float64, requires_grad=True)
    y, ry = x * 2, rx * 2
    y[1] = v * v
    ry[1] = rv * rv
    (y * y).sum().backward()
    (ry * ry).sum().backward()
    close(x.grad, rx.grad)
    close(v.grad, rv.grad)


def test_return_types_repr():
    a = [[1.0, 3.0], [2.0, 0.0]]
    assert repr(torch.tensor(a).max(1)) == repr(real_torch.tensor(a).max(1))
    assert repr(torch.tensor(a).sort(0)) == repr(real_torch.tensor(a).sort(0))
    v, i = torch.tensor(a).topk(1)
    assert v.shape == (2, 1) and i.dtype is torch.int64


def test_failed_allocation_raises_instead_of_returning_a_dead_tensor():
    # the core's NULL (out of memory) used to become a Tensor whose first access crashed the process
    with pytest.raises(RuntimeError, match="cannot allocate"):
        torch.zeros(10 ** 12)
    with pytest.raises(RuntimeError, match="cannot allocate"):
        torch.histc(torch.randn(5), bins=10 ** 12)
