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
