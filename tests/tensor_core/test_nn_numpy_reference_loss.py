"""Loss kernels against plain-loop numpy references (small shapes), part 4: class NLL with label smoothing,
NLL against class probabilities, hinge embedding, multi margin (p 1/2, weights, both bases), multilabel margin,
cosine embedding, L1 hinge embedding, every reduction; backward by float64 central differences."""
import numpy as np
import pytest

from tensor_core import ffi, lib, check
from conv_testutil import DTYPES, tol, T, N, new, noncontig, numeric_grad

NULL = ffi.NULL


def reduce(per, reduction):
    return per if reduction == 0 else (per.mean() if reduction == 1 else per.sum())


def grad_out(rng, per_shape, reduction):
    return rng.standard_normal(per_shape) if reduction == 0 else np.array(1.7)


def assert_grad(got, f, x, g, dtype):
    num = numeric_grad(lambda: float(np.sum(f() * g)), x)
    np.testing.assert_allclose(got, num, **(tol(dtype) if dtype == np.float32 else dict(rtol=1e-6, atol=1e-7)))


@pytest.mark.parametrize("reduction", [0, 1, 2])
@pytest.mark.parametrize("base", [0, 1])
def test_nll_label_smoothing(reduction, base):
    rng = np.random.default_rng(reduction + 3 * base)
    N_, C, eps = 6, 4, 0.2
    x = rng.standard_normal((N_, C))
    t = rng.integers(0, C, N_)
    t[2] = -5                                        # ignore_index (compared before the base)
    w = rng.random(C) + 0.5

    def ref():
        per, wsum = np.zeros(N_), 0.0
        for i in range(N_):
            if t[i] == -5:
                continue
            c = t[i]
            per[i] = (1 - eps) * w[c] * -x[i, c] + eps / C * np.sum(w * -x[i])
            wsum += w[c]
        return per if reduction == 0 else (per.sum() / wsum if reduction == 1 else per.sum())
    tt = np.where(t == -5, -5, t + base)
    out, tw = new(np.float64), new(np.float64)
    check(lib.tc_nn_nll_loss(out, tw, T(x), T(tt), T(w), reduction, -5, eps, base))
    np.testing.assert_allclose(N(out), ref(), rtol=1e-12, atol=1e-12)
    g = grad_out(rng, (N_,), reduction)
    gx = new(np.float64)
    check(lib.tc_nn_nll_loss_backward(gx, T(g), T(x), T(tt), T(w), reduction, -5, eps, base, tw))
    assert_grad(N(gx), ref, x, g, np.float64)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", [0, 1, 2])
def test_soft_nll(dtype, reduction):
    rng = np.random.default_rng(reduction)
    x = rng.standard_normal((3, 4, 2)).astype(dtype)
    t = rng.random((3, 4, 2)).astype(dtype)
    w = (rng.random(4) + 0.5).astype(dtype)
    eps = 0.1
    tp = t.astype(np.float64) * (1 - eps) + eps / 4

    def ref(x):
        per = -(w.reshape(1, 4, 1) * tp * x).sum(1)
        return reduce(per, reduction)
    out = new(dtype)
    check(lib.tc_nn_soft_nll_loss(out, T(noncontig(x)), T(t), T(w), reduction, eps))
    x64 = x.astype(np.float64)
    np.testing.assert_allclose(N(out), ref(x64), **tol(dtype))
    g = grad_out(rng, (3, 2), reduction)
    gx = new(dtype)
    check(lib.tc_nn_soft_nll_loss_backward(gx, T(g.astype(dtype)), T(x), T(t), T(w), reduction, eps))
    assert_grad(N(gx), lambda: ref(x64), x64, g, dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", [0, 1, 2])
def test_hinge_embedding_pointwise(dtype, reduction):
    rng = np.random.default_rng(7 + reduction)
    x = rng.standard_normal((4, 5)).astype(dtype) * 2
    t = rng.choice([-1.0, 1.0], (4, 5)).astype(dtype)
    margin = 1.2
    x[np.abs(x - margin) < 1e-3] += 0.01
    w = np.ones_like(x)

    def ref(x):
        per = np.where(t != -1, x, 0) + np.where(t != 1, np.maximum(0, margin - x), 0)
        return reduce(per, reduction)
    out = new(dtype)
    check(lib.tc_nn_pointwise_loss(out, T(x), T(t), T(w), NULL, 10, reduction, margin))
    x64 = x.astype(np.float64)
    np.testing.assert_allclose(N(out), ref(x64), **tol(dtype))
    g = grad_out(rng, x.shape, reduction)
    gx = new(dtype)
    check(lib.tc_nn_pointwise_loss_backward(gx, T(g.astype(dtype)), T(x), T(t), T(w), NULL, 10, reduction, margin))
    assert_grad(N(gx), lambda: ref(x64), x64, g, dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("p", [1, 2])
@pytest.mark.parametrize("base", [0, 1])
@pytest.mark.parametrize("reduction", [0, 1, 2])
@pytest.mark.parametrize("weighted", [False, True])
def test_multi_margin(dtype, p, base, reduction, weighted):
    rng = np.random.default_rng(p + 2 * base + 4 * reduction + 12 * weighted)
    N_, C, margin = 5, 4, 0.8
    x = rng.standard_normal((N_, C)).astype(dtype)
    t = rng.integers(0, C, N_)
    w = (rng.random(C) + 0.5).astype(dtype) if weighted else None

    def ref(x):
        per = np.zeros(N_)
        for n in range(N_):
            y = t[n]
            for i in range(C):
                if i != y:
                    per[n] += (1.0 if w is None else w[y]) * max(0.0, margin - x[n, y] + x[n, i]) ** p / C
        return reduce(per, reduction)
    out = new(dtype)
    check(lib.tc_nn_multi_margin_loss(out, T(noncontig(x)), T(t + base), T(w) if weighted else NULL, p, margin,
                                      reduction, base))
    x64 = x.astype(np.float64)
    np.testing.assert_allclose(N(out), ref(x64), **tol(dtype))
    g = grad_out(rng, (N_,), reduction)
    gx = new(dtype)
    check(lib.tc_nn_multi_margin_loss_backward(gx, T(g.astype(dtype)), T(x), T(t + base), T(w) if weighted else NULL,
                                               p, margin, reduction, base))
    assert_grad(N(gx), lambda: ref(x64), x64, g, dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("base", [0, 1])
@pytest.mark.parametrize("reduction", [0, 1, 2])
def test_multilabel_margin(dtype, base, reduction):
    rng = np.random.default_rng(base + 2 * reduction)
    N_, C = 4, 5
    x = rng.standard_normal((N_, C)).astype(dtype)
    t = np.full((N_, C), base - 1, np.int64)                       # end marker: first entry below the base
    labels = [rng.choice(C, k, replace=False) for k in (1, 2, 3, 0)]
    for n, ls in enumerate(labels):
        t[n, :len(ls)] = ls + base
    t[0, 2] = 3 + base                                             # after the end marker: ignored

    def ref(x):
        per = np.zeros(N_)
        for n, ls in enumerate(labels):
            for j in ls:
                for i in range(C):
                    if i not in ls:
                        per[n] += max(0.0, 1 - (x[n, j] - x[n, i])) / C
        return reduce(per, reduction)
    out = new(dtype)
    check(lib.tc_nn_multilabel_margin_loss(out, T(noncontig(x)), T(t), reduction, base))
    x64 = x.astype(np.float64)
    np.testing.assert_allclose(N(out), ref(x64), **tol(dtype))
    g = grad_out(rng, (N_,), reduction)
    gx = new(dtype)
    check(lib.tc_nn_multilabel_margin_loss_backward(gx, T(g.astype(dtype)), T(x), T(t), reduction, base))
    assert_grad(N(gx), lambda: ref(x64), x64, g, dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", [0, 1, 2])
@pytest.mark.parametrize("kind", ["cosine", "l1hinge"])
def test_embedding_criterions(dtype, reduction, kind):
    rng = np.random.default_rng(reduction + (kind == "cosine") * 5)
    N_, D, margin = 6, 3, 0.3 if kind == "cosine" else 2.0
    a = rng.standard_normal((N_, D)).astype(dtype)
    b = rng.standard_normal((N_, D)).astype(dtype)
    t = rng.choice([-1.0, 1.0], N_).astype(dtype)

    def ref(a, b):
        if kind == "cosine":
            cos = (a * b).sum(1) / np.sqrt(((a * a).sum(1) + 1e-12) * ((b * b).sum(1) + 1e-12))
            per = np.where(t == 1, 1 - cos, np.maximum(0, cos - margin))
        else:
            d = np.abs(a - b).sum(1)
            per = np.where(t != -1, d, np.maximum(0, margin - d))
        return reduce(per, reduction)
    fwd = lib.tc_nn_cosine_embedding_loss if kind == "cosine" else lib.tc_nn_l1_hinge_embedding_loss
    bwd = lib.tc_nn_cosine_embedding_loss_backward if kind == "cosine" else lib.tc_nn_l1_hinge_embedding_loss_backward
    out = new(dtype)
    check(fwd(out, T(noncontig(a)), T(b), T(t), margin, reduction))
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    np.testing.assert_allclose(N(out), ref(a64, b64), **tol(dtype))
    g = grad_out(rng, (N_,), reduction)
    ga, gb = new(dtype), new(dtype)
    check(bwd(ga, gb, T(g.astype(dtype)), T(a), T(b), T(t), margin, reduction))
    assert_grad(N(ga), lambda: ref(a64, b64), a64, g, dtype)
    assert_grad(N(gb), lambda: ref(a64, b64), b64, g, dtype)
