"""nn kernels against plain numpy references (small shapes), part 3: adaptive max/avg pooling, LP pooling, max
unpooling, padding modes, nearest upsampling, the fused activations.  Backward passes against central differences
of the numpy references in float64 (or the scatter the reference defines)."""
import math

import numpy as np
import pytest

from tensor_core import ffi, lib, check
from conv_testutil import DTYPES, tol, T, N, new, i64, f64, noncontig, numeric_grad

NULL = ffi.NULL


def windows(i, o):
    return [(math.floor(k * i / o), math.ceil((k + 1) * i / o)) for k in range(o)]


def adaptive_ref(x, osz, op):
    nsp = len(osz)
    sp = x.shape[-nsp:]
    wins = [windows(sp[d], osz[d]) for d in range(nsp)]
    lead = x.shape[:-nsp]
    out = np.zeros(lead + tuple(osz))
    ind = np.zeros(lead + tuple(osz), np.int64)
    for o in np.ndindex(*osz):
        sl = tuple(slice(*wins[d][o[d]]) for d in range(nsp))
        win = x[(Ellipsis,) + sl].reshape(lead + (-1,)).astype(np.float64)
        if op == "avg":
            out[(Ellipsis,) + o] = win.mean(-1)
        else:
            a = win.argmax(-1)
            out[(Ellipsis,) + o] = win.max(-1)
            local = np.unravel_index(a, tuple(s.stop - s.start for s in sl))
            ind[(Ellipsis,) + o] = np.ravel_multi_index(tuple(local[d] + sl[d].start for d in range(nsp)), sp)
    return out, ind


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape,osz", [((2, 3, 7), (3,)), ((2, 5, 7), (3, 4)), ((1, 2, 6, 5), (4, 2)),
                                       ((1, 2, 4, 5, 3), (2, 3, 2))])
@pytest.mark.parametrize("base", [0, 1])
def test_adaptive_pools(dtype, shape, osz, base):
    nsp = len(osz)
    rng = np.random.default_rng(sum(shape) + base)
    x = rng.permutation(int(np.prod(shape))).reshape(shape).astype(dtype)
    out, ind = new(dtype), new(np.int64)
    check(lib.tc_adaptive_max_pool_forward(out, ind, T(noncontig(x)), nsp, i64(osz), base))
    ref, rind = adaptive_ref(x, osz, "max")
    np.testing.assert_array_equal(N(out), ref)
    np.testing.assert_array_equal(N(ind), rind + base)
    aout = new(dtype)
    check(lib.tc_adaptive_avg_pool_forward(aout, T(x), nsp, i64(osz)))
    aref, _ = adaptive_ref(x, osz, "avg")
    np.testing.assert_allclose(N(aout), aref, **tol(dtype))
    if dtype == np.float64:
        g = rng.standard_normal(aref.shape)
        gx = new(dtype)
        check(lib.tc_adaptive_avg_pool_backward(gx, T(g), T(x), nsp))
        np.testing.assert_allclose(N(gx), numeric_grad(lambda: float(np.sum(adaptive_ref(x, osz, "avg")[0] * g)), x),
                                   rtol=1e-6, atol=1e-7)


def lp_ref(x, p, ks, st, ceil):
    nsp = len(ks)
    sp = x.shape[-nsp:]
    osz = []
    for d in range(nsp):
        num = sp[d] - ks[d]
        o = (-(-num // st[d]) if ceil else num // st[d]) + 1
        if ceil and (o - 1) * st[d] >= sp[d]:
            o -= 1
        osz.append(o)
    out = np.zeros(x.shape[:-nsp] + tuple(osz))
    for o in np.ndindex(*osz):
        sl = tuple(slice(o[d] * st[d], min(o[d] * st[d] + ks[d], sp[d])) for d in range(nsp))
        s = (x[(Ellipsis,) + sl] ** p).reshape(x.shape[:-nsp] + (-1,)).sum(-1)
        # PyTorch computes lp_pool as avg_pool(x^p) * prod(kernel): a ceil-mode window sticking out of the
        # input is averaged over its inside part, so its sum comes out scaled by prod(kernel) / inside count
        s = s * np.prod(ks) / np.prod([w.stop - w.start for w in sl])
        out[(Ellipsis,) + o] = np.sign(s) * np.abs(s) ** (1 / p)
    return out


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("p", [1.0, 2.0, 3.0])
@pytest.mark.parametrize("nsp,shape,ks,st,ceil", [(1, (2, 3, 8), (3,), (2,), 0), (2, (2, 2, 6, 5), (2, 3), (2, 1), 0),
                                                  (2, (1, 2, 5, 5), (2, 2), (2, 2), 1)])
def test_lp_pool(dtype, p, nsp, shape, ks, st, ceil):
    rng = np.random.default_rng(int(p) + nsp)
    x = rng.uniform(0.2, 2.0, shape).astype(dtype)      # positive: |s|^(1/p) is smooth
    out = new(dtype)
    check(lib.tc_lp_pool_forward(out, T(noncontig(x)), nsp, p, i64(ks), i64(st), ceil))
    ref = lp_ref(x.astype(np.float64), p, ks, st, ceil)
    np.testing.assert_allclose(N(out), ref, **tol(dtype))
    if dtype == np.float64:
        g = rng.standard_normal(ref.shape)
        gx = new(dtype)
        check(lib.tc_lp_pool_backward(gx, T(g), T(x), out, nsp, p, i64(ks), i64(st), ceil))
        np.testing.assert_allclose(N(gx), numeric_grad(lambda: float(np.sum(lp_ref(x, p, ks, st, ceil) * g)), x),
                                   rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("base", [0, 1])
@pytest.mark.parametrize("nsp", [1, 2, 3])
def test_max_unpool(dtype, base, nsp):
    rng = np.random.default_rng(nsp + base)
    osz = (5, 4, 3)[:nsp]
    plane = int(np.prod(osz))
    lead = (2, 3)
    ind = np.stack([rng.choice(plane, 4, replace=False) for _ in range(6)]).reshape(lead + (4,) + (1,) * (nsp - 1))
    x = rng.standard_normal(ind.shape).astype(dtype)
    out = new(dtype)
    check(lib.tc_max_unpool_forward(out, T(x), T(ind + base), nsp, i64(osz), base))
    ref = np.zeros(lead + (plane,), dtype)
    for c in np.ndindex(lead):
        ref[c][ind[c].reshape(-1)] = x[c].reshape(-1)
    np.testing.assert_array_equal(N(out), ref.reshape(lead + osz))
    g = rng.standard_normal(lead + osz).astype(dtype)
    gx = new(dtype)
    check(lib.tc_max_unpool_backward(gx, T(g), T(x), T(ind + base), nsp, base))
    gref = np.stack([g[c].reshape(-1)[ind[c].reshape(-1)] for c in np.ndindex(lead)]).reshape(x.shape)
    np.testing.assert_array_equal(N(gx), gref)


def pad_ref(x, pad, mode, value):
    nsp = len(pad) // 2
    cfg = [(0, 0)] * (x.ndim - nsp) + [(pad[2 * i], pad[2 * i + 1]) for i in reversed(range(nsp))]
    crop = []
    for d, (a, b) in enumerate(cfg):       # negative pads crop
        crop.append(slice(-a if a < 0 else 0, x.shape[d] + b if b < 0 else x.shape[d]))
    x = x[tuple(crop)]
    cfg = [(max(a, 0), max(b, 0)) for a, b in cfg]
    if mode == 0:
        return np.pad(x, cfg, mode="constant", constant_values=value)
    return np.pad(x, cfg, mode={1: "reflect", 2: "edge", 3: "wrap"}[mode])


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("mode,shape,pad", [(m, s, p) for m in range(4) for s, p in [
    ((2, 3, 6), (2, 1)), ((2, 4, 5), (1, 2, 3, 0)), ((1, 2, 3, 4, 4), (1, 1, 0, 2, 2, 1))]]
    + [(0, (2, 5, 6), (-1, 2, 1, -2))])            # negative pads crop: constant mode (Torch7 SpatialZeroPadding)
def test_pad_modes(dtype, mode, shape, pad):
    nsp = len(pad) // 2
    rng = np.random.default_rng(mode + len(shape))
    x = rng.standard_normal(shape).astype(dtype)
    out = new(dtype)
    check(lib.tc_pad_forward(out, T(noncontig(x)), nsp, i64(pad), mode, 0.25))
    ref = pad_ref(x, pad, mode, 0.25)
    np.testing.assert_array_equal(N(out), ref)
    if dtype == np.float64:
        g = rng.standard_normal(ref.shape)
        gx = new(dtype)
        check(lib.tc_pad_backward(gx, T(g), T(x), nsp, i64(pad), mode))
        np.testing.assert_allclose(N(gx), numeric_grad(lambda: float(np.sum(pad_ref(x, pad, mode, 0.25) * g)), x),
                                   rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape,osz", [((2, 3, 4), (9,)), ((1, 2, 3, 4), (7, 4)), ((2, 5, 6), (2, 13)),
                                       ((1, 1, 2, 3, 2), (4, 5, 3))])
def test_upsample_nearest(dtype, shape, osz):
    nsp = len(osz)
    rng = np.random.default_rng(sum(osz))
    x = rng.standard_normal(shape).astype(dtype)
    out = new(dtype)
    check(lib.tc_upsample_nearest_forward(out, T(noncontig(x)), nsp, i64(osz), NULL))
    src = [np.minimum(np.floor(np.arange(o) * np.float32(shape[-nsp + d] / o)).astype(np.int64), shape[-nsp + d] - 1)
           for d, o in enumerate(osz)]
    ref = x[(Ellipsis,) + np.ix_(*src)]
    np.testing.assert_array_equal(N(out), ref)
    g = rng.standard_normal(ref.shape).astype(dtype)
    gx = new(dtype)
    check(lib.tc_upsample_nearest_backward(gx, T(g), T(x), nsp, NULL))
    gref = np.zeros(shape)
    for o in np.ndindex(*osz):
        gref[(Ellipsis,) + tuple(src[d][o[d]] for d in range(nsp))] += g[(Ellipsis,) + o]
    np.testing.assert_allclose(N(gx), gref, **tol(dtype))


def _sig(z):
    return 1 / (1 + np.exp(-z))


def _erf(z):
    return np.vectorize(math.erf)(z)


ACTS = {
    0: (lambda x, a, b: np.where(x > a, x, b), 0.1, -0.5),
    1: (lambda x, a, b: np.where(x > 0, x, a * x), 0.2, 0),
    2: (lambda x, a, b: np.where(x > 0, x, a * (np.exp(x) - 1)), 1.3, 0),
    3: (lambda x, a, b: 1.0507009873554805 * np.where(x > 0, x, 1.6732632423543772 * (np.exp(x) - 1)), 0, 0),
    4: (lambda x, a, b: np.maximum(x, 0) + np.minimum(0, a * (np.exp(x / a) - 1)), 0.7, 0),
    5: (lambda x, a, b: 0.5 * x * (1 + _erf(x / np.sqrt(2))), 0, 0),
    6: (lambda x, a, b: 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3))), 0, 0),
    7: (lambda x, a, b: np.where(a * x > b, x, np.log1p(np.exp(a * x)) / a), 1.5, 2.0),
    8: (lambda x, a, b: x / (1 + np.abs(x)), 0, 0),
    9: (lambda x, a, b: np.clip(x, a, b), -0.5, 0.8),
    10: (lambda x, a, b: np.log(_sig(x)), 0, 0),
    11: (lambda x, a, b: x - np.tanh(x), 0, 0),
    12: (lambda x, a, b: np.where(x > a, x - a, np.where(x < -a, x + a, 0)), 0.4, 0),
    13: (lambda x, a, b: np.where(np.abs(x) > a, x, 0), 0.4, 0),
    14: (lambda x, a, b: _sig(x), 0, 0),
    15: (lambda x, a, b: np.tanh(x), 0, 0),
    16: (lambda x, a, b: x * _sig(x), 0, 0),
    17: (lambda x, a, b: x * np.tanh(np.log1p(np.exp(x))), 0, 0),
    18: (lambda x, a, b: np.clip(x / 6 + 0.5, 0, 1), 0, 0),
    19: (lambda x, a, b: x * np.clip(x + 3, 0, 6) / 6, 0, 0),
}


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("kind", sorted(ACTS))
def test_activations(dtype, kind):
    f, a, b = ACTS[kind]
    rng = np.random.default_rng(kind)
    x = (rng.standard_normal((4, 7)) * 3).astype(dtype)
    # keep away from kinks so finite differences are valid
    for k in (0.0, a, -a, b, 3.0, -3.0, 2.0 / 1.5):
        x[np.abs(x - k) < 1e-3] += 0.01
    out = new(dtype)
    check(lib.tc_nn_activation(out, T(noncontig(x)), kind, a, b))
    x64 = x.astype(np.float64)
    np.testing.assert_allclose(N(out), f(x64, a, b), **tol(dtype))
    g = rng.standard_normal(x.shape).astype(dtype)
    gx = new(dtype)
    check(lib.tc_nn_activation_backward(gx, T(g), T(x), out, kind, a, b))
    num = numeric_grad(lambda: float(np.sum(f(x64, a, b) * g)), x64)
    np.testing.assert_allclose(N(gx), num, **(tol(dtype) if dtype == np.float32 else dict(rtol=1e-6, atol=1e-7)))
