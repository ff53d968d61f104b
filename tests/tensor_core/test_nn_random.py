"""Random shapes, dims, layouts and options (hypothesis) for the main nn kernels, against torch."""
import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import given, settings, strategies as st

from tensor_core import ffi, lib, check
from nn_testutil import tol, T, new, N

NULL = ffi.NULL
dtypes = st.sampled_from([np.float32, np.float64])
shapes = st.lists(st.integers(1, 5), min_size=1, max_size=4)


def layout(a, data):
    """Same values, random layout: contiguous, transposed copy, or strided slice."""
    kind = data.draw(st.sampled_from(["c", "t", "s"]))
    if kind == "t" and a.ndim >= 2:
        return np.ascontiguousarray(np.swapaxes(a, 0, -1)).swapaxes(0, -1)
    if kind == "s":
        buf = np.zeros(a.shape + (2,), a.dtype)
        buf[..., 0] = a
        return buf[..., 0]
    return a


@settings(max_examples=20, deadline=None)
@given(shape=shapes, dtype=dtypes, log=st.booleans(), data=st.data())
def test_softmax_random(shape, dtype, log, data):
    dim = data.draw(st.integers(-len(shape), len(shape) - 1))
    rng = np.random.default_rng(len(shape))
    x = (rng.standard_normal(shape) * 3).astype(dtype)
    go = rng.standard_normal(shape).astype(dtype)
    xt = torch.tensor(x, requires_grad=True)
    yt = (F.log_softmax if log else F.softmax)(xt, dim)
    yt.backward(torch.tensor(go))
    out, gi = new(dtype), new(dtype)
    check((lib.tc_nn_log_softmax if log else lib.tc_nn_softmax)(out, T(layout(x, data)), dim))
    check((lib.tc_nn_log_softmax_backward if log else lib.tc_nn_softmax_backward)(gi, T(layout(go, data)), out, dim))
    np.testing.assert_allclose(N(out), yt.detach().numpy(), **tol(dtype))
    np.testing.assert_allclose(N(gi), xt.grad.numpy(), **tol(dtype))


@settings(max_examples=20, deadline=None)
@given(n=st.integers(1, 6), c=st.integers(1, 6), spatial=st.lists(st.integers(1, 4), max_size=2), dtype=dtypes,
       red=st.sampled_from(["none", "mean", "sum"]), weighted=st.booleans(), data=st.data())
def test_nll_random(n, c, spatial, dtype, red, weighted, data):
    rng = np.random.default_rng(n * 7 + c)
    x = rng.standard_normal([n, c] + spatial).astype(dtype)
    t = rng.integers(0, c, [n] + spatial).astype(np.int64)
    if data.draw(st.booleans()):
        t.reshape(-1)[0] = -100
    w = rng.uniform(0.5, 2, c).astype(dtype) if weighted else None
    xt = torch.tensor(x, requires_grad=True)
    ref = F.nll_loss(xt, torch.tensor(t), weight=torch.tensor(w) if weighted else None, reduction=red)
    go = rng.standard_normal(ref.shape).astype(dtype)
    ref.backward(torch.tensor(go))
    out, tw, gi = new(dtype), new(dtype), new(dtype)
    red_code = {"none": 0, "mean": 1, "sum": 2}[red]
    wt = T(w) if weighted else NULL
    check(lib.tc_nn_nll_loss(out, tw, T(layout(x, data)), T(layout(t, data)), wt, red_code, -100, 0.0, 0))
    check(lib.tc_nn_nll_loss_backward(gi, T(go), T(x), T(t), wt, red_code, -100, 0.0, 0, tw))
    np.testing.assert_allclose(N(out), ref.detach().numpy(), **tol(dtype))
    np.testing.assert_allclose(N(gi), xt.grad.numpy(), **tol(dtype))


@settings(max_examples=15, deadline=None)
@given(n=st.integers(2, 5), c=st.integers(1, 4), spatial=st.lists(st.integers(1, 4), max_size=3), dtype=dtypes,
       affine=st.booleans(), data=st.data())
def test_batch_norm_random(n, c, spatial, dtype, affine, data):
    rng = np.random.default_rng(n * 11 + c)
    shape = [n, c] + spatial
    x = (rng.standard_normal(shape) + 1).astype(dtype)
    go = rng.standard_normal(shape).astype(dtype)
    w = rng.uniform(0.5, 1.5, c).astype(dtype) if affine else None
    b = rng.standard_normal(c).astype(dtype) if affine else None
    xt = torch.tensor(x, requires_grad=True)
    wt = torch.tensor(w, requires_grad=True) if affine else None
    bt = torch.tensor(b, requires_grad=True) if affine else None
    rm, rv = torch.zeros(c, dtype=xt.dtype), torch.ones(c, dtype=xt.dtype)
    yt = F.batch_norm(xt, rm, rv, wt, bt, training=True, momentum=0.3, eps=1e-3)
    yt.backward(torch.tensor(go))
    out, sm, si, gi = new(dtype), new(dtype), new(dtype), new(dtype)
    rm_c, rv_c = np.zeros(c, dtype), np.ones(c, dtype)
    check(lib.tc_nn_batch_norm(out, sm, si, T(layout(x, data)), T(w) if affine else NULL, T(b) if affine else NULL,
                               T(rm_c), T(rv_c), 1, 0.3, 1e-3))
    gw, gb = np.zeros(c, dtype), np.zeros(c, dtype)
    check(lib.tc_nn_batch_norm_backward(gi, T(gw), T(gb), T(layout(go, data)), T(x), T(w) if affine else NULL,
                                        NULL, NULL, sm, si, 1, 1e-3, 1.0))
    t = tol(dtype)
    t10 = dict(rtol=t["rtol"] * 10, atol=t["atol"] * 10)
    np.testing.assert_allclose(N(out), yt.detach().numpy(), **t10)
    np.testing.assert_allclose(rm_c, rm.numpy(), **t)
    np.testing.assert_allclose(rv_c, rv.numpy(), **t)
    np.testing.assert_allclose(N(gi), xt.grad.numpy(), **t10)
    if affine:
        np.testing.assert_allclose(gw, wt.grad.numpy(), **t10)
        np.testing.assert_allclose(gb, bt.grad.numpy(), **t10)


ACTS = [(lib.TC_ACT_THRESHOLD, 0.0, 0.0, F.relu), (lib.TC_ACT_ELU, 0.5, 0.0, lambda x: F.elu(x, 0.5)),
        (lib.TC_ACT_GELU, 0.0, 0.0, F.gelu), (lib.TC_ACT_SOFTPLUS, 1.5, 10.0, lambda x: F.softplus(x, 1.5, 10.0)),
        (lib.TC_ACT_LOG_SIGMOID, 0.0, 0.0, F.logsigmoid), (lib.TC_ACT_SILU, 0.0, 0.0, F.silu)]


@settings(max_examples=20, deadline=None)
@given(shape=shapes, dtype=dtypes, which=st.integers(0, len(ACTS) - 1), data=st.data())
def test_activation_random_layouts(shape, dtype, which, data):
    kind, p1, p2, tf = ACTS[which]
    rng = np.random.default_rng(which)
    x = (rng.standard_normal(shape) * 3 + 0.01).astype(dtype)
    go = rng.standard_normal(shape).astype(dtype)
    xt = torch.tensor(x, requires_grad=True)
    yt = tf(xt)
    yt.backward(torch.tensor(go))
    out, gi = new(dtype), new(dtype)
    check(lib.tc_nn_activation(out, T(layout(x, data)), kind, p1, p2))
    check(lib.tc_nn_activation_backward(gi, T(layout(go, data)), T(layout(x, data)), out, kind, p1, p2))
    np.testing.assert_allclose(N(out), yt.detach().numpy(), **tol(dtype))
    np.testing.assert_allclose(N(gi), xt.grad.numpy(), **tol(dtype))
