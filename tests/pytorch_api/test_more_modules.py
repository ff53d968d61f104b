"""nn module forms (pytorch_api/nn/modules/more.py) against real torch 2.13: outputs with the same
parameters (state_dicts loaded across), parameter names, reprs."""
import numpy as np
import pytest
import torch

import pytorch_api as tp

rng = np.random.default_rng(3)


def _eq(ours, ref, tol=1e-6):
    np.testing.assert_allclose(ours.detach().numpy(), ref.detach().numpy(), rtol=tol, atol=tol)


def _load(ours, ref):
    sd = {k: tp.tensor(v.detach().numpy().copy()) for k, v in ref.state_dict().items()}
    ours.load_state_dict(sd)
    assert list(ours.state_dict().keys()) == list(ref.state_dict().keys())


x4 = rng.standard_normal((2, 4, 6, 6))
SIMPLE = [
    ("CELU", (0.6,), (rng.standard_normal((3, 4)),)),
    ("GLU", (), (rng.standard_normal((3, 4)),)),
    ("Softmin", (1,), (rng.standard_normal((3, 4)),)),
    ("Softmax2d", (), (x4,)),
    ("RReLU", (0.1, 0.3), (rng.standard_normal((3, 4)),)),
    ("Fold", ((5, 5), 2), (rng.standard_normal((2, 12, 16)),)),
    ("Unfold", (3,), (x4,)),
    ("PairwiseDistance", (), (rng.standard_normal((3, 4)), rng.standard_normal((3, 4)))),
    ("CosineSimilarity", (), (rng.standard_normal((3, 4)), rng.standard_normal((3, 4)))),
    ("PoissonNLLLoss", (), (rng.standard_normal((3, 4)), rng.poisson(1.0, (3, 4)).astype(np.float64))),
    ("MultiLabelSoftMarginLoss", (), (rng.standard_normal((3, 4)), (rng.random((3, 4)) > .5).astype(np.float64))),
    ("LPPool2d", (2, 2), (np.abs(x4),)),
    ("LPPool1d", (2, 3), (np.abs(x4[:, :, 0]),)),
    ("AdaptiveMaxPool1d", (3,), (x4[:, :, 0],)),
    ("ChannelShuffle", (2,), (x4,)),
    ("AdaptiveMaxPool3d", ((2, 3, 2),), (x4,)),
    ("CrossMapLRN2d", (3, 1e-2, 0.75, 2.0), (x4,)),
    ("CrossMapLRN2d", (5, 0.3, 0.5, 1.0), (rng.standard_normal((2, 9, 3, 3)),)),
    ("CrossMapLRN2d", (2, 0.3, 0.5, 1.0), (rng.standard_normal((2, 6, 3, 3)),)),
    ("UpsamplingNearest2d", (None, 2), (x4,)),
    ("UpsamplingBilinear2d", (None, 2), (x4,)),
]


@pytest.mark.parametrize("name,ctor,inputs", SIMPLE, ids=[s[0] for s in SIMPLE])
def test_simple_modules(name, ctor, inputs):
    ours, ref = getattr(tp.nn, name)(*ctor).eval(), getattr(torch.nn, name)(*ctor).eval()
    _eq(ours(*[tp.tensor(a) for a in inputs]), ref(*[torch.tensor(a) for a in inputs]))
    assert repr(ours) == repr(ref)


def test_gaussian_nll_and_multilabel_margin():
    a, t, v = rng.standard_normal((3, 4)), rng.standard_normal((3, 4)), rng.random((3, 4)) + .1
    _eq(tp.nn.GaussianNLLLoss(full=True)(tp.tensor(a), tp.tensor(t), tp.tensor(v)),
        torch.nn.GaussianNLLLoss(full=True)(torch.tensor(a), torch.tensor(t), torch.tensor(v)))
    tgt = np.array([[3, 0, -1, 1], [1, 2, 3, -1], [0, -1, 2, 1]])
    _eq(tp.nn.MultiLabelMarginLoss()(tp.tensor(a), tp.tensor(tgt)),
        torch.nn.MultiLabelMarginLoss()(torch.tensor(a), torch.tensor(tgt)))


def test_max_unpool_modules():
    pool_o, pool_r = tp.nn.MaxPool2d(2, return_indices=True), torch.nn.MaxPool2d(2, return_indices=True)
    o, oi = pool_o(tp.tensor(x4))
    r, ri = pool_r(torch.tensor(x4))
    un_o, un_r = tp.nn.MaxUnpool2d(2), torch.nn.MaxUnpool2d(2)
    _eq(un_o(o, oi), un_r(r, ri))
    assert repr(un_o) == repr(un_r)


def test_dropout_modules_eval_identity_and_repr():
    for name in ("AlphaDropout", "FeatureAlphaDropout"):
        m, r = getattr(tp.nn, name)(0.3), getattr(torch.nn, name)(0.3)
        assert repr(m) == repr(r)
        a = tp.tensor(rng.standard_normal((3, 4)))
        assert m.eval()(a) is a or bool(m.eval()(a).eq(a).all())


def test_embedding_bag_and_rmsnorm_state_dicts():
    r = torch.nn.EmbeddingBag(10, 3, mode="sum")
    o = tp.nn.EmbeddingBag(10, 3, mode="sum")
    _load(o, r)
    ids, offs = np.array([1, 2, 4, 5, 4, 3]), np.array([0, 2])
    _eq(o(tp.tensor(ids), tp.tensor(offs)), r(torch.tensor(ids), torch.tensor(offs)))
    assert repr(o) == repr(r)
    rn, on = torch.nn.RMSNorm([4]), tp.nn.RMSNorm([4])
    with torch.no_grad():
        rn.weight.uniform_()
    _load(on, rn)
    a = rng.standard_normal((2, 3, 4)).astype(np.float32)
    _eq(on(tp.tensor(a)), rn(torch.tensor(a)), 1e-5)
    assert repr(on) == repr(rn)


@pytest.mark.parametrize("batch_first", [False, True])
def test_multihead_attention(batch_first):
    r = torch.nn.MultiheadAttention(8, 2, batch_first=batch_first).double()
    o = tp.nn.MultiheadAttention(8, 2, batch_first=batch_first, dtype=tp.float64)
    _load(o, r)
    q, k = rng.standard_normal((5, 3, 8)), rng.standard_normal((4, 3, 8))
    if batch_first:
        q, k = q.transpose(1, 0, 2).copy(), k.transpose(1, 0, 2).copy()
    mask = np.zeros((3, 4), dtype=bool)
    mask[0, -1] = True
    oo, ow = o(tp.tensor(q), tp.tensor(k), tp.tensor(k), key_padding_mask=tp.tensor(mask))
    ro, rw = r(torch.tensor(q), torch.tensor(k), torch.tensor(k), key_padding_mask=torch.tensor(mask))
    _eq(oo, ro)
    _eq(ow, rw)
    am = rng.standard_normal((5, 4))
    _eq(o(tp.tensor(q), tp.tensor(k), tp.tensor(k), attn_mask=tp.tensor(am))[0],
        r(torch.tensor(q), torch.tensor(k), torch.tensor(k), attn_mask=torch.tensor(am))[0])
    # gradients flow to all parameters
    out, _ = o(tp.tensor(q), tp.tensor(k), tp.tensor(k))
    out.sum().backward()
    assert all(p.grad is not None for p in o.parameters())


def test_parameter_dict():
    pd = tp.nn.ParameterDict({"a": tp.nn.Parameter(tp.ones(2)), "b": tp.zeros(3)})
    assert set(pd.keys()) == {"a", "b"} and len(pd) == 2 and "a" in pd
    assert isinstance(pd["b"], tp.nn.Parameter)
    assert sorted(n for n, _ in pd.named_parameters()) == ["a", "b"]


@pytest.mark.parametrize("norm_first,batch_first", [(False, False), (True, True)])
def test_transformer_matches_torch(norm_first, batch_first):
    torch.manual_seed(0)
    r = torch.nn.Transformer(8, 2, 2, 2, 16, dropout=0.0, norm_first=norm_first, batch_first=batch_first).double()
    o = tp.nn.Transformer(8, 2, 2, 2, 16, dropout=0.0, norm_first=norm_first, batch_first=batch_first,
                          dtype=tp.float64)
    _load(o, r)
    r.eval()
    o.eval()
    src, tgt = rng.standard_normal((5, 3, 8)), rng.standard_normal((4, 3, 8))
    if batch_first:
        src, tgt = src.transpose(1, 0, 2).copy(), tgt.transpose(1, 0, 2).copy()
    mask = torch.nn.Transformer.generate_square_subsequent_mask(4, dtype=torch.float64)
    omask = tp.nn.Transformer.generate_square_subsequent_mask(4, dtype=tp.float64)
    _eq(omask, mask)
    _eq(o(tp.tensor(src), tp.tensor(tgt), tgt_mask=omask), r(torch.tensor(src), torch.tensor(tgt), tgt_mask=mask))


def test_transformer_encoder_grad():
    layer = tp.nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0)
    enc = tp.nn.TransformerEncoder(layer, 2)
    out = enc(tp.randn(5, 3, 8))
    out.sum().backward()
    assert all(p.grad is not None for p in enc.parameters())
    assert len(list(enc.parameters())) == 2 * len(list(layer.parameters()))


def test_lazy_linear_materialises():
    m = tp.nn.LazyLinear(3)
    y = m(tp.randn(2, 5))
    assert y.shape == (2, 3) and isinstance(m, tp.nn.Linear)
    assert m.weight.shape == (3, 5) and repr(m) == repr(torch.nn.Linear(5, 3))
    assert list(m.state_dict().keys()) == ["weight", "bias"]
    y.sum().backward()
    assert m.weight.grad is not None
