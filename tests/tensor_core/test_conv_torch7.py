"""Torch7-only convolution layouts: TemporalConvolution (time-major weight), SpatialConvolutionMap
(connection table) and SpatialSubSampling, against direct references, finite differences,
accumulate-with-scale semantics and validation."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from tensor_core import ffi, lib, check, TensorCoreError
from conv_testutil import DTYPES, tol, T, N, new, noncontig, torch_grads, numeric_grad

NULL = ffi.NULL


def temporal_ref(x, w, b, kW, dW):
    """x (B, T, F) torch; w (O, kW*F) time-major -> conv1d."""
    O = w.shape[0]
    F_ = x.shape[-1]
    wt = w.reshape(O, kW, F_).permute(0, 2, 1)
    return F.conv1d(x.transpose(1, 2), wt, b, stride=dW).transpose(1, 2)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("kW,dW,batched", [(3, 1, True), (2, 2, False), (1, 3, True), (4, 2, False), (3, 5, True)])
def test_temporal_convolution_matches_conv1d(dtype, kW, dW, batched):
    rng = np.random.default_rng(kW * 10 + dW)
    B, Tn, Fr, O = 2, 11, 3, 4
    x = rng.standard_normal((B, Tn, Fr)).astype(dtype)
    w = rng.standard_normal((O, kW * Fr)).astype(dtype)
    b = rng.standard_normal(O).astype(dtype)
    ref_shape = temporal_ref(torch.tensor(x), torch.tensor(w), torch.tensor(b), kW, dW).shape
    gout = rng.standard_normal(ref_shape).astype(dtype)
    ref, grads = torch_grads(lambda xx, ww, bb: temporal_ref(xx, ww, bb, kW, dW), [x, w, b], gout)
    xi, go = (x, gout) if batched else (x[0], gout[0])
    out, gx = new(dtype), new(dtype)
    check(lib.tc_temporal_convolution_forward(out, T(noncontig(xi)), T(w), T(b), kW, dW))
    np.testing.assert_allclose(N(out), ref if batched else ref[0], **tol(dtype))
    check(lib.tc_temporal_convolution_backward_input(gx, T(go), T(xi), T(w), kW, dW))
    np.testing.assert_allclose(N(gx), grads[0] if batched else grads[0][0], **tol(dtype))
    if batched:
        gw0 = rng.standard_normal(w.shape).astype(dtype)
        gw, gb = gw0.copy(), np.ones(O, dtype)
        check(lib.tc_temporal_convolution_backward_params(T(gw), T(gb), T(x), T(gout), kW, dW, 0.5))
        np.testing.assert_allclose(gw, gw0 + 0.5 * grads[1], **tol(dtype))
        np.testing.assert_allclose(gb, 1 + 0.5 * grads[2], **tol(dtype))


def map_ref(x, w, b, conn, nout, kW, kH, dW, dH):
    """Direct loop over connections (torch, differentiable); conn 0-based (nConn, 2)."""
    outs = [None] * nout
    for k, (i, o) in enumerate(conn):
        term = F.conv2d(x[:, i:i + 1], w[k][None, None], stride=(dH, dW))[:, 0]
        outs[o] = term if outs[o] is None else outs[o] + term
    return torch.stack(outs, 1) + b[None, :, None, None]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("seed", range(3))
def test_spatial_convolution_map_matches_loop_reference(dtype, seed):
    rng = np.random.default_rng(seed)
    nin, nout, kW, kH, dW, dH = 3, 4, 3, 2, 1 + seed % 2, 1 + seed // 2
    conn = np.array([(i, o) for i in range(nin) for o in range(nout) if rng.random() < 0.6 or i == o % nin])
    x = rng.standard_normal((2, nin, 7, 8)).astype(dtype)
    w = rng.standard_normal((len(conn), kH, kW)).astype(dtype)
    b = rng.standard_normal(nout).astype(dtype)
    f = lambda xx, ww, bb: map_ref(xx, ww, bb, conn, nout, kW, kH, dW, dH)
    gout = rng.standard_normal(f(*[torch.tensor(a) for a in (x, w, b)]).shape).astype(dtype)
    ref, grads = torch_grads(f, [x, w, b], gout)
    table = T((conn + 1).astype(np.float64))         # Torch7: a 1-based DoubleTensor
    out, gx = new(dtype), new(dtype)
    check(lib.tc_spatial_convolution_map_forward(out, T(x), T(w), T(b), table, nout, kW, kH, dW, dH, 1))
    np.testing.assert_allclose(N(out), ref, **tol(dtype))
    check(lib.tc_spatial_convolution_map_backward_input(gx, T(gout), T(x), T(w), table, kW, kH, dW, dH, 1))
    np.testing.assert_allclose(N(gx), grads[0], **tol(dtype))
    gw, gb = np.zeros_like(w), np.zeros_like(b)
    check(lib.tc_spatial_convolution_map_backward_params(T(gw), T(gb), T(x), T(gout), table, kW, kH, dW, dH, 1, 2.0))
    np.testing.assert_allclose(gw, 2 * grads[1], **tol(dtype))
    np.testing.assert_allclose(gb, 2 * grads[2], **tol(dtype))
    # unbatched input, 0-based int64 table
    out1 = new(dtype)
    check(lib.tc_spatial_convolution_map_forward(out1, T(x[1]), T(w), T(b), T(conn.astype(np.int64)), nout, kW, kH, dW, dH, 0))
    np.testing.assert_allclose(N(out1), ref[1], **tol(dtype))


def subsampling_ref(x, w, b, kW, kH, dW, dH):
    s = F.avg_pool2d(x, (kH, kW), (dH, dW)) * (kH * kW)
    return s * w[None, :, None, None] + b[None, :, None, None]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("kW,kH,dW,dH", [(2, 2, 2, 2), (3, 2, 1, 2), (1, 3, 2, 1)])
def test_spatial_subsampling_matches_reference(dtype, kW, kH, dW, dH):
    rng = np.random.default_rng(kW + 3 * kH)
    x = rng.standard_normal((2, 3, 7, 6)).astype(dtype)
    w = rng.standard_normal(3).astype(dtype)
    b = rng.standard_normal(3).astype(dtype)
    f = lambda xx, ww, bb: subsampling_ref(xx, ww, bb, kW, kH, dW, dH)
    gout = rng.standard_normal(f(*[torch.tensor(a) for a in (x, w, b)]).shape).astype(dtype)
    ref, grads = torch_grads(f, [x, w, b], gout)
    out, gx = new(dtype), new(dtype)
    check(lib.tc_spatial_subsampling_forward(out, T(noncontig(x)), T(w), T(b), kW, kH, dW, dH))
    np.testing.assert_allclose(N(out), ref, **tol(dtype))
    check(lib.tc_spatial_subsampling_backward_input(gx, T(gout), T(x), T(w), kW, kH, dW, dH))
    np.testing.assert_allclose(N(gx), grads[0], **tol(dtype))
    gw, gb = np.ones_like(w), np.ones_like(b)
    check(lib.tc_spatial_subsampling_backward_params(T(gw), T(gb), T(x), T(gout), kW, kH, dW, dH, 0.25))
    np.testing.assert_allclose(gw, 1 + 0.25 * grads[1], **tol(dtype))
    np.testing.assert_allclose(gb, 1 + 0.25 * grads[2], **tol(dtype))


def test_torch7_convs_finite_differences():
    rng = np.random.default_rng(7)
    # temporal
    x = rng.standard_normal((6, 2))
    w = rng.standard_normal((3, 2 * 2))
    b = rng.standard_normal(3)

    def tfwd():
        o = new(np.float64)
        check(lib.tc_temporal_convolution_forward(o, T(x), T(w), T(b), 2, 1))
        return N(o)
    g = rng.standard_normal(tfwd().shape)
    loss = lambda: float((tfwd() * g).sum())
    gx, gw, gb = new(np.float64), np.zeros_like(w), np.zeros_like(b)
    check(lib.tc_temporal_convolution_backward_input(gx, T(g), T(x), T(w), 2, 1))
    check(lib.tc_temporal_convolution_backward_params(T(gw), T(gb), T(x), T(g), 2, 1, 1.0))
    for analytic, arr in ((N(gx), x), (gw, w), (gb, b)):
        np.testing.assert_allclose(analytic, numeric_grad(loss, arr), rtol=1e-6, atol=1e-8)
    # connection map
    xm = rng.standard_normal((2, 4, 5))
    conn = T(np.array([[1, 1], [2, 1], [2, 2]], np.int64))
    wm = rng.standard_normal((3, 2, 2))
    bm = rng.standard_normal(2)

    def mfwd():
        o = new(np.float64)
        check(lib.tc_spatial_convolution_map_forward(o, T(xm), T(wm), T(bm), conn, 2, 2, 2, 1, 1, 1))
        return N(o)
    g = rng.standard_normal(mfwd().shape)
    loss = lambda: float((mfwd() * g).sum())
    gx, gw, gb = new(np.float64), np.zeros_like(wm), np.zeros_like(bm)
    check(lib.tc_spatial_convolution_map_backward_input(gx, T(g), T(xm), T(wm), conn, 2, 2, 1, 1, 1))
    check(lib.tc_spatial_convolution_map_backward_params(T(gw), T(gb), T(xm), T(g), conn, 2, 2, 1, 1, 1, 1.0))
    for analytic, arr in ((N(gx), xm), (gw, wm), (gb, bm)):
        np.testing.assert_allclose(analytic, numeric_grad(loss, arr), rtol=1e-6, atol=1e-8)
    # subsampling
    xs = rng.standard_normal((2, 5, 4))
    ws, bs = rng.standard_normal(2), rng.standard_normal(2)

    def sfwd():
        o = new(np.float64)
        check(lib.tc_spatial_subsampling_forward(o, T(xs), T(ws), T(bs), 2, 2, 1, 2))
        return N(o)
    g = rng.standard_normal(sfwd().shape)
    loss = lambda: float((sfwd() * g).sum())
    gx, gw, gb = new(np.float64), np.zeros_like(ws), np.zeros_like(bs)
    check(lib.tc_spatial_subsampling_backward_input(gx, T(g), T(xs), T(ws), 2, 2, 1, 2))
    check(lib.tc_spatial_subsampling_backward_params(T(gw), T(gb), T(xs), T(g), 2, 2, 1, 2, 1.0))
    for analytic, arr in ((N(gx), xs), (gw, ws), (gb, bs)):
        np.testing.assert_allclose(analytic, numeric_grad(loss, arr), rtol=1e-6, atol=1e-8)


def test_torch7_conv_errors():
    o = new(np.float32)
    x = T(np.zeros((5, 3), np.float32))
    with pytest.raises(TensorCoreError, match="fewer than the kernel width kW = 6"):
        check(lib.tc_temporal_convolution_forward(o, x, T(np.zeros((2, 18), np.float32)), NULL, 6, 1))
    with pytest.raises(TensorCoreError, match="'weight' must be 2D \\(outputFrameSize, kW\\*inputFrameSize = 6\\)"):
        check(lib.tc_temporal_convolution_forward(o, x, T(np.zeros((2, 7), np.float32)), NULL, 2, 1))
    with pytest.raises(TensorCoreError, match="dW must be positive"):
        check(lib.tc_temporal_convolution_forward(o, x, T(np.zeros((2, 6), np.float32)), NULL, 2, 0))
    xi = T(np.zeros((2, 5, 5), np.float32))
    with pytest.raises(TensorCoreError, match="conn_table\\[1\\]\\[0\\] = 3 is not a valid input plane"):
        check(lib.tc_spatial_convolution_map_forward(o, xi, T(np.zeros((2, 2, 2), np.float32)), NULL,
                                                     T(np.array([[1, 1], [3, 1]], np.int64)), 1, 2, 2, 1, 1, 1))
    with pytest.raises(TensorCoreError, match="'weight' must have shape \\(2, 2, 2\\)"):
        check(lib.tc_spatial_convolution_map_forward(o, xi, T(np.zeros((2, 3, 2), np.float32)), NULL,
                                                     T(np.array([[1, 1], [2, 1]], np.int64)), 1, 2, 2, 1, 1, 1))
    with pytest.raises(TensorCoreError, match="smaller than the kernel"):
        check(lib.tc_spatial_subsampling_forward(o, xi, T(np.zeros(2, np.float32)), NULL, 6, 2, 1, 1))
    with pytest.raises(TensorCoreError, match="'weight' must be 1-D with 2 elements"):
        check(lib.tc_spatial_subsampling_forward(o, xi, T(np.zeros(3, np.float32)), NULL, 2, 2, 1, 1))
