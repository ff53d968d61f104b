"""Plain numpy references for the nn kernels the other reference files do not cover: fractional max
pooling, grid sampling, bicubic upsampling, PReLU, GLU, embedding max-norm, im2col/col2im and nearest-exact
upsampling (RReLU's is in test_nn_activation.py).
Each reference is written from the operation's definition, element by element where that is clearest;
gradients are the reference's adjoint or its central differences in float64."""
import numpy as np
import pytest

from tensor_core import lib, check
from conv_testutil import DTYPES, tol, T, N, new, i64, f64, noncontig, scatter_grad_ref


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


# ---- fractional max pooling ---------------------------------------------------------------------
def fractional_starts(u, size_in, size_out, pool):
    """Window starts of one dim: PyTorch's and Torch7's pseudo-random intervals for the sample u."""
    if size_out == 1:
        return [size_in - pool]
    alpha = (size_in - pool) / (size_out - 1)
    starts = [int((i + u) * alpha) - int(u * alpha) for i in range(size_out - 1)]
    return starts + [size_in - pool]


def fractional_ref(x, ks, osz, samples, base):
    nsp = len(ks)
    sp = x.shape[-nsp:]
    lead = x.shape[:-nsp]
    out = np.zeros(lead + tuple(osz), x.dtype)
    ind = np.zeros(lead + tuple(osz), np.int64)
    for c in np.ndindex(lead):
        u = samples[c]
        # samples are in PyTorch's per-dim order: 2-D (w, h), 3-D (t, h, w)
        per_dim = [u[1], u[0]] if nsp == 2 else [u[0], u[1], u[2]]
        starts = [fractional_starts(per_dim[d], sp[d], osz[d], ks[d]) for d in range(nsp)]
        for o in np.ndindex(*osz):
            best, arg = -np.inf, None
            for k in np.ndindex(*ks):
                pos = tuple(starts[d][o[d]] + k[d] for d in range(nsp))
                if x[c + pos] > best or arg is None:
                    best, arg = x[c + pos], np.ravel_multi_index(pos, sp)
            out[c + o], ind[c + o] = best, arg + base
    return out, ind


FRACTIONAL_CASES = [
    # nsp, shape, kernel, output size
    (2, (2, 3, 9, 8), (2, 3), (4, 5)),
    (2, (3, 7, 7), (3, 3), (3, 3)),
    (2, (1, 2, 5, 6), (2, 2), (1, 4)),
    (3, (1, 2, 6, 7, 5), (2, 3, 2), (3, 2, 4)),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("base", [0, 1])
@pytest.mark.parametrize("case", FRACTIONAL_CASES)
def test_fractional_max_pool_matches_window_loop(dtype, base, case):
    nsp, shape, ks, osz = case
    rng = np.random.default_rng(sum(shape) + 7 * base)
    x = rng.permutation(int(np.prod(shape))).reshape(shape).astype(dtype)   # no ties
    samples = rng.random(shape[:-nsp] + (nsp,)).astype(dtype)
    out, ind = new(dtype), new(np.int64)
    check(lib.tc_fractional_max_pool_forward(out, ind, T(noncontig(x)), nsp, i64(ks), i64(osz), T(samples), base))
    ref, rind = fractional_ref(x, ks, osz, samples, base)
    np.testing.assert_array_equal(N(out), ref)
    np.testing.assert_array_equal(N(ind), rind)
    # backward: the gradient goes to the argmax of each window
    gout = rng.standard_normal(ref.shape).astype(dtype)
    gx = new(dtype)
    check(lib.tc_max_pool_backward(gx, T(gout), T(x), ind, nsp, base))
    np.testing.assert_allclose(N(gx), scatter_grad_ref(x.shape, nsp, rind, gout, base), **tol(dtype))


# ---- grid sampling (bilinear) -------------------------------------------------------------------
def _unnormalize(g, size, align):
    return (g + 1) / 2 * (size - 1) if align else ((g + 1) * size - 1) / 2


def grid_sample_ref(x, grid, border, align):
    n, c, h, w = x.shape
    _, ho, wo, _ = grid.shape
    out = np.zeros((n, c, ho, wo))
    for b in range(n):
        for i in range(ho):
            for j in range(wo):
                px = _unnormalize(float(grid[b, i, j, 0]), w, align)
                py = _unnormalize(float(grid[b, i, j, 1]), h, align)
                if border:
                    px, py = min(max(px, 0.0), w - 1.0), min(max(py, 0.0), h - 1.0)
                x0, y0 = int(np.floor(px)), int(np.floor(py))
                for yy, wy in ((y0, 1 - (py - y0)), (y0 + 1, py - y0)):
                    for xx, wx in ((x0, 1 - (px - x0)), (x0 + 1, px - x0)):
                        if 0 <= yy < h and 0 <= xx < w:      # zeros padding outside
                            out[b, :, i, j] += wy * wx * x[b, :, yy, xx]
    return out


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("border", [0, 1])
@pytest.mark.parametrize("align", [0, 1])
def test_grid_sample_matches_bilinear_loop(dtype, border, align):
    rng = np.random.default_rng(10 * border + align)
    x = rng.standard_normal((2, 3, 5, 6)).astype(dtype)
    grid = rng.uniform(-1.2, 1.2, (2, 4, 3, 2)).astype(dtype)     # some points outside [-1, 1]
    pad = lib.TC_GRID_PAD_BORDER if border else lib.TC_GRID_PAD_ZEROS
    out = new(dtype)
    check(lib.tc_grid_sample2d_forward(out, T(noncontig(x)), T(grid), pad, align))
    ref = grid_sample_ref(x.astype(np.float64), grid.astype(np.float64), border, align)
    np.testing.assert_allclose(N(out), ref, **tol(dtype))
    # backward: grad_input is the adjoint (linear in x); grad_grid by central differences of the reference
    gout = rng.standard_normal(ref.shape)
    gx, gg = new(np.float64), new(np.float64)
    x64, grid64 = x.astype(np.float64), grid.astype(np.float64)
    check(lib.tc_grid_sample2d_backward(gx, gg, T(gout), T(x64), T(grid64), pad, align))
    adj = np.zeros(x.shape)
    for idx in np.ndindex(x.shape):
        e = np.zeros(x.shape)
        e[idx] = 1
        adj[idx] = np.sum(grid_sample_ref(e, grid64, border, align) * gout)
    np.testing.assert_allclose(N(gx), adj, rtol=1e-10, atol=1e-12)
    fd = np.zeros(grid.shape)
    eps = 1e-6
    for idx in np.ndindex(grid.shape):
        gp, gm = grid64.copy(), grid64.copy()
        gp[idx] += eps
        gm[idx] -= eps
        fd[idx] = np.sum((grid_sample_ref(x64, gp, border, align) - grid_sample_ref(x64, gm, border, align)) * gout) / (2 * eps)
    np.testing.assert_allclose(N(gg), fd, rtol=1e-6, atol=1e-6)


# ---- bicubic upsampling -------------------------------------------------------------------------
def _cubic_weight(d, a=-0.75):
    d = abs(d)
    if d <= 1:
        return ((a + 2) * d - (a + 3)) * d * d + 1
    if d < 2:
        return ((a * d - 5 * a) * d + 8 * a) * d - 4 * a
    return 0.0


def bicubic_matrix(size_in, size_out, align):
    """The (size_out, size_in) linear map of one dim: Keys' cubic convolution (A = -0.75), taps clamped."""
    m = np.zeros((size_out, size_in))
    for o in range(size_out):
        if align:
            src = o * (size_in - 1) / (size_out - 1) if size_out > 1 else 0.0
        else:
            src = (o + 0.5) * size_in / size_out - 0.5
        x0 = int(np.floor(src))
        t = src - x0
        for k, d in zip((-1, 0, 1, 2), (t + 1, t, 1 - t, 2 - t)):
            m[o, min(max(x0 + k, 0), size_in - 1)] += _cubic_weight(d)
    return m


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("align", [0, 1])
@pytest.mark.parametrize("sizes", [((5, 4), (9, 7)), ((6, 6), (3, 4)), ((1, 3), (2, 5))])
def test_bicubic_upsample_matches_separable_reference(dtype, align, sizes):
    (h, w), (ho, wo) = sizes
    rng = np.random.default_rng(h * 10 + wo + align)
    x = rng.standard_normal((2, 3, h, w)).astype(dtype)
    mh, mw = bicubic_matrix(h, ho, align), bicubic_matrix(w, wo, align)
    ref = np.einsum("oh,nchw,pw->ncop", mh, x.astype(np.float64), mw)
    out = new(dtype)
    check(lib.tc_upsample_bicubic2d_forward(out, T(noncontig(x)), i64((ho, wo)), align, f64(None)))
    np.testing.assert_allclose(N(out), ref, **tol(dtype))
    gout = rng.standard_normal(ref.shape).astype(dtype)
    gx = new(dtype)
    check(lib.tc_upsample_bicubic2d_backward(gx, T(gout), T(x), align, f64(None)))
    np.testing.assert_allclose(N(gx), np.einsum("oh,ncop,pw->nchw", mh, gout.astype(np.float64), mw), **tol(dtype))


# ---- PReLU, GLU --------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape,per_channel", [((4, 3, 5), True), ((4, 3, 5), False), ((6,), True), ((2, 5), True)])
def test_prelu_matches_elementwise_definition(dtype, shape, per_channel):
    rng = np.random.default_rng(len(shape) + per_channel)
    x = rng.standard_normal(shape).astype(dtype)
    cdim = 0 if len(shape) == 1 else 1
    nw = shape[cdim] if per_channel else 1
    w = rng.uniform(0.05, 0.5, nw).astype(dtype)
    wb = w.reshape((-1,) + (1,) * (len(shape) - cdim - 1)) if per_channel else w[0]
    out = new(dtype)
    check(lib.tc_nn_prelu(out, T(noncontig(x)), T(w)))
    np.testing.assert_allclose(N(out), np.where(x > 0, x, wb * x), **tol(dtype))
    g = rng.standard_normal(shape).astype(dtype)
    gx = new(dtype)
    gw = np.full(nw, 0.25, dtype)                     # accumulates: += scale * dL/dw
    check(lib.tc_nn_prelu_backward(gx, T(gw), T(g), T(x), T(w), 2.0))
    np.testing.assert_allclose(N(gx), np.where(x > 0, g, wb * g), **tol(dtype))
    contrib = np.where(x > 0, 0, g * x)
    dw = contrib.sum(axis=tuple(i for i in range(len(shape)) if i != cdim)) if per_channel else contrib.sum()
    np.testing.assert_allclose(gw, 0.25 + 2.0 * np.atleast_1d(dw), **tol(dtype))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape,dim", [((4, 6), 1), ((4, 6), 0), ((2, 3, 8), 2), ((2, 4, 3), 1)])
def test_glu_matches_definition(dtype, shape, dim):
    rng = np.random.default_rng(dim + len(shape))
    x = rng.standard_normal(shape).astype(dtype)
    a, b = np.split(x.astype(np.float64), 2, axis=dim)
    out = new(dtype)
    check(lib.tc_nn_glu(out, T(noncontig(x)), dim))
    np.testing.assert_allclose(N(out), a * _sigmoid(b), **tol(dtype))
    g = rng.standard_normal(a.shape)
    gx = new(np.float64)
    check(lib.tc_nn_glu_backward(gx, T(g), T(x.astype(np.float64)), dim))
    s = _sigmoid(b)
    np.testing.assert_allclose(N(gx), np.concatenate([g * s, g * a * s * (1 - s)], axis=dim), rtol=1e-12, atol=1e-14)


# ---- embedding max-norm -------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("base", [0, 1])
@pytest.mark.parametrize("norm_type", [2.0, 1.0, 3.0])
def test_embedding_renorm_scales_each_referenced_row_once(dtype, base, norm_type):
    rng = np.random.default_rng(int(norm_type) + base)
    weight = rng.standard_normal((7, 4)).astype(dtype) * 2
    ids = np.array([2, 5, 2, 0, 5, 5], np.int64)          # repeats: each row is renormalised once
    max_norm = 1.5
    ref = weight.astype(np.float64).copy()
    for r in sorted(set(ids.tolist())):
        nrm = np.sum(np.abs(ref[r]) ** norm_type) ** (1 / norm_type)
        if nrm > max_norm:
            ref[r] *= max_norm / (nrm + 1e-7)
    check(lib.tc_nn_embedding_renorm(T(weight), T(ids + base), max_norm, norm_type, base))
    np.testing.assert_allclose(weight, ref, **tol(dtype))
    untouched = [r for r in range(7) if r not in set(ids.tolist())]
    assert untouched and np.all(np.abs(weight[untouched] - ref[untouched]) == 0)


# ---- im2col / col2im ----------------------------------------------------------------------------
def im2col_ref(x, ks, st, pd, dl):
    nsp = len(ks)
    sp = x.shape[2:]
    osz = [(sp[i] + 2 * pd[i] - dl[i] * (ks[i] - 1) - 1) // st[i] + 1 for i in range(nsp)]
    n, c = x.shape[:2]
    cols = np.zeros((n, c * int(np.prod(ks)), int(np.prod(osz))), x.dtype)
    for b, ch in np.ndindex(n, c):
        for ki, k in enumerate(np.ndindex(*ks)):
            for li, o in enumerate(np.ndindex(*osz)):
                pos = [o[i] * st[i] - pd[i] + k[i] * dl[i] for i in range(nsp)]
                if all(0 <= pos[i] < sp[i] for i in range(nsp)):
                    cols[b, ch * int(np.prod(ks)) + ki, li] = x[(b, ch) + tuple(pos)]
    return cols


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("case", [
    ((2, 3, 6, 7), (3, 2), (2, 1), (1, 0), (1, 2)),
    ((1, 2, 5, 5), (2, 2), (1, 1), (0, 0), (1, 1)),
    ((2, 1, 4, 5, 6), (2, 2, 3), (1, 2, 2), (1, 0, 1), (1, 1, 1)),
])
def test_im2col_col2im_match_position_loop(dtype, case):
    shape, ks, st, pd, dl = case
    nsp = len(ks)
    rng = np.random.default_rng(sum(shape))
    x = rng.standard_normal(shape).astype(dtype)
    cols = new(dtype)
    check(lib.tc_im2col(cols, T(noncontig(x)), nsp, i64(ks), i64(st), i64(pd), i64(dl)))
    ref = im2col_ref(x, ks, st, pd, dl)
    np.testing.assert_array_equal(N(cols), ref)
    # col2im is the adjoint: <im2col(x), y> == <x, col2im(y)>, checked element by element
    y = rng.standard_normal(ref.shape).astype(np.float64)
    back = new(np.float64)
    check(lib.tc_col2im(back, T(y), nsp, i64(shape[2:]), i64(ks), i64(st), i64(pd), i64(dl)))
    adj = np.zeros(shape)
    for idx in np.ndindex(shape):
        e = np.zeros(shape)
        e[idx] = 1
        adj[idx] = np.sum(im2col_ref(e, ks, st, pd, dl) * y)
    np.testing.assert_allclose(N(back), adj, rtol=1e-12, atol=1e-12)


# ---- nearest-exact upsampling -------------------------------------------------------------------
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("sizes", [((5, 4), (9, 7)), ((6, 9), (4, 5))])
def test_nearest_exact_matches_index_formula(dtype, sizes):
    (h, w), (ho, wo) = sizes
    rng = np.random.default_rng(h + wo)
    x = rng.standard_normal((2, 3, h, w)).astype(dtype)
    rows = [min(int(np.floor((o + 0.5) * h / ho)), h - 1) for o in range(ho)]
    colsi = [min(int(np.floor((o + 0.5) * w / wo)), w - 1) for o in range(wo)]
    out = new(dtype)
    check(lib.tc_upsample_nearest_exact_forward(out, T(noncontig(x)), 2, i64((ho, wo)), f64(None)))
    np.testing.assert_array_equal(N(out), x[:, :, rows][:, :, :, colsi])
    g = rng.standard_normal((2, 3, ho, wo)).astype(dtype)
    gx = new(dtype)
    check(lib.tc_upsample_nearest_exact_backward(gx, T(g), T(x), 2, f64(None)))
    gref = np.zeros(x.shape)
    for i, r in enumerate(rows):
        for j, cc in enumerate(colsi):
            gref[:, :, r, cc] += g[:, :, i, j]
    np.testing.assert_allclose(N(gx), gref, **tol(dtype))
