"""nn.functional breadth (pytorch_api/nn/_functional_more.py) against real torch 2.13."""
import numpy as np
import pytest
import torch
import torch.nn.functional as TF

import pytorch_api as tp
from pytorch_api.autograd import gradcheck

F = tp.nn.functional
rng = np.random.default_rng(5)


def _eq(ours, ref, tol=1e-6):
    if isinstance(ref, (tuple, list)):
        for o, r in zip(ours, ref):
            _eq(o, r, tol)
        return
    o = ours.detach().numpy()
    assert tuple(o.shape) == tuple(ref.shape)
    np.testing.assert_allclose(o, ref.detach().numpy(), rtol=tol, atol=tol)


def _conv(a):
    return (tp.tensor(a), torch.tensor(a)) if isinstance(a, np.ndarray) else (a, a)


x = rng.standard_normal((2, 4, 6, 6))
pos = rng.random((3, 5)) + 0.1
CASES = [
    ("celu", (rng.standard_normal((3, 4)),), {"alpha": 0.7}),
    ("glu", (rng.standard_normal((3, 4)),), {"dim": 1}),
    ("softmin", (rng.standard_normal((3, 4)),), {"dim": 1}),
    ("rrelu", (rng.standard_normal((3, 4)),), {}),
    ("alpha_dropout", (rng.standard_normal((3, 4)),), {"p": 0.3}),
    ("pairwise_distance", (rng.standard_normal((3, 4)), rng.standard_normal((3, 4))), {}),
    ("pairwise_distance", (rng.standard_normal((3, 4)), rng.standard_normal((3, 4))), {"p": 1, "keepdim": True}),
    ("pdist", (rng.standard_normal((5, 3)),), {}),
    ("gaussian_nll_loss", (rng.standard_normal((3, 5)), rng.standard_normal((3, 5)), pos), {}),
    ("gaussian_nll_loss", (rng.standard_normal((3, 5)), rng.standard_normal((3, 5)), pos[:, 0]),
     {"full": True, "reduction": "sum"}),
    ("poisson_nll_loss", (rng.standard_normal((3, 5)), rng.poisson(2.0, (3, 5)).astype(np.float64)), {}),
    ("poisson_nll_loss", (pos, rng.poisson(2.0, (3, 5)).astype(np.float64)),
     {"log_input": False, "full": True, "reduction": "none"}),
    ("multilabel_soft_margin_loss", (rng.standard_normal((3, 5)), (rng.random((3, 5)) > 0.5).astype(np.float64)), {}),
    ("channel_shuffle", (x, 2), {}),
    ("lp_pool2d", (np.abs(x), 2, 2), {}),
    ("lp_pool2d", (np.abs(x), 3, (3, 2)), {"stride": 2}),
    ("lp_pool1d", (np.abs(x[:, :, 0]), 2, 3), {}),
    ("scaled_dot_product_attention", (rng.standard_normal((2, 3, 4, 8)), rng.standard_normal((2, 3, 5, 8)),
                                      rng.standard_normal((2, 3, 5, 8))), {}),
    ("scaled_dot_product_attention", (rng.standard_normal((2, 5, 8)), rng.standard_normal((2, 5, 8)),
                                      rng.standard_normal((2, 5, 8))), {"is_causal": True, "scale": 0.3}),
    ("scaled_dot_product_attention", (rng.standard_normal((2, 4, 8)), rng.standard_normal((2, 5, 8)),
                                      rng.standard_normal((2, 5, 8)), rng.standard_normal((4, 5))), {}),
    ("rms_norm", (rng.standard_normal((3, 4, 5)), (4, 5)), {}),
    ("rms_norm", (rng.standard_normal((3, 5)), (5,), rng.standard_normal(5)), {"eps": 1e-3}),
    ("unfold", (x, 3), {}),
    ("unfold", (x, (2, 3)), {"dilation": (2, 1), "padding": 1, "stride": (2, 1)}),
    ("unfold", (x[0], 2), {"stride": 2}),
    ("fold", (rng.standard_normal((2, 12, 16)), (5, 5), 2), {}),
    ("fold", (rng.standard_normal((2, 18, 9)), (6, 6), (3, 2)), {"padding": 1, "stride": 2, "dilation": (1, 2)}),
]


@pytest.mark.parametrize("name,args,kw", CASES, ids=[c[0] + str(i) for i, c in enumerate(CASES)])
def test_matches_torch(name, args, kw):
    ours = getattr(F, name)(*[_conv(a)[0] for a in args], **kw)
    ref = getattr(TF, name)(*[_conv(a)[1] for a in args], **kw)
    _eq(ours, ref)


@pytest.mark.parametrize("n", [1, 2])
def test_max_unpool(n):
    a = rng.standard_normal((2, 3) + (6,) * n)
    pool = {1: "max_pool1d", 2: "max_pool2d"}[n]
    o, oi = getattr(F, pool)(tp.tensor(a), 2, return_indices=True)
    r, ri = getattr(TF, pool)(torch.tensor(a), 2, return_indices=True)
    un = f"max_unpool{n}d"
    _eq(getattr(F, un)(o, oi, 2), getattr(TF, un)(r, ri, 2))
    _eq(getattr(F, un)(o, oi, 2, output_size=(7,) * n), getattr(TF, un)(r, ri, 2, output_size=(7,) * n))


def test_embedding_bag():
    w = rng.standard_normal((10, 3))
    ids = np.array([1, 2, 4, 5, 4, 3, 2, 9])
    offs = np.array([0, 4, 4])
    for mode in ("sum", "mean", "max"):
        _eq(F.embedding_bag(tp.tensor(ids), tp.tensor(w), tp.tensor(offs), mode=mode),
            TF.embedding_bag(torch.tensor(ids), torch.tensor(w), torch.tensor(offs), mode=mode))
    ids2 = ids.reshape(2, 4)
    _eq(F.embedding_bag(tp.tensor(ids2), tp.tensor(w), mode="mean", padding_idx=4),
        TF.embedding_bag(torch.tensor(ids2), torch.tensor(w), mode="mean", padding_idx=4))
    psw = rng.random(8)
    _eq(F.embedding_bag(tp.tensor(ids), tp.tensor(w), tp.tensor(offs), mode="sum", per_sample_weights=tp.tensor(psw)),
        TF.embedding_bag(torch.tensor(ids), torch.tensor(w), torch.tensor(offs), mode="sum",
                         per_sample_weights=torch.tensor(psw)))


def test_inplace_forms():
    a = rng.standard_normal((3, 4))
    for name in ("relu_", "elu_", "leaky_relu_", "hardtanh_", "selu_", "celu_"):
        t = tp.tensor(a)
        r = getattr(F, name)(t)
        assert r is t
        _eq(t, getattr(TF, name)(torch.tensor(a)))
    t = tp.tensor(a)
    F.threshold_(t, 0.1, 20.0)
    _eq(t, TF.threshold_(torch.tensor(a), 0.1, 20.0))


def test_random_functions():
    tp.manual_seed(0)
    a = tp.randn(200, 50, dtype=tp.float64)
    y = F.alpha_dropout(a, 0.2, training=True)
    assert abs(float(y.mean())) < 0.05 and abs(float(y.std()) - 1) < 0.05
    z = F.feature_alpha_dropout(tp.randn(20, 30, 4, 4), 0.5, training=True)
    assert z.shape == (20, 30, 4, 4)
    r = F.rrelu(tp.full((1000,), -1.0, dtype=tp.float64), training=True)
    assert float(r.min()) >= -1 / 3 and float(r.max()) <= -1 / 8
    g = F.gumbel_softmax(tp.randn(5, 7), tau=0.5)
    np.testing.assert_allclose(g.sum(-1).numpy(), 1.0, rtol=1e-5)
    h = F.gumbel_softmax(tp.randn(5, 7), hard=True)
    assert bool(h.sum(-1).eq(1).all()) and bool((h.eq(0) | h.eq(1)).all())


@pytest.mark.parametrize("fn", [
    lambda t: F.celu(t, 0.5), lambda t: F.glu(t, 1), lambda t: F.softmin(t, 1), lambda t: F.rms_norm(t, (4,)),
    lambda t: F.pairwise_distance(t, t.flip(0)),
    lambda t: F.unfold(t.reshape(1, 1, 4, 4), 2, padding=1),
    lambda t: F.fold(t.reshape(1, 4, 4), (3, 3), 2),
    lambda t: F.scaled_dot_product_attention(t.unsqueeze(0), t.unsqueeze(0), t.unsqueeze(0), is_causal=True),
    lambda t: F.lp_pool2d(t.abs().reshape(1, 1, 4, 4) + 0.1, 2, 2),
    lambda t: F.poisson_nll_loss(t, tp.arange(16.0, dtype=tp.float64).reshape(4, 4) % 3),
])
def test_gradcheck(fn):
    assert gradcheck(fn, (tp.tensor(rng.standard_normal((4, 4)), requires_grad=True),))


def test_errors():
    with pytest.raises(RuntimeError):
        F.glu(tp.ones(3, 3), 1)
    with pytest.raises(RuntimeError):
        F.channel_shuffle(tp.ones(1, 3, 2, 2), 2)
    with pytest.raises(ValueError):
        F.gaussian_nll_loss(tp.ones(3), tp.ones(3), -tp.ones(3))
    with pytest.raises(RuntimeError):
        F.unfold(tp.ones(3), 2)
    with pytest.raises(RuntimeError):
        F.fold(tp.ones(1, 4, 5), (3, 3), 2)
    with pytest.raises(RuntimeError):
        F.max_unpool2d(tp.ones(1, 1, 2, 2), tp.full((1, 1, 2, 2), 99, dtype=tp.int64), 2)


@pytest.mark.parametrize("align", [False, True])
@pytest.mark.parametrize("pad", ["zeros", "border"])
def test_affine_grid_and_grid_sample(align, pad):
    theta = rng.standard_normal((2, 2, 3)) * 0.5 + np.array([[1.0, 0, 0], [0, 1, 0]])
    inp = rng.standard_normal((2, 3, 5, 6))
    g = F.affine_grid(tp.tensor(theta), (2, 3, 4, 7), align_corners=align)
    rg = TF.affine_grid(torch.tensor(theta), (2, 3, 4, 7), align_corners=align)
    _eq(g, rg)
    _eq(F.grid_sample(tp.tensor(inp), g, padding_mode=pad, align_corners=align),
        TF.grid_sample(torch.tensor(inp), rg, padding_mode=pad, align_corners=align))
    assert gradcheck(lambda i, t: F.grid_sample(i, F.affine_grid(t, (2, 3, 3, 4), align_corners=align),
                                                padding_mode=pad, align_corners=align),
                     (tp.tensor(inp[:, :, :4, :4], requires_grad=True), tp.tensor(theta, requires_grad=True)))


def test_adaptive_max_pool3d():
    a = rng.standard_normal((2, 3, 5, 6, 7))
    o, oi = F.adaptive_max_pool3d(tp.tensor(a), (2, 3, 4), return_indices=True)
    r, ri = TF.adaptive_max_pool3d(torch.tensor(a), (2, 3, 4), return_indices=True)
    _eq(o, r)
    _eq(oi, ri)
