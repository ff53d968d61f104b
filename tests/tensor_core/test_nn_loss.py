"""Loss kernels against torch.nn.functional (and Torch7 formulas where they differ)."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from tensor_core import ffi, lib, check, TensorCoreError
from nn_testutil import FLOATS, tol, T, new, N, noncontig, numgrad

RED = {"none": lib.TC_REDUCTION_NONE, "mean": lib.TC_REDUCTION_MEAN, "sum": lib.TC_REDUCTION_SUM}
NULL = ffi.NULL


def nll(x, t, w=None, red="mean", ignore=-100, eps=0.0, base=0):
    out, tw = new(x.dtype), new(x.dtype)
    check(lib.tc_nn_nll_loss(out, tw, T(x), T(t), T(w) if w is not None else NULL, RED[red], ignore, eps, base))
    return N(out), N(tw)


def nll_bwd(go, x, t, w=None, red="mean", ignore=-100, eps=0.0, base=0, tw=None):
    gi = new(x.dtype)
    check(lib.tc_nn_nll_loss_backward(gi, T(go), T(x), T(t), T(w) if w is not None else NULL, RED[red], ignore, eps,
                                      base, T(tw) if tw is not None else NULL))
    return N(gi)


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("red", ["none", "mean", "sum"])
@pytest.mark.parametrize("shape", [(6, 5), (5,), (3, 4, 2, 3), (2, 3, 5)])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("eps", [0.0, 0.2])
def test_cross_entropy_and_nll_against_torch(dtype, red, shape, weighted, eps):
    rng = np.random.default_rng(7)
    C = shape[0] if len(shape) == 1 else shape[1]
    logits = rng.standard_normal(shape).astype(dtype)
    tshape = () if len(shape) == 1 else (shape[0],) + shape[2:]
    t = rng.integers(0, C, tshape).astype(np.int64)
    if t.ndim:
        t.reshape(-1)[1] = -100  # one ignored target
    w = rng.uniform(0.2, 2.0, C).astype(dtype) if weighted else None
    lt = torch.tensor(logits, requires_grad=True)
    kw = dict(weight=torch.tensor(w) if weighted else None, reduction=red, label_smoothing=eps)
    ref = F.cross_entropy(lt, torch.tensor(t), **kw)
    go = rng.standard_normal(ref.shape).astype(dtype)
    ref.backward(torch.tensor(go))
    # our cross entropy = log-softmax (dim 1, or 0 for 1-D) + NLL with label smoothing
    cdim = 0 if len(shape) == 1 else 1
    ls = new(dtype)
    check(lib.tc_nn_log_softmax(ls, T(noncontig(logits)), cdim))
    lsn = N(ls)
    out, tw = nll(lsn, t, w, red, eps=eps)
    np.testing.assert_allclose(out, ref.detach().numpy(), **tol(dtype))
    assert out.shape == tuple(ref.shape)
    g_ls = nll_bwd(go, lsn, t, w, red, eps=eps, tw=tw)
    gi = new(dtype)
    check(lib.tc_nn_log_softmax_backward(gi, T(g_ls), ls, cdim))
    np.testing.assert_allclose(N(gi), lt.grad.numpy(), **tol(dtype))
    # backward without total_weight recomputes it
    np.testing.assert_allclose(nll_bwd(go, lsn, t, w, red, eps=eps), g_ls, **tol(dtype))


def test_lua_one_based_targets_and_torch7_ignore_index():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((5, 4))
    t = np.array([0, 3, 2, 1, 0])
    ref, _ = nll(x, t)
    out1, tw1 = nll(x, t + 1, base=1)
    np.testing.assert_allclose(out1, ref)
    assert tw1 == 5
    t1 = t + 1
    t1[2] = 0  # Torch7 nets sometimes ignore class 0 with ignoreIndex=0 on 1-based targets
    out, tw = nll(x, t1, base=1, ignore=0)
    keep = [0, 1, 3, 4]
    np.testing.assert_allclose(out, -x[keep, t[keep]].mean())
    assert tw == 4


def test_nll_finite_differences():
    rng = np.random.default_rng(2)
    x = rng.standard_normal((3, 4, 2))
    t = rng.integers(0, 4, (3, 2))
    w = rng.uniform(0.5, 1.5, 4)
    go = np.array(1.3)
    g = nll_bwd(go, x, t, w, "mean", eps=0.1)
    ng = numgrad(lambda v: float(nll(v, t, w, "mean", eps=0.1)[0]) * 1.3, x)
    np.testing.assert_allclose(g, ng, rtol=1e-6, atol=1e-8)


def test_nll_errors():
    x = np.zeros((3, 4))
    with pytest.raises(TensorCoreError, match=r"target 4 at position 2 is out of range for 4 classes \(valid 0..3\)"):
        nll(x, np.array([0, 1, 4]))
    with pytest.raises(TensorCoreError, match=r"target 0 at position 0 is out of range for 4 classes \(valid 1..4\)"):
        nll(x, np.array([0, 1, 4]), base=1)
    with pytest.raises(TensorCoreError, match="target must be 1-D of size 3"):
        nll(x, np.array([0, 1]))
    with pytest.raises(TensorCoreError, match="int64"):
        nll(x, np.array([0, 1, 2], np.int32))
    with pytest.raises(TensorCoreError, match="weight has 3 elements but there are 4 classes"):
        nll(x, np.array([0, 1, 2]), w=np.ones(3))
    with pytest.raises(TensorCoreError, match="reduction must be"):
        check(lib.tc_nn_nll_loss(new(np.float64), NULL, T(x), T(np.array([0, 1, 2])), NULL, 7, -100, 0.0, 0))
    with pytest.raises(TensorCoreError, match="out of range"):
        nll_bwd(np.array(1.0), x, np.array([0, 9, 1]))


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("red", ["none", "mean", "sum"])
@pytest.mark.parametrize("shape", [(6, 5), (5,), (2, 4, 3, 2)])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("eps", [0.0, 0.3])
def test_cross_entropy_probability_targets_against_torch(dtype, red, shape, weighted, eps):
    rng = np.random.default_rng(8)
    C = shape[0] if len(shape) == 1 else shape[1]
    cdim = 0 if len(shape) == 1 else 1
    logits = rng.standard_normal(shape).astype(dtype)
    probs = F.softmax(torch.tensor(rng.standard_normal(shape)), cdim).numpy().astype(dtype)
    w = rng.uniform(0.2, 2.0, C).astype(dtype) if weighted else None
    lt = torch.tensor(logits, requires_grad=True)
    ref = F.cross_entropy(lt, torch.tensor(probs), weight=torch.tensor(w) if weighted else None, reduction=red,
                          label_smoothing=eps)
    go = rng.standard_normal(ref.shape).astype(dtype)
    ref.backward(torch.tensor(go))
    ls = new(dtype)
    check(lib.tc_nn_log_softmax(ls, T(logits), cdim))
    out = new(dtype)
    check(lib.tc_nn_soft_nll_loss(out, ls, T(noncontig(probs)), T(w) if weighted else NULL, RED[red], eps))
    np.testing.assert_allclose(N(out), ref.detach().numpy(), **tol(dtype))
    assert N(out).shape == tuple(ref.shape)
    g_ls, gi = new(dtype), new(dtype)
    check(lib.tc_nn_soft_nll_loss_backward(g_ls, T(go), ls, T(probs), T(w) if weighted else NULL, RED[red], eps))
    check(lib.tc_nn_log_softmax_backward(gi, g_ls, ls, cdim))
    np.testing.assert_allclose(N(gi), lt.grad.numpy(), **tol(dtype))


def test_soft_nll_errors():
    with pytest.raises(TensorCoreError, match="probability targets must have the input's shape"):
        check(lib.tc_nn_soft_nll_loss(new(np.float64), T(np.zeros((2, 3))), T(np.zeros((3, 2))), NULL, 1, 0.0))
    with pytest.raises(TensorCoreError, match="label_smoothing must be in"):
        check(lib.tc_nn_soft_nll_loss(new(np.float64), T(np.zeros((2, 3))), T(np.zeros((2, 3))), NULL, 1, 1.5))


# --- pointwise losses ---------------------------------------------------------------------------

def pw(x, t, kind, red, p=0.0, w=None, pw_=None):
    out = new(x.dtype)
    check(lib.tc_nn_pointwise_loss(out, T(x), T(t), T(w) if w is not None else NULL,
                                   T(pw_) if pw_ is not None else NULL, kind, RED[red], p))
    return N(out)


def pw_bwd(go, x, t, kind, red, p=0.0, w=None, pw_=None):
    gi = new(x.dtype)
    check(lib.tc_nn_pointwise_loss_backward(gi, T(go), T(x), T(t), T(w) if w is not None else NULL,
                                            T(pw_) if pw_ is not None else NULL, kind, RED[red], p))
    return N(gi)


def sign_target(rng, shape, dtype):
    return np.where(rng.random(shape) < 0.5, -1.0, 1.0).astype(dtype)


PW = {
    "mse": (lib.TC_LOSS_MSE, 0.0, lambda x, t, r: F.mse_loss(x, t, reduction=r), "normal"),
    "l1": (lib.TC_LOSS_L1, 0.0, lambda x, t, r: F.l1_loss(x, t, reduction=r), "normal"),
    "smooth_l1": (lib.TC_LOSS_SMOOTH_L1, 0.7, lambda x, t, r: F.smooth_l1_loss(x, t, reduction=r, beta=0.7), "normal"),
    "smooth_l1_b0": (lib.TC_LOSS_SMOOTH_L1, 0.0, lambda x, t, r: F.smooth_l1_loss(x, t, reduction=r, beta=0.0), "normal"),
    "huber": (lib.TC_LOSS_HUBER, 0.6, lambda x, t, r: F.huber_loss(x, t, reduction=r, delta=0.6), "normal"),
    "bce": (lib.TC_LOSS_BCE, 0.0, lambda x, t, r: F.binary_cross_entropy(x, t, reduction=r), "prob"),
    "bce_logits": (lib.TC_LOSS_BCE_WITH_LOGITS, 0.0,
                   lambda x, t, r: F.binary_cross_entropy_with_logits(x, t, reduction=r), "unit"),
    "kl": (lib.TC_LOSS_KL_DIV, 0.0, lambda x, t, r: F.kl_div(x, t, reduction=r), "kl"),
    "kl_log": (lib.TC_LOSS_KL_DIV_LOG_TARGET, 0.0, lambda x, t, r: F.kl_div(x, t, reduction=r, log_target=True),
               "normal"),
    "soft_margin": (lib.TC_LOSS_SOFT_MARGIN, 0.0, lambda x, t, r: F.soft_margin_loss(x, t, reduction=r), "sign"),
    "hinge": (lib.TC_LOSS_HINGE_EMBEDDING, 0.8, lambda x, t, r: F.hinge_embedding_loss(x, t, 0.8, reduction=r),
              "sign"),
}


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("red", ["none", "mean", "sum"])
@pytest.mark.parametrize("name", sorted(PW))
def test_pointwise_against_torch(dtype, red, name):
    kind, p, tf, tgt = PW[name]
    rng = np.random.default_rng(len(name))
    shape = (4, 5)
    x = rng.standard_normal(shape).astype(dtype)
    if tgt == "normal":
        t = rng.standard_normal(shape).astype(dtype)
    elif tgt == "prob":
        x = rng.uniform(0.02, 0.98, shape).astype(dtype)
        t = rng.uniform(0, 1, shape).astype(dtype)
    elif tgt == "unit":
        t = rng.uniform(0, 1, shape).astype(dtype)
    elif tgt == "kl":
        t = rng.uniform(0, 1, shape).astype(dtype)
        t[0, :2] = 0
    else:
        t = sign_target(rng, shape, dtype)
    xt = torch.tensor(x, requires_grad=True)
    ref = tf(xt, torch.tensor(t), red)
    go = rng.standard_normal(ref.shape).astype(dtype)
    ref.backward(torch.tensor(go))
    out = pw(noncontig(x), noncontig(t), kind, red, p)
    np.testing.assert_allclose(out, ref.detach().numpy(), **tol(dtype))
    assert out.shape == tuple(ref.shape)
    np.testing.assert_allclose(pw_bwd(go, noncontig(x), t, kind, red, p), xt.grad.numpy(), **tol(dtype))


@pytest.mark.parametrize("dtype", FLOATS)
def test_bce_weights_and_logits_pos_weight(dtype):
    rng = np.random.default_rng(3)
    x = rng.uniform(0.05, 0.95, (3, 4)).astype(dtype)
    t = (rng.random((3, 4)) < 0.5).astype(dtype)
    w = rng.uniform(0.5, 2, 4).astype(dtype)
    xt = torch.tensor(x, requires_grad=True)
    ref = F.binary_cross_entropy(xt, torch.tensor(t), weight=torch.tensor(w))
    ref.backward()
    wexp = np.broadcast_to(w, x.shape)   # frontends pass an expanded (stride-0) view
    np.testing.assert_allclose(pw(x, t, lib.TC_LOSS_BCE, "mean", w=wexp), ref.item(), **tol(dtype))
    np.testing.assert_allclose(pw_bwd(np.array(1, dtype), x, t, lib.TC_LOSS_BCE, "mean", w=wexp), xt.grad.numpy(),
                               **tol(dtype))
    z = rng.standard_normal((3, 4)).astype(dtype) * 3
    pwt = rng.uniform(0.5, 3, 4).astype(dtype)
    zt = torch.tensor(z, requires_grad=True)
    ref = F.binary_cross_entropy_with_logits(zt, torch.tensor(t), weight=torch.tensor(w), pos_weight=torch.tensor(pwt),
                                             reduction="sum")
    ref.backward()
    pexp = np.broadcast_to(pwt, z.shape)
    np.testing.assert_allclose(pw(z, t, lib.TC_LOSS_BCE_WITH_LOGITS, "sum", w=wexp, pw_=pexp), ref.item(), **tol(dtype))
    np.testing.assert_allclose(pw_bwd(np.array(1, dtype), z, t, lib.TC_LOSS_BCE_WITH_LOGITS, "sum", w=wexp, pw_=pexp),
                               zt.grad.numpy(), **tol(dtype))


def test_bce_log_clamp_and_torch7_eps():
    x = np.array([0.0, 1.0, 0.5])
    t = np.array([1.0, 0.0, 1.0])
    ref = F.binary_cross_entropy(torch.tensor(x), torch.tensor(t), reduction="sum").item()
    np.testing.assert_allclose(pw(x, t, lib.TC_LOSS_BCE, "sum"), ref)   # -100 clamps: 200 + log 2
    eps = 1e-12  # Torch7 BCECriterion: log(x + eps)
    t7 = -(t * np.log(x + eps) + (1 - t) * np.log(1 - x + eps)).mean()
    np.testing.assert_allclose(pw(x, t, lib.TC_LOSS_BCE, "mean", p=eps), t7)
    t7g = -(t - x) / ((1 - x + eps) * (x + eps)) / 3
    np.testing.assert_allclose(pw_bwd(np.array(1.0), x, t, lib.TC_LOSS_BCE, "mean", p=eps), t7g)


def test_torch7_margin_criterion_and_margin_ranking():
    rng = np.random.default_rng(4)
    x1, x2 = rng.standard_normal(6), rng.standard_normal(6)
    y = sign_target(rng, 6, np.float64)
    # Torch7 MarginCriterion: mean max(0, margin - y x)
    x = x1
    np.testing.assert_allclose(pw(x, y, lib.TC_LOSS_MARGIN, "mean", 0.5), np.maximum(0, 0.5 - y * x).mean())
    # margin ranking = MARGIN on x1 - x2
    a, b = torch.tensor(x1, requires_grad=True), torch.tensor(x2, requires_grad=True)
    ref = F.margin_ranking_loss(a, b, torch.tensor(y), margin=0.3)
    ref.backward()
    np.testing.assert_allclose(pw(x1 - x2, y, lib.TC_LOSS_MARGIN, "mean", 0.3), ref.item())
    g = pw_bwd(np.array(1.0), x1 - x2, y, lib.TC_LOSS_MARGIN, "mean", 0.3)
    np.testing.assert_allclose(g, a.grad.numpy())
    np.testing.assert_allclose(-g, b.grad.numpy())


@pytest.mark.parametrize("name", ["smooth_l1", "huber", "bce_logits", "soft_margin", "kl_log"])
def test_pointwise_finite_differences(name):
    kind, p, _, _ = PW[name]
    rng = np.random.default_rng(5)
    x = rng.standard_normal((3, 3))
    t = rng.uniform(0, 1, (3, 3)) if name != "soft_margin" else sign_target(rng, (3, 3), np.float64)
    g = pw_bwd(np.array(1.0), x, t, kind, "mean", p)
    np.testing.assert_allclose(g, numgrad(lambda v: float(pw(v, t, kind, "mean", p)), x), rtol=1e-6, atol=1e-8)


def test_pointwise_errors():
    x = np.zeros((2, 3))
    with pytest.raises(TensorCoreError, match="'target' has 5 elements but the input has 6"):
        pw(x, np.zeros(5), lib.TC_LOSS_MSE, "mean")
    with pytest.raises(TensorCoreError, match="unknown loss kind 42"):
        pw(x, x, 42, "mean")
    with pytest.raises(TensorCoreError, match="not between 0 and 1"):
        pw(x + 2, x, lib.TC_LOSS_BCE, "mean")
    with pytest.raises(TensorCoreError, match="pos_weight is only for BCE with logits"):
        pw(x, x, lib.TC_LOSS_MSE, "mean", pw_=x)
    with pytest.raises(TensorCoreError, match="grad_output has 1 elements, expected 6 for reduction none"):
        pw_bwd(np.array(1.0), x, x, lib.TC_LOSS_MSE, "none")
    with pytest.raises(TensorCoreError, match="delta must be > 0"):
        pw(x, x, lib.TC_LOSS_HUBER, "mean", 0.0)
