"""nn kernels against direct, obviously-correct numpy references (plain loops / einsum over kernel taps), on
small shapes: convolution (stride, padding, dilation, groups) forward and both backwards with the accGrad scale,
transposed convolution with output padding, max/avg pooling (ceil mode, padding, count_include_pad, indices with
both index bases), softmax/log-softmax on every dim, class NLL (weights, ignore_index, index bases, reductions)."""
import itertools

import numpy as np
import pytest

from tensor_core import ffi, lib, check
from conv_testutil import DTYPES, tol, T, N, new, i64, noncontig, scatter_grad_ref

NULL = ffi.NULL


def _taps(kernel):
    return itertools.product(*[range(k) for k in kernel])


def _tap_slices(k, stride, dilation, osz):
    return tuple(slice(ki * d, ki * d + s * (o - 1) + 1, s) for ki, s, d, o in zip(k, stride, dilation, osz))


def conv_ref(x, w, b, stride, pad, dil, groups):
    """Returns out and the pieces the gradient references reuse."""
    nsp = x.ndim - 2
    ks = w.shape[2:]
    osz = [(x.shape[2 + i] + 2 * pad[i] - dil[i] * (ks[i] - 1) - 1) // stride[i] + 1 for i in range(nsp)]
    xp = np.pad(x, [(0, 0), (0, 0)] + [(p, p) for p in pad])
    cig, cog = x.shape[1] // groups, w.shape[0] // groups
    out = np.zeros((x.shape[0], w.shape[0]) + tuple(osz))
    for k in _taps(ks):
        xs = xp[(slice(None), slice(None)) + _tap_slices(k, stride, dil, osz)]
        for g in range(groups):
            out[:, g * cog:(g + 1) * cog] += np.einsum("nc...,oc->no...", xs[:, g * cig:(g + 1) * cig],
                                                       w[(slice(g * cog, (g + 1) * cog), slice(None)) + k])
    if b is not None:
        out += b.reshape((1, -1) + (1,) * nsp)
    return out


def conv_grads_ref(x, w, gout, stride, pad, dil, groups):
    nsp = x.ndim - 2
    ks, osz = w.shape[2:], gout.shape[2:]
    xp = np.pad(x, [(0, 0), (0, 0)] + [(p, p) for p in pad]).astype(np.float64)
    gxp = np.zeros_like(xp)
    gw = np.zeros(w.shape)
    cig, cog = x.shape[1] // groups, w.shape[0] // groups
    for k in _taps(ks):
        sl = (slice(None), slice(None)) + _tap_slices(k, stride, dil, osz)
        xs = xp[sl]
        for g in range(groups):
            go, gi = slice(g * cog, (g + 1) * cog), slice(g * cig, (g + 1) * cig)
            a, c = gout[:, go], xs[:, gi]
            gw[(go, slice(None)) + k] += np.einsum("nop,ncp->oc", a.reshape(a.shape[:2] + (-1,)),
                                                   c.reshape(c.shape[:2] + (-1,)))
            gxp[sl][:, gi] += np.einsum("no...,oc->nc...", gout[:, go], w[(go, slice(None)) + k])
    crop = (slice(None), slice(None)) + tuple(slice(p, p + x.shape[2 + i]) for i, p in enumerate(pad))
    gb = gout.sum(axis=(0,) + tuple(range(2, 2 + nsp)))
    return gxp[crop], gw, gb


CONV_CASES = [
    # nsp, N, Cin, Cout, size, kernel, stride, pad, dil, groups
    (1, 2, 4, 6, (9,), (3,), (2,), (1,), (1,), 2),
    (1, 1, 3, 2, (8,), (2,), (1,), (0,), (3,), 1),
    (2, 2, 3, 4, (7, 6), (3, 2), (1, 2), (1, 0), (1, 2), 1),
    (2, 1, 4, 4, (6, 7), (2, 3), (2, 1), (1, 1), (2, 1), 4),
    (2, 2, 6, 3, (5, 5), (3, 3), (1, 1), (2, 2), (1, 1), 3),
    (3, 1, 2, 4, (4, 5, 4), (2, 2, 3), (1, 2, 1), (1, 0, 1), (1, 1, 1), 2),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("case", CONV_CASES)
def test_conv_matches_tap_loop_reference(dtype, case):
    nsp, n, cin, cout, size, ks, st, pd, dl, g = case
    rng = np.random.default_rng(sum(size) + cin * 7 + g)
    x = rng.standard_normal((n, cin) + size).astype(dtype)
    w = rng.standard_normal((cout, cin // g) + ks).astype(dtype)
    b = rng.standard_normal(cout).astype(dtype)
    out = new(dtype)
    check(lib.tc_conv_forward(out, T(noncontig(x)), T(w), T(b), nsp, i64(st), i64(pd), i64(dl), g))
    ref = conv_ref(x.astype(np.float64), w.astype(np.float64), b.astype(np.float64), st, pd, dl, g)
    np.testing.assert_allclose(N(out), ref, **tol(dtype))
    gout = rng.standard_normal(ref.shape).astype(dtype)
    gx_ref, gw_ref, gb_ref = conv_grads_ref(x, w.astype(np.float64), gout.astype(np.float64), st, pd, dl, g)
    gx = new(dtype)
    check(lib.tc_conv_backward_input(gx, T(gout), T(x), T(w), nsp, i64(st), i64(pd), i64(dl), g))
    np.testing.assert_allclose(N(gx), gx_ref, **tol(dtype))
    # accGradParameters: grad_w += scale * dL/dw on top of what was there
    gw0 = rng.standard_normal(w.shape).astype(dtype)
    gb0 = rng.standard_normal(cout).astype(dtype)
    gw, gb = gw0.copy(), gb0.copy()
    check(lib.tc_conv_backward_params(T(gw), T(gb), T(x), T(noncontig(gout)), nsp, i64(st), i64(pd), i64(dl), g, 0.5))
    np.testing.assert_allclose(gw, gw0 + 0.5 * gw_ref, **tol(dtype))
    np.testing.assert_allclose(gb, gb0 + 0.5 * gb_ref, **tol(dtype))


def conv_transpose_ref(x, w, b, stride, pad, opad, dil, groups):
    nsp = x.ndim - 2
    ks, isz = w.shape[2:], x.shape[2:]
    full = [(isz[i] - 1) * stride[i] + dil[i] * (ks[i] - 1) + 1 + opad[i] for i in range(nsp)]
    cig, cog = x.shape[1] // groups, w.shape[1]
    out = np.zeros((x.shape[0], cog * groups) + tuple(full))
    for k in _taps(ks):
        sl = (slice(None), slice(None)) + _tap_slices(k, stride, dil, isz)
        for g in range(groups):
            gi, go = slice(g * cig, (g + 1) * cig), slice(g * cog, (g + 1) * cog)
            out[sl][:, go] += np.einsum("nc...,co->no...", x[:, gi], w[(gi, slice(None)) + k])
    osz = [full[i] - opad[i] - 2 * pad[i] + opad[i] for i in range(nsp)]
    out = out[(slice(None), slice(None)) + tuple(slice(pad[i], pad[i] + osz[i]) for i in range(nsp))]
    if b is not None:
        out = out + b.reshape((1, -1) + (1,) * nsp)
    return out


TCONV_CASES = [
    # nsp, N, Cin, Cout/groups, size, kernel, stride, pad, opad, dil, groups
    (1, 2, 4, 3, (5,), (3,), (2,), (1,), (1,), (1,), 2),
    (2, 2, 3, 2, (4, 3), (3, 2), (2, 3), (1, 0), (1, 2), (1, 1), 1),
    (2, 1, 2, 3, (3, 4), (2, 2), (1, 2), (0, 1), (0, 1), (2, 1), 1),
    (3, 1, 2, 2, (3, 2, 3), (2, 2, 2), (2, 1, 2), (0, 0, 1), (1, 0, 0), (1, 1, 1), 1),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("case", TCONV_CASES)
def test_conv_transpose_matches_scatter_reference(dtype, case):
    nsp, n, cin, cog, size, ks, st, pd, op, dl, g = case
    rng = np.random.default_rng(sum(size) * 3 + cin)
    x = rng.standard_normal((n, cin) + size).astype(dtype)
    w = rng.standard_normal((cin, cog) + ks).astype(dtype)
    b = rng.standard_normal(cog * g).astype(dtype)
    out = new(dtype)
    check(lib.tc_conv_transpose_forward(out, T(x), T(w), T(b), nsp, i64(st), i64(pd), i64(op), i64(dl), g))
    ref = conv_transpose_ref(x.astype(np.float64), w.astype(np.float64), b.astype(np.float64), st, pd, op, dl, g)
    np.testing.assert_allclose(N(out), ref, **tol(dtype))
    # backward: adjoint of the (bias-free) reference map, and the weight gradient as d<out, g>/dw per tap
    gout = rng.standard_normal(ref.shape).astype(dtype)
    gx = new(dtype)
    check(lib.tc_conv_transpose_backward_input(gx, T(gout), T(x), T(w), nsp, i64(st), i64(pd), i64(op), i64(dl), g))
    e = np.zeros(x.shape)
    gx_ref = np.zeros(x.shape)
    for idx in np.ndindex(x.shape):
        e[idx] = 1
        gx_ref[idx] = np.sum(conv_transpose_ref(e, w.astype(np.float64), None, st, pd, op, dl, g) * gout)
        e[idx] = 0
    np.testing.assert_allclose(N(gx), gx_ref, **tol(dtype))
    gw, gb = np.zeros_like(w), np.zeros_like(b)
    check(lib.tc_conv_transpose_backward_params(T(gw), T(gb), T(x), T(gout), nsp, i64(st), i64(pd), i64(op),
                                                i64(dl), g, 2.0))
    e = np.zeros(w.shape)
    gw_ref = np.zeros(w.shape)
    for idx in np.ndindex(w.shape):
        e[idx] = 1
        gw_ref[idx] = np.sum(conv_transpose_ref(x.astype(np.float64), e, None, st, pd, op, dl, g) * gout)
        e[idx] = 0
    np.testing.assert_allclose(gw, 2.0 * gw_ref, **tol(dtype))
    np.testing.assert_allclose(gb, 2.0 * gout.sum(axis=(0,) + tuple(range(2, 2 + nsp))), **tol(dtype))


def pool_out_size(i, k, s, p, d, ceil):
    num = i + 2 * p - d * (k - 1) - 1
    o = (-(-num // s) if ceil else num // s) + 1
    if ceil and (o - 1) * s >= i + p:
        o -= 1
    return o


def max_pool_ref(x, ks, st, pd, dl, ceil, base):
    nsp = len(ks)
    sp = x.shape[-nsp:]
    osz = [pool_out_size(sp[i], ks[i], st[i], pd[i], dl[i], ceil) for i in range(nsp)]
    lead = x.shape[:-nsp]
    out = np.zeros(lead + tuple(osz), x.dtype)
    ind = np.zeros(lead + tuple(osz), np.int64)
    for c in np.ndindex(lead):
        for o in np.ndindex(*osz):
            best, arg = -np.inf, None
            for k in _taps(ks):
                pos = [o[i] * st[i] - pd[i] + k[i] * dl[i] for i in range(nsp)]
                if all(0 <= pos[i] < sp[i] for i in range(nsp)):
                    v = x[c + tuple(pos)]
                    if v > best or arg is None:
                        best, arg = v, np.ravel_multi_index(pos, sp)
            out[c + o], ind[c + o] = best, arg + base
    return out, ind


POOL_CASES = [
    # nsp, shape, kernel, stride, pad, dil, ceil
    (1, (2, 3, 9), (3,), (2,), (1,), (1,), 1),
    (2, (2, 2, 7, 6), (3, 2), (2, 2), (1, 1), (1, 1), 1),
    (2, (3, 6, 7), (2, 3), (1, 2), (0, 1), (2, 1), 0),
    (2, (1, 2, 5, 5), (2, 2), (3, 3), (0, 0), (1, 1), 1),
    (3, (1, 2, 5, 4, 5), (2, 2, 3), (2, 1, 2), (1, 0, 1), (1, 1, 1), 1),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("base", [0, 1])
@pytest.mark.parametrize("case", POOL_CASES)
def test_max_pool_matches_window_loop(dtype, base, case):
    nsp, shape, ks, st, pd, dl, ceil = case
    rng = np.random.default_rng(sum(shape) + base)
    x = rng.permutation(int(np.prod(shape))).reshape(shape).astype(dtype)   # distinct values: no ties
    out, ind = new(dtype), new(np.int64)
    check(lib.tc_max_pool_forward(out, ind, T(noncontig(x)), nsp, i64(ks), i64(st), i64(pd), i64(dl), ceil, base))
    ref, rind = max_pool_ref(x, ks, st, pd, dl, ceil, base)
    np.testing.assert_array_equal(N(out), ref)
    np.testing.assert_array_equal(N(ind), rind)
    gout = rng.standard_normal(ref.shape).astype(dtype)
    gx = new(dtype)
    check(lib.tc_max_pool_backward(gx, T(gout), T(x), ind, nsp, base))
    np.testing.assert_allclose(N(gx), scatter_grad_ref(x.shape, nsp, rind, gout, base), **tol(dtype))


def avg_pool_ref(x, ks, st, pd, ceil, include_pad, divisor):
    nsp = len(ks)
    sp = x.shape[-nsp:]
    osz = [pool_out_size(sp[i], ks[i], st[i], pd[i], 1, ceil) for i in range(nsp)]
    lead = x.shape[:-nsp]
    out = np.zeros(lead + tuple(osz))
    for o in np.ndindex(*osz):
        start = [o[i] * st[i] - pd[i] for i in range(nsp)]
        end = [min(start[i] + ks[i], sp[i] + pd[i]) for i in range(nsp)]
        padded_count = int(np.prod([end[i] - start[i] for i in range(nsp)]))
        lo = [max(s, 0) for s in start]
        hi = [min(e, sp[i]) for i, e in enumerate(end)]
        win = x[(Ellipsis,) + tuple(slice(lo[i], hi[i]) for i in range(nsp))].astype(np.float64)
        total = win.reshape(lead + (-1,)).sum(-1)
        count = divisor if divisor else (padded_count if include_pad else int(np.prod(win.shape[-nsp:])))
        out[(Ellipsis,) + o] = total / count
    return out


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("include_pad,divisor", [(0, 0), (1, 0), (1, 3)])
@pytest.mark.parametrize("case", [c for c in POOL_CASES if all(d == 1 for d in c[5])])
def test_avg_pool_matches_window_loop(dtype, include_pad, divisor, case):
    nsp, shape, ks, st, pd, _, ceil = case
    rng = np.random.default_rng(sum(shape) + include_pad)
    x = rng.standard_normal(shape).astype(dtype)
    out = new(dtype)
    check(lib.tc_avg_pool_forward(out, T(noncontig(x)), nsp, i64(ks), i64(st), i64(pd), ceil, include_pad, divisor))
    ref = avg_pool_ref(x, ks, st, pd, ceil, include_pad, divisor)
    np.testing.assert_allclose(N(out), ref, **tol(dtype))
    # backward = adjoint of the (linear) reference map
    gout = rng.standard_normal(ref.shape).astype(dtype)
    gx = new(dtype)
    check(lib.tc_avg_pool_backward(gx, T(gout), T(x), nsp, i64(ks), i64(st), i64(pd), ceil, include_pad, divisor))
    plane = x.shape[-nsp:]
    gref = np.zeros(x.shape)
    e = np.zeros((1,) + plane)
    for idx in np.ndindex(plane):
        e[(0,) + idx] = 1
        col = avg_pool_ref(e, ks, st, pd, ceil, include_pad, divisor)[0]
        gref[(Ellipsis,) + idx] = np.tensordot(gout.astype(np.float64), col, axes=nsp)
        e[(0,) + idx] = 0
    np.testing.assert_allclose(N(gx), gref, **tol(dtype))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(7,), (3, 5), (2, 3, 4), (2, 1, 3, 5)])
def test_softmax_log_softmax_every_dim(dtype, shape):
    rng = np.random.default_rng(len(shape))
    x = (rng.standard_normal(shape) * 5).astype(dtype)
    for dim in range(-len(shape), len(shape)):
        x64 = x.astype(np.float64)
        e = np.exp(x64 - x64.max(axis=dim, keepdims=True))
        sm = e / e.sum(axis=dim, keepdims=True)
        lsm = np.log(sm)
        out, lout = new(dtype), new(dtype)
        check(lib.tc_nn_softmax(out, T(noncontig(x)), dim))
        check(lib.tc_nn_log_softmax(lout, T(x), dim))
        np.testing.assert_allclose(N(out), sm, **tol(dtype))
        np.testing.assert_allclose(N(lout), lsm, **tol(dtype))
        g = rng.standard_normal(shape).astype(dtype)
        g64 = g.astype(np.float64)
        gs, gl = new(dtype), new(dtype)
        check(lib.tc_nn_softmax_backward(gs, T(g), out, dim))
        check(lib.tc_nn_log_softmax_backward(gl, T(g), lout, dim))
        # Jacobians written out: d softmax_i/dx_j = s_i (delta_ij - s_j); d logsoftmax_i/dx_j = delta_ij - s_j
        np.testing.assert_allclose(N(gs), sm * (g64 - (g64 * sm).sum(axis=dim, keepdims=True)), **tol(dtype))
        np.testing.assert_allclose(N(gl), g64 - sm * g64.sum(axis=dim, keepdims=True), **tol(dtype))


def nll_ref(x, t, w, reduction, ignore, base):
    """x (N, C, d...) log-probs; t (N, d...) targets (with base); loops over positions."""
    C = x.shape[1]
    w = np.ones(C) if w is None else w.astype(np.float64)
    xm = np.moveaxis(x.astype(np.float64), 1, -1).reshape(-1, C)
    tf = t.reshape(-1)
    losses, gx, wsum = np.zeros(tf.size), np.zeros(xm.shape), 0.0
    for i, ti in enumerate(tf):
        if ti == ignore:
            continue
        c = ti - base
        losses[i] = -w[c] * xm[i, c]
        gx[i, c] = -w[c]
        wsum += w[c]
    if reduction == 0:
        return losses.reshape(t.shape), None
    if reduction == 2:
        return losses.sum(), np.moveaxis(gx.reshape(t.shape + (C,)), -1, 1)
    return losses.sum() / wsum, np.moveaxis((gx / wsum).reshape(t.shape + (C,)), -1, 1)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("base", [0, 1])
@pytest.mark.parametrize("reduction", [0, 1, 2])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("xshape", [(5, 4), (2, 3, 3, 2)])
def test_class_nll_matches_loop(dtype, base, reduction, weighted, xshape):
    rng = np.random.default_rng(base + 3 * reduction + 7 * weighted + len(xshape))
    C = xshape[1]
    x = rng.standard_normal(xshape).astype(dtype)
    tshape = (xshape[0],) + xshape[2:]
    t = rng.integers(0, C, tshape).astype(np.int64) + base
    ignore = base + 1                          # some targets equal it and add nothing
    w = rng.random(C).astype(dtype) + 0.5 if weighted else None
    out, tw = new(dtype), new(dtype)
    check(lib.tc_nn_nll_loss(out, tw, T(noncontig(x)), T(t), T(w) if weighted else NULL, reduction, ignore, 0.0, base))
    ref, gref = nll_ref(x, t, w, reduction, ignore, base)
    np.testing.assert_allclose(N(out), ref, **tol(dtype))
    if reduction == 0:
        gout = rng.standard_normal(tshape).astype(dtype)
        _, gunit = nll_ref(x, t, w, 2, ignore, base)
        gref = gunit * np.expand_dims(gout, 1)
    else:
        gout = np.array(1.5, dtype)
        gref = gref * 1.5
    gx = new(dtype)
    check(lib.tc_nn_nll_loss_backward(gx, T(gout), T(x), T(t), T(w) if weighted else NULL, reduction, ignore, 0.0,
                                      base, tw if reduction == 1 else NULL))
    np.testing.assert_allclose(N(gx), gref, **tol(dtype))

