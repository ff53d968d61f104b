"""nn kernels against plain numpy references (small shapes), part 2: batch/layer/group/instance norm (training with
the running-statistics update, evaluation), pointwise losses, embedding backward (padding idx, scale by frequency),
cross-map LRN, Normalize, LSTM/GRU cells.  Backward passes are checked against central differences of the numpy
reference in float64."""
import numpy as np
import pytest

from tensor_core import ffi, lib, check
from conv_testutil import DTYPES, tol, T, N, new, noncontig, numeric_grad

NULL = ffi.NULL


def fd_check(ref_fn, arrays, gout, got, rtol=1e-6, atol=1e-7):
    """Central differences of sum(ref_fn(*arrays) * gout) for each float64 array against `got`."""
    for a, g in zip(arrays, got):
        if g is None:
            continue
        num = numeric_grad(lambda: float(np.sum(ref_fn(*arrays) * gout)), a)
        np.testing.assert_allclose(g, num, rtol=rtol, atol=atol)


def bn_ref(x, w, b, eps):
    axes = (0,) + tuple(range(2, x.ndim))
    shp = (1, -1) + (1,) * (x.ndim - 2)
    m = x.mean(axis=axes, keepdims=True)
    v = ((x - m) ** 2).mean(axis=axes, keepdims=True)
    return (x - m) / np.sqrt(v + eps) * w.reshape(shp) + b.reshape(shp)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(5, 3), (4, 2, 3), (2, 3, 2, 3)])
def test_batch_norm_training_and_running_update(dtype, shape):
    rng = np.random.default_rng(len(shape))
    x = rng.standard_normal(shape).astype(dtype) * 2 + 1
    C = shape[1]
    w, b = rng.standard_normal(C).astype(dtype), rng.standard_normal(C).astype(dtype)
    rm, rv = rng.standard_normal(C).astype(dtype), rng.random(C).astype(dtype) + 0.5
    rm0, rv0 = rm.copy(), rv.copy()
    out, sm, si = new(dtype), new(dtype), new(dtype)
    mom, eps = 0.3, 1e-5
    check(lib.tc_nn_batch_norm(out, sm, si, T(noncontig(x)), T(w), T(b), T(rm), T(rv), 1, mom, eps))
    x64 = x.astype(np.float64)
    np.testing.assert_allclose(N(out), bn_ref(x64, w.astype(np.float64), b.astype(np.float64), eps), **tol(dtype))
    axes = (0,) + tuple(range(2, x.ndim))
    cnt = x.size // C
    bm, bv = x64.mean(axis=axes), x64.var(axis=axes)
    np.testing.assert_allclose(N(sm), bm, **tol(dtype))
    np.testing.assert_allclose(N(si), 1 / np.sqrt(bv + eps), **tol(dtype))
    np.testing.assert_allclose(rm, (1 - mom) * rm0 + mom * bm, **tol(dtype))
    np.testing.assert_allclose(rv, (1 - mom) * rv0 + mom * bv * cnt / (cnt - 1), **tol(dtype))
    # evaluation normalises with the running statistics
    eo = new(dtype)
    check(lib.tc_nn_batch_norm(eo, NULL, NULL, T(x), T(w), T(b), T(rm), T(rv), 0, mom, eps))
    shp = (1, -1) + (1,) * (x.ndim - 2)
    np.testing.assert_allclose(N(eo), (x64 - rm.reshape(shp)) / np.sqrt(rv.reshape(shp) + eps) * w.reshape(shp)
                               + b.reshape(shp), **tol(dtype))


def test_batch_norm_backward_finite_differences():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((4, 3, 2))
    w, b = rng.standard_normal(3), rng.standard_normal(3)
    g = rng.standard_normal(x.shape)
    out, sm, si = new(np.float64), new(np.float64), new(np.float64)
    check(lib.tc_nn_batch_norm(out, sm, si, T(x), T(w), T(b), NULL, NULL, 1, 0.1, 1e-5))
    gx, gw, gb = new(np.float64), np.zeros(3), np.zeros(3)
    check(lib.tc_nn_batch_norm_backward(gx, T(gw), T(gb), T(g), T(x), T(w), NULL, NULL, sm, si, 1, 1e-5, 1.0))
    fd_check(lambda x, w, b: bn_ref(x, w, b, 1e-5), [x, w, b], g, [N(gx), gw, gb])


def ln_ref(x, w, b, nd, eps):
    axes = tuple(range(x.ndim - nd, x.ndim))
    m = x.mean(axis=axes, keepdims=True)
    v = ((x - m) ** 2).mean(axis=axes, keepdims=True)
    return (x - m) / np.sqrt(v + eps) * w + b


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape,nd", [((4, 5), 1), ((2, 3, 4), 2), ((3, 2, 2, 3), 1)])
def test_layer_norm(dtype, shape, nd):
    rng = np.random.default_rng(nd + len(shape))
    x = rng.standard_normal(shape).astype(dtype)
    w, b = rng.standard_normal(shape[-nd:]).astype(dtype), rng.standard_normal(shape[-nd:]).astype(dtype)
    out, sm, si = new(dtype), new(dtype), new(dtype)
    check(lib.tc_nn_layer_norm(out, sm, si, T(noncontig(x)), T(w), T(b), nd, 1e-5))
    np.testing.assert_allclose(N(out), ln_ref(x.astype(np.float64), w, b, nd, 1e-5), **tol(dtype))
    if dtype == np.float64:
        g = rng.standard_normal(shape)
        gx, gw, gb = new(dtype), np.zeros_like(w), np.zeros_like(b)
        check(lib.tc_nn_layer_norm_backward(gx, T(gw), T(gb), T(g), T(x), T(w), sm, si, nd, 1.0))
        fd_check(lambda x, w, b: ln_ref(x, w, b, nd, 1e-5), [x, w, b], g, [N(gx), gw, gb])


def gn_ref(x, w, b, groups, eps):
    n, c = x.shape[:2]
    xg = x.reshape(n, groups, -1)
    m = xg.mean(-1, keepdims=True)
    v = ((xg - m) ** 2).mean(-1, keepdims=True)
    y = ((xg - m) / np.sqrt(v + eps)).reshape(x.shape)
    shp = (1, c) + (1,) * (x.ndim - 2)
    return y * w.reshape(shp) + b.reshape(shp)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape,groups", [((2, 6, 3), 3), ((3, 4, 2, 2), 4), ((2, 4, 5), 1)])  # groups == C: instance norm
def test_group_and_instance_norm(dtype, shape, groups):
    rng = np.random.default_rng(groups + len(shape))
    x = rng.standard_normal(shape).astype(dtype)
    C = shape[1]
    w, b = rng.standard_normal(C).astype(dtype), rng.standard_normal(C).astype(dtype)
    out, sm, si = new(dtype), new(dtype), new(dtype)
    check(lib.tc_nn_group_norm(out, sm, si, T(noncontig(x)), T(w), T(b), groups, 1e-5))
    np.testing.assert_allclose(N(out), gn_ref(x.astype(np.float64), w, b, groups, 1e-5), **tol(dtype))
    if dtype == np.float64:
        g = rng.standard_normal(shape)
        gx, gw, gb = new(dtype), np.zeros_like(w), np.zeros_like(b)
        check(lib.tc_nn_group_norm_backward(gx, T(gw), T(gb), T(g), T(x), T(w), sm, si, groups, 1.0))
        fd_check(lambda x, w, b: gn_ref(x, w, b, groups, 1e-5), [x, w, b], g, [N(gx), gw, gb])


def _sig(z):
    return 1 / (1 + np.exp(-z))


POINTWISE = {
    0: (lambda x, t, p: (x - t) ** 2, 0.0),
    1: (lambda x, t, p: np.abs(x - t), 0.0),
    2: (lambda x, t, p: np.where(np.abs(x - t) < p, 0.5 * (x - t) ** 2 / p, np.abs(x - t) - 0.5 * p), 0.7),
    3: (lambda x, t, p: np.where(np.abs(x - t) < p, 0.5 * (x - t) ** 2, p * (np.abs(x - t) - 0.5 * p)), 0.8),
    4: (lambda x, t, p: -(t * np.log(x + p) + (1 - t) * np.log(1 - x + p)), 1e-12),
    5: (lambda x, t, p: -(t * np.log(_sig(x)) + (1 - t) * np.log(1 - _sig(x))), 0.0),
    6: (lambda x, t, p: t * (np.log(t) - x), 0.0),
    7: (lambda x, t, p: np.exp(t) * (t - x), 0.0),
    8: (lambda x, t, p: np.log(1 + np.exp(-t * x)), 0.0),
    9: (lambda x, t, p: np.maximum(0, p - t * x), 0.6),
}


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("kind", sorted(POINTWISE))
@pytest.mark.parametrize("reduction", [0, 1, 2])
def test_pointwise_losses(dtype, kind, reduction):
    rng = np.random.default_rng(kind * 3 + reduction)
    shape = (3, 4)
    x = rng.standard_normal(shape)
    t = rng.standard_normal(shape)
    if kind == 4:
        x, t = rng.uniform(0.05, 0.95, shape), rng.random(shape)
    elif kind in (5, 6):
        t = rng.uniform(0.05, 1, shape)
    elif kind in (8, 9):
        t = rng.choice([-1.0, 1.0], shape)
    w = rng.random(shape) + 0.5
    f, p = POINTWISE[kind]
    x, t, w = x.astype(dtype), t.astype(dtype), w.astype(dtype)

    def ref(x):
        per = f(x, t.astype(np.float64), p) * w
        return per if reduction == 0 else (per.mean() if reduction == 1 else per.sum())
    out = new(dtype)
    check(lib.tc_nn_pointwise_loss(out, T(noncontig(x)), T(t), T(w), NULL, kind, reduction, p))
    x64 = x.astype(np.float64)
    np.testing.assert_allclose(N(out), ref(x64), **tol(dtype))
    g = rng.standard_normal(shape) if reduction == 0 else np.array(1.3)
    gx = new(dtype)
    check(lib.tc_nn_pointwise_loss_backward(gx, T(g.astype(dtype)), T(x), T(t), T(w), NULL, kind, reduction, p))
    num = numeric_grad(lambda: float(np.sum(ref(x64) * g)), x64)
    np.testing.assert_allclose(N(gx), num, **(tol(dtype) if dtype == np.float32 else dict(rtol=1e-6, atol=1e-7)))


@pytest.mark.parametrize("base", [0, 1])
@pytest.mark.parametrize("freq", [0, 1])
@pytest.mark.parametrize("pad", [None, 2])
def test_embedding_forward_backward(base, freq, pad):
    rng = np.random.default_rng(base + 2 * freq)
    V, D = 6, 3
    w = rng.standard_normal((V, D))
    ids = rng.integers(0, V, (4, 5))
    ids[0, :3] = 2                                 # repeated id (frequency 3+) equal to the padding id
    out = new(np.float64)
    check(lib.tc_nn_embedding(out, T(w), T(ids + base), base))
    np.testing.assert_array_equal(N(out), w[ids])
    g = rng.standard_normal((4, 5, D))
    gw0 = rng.standard_normal((V, D))
    gw = gw0.copy()
    pad_given = -1 if pad is None else pad + base
    check(lib.tc_nn_embedding_backward(T(gw), T(g), T(ids + base), pad_given, freq, 0.5, base))
    ref = gw0.copy()
    counts = np.bincount(ids.reshape(-1), minlength=V)
    for pos in np.ndindex(ids.shape):
        i = ids[pos]
        if pad is not None and i == pad:
            continue
        ref[i] += 0.5 * g[pos] / (counts[i] if freq else 1)
    np.testing.assert_allclose(gw, ref, rtol=1e-12, atol=1e-12)


def lrn_ref(x, size, alpha, beta, k):
    C = x.shape[1]
    sq = np.zeros_like(x)
    for c in range(C):
        for j in range(c - size // 2, c + (size - 1) // 2 + 1):
            if 0 <= j < C:
                sq[:, c] += x[:, j] ** 2
    return x * (k + alpha / size * sq) ** -beta


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("size", [1, 2, 3, 5])
def test_cross_map_lrn(dtype, size):
    rng = np.random.default_rng(size)
    x = rng.standard_normal((2, 6, 2, 3)).astype(dtype)
    out, sc = new(dtype), new(dtype)
    check(lib.tc_nn_cross_map_lrn(out, sc, T(noncontig(x)), size, 0.3, 0.75, 1.5))
    np.testing.assert_allclose(N(out), lrn_ref(x.astype(np.float64), size, 0.3, 0.75, 1.5), **tol(dtype))
    if dtype == np.float64:
        g = rng.standard_normal(x.shape)
        gx = new(dtype)
        check(lib.tc_nn_cross_map_lrn_backward(gx, T(g), T(x), out, sc, size, 0.3, 0.75, 1.5))
        fd_check(lambda x: lrn_ref(x, size, 0.3, 0.75, 1.5), [x], g, [N(gx)])


def normalize_ref(x, p, eps):
    if np.isinf(p):
        n = np.abs(x).max(-1, keepdims=True) + eps
    else:
        n = ((np.abs(x) ** p).sum(-1, keepdims=True) + eps) ** (1 / p)
    return x / n


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("p", [1.0, 2.0, 3.0, np.inf])
@pytest.mark.parametrize("shape", [(5,), (3, 4)])
def test_normalize(dtype, p, shape):
    rng = np.random.default_rng(len(shape))
    x = rng.standard_normal(shape).astype(dtype)
    out, nrm = new(dtype), new(dtype)
    check(lib.tc_nn_normalize(out, nrm, T(x), p, 1e-10))
    np.testing.assert_allclose(N(out), normalize_ref(x.astype(np.float64), p, 1e-10), **tol(dtype))
    if dtype == np.float64:
        g = rng.standard_normal(shape)
        gx = new(dtype)
        check(lib.tc_nn_normalize_backward(gx, T(g), T(x), nrm, p))
        fd_check(lambda x: normalize_ref(x, p, 1e-10), [x], g, [N(gx)], rtol=1e-5, atol=1e-6)


def lstm_ref(x, h, c, wih, whh, bih, bhh):
    gates = x @ wih.T + bih + h @ whh.T + bhh
    i, f, g, o = np.split(gates, 4, axis=1)
    cy = _sig(f) * c + _sig(i) * np.tanh(g)
    return _sig(o) * np.tanh(cy), cy


def gru_ref(x, h, wih, whh, bih, bhh):
    gi, gh = x @ wih.T + bih, h @ whh.T + bhh
    ir, iz, inn = np.split(gi, 3, axis=1)
    hr, hz, hn = np.split(gh, 3, axis=1)
    r, z = _sig(ir + hr), _sig(iz + hz)
    n = np.tanh(inn + r * hn)
    return (1 - z) * n + z * h


@pytest.mark.parametrize("dtype", DTYPES)
def test_lstm_cell(dtype):
    rng = np.random.default_rng(3)
    B, I, H = 3, 4, 5
    a = [rng.standard_normal(s).astype(dtype) * 0.5 for s in [(B, I), (B, H), (B, H), (4 * H, I), (4 * H, H), (4 * H,), (4 * H,)]]
    hy, cy, ws = new(dtype), new(dtype), new(dtype)
    check(lib.tc_nn_lstm_cell(hy, cy, ws, *[T(v) for v in a]))
    rh, rc = lstm_ref(*[v.astype(np.float64) for v in a])
    np.testing.assert_allclose(N(hy), rh, **tol(dtype))
    np.testing.assert_allclose(N(cy), rc, **tol(dtype))
    if dtype != np.float64:
        return
    gh, gc = rng.standard_normal((B, H)), rng.standard_normal((B, H))
    gx, ghx, gcx = new(dtype), new(dtype), new(dtype)
    gws = [np.zeros_like(v) for v in a[3:]]
    check(lib.tc_nn_lstm_cell_backward(gx, ghx, gcx, *[T(v) for v in gws], T(gh), T(gc), T(a[0]), T(a[1]), T(a[2]),
                                       T(a[3]), T(a[4]), cy, ws, 1.0))
    for k, got in enumerate([N(gx), N(ghx), N(gcx)] + gws):
        def f():
            h2, c2 = lstm_ref(*a)
            return float(np.sum(h2 * gh) + np.sum(c2 * gc))
        np.testing.assert_allclose(got, numeric_grad(f, a[k]), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("dtype", DTYPES)
def test_gru_cell(dtype):
    rng = np.random.default_rng(4)
    B, I, H = 3, 4, 5
    a = [rng.standard_normal(s).astype(dtype) * 0.5 for s in [(B, I), (B, H), (3 * H, I), (3 * H, H), (3 * H,), (3 * H,)]]
    hy, ws = new(dtype), new(dtype)
    check(lib.tc_nn_gru_cell(hy, ws, *[T(v) for v in a]))
    np.testing.assert_allclose(N(hy), gru_ref(*[v.astype(np.float64) for v in a]), **tol(dtype))
    if dtype != np.float64:
        return
    gh = rng.standard_normal((B, H))
    gx, ghx = new(dtype), new(dtype)
    gws = [np.zeros_like(v) for v in a[2:]]
    check(lib.tc_nn_gru_cell_backward(gx, ghx, *[T(v) for v in gws], T(gh), T(a[0]), T(a[1]), T(a[2]), T(a[3]), ws, 1.0))
    for k, got in enumerate([N(gx), N(ghx)] + gws):
        np.testing.assert_allclose(got, numeric_grad(lambda: float(np.sum(gru_ref(*a) * gh)), a[k]),
                                   rtol=1e-6, atol=1e-7)
