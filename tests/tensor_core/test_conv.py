"""Convolution and transposed convolution (1-D/2-D/3-D) against torch.nn.functional, finite
differences, accumulate-with-scale semantics and option validation."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from tensor_core import lib, check, TensorCoreError
from conv_testutil import DTYPES, tol, T, N, new, i64, tup, noncontig, torch_grads, numeric_grad

CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
CONVT = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}


def run_conv(x, w, b, nsp, stride, padding, dilation, groups, gout):
    dt = x.dtype
    out = new(dt)
    check(lib.tc_conv_forward(out, T(x), T(w), T(b) if b is not None else NULL,
                              nsp, i64(tup(stride, nsp)), i64(tup(padding, nsp)), i64(tup(dilation, nsp)), groups))
    gx = new(dt)
    check(lib.tc_conv_backward_input(gx, T(gout), T(x), T(w), nsp, i64(tup(stride, nsp)), i64(tup(padding, nsp)),
                                     i64(tup(dilation, nsp)), groups))
    gw = np.zeros_like(w)
    gb = np.zeros(w.shape[0], dt)
    check(lib.tc_conv_backward_params(T(gw), T(gb), T(x), T(gout), nsp, i64(tup(stride, nsp)), i64(tup(padding, nsp)),
                                      i64(tup(dilation, nsp)), groups, 1.0))
    return N(out), N(gx), gw, gb


from tensor_core import ffi  # noqa: E402

NULL = ffi.NULL


def random_case(rng, nsp, transposed=False):
    groups = int(rng.choice([1, 1, 2, 3]))
    cin = groups * int(rng.integers(1, 3))
    cout = groups * int(rng.integers(1, 3))
    k = tuple(int(v) for v in rng.integers(1, 4, nsp))
    s = tuple(int(v) for v in rng.integers(1, 3, nsp))
    d = tuple(int(v) for v in rng.integers(1, 3, nsp))
    p = tuple(int(rng.integers(0, kk)) for kk in k)
    size = tuple(int(d[i] * (k[i] - 1) + 1 + rng.integers(0, 5)) for i in range(nsp))
    batched = bool(rng.integers(0, 2))
    return groups, cin, cout, k, s, d, p, size, batched


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("nsp", [1, 2, 3])
@pytest.mark.parametrize("seed", range(4))
def test_conv_matches_torch(dtype, nsp, seed):
    rng = np.random.default_rng(seed * 10 + nsp)
    groups, cin, cout, k, s, d, p, size, batched = random_case(rng, nsp)
    x = rng.standard_normal(((2,) if batched else ()) + (cin,) + size).astype(dtype)
    w = rng.standard_normal((cout, cin // groups) + k).astype(dtype)
    b = rng.standard_normal(cout).astype(dtype) if seed % 2 == 0 else None
    arrays = [x, w] + ([b] if b is not None else [])
    ref_out = CONV[nsp](*[torch.tensor(a) for a in arrays[:2]], torch.tensor(b) if b is not None else None, s, p, d, groups)
    gout = rng.standard_normal(ref_out.shape).astype(dtype)
    ref, grads = torch_grads(lambda *ts: CONV[nsp](ts[0], ts[1], ts[2] if len(ts) > 2 else None, s, p, d, groups), arrays, gout)
    out, gx, gw, gb = run_conv(x if seed % 3 else noncontig(x), w, b, nsp, s, p, d, groups, gout)
    np.testing.assert_allclose(out, ref, **tol(dtype))
    np.testing.assert_allclose(gx, grads[0], **tol(dtype))
    np.testing.assert_allclose(gw, grads[1], **tol(dtype))
    if b is not None:
        np.testing.assert_allclose(gb, grads[2], **tol(dtype))
    else:
        np.testing.assert_allclose(gb, gout.sum(axis=tuple(i for i in range(gout.ndim) if i != (1 if batched else 0))),
                                   **tol(dtype))


def run_convt(x, w, b, nsp, stride, padding, outpad, dilation, groups, gout):
    dt = x.dtype
    o = [i64(tup(v, nsp)) for v in (stride, padding, outpad, dilation)]
    out = new(dt)
    check(lib.tc_conv_transpose_forward(out, T(x), T(w), T(b) if b is not None else NULL, nsp, *o, groups))
    gx = new(dt)
    check(lib.tc_conv_transpose_backward_input(gx, T(gout), T(x), T(w), nsp, *o, groups))
    gw = np.zeros_like(w)
    gb = np.zeros(w.shape[1] * groups, dt)
    check(lib.tc_conv_transpose_backward_params(T(gw), T(gb), T(x), T(gout), nsp, *o, groups, 1.0))
    return N(out), N(gx), gw, gb


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("nsp", [1, 2, 3])
@pytest.mark.parametrize("seed", range(4))
def test_conv_transpose_matches_torch(dtype, nsp, seed):
    rng = np.random.default_rng(seed * 10 + nsp + 100)
    groups, cin, cout, k, s, d, p, size, batched = random_case(rng, nsp, True)
    op = tuple(int(rng.integers(0, max(s[i], d[i]))) for i in range(nsp))
    x = rng.standard_normal(((2,) if batched else ()) + (cin,) + size).astype(dtype)
    w = rng.standard_normal((cin, cout // groups) + k).astype(dtype)
    b = rng.standard_normal(cout).astype(dtype)
    f = lambda xx, ww, bb: CONVT[nsp](xx, ww, bb, s, p, op, groups, d)
    ref_shape = f(torch.tensor(x), torch.tensor(w), torch.tensor(b)).shape
    gout = rng.standard_normal(ref_shape).astype(dtype)
    ref, grads = torch_grads(f, [x, w, b], gout)
    out, gx, gw, gb = run_convt(x, w, b, nsp, s, p, op, d, groups, gout)
    np.testing.assert_allclose(out, ref, **tol(dtype))
    np.testing.assert_allclose(gx, grads[0], **tol(dtype))
    np.testing.assert_allclose(gw, grads[1], **tol(dtype))
    np.testing.assert_allclose(gb, grads[2], **tol(dtype))


@pytest.mark.parametrize("transposed", [False, True])
def test_conv_gradients_finite_differences(transposed):
    rng = np.random.default_rng(5)
    x = rng.standard_normal((2, 2, 4, 5))
    b = rng.standard_normal(4 if not transposed else 2)
    w = rng.standard_normal((4, 1, 2, 3)) if not transposed else rng.standard_normal((2, 1, 2, 3))
    opts = (i64([2, 1]), i64([1, 1]), i64([1, 2]))
    groups = 2

    def fwd():
        out = new(np.float64)
        if transposed:
            check(lib.tc_conv_transpose_forward(out, T(x), T(w), T(b), 2, opts[0], opts[1], i64([1, 0]), opts[2], groups))
        else:
            check(lib.tc_conv_forward(out, T(x), T(w), T(b), 2, opts[0], opts[1], opts[2], groups))
        return N(out)

    gout = rng.standard_normal(fwd().shape)
    loss = lambda: float((fwd() * gout).sum())
    gx, gw, gb = new(np.float64), np.zeros_like(w), np.zeros_like(b)
    if transposed:
        check(lib.tc_conv_transpose_backward_input(gx, T(gout), T(x), T(w), 2, opts[0], opts[1], i64([1, 0]), opts[2], groups))
        check(lib.tc_conv_transpose_backward_params(T(gw), T(gb), T(x), T(gout), 2, opts[0], opts[1], i64([1, 0]), opts[2],
                                                    groups, 1.0))
    else:
        check(lib.tc_conv_backward_input(gx, T(gout), T(x), T(w), 2, *opts, groups))
        check(lib.tc_conv_backward_params(T(gw), T(gb), T(x), T(gout), 2, *opts, groups, 1.0))
    np.testing.assert_allclose(N(gx), numeric_grad(loss, x), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(gw, numeric_grad(loss, w), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(gb, numeric_grad(loss, b), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("dtype", DTYPES)
def test_backward_params_accumulates_with_scale(dtype):
    rng = np.random.default_rng(1)
    x = rng.standard_normal((3, 4, 6, 6)).astype(dtype)
    w = rng.standard_normal((5, 4, 3, 3)).astype(dtype)
    gout = rng.standard_normal((3, 5, 4, 4)).astype(dtype)
    _, grads = torch_grads(lambda xx, ww: F.conv2d(xx, ww), [x, w], gout)
    gw0 = rng.standard_normal(w.shape).astype(dtype)
    gb0 = rng.standard_normal(5).astype(dtype)
    gw, gb = gw0.copy(), gb0.copy()
    check(lib.tc_conv_backward_params(T(gw), T(gb), T(x), T(gout), 2, NULL, NULL, NULL, 1, 0.5))
    np.testing.assert_allclose(gw, gw0 + 0.5 * grads[1], **tol(dtype))
    np.testing.assert_allclose(gb, gb0 + 0.5 * gout.sum(axis=(0, 2, 3)), **tol(dtype))
    # only the bias, and a non-contiguous grad_weight (a Torch7 view)
    gb2 = gb0.copy()
    check(lib.tc_conv_backward_params(NULL, T(gb2), T(x), T(gout), 2, NULL, NULL, NULL, 1, 2.0))
    np.testing.assert_allclose(gb2, gb0 + 2 * gout.sum(axis=(0, 2, 3)), **tol(dtype))
    check(lib.tc_conv_backward_params(NULL, NULL, T(x), T(gout), 2, NULL, NULL, NULL, 1, 1.0))  # nothing to do
    big = np.zeros((5, 4, 3, 6), dtype)
    big[..., ::2] = gw0
    check(lib.tc_conv_backward_params(T(big[..., ::2]), NULL, T(x), T(gout), 2, NULL, NULL, NULL, 1, -1.0))
    np.testing.assert_allclose(big[..., ::2], gw0 - grads[1], **tol(dtype))


def test_pointwise_and_strided_output_buffers():
    rng = np.random.default_rng(2)
    x = rng.standard_normal((2, 6, 5, 7)).astype(np.float32)
    w = rng.standard_normal((4, 6, 1, 1)).astype(np.float32)
    ref = F.conv2d(torch.tensor(x), torch.tensor(w)).numpy()
    big = np.zeros((2, 4, 5, 14), np.float32)
    out = big[..., ::2]
    check(lib.tc_conv_forward(T(out), T(x), T(w), NULL, 2, NULL, NULL, NULL, 1))
    np.testing.assert_allclose(out, ref, rtol=1e-5, atol=1e-5)
    # empty batch: empty output, no error
    o = new(np.float32)
    check(lib.tc_conv_forward(o, T(x[:0]), T(w), NULL, 2, NULL, NULL, NULL, 1))
    assert N(o).shape == (0, 4, 5, 7)


def err(fn, *args):
    with pytest.raises(TensorCoreError) as e:
        check(fn(*args))
    return str(e.value)


def test_conv_errors():
    x = T(np.zeros((1, 4, 5, 5), np.float32))
    w = T(np.zeros((6, 2, 3, 3), np.float32))
    o = new(np.float32)
    assert "groups (3) must divide the input channels (4)" in err(lib.tc_conv_forward, o, x, w, NULL, 2, NULL, NULL, NULL, 3)
    assert "stride[1] must be positive" in err(lib.tc_conv_forward, o, x, w, NULL, 2, i64([1, 0]), NULL, NULL, 2)
    assert "dilation[0] must be positive" in err(lib.tc_conv_forward, o, x, w, NULL, 2, NULL, NULL, i64([0, 1]), 2)
    assert "padding[0] must be >= 0" in err(lib.tc_conv_forward, o, x, w, NULL, 2, NULL, i64([-1, 0]), NULL, 2)
    assert "smaller than the dilated kernel" in err(lib.tc_conv_forward, o, x, w, NULL, 2, NULL, NULL, i64([3, 3]), 2)
    assert "expects 2 input channels" in err(lib.tc_conv_forward, o, x, w, NULL, 2, NULL, NULL, NULL, 1)
    assert "zero channels" in err(lib.tc_conv_forward, o, T(np.zeros((1, 0, 5, 5), np.float32)), w, NULL, 2, NULL, NULL, NULL, 2)
    assert "'input' must be 3D (unbatched) or 4D" in err(lib.tc_conv_forward, o, T(np.zeros((5, 5), np.float32)), w, NULL, 2,
                                                           NULL, NULL, NULL, 2)
    assert "'weight' has dtype float64" in err(lib.tc_conv_forward, o, x, T(np.zeros((6, 2, 3, 3))), NULL, 2, NULL, NULL, NULL, 2)
    assert "'bias' must be 1-D with 6" in err(lib.tc_conv_forward, o, x, w, T(np.zeros(5, np.float32)), 2, NULL, NULL, NULL, 2)
    assert "nspatial must be 1, 2 or 3" in err(lib.tc_conv_forward, o, x, w, NULL, 4, NULL, NULL, NULL, 2)
    assert "'input' must be float32 or float64" in err(lib.tc_conv_forward, o, T(np.zeros((1, 4, 5, 5), np.int32)), w, NULL, 2,
                                                       NULL, NULL, NULL, 2)
    assert "'grad_output' must have shape (1, 6, 3, 3)" in err(lib.tc_conv_backward_input, o, T(np.zeros((1, 6, 3, 4), np.float32)),
                                                               x, w, 2, NULL, NULL, NULL, 2)
    wt = T(np.zeros((4, 3, 3, 3), np.float32))
    assert "output_padding[0] (2) must be smaller than stride" in err(lib.tc_conv_transpose_forward, o, x, wt, NULL, 2, i64([2, 2]),
                                                                      NULL, i64([2, 0]), NULL, 1)
    assert "groups must be positive" in err(lib.tc_conv_forward, o, x, w, NULL, 2, NULL, NULL, NULL, 0)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("groups", [1, 2])
def test_pointwise_paths_with_groups(dtype, groups):
    """1x1 kernels with unit stride and no padding skip im2col: check every pass, both directions."""
    rng = np.random.default_rng(groups)
    x = rng.standard_normal((2, 4, 3, 5)).astype(dtype)
    w = rng.standard_normal((6, 4 // groups, 1, 1)).astype(dtype)
    b = rng.standard_normal(6).astype(dtype)
    gout = rng.standard_normal((2, 6, 3, 5)).astype(dtype)
    ref, grads = torch_grads(lambda xx, ww, bb: F.conv2d(xx, ww, bb, groups=groups), [x, w, b], gout)
    out, gx, gw, gb = run_conv(x, w, b, 2, 1, 0, 1, groups, gout)
    for a, r in zip((out, gx, gw, gb), [ref] + grads):
        np.testing.assert_allclose(a, r, **tol(dtype))
    wt = rng.standard_normal((4, 6 // groups, 1, 1)).astype(dtype)
    ref, grads = torch_grads(lambda xx, ww, bb: F.conv_transpose2d(xx, ww, bb, groups=groups), [x, wt, b], gout)
    out, gx, gw, gb = run_convt(x, wt, b, 2, 1, 0, 0, 1, groups, gout)
    for a, r in zip((out, gx, gw, gb), [ref] + grads):
        np.testing.assert_allclose(a, r, **tol(dtype))


def test_large_image_uses_several_column_blocks():
    """Columns are built a block of output rows at a time; an image whose columns exceed one block."""
    rng = np.random.default_rng(11)
    x = rng.standard_normal((1, 16, 40, 40)).astype(np.float32)
    w = (rng.standard_normal((8, 16, 5, 5)) * 0.1).astype(np.float32)
    gout = rng.standard_normal((1, 8, 40, 40)).astype(np.float32)
    ref, grads = torch_grads(lambda xx, ww: F.conv2d(xx, ww, None, 1, 2), [x, w], gout)
    out, gx, gw, _ = run_conv(x, w, None, 2, 1, 2, 1, 1, gout)
    np.testing.assert_allclose(out, ref, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(gx, grads[0], rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(gw, grads[1], rtol=1e-4, atol=2e-3)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("nsp,k,p,d,groups", [(2, 3, 1, 1, 1), (2, (3, 2), (0, 1), (2, 1), 2), (1, 4, 2, 2, 1),
                                              (3, 2, 1, 1, 1), (2, 5, 2, 1, 1)])
def test_unit_stride_many_channels(dtype, nsp, k, p, d, groups):
    """Typical network layers: unit stride, >= 16 channels per group, padding, dilation, groups."""
    rng = np.random.default_rng(nsp * 7 + groups)
    cin, cout = 16 * groups + 0, 17 * groups
    size = {1: (9,), 2: (7, 8), 3: (4, 5, 4)}[nsp]
    x = rng.standard_normal((2, cin) + size).astype(dtype)
    w = (rng.standard_normal((cout, cin // groups) + tup(k, nsp)) * 0.2).astype(dtype)
    b = rng.standard_normal(cout).astype(dtype)
    f = lambda xx, ww, bb: CONV[nsp](xx, ww, bb, 1, tup(p, nsp), tup(d, nsp), groups)
    gout = rng.standard_normal(f(*[torch.tensor(a) for a in (x, w, b)]).shape).astype(dtype)
    ref, grads = torch_grads(f, [x, w, b], gout)
    out, gx, gw, gb = run_conv(x, w, b, nsp, 1, p, d, groups, gout)
    t = dict(rtol=1e-4, atol=1e-4) if dtype == np.float32 else tol(dtype)
    for a, r in zip((out, gx, gw, gb), [ref] + grads):
        np.testing.assert_allclose(a, r, **t)
    # accumulation with scale on this path too
    gw2 = np.ones_like(w)
    check(lib.tc_conv_backward_params(T(gw2), NULL, T(x), T(gout), nsp, i64((1,) * nsp), i64(tup(p, nsp)), i64(tup(d, nsp)),
                                      groups, 0.5))
    np.testing.assert_allclose(gw2, 1 + 0.5 * grads[1], **t)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("nsp,mult,k,s,p,d", [(2, 1, 3, 1, 1, 1), (2, 2, (3, 2), (2, 1), (1, 0), (1, 2)), (1, 3, 5, 2, 2, 1),
                                              (3, 1, 2, (1, 2, 1), 1, 1)])
def test_depthwise_conv(dtype, nsp, mult, k, s, p, d):
    """One input channel per group (MobileNet style, Torch7 SpatialDepthWiseConvolution) uses direct loops."""
    rng = np.random.default_rng(mult * 10 + nsp)
    c = 5
    size = {1: (11,), 2: (7, 9), 3: (4, 6, 5)}[nsp]
    x = rng.standard_normal((2, c) + size).astype(dtype)
    w = rng.standard_normal((c * mult, 1) + tup(k, nsp)).astype(dtype)
    b = rng.standard_normal(c * mult).astype(dtype)
    f = lambda xx, ww, bb: CONV[nsp](xx, ww, bb, tup(s, nsp), tup(p, nsp), tup(d, nsp), c)
    gout = rng.standard_normal(f(*[torch.tensor(a) for a in (x, w, b)]).shape).astype(dtype)
    ref, grads = torch_grads(f, [x, w, b], gout)
    out, gx, gw, gb = run_conv(x, w, b, nsp, s, p, d, c, gout)
    for a, r in zip((out, gx, gw, gb), [ref] + grads):
        np.testing.assert_allclose(a, r, **tol(dtype))
    gw2 = np.ones_like(w)
    check(lib.tc_conv_backward_params(T(gw2), NULL, T(x), T(gout), nsp, i64(tup(s, nsp)), i64(tup(p, nsp)), i64(tup(d, nsp)),
                                      c, -2.0))
    np.testing.assert_allclose(gw2, 1 - 2 * grads[1], **tol(dtype))


def test_parallel_paths_match_serial():
    """Above the grain the kernels split work across OpenMP threads; results must not change."""
    rng = np.random.default_rng(21)
    x = rng.standard_normal((4, 16, 40, 40)).astype(np.float32)
    w = (rng.standard_normal((16, 16, 3, 3)) * 0.1).astype(np.float32)
    wd = rng.standard_normal((32, 1, 3, 3)).astype(np.float32)
    gout = rng.standard_normal((4, 16, 40, 40)).astype(np.float32)
    gd = rng.standard_normal((4, 32, 40, 40)).astype(np.float32)

    def run_all():
        a = run_conv(x, w, None, 2, 1, 1, 1, 1, gout)
        b = run_conv(x, wd, None, 2, 1, 1, 1, 16, gd)
        out, ind, gx = new(np.float32), new(np.int64), new(np.float32)
        check(lib.tc_max_pool_forward(out, ind, T(x), 2, i64([3, 3]), i64([2, 2]), i64([1, 1]), NULL, 0, 0))
        check(lib.tc_max_pool_backward(gx, T(N(out)), T(x), ind, 2, 0))
        return list(a[:3]) + list(b[:3]) + [N(out), N(gx)]

    old = lib.tc_get_num_threads()
    try:
        lib.tc_set_num_threads(1)
        serial = run_all()
        lib.tc_set_num_threads(2)
        parallel = run_all()
    finally:
        lib.tc_set_num_threads(old)
    for s_, p_ in zip(serial, parallel):
        np.testing.assert_allclose(p_, s_, rtol=1e-5, atol=1e-4)
