"""Activation kernels (tc_nn_activation / _backward, PReLU) against torch.nn.functional."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from tensor_core import lib, check, TensorCoreError
from nn_testutil import FLOATS, tol, T, new, N, noncontig, numgrad

# kind -> (p1, p2, torch function)
CASES = {
    "relu": (lib.TC_ACT_THRESHOLD, 0.0, 0.0, F.relu),
    "threshold": (lib.TC_ACT_THRESHOLD, 0.3, -2.0, lambda x: F.threshold(x, 0.3, -2.0)),
    "torch7_threshold": (lib.TC_ACT_THRESHOLD, 1e-6, 0.0, lambda x: F.threshold(x, 1e-6, 0.0)),
    "leaky": (lib.TC_ACT_LEAKY_RELU, 0.07, 0.0, lambda x: F.leaky_relu(x, 0.07)),
    "elu": (lib.TC_ACT_ELU, 1.3, 0.0, lambda x: F.elu(x, 1.3)),
    "selu": (lib.TC_ACT_SELU, 0.0, 0.0, F.selu),
    "celu": (lib.TC_ACT_CELU, 0.7, 0.0, lambda x: F.celu(x, 0.7)),
    "gelu": (lib.TC_ACT_GELU, 0.0, 0.0, F.gelu),
    "gelu_tanh": (lib.TC_ACT_GELU_TANH, 0.0, 0.0, lambda x: F.gelu(x, approximate="tanh")),
    "softplus": (lib.TC_ACT_SOFTPLUS, 2.0, 3.0, lambda x: F.softplus(x, 2.0, 3.0)),
    "softsign": (lib.TC_ACT_SOFTSIGN, 0.0, 0.0, F.softsign),
    "hardtanh": (lib.TC_ACT_HARDTANH, -0.5, 0.8, lambda x: F.hardtanh(x, -0.5, 0.8)),
    "relu6": (lib.TC_ACT_HARDTANH, 0.0, 6.0, F.relu6),
    "logsigmoid": (lib.TC_ACT_LOG_SIGMOID, 0.0, 0.0, F.logsigmoid),
    "tanhshrink": (lib.TC_ACT_TANH_SHRINK, 0.0, 0.0, F.tanhshrink),
    "softshrink": (lib.TC_ACT_SOFT_SHRINK, 0.4, 0.0, lambda x: F.softshrink(x, 0.4)),
    "hardshrink": (lib.TC_ACT_HARD_SHRINK, 0.4, 0.0, lambda x: F.hardshrink(x, 0.4)),
    "sigmoid": (lib.TC_ACT_SIGMOID, 0.0, 0.0, torch.sigmoid),
    "tanh": (lib.TC_ACT_TANH, 0.0, 0.0, torch.tanh),
    "silu": (lib.TC_ACT_SILU, 0.0, 0.0, F.silu),
    "mish": (lib.TC_ACT_MISH, 0.0, 0.0, F.mish),
    "hardsigmoid": (lib.TC_ACT_HARD_SIGMOID, 0.0, 0.0, F.hardsigmoid),
    "hardswish": (lib.TC_ACT_HARD_SWISH, 0.0, 0.0, F.hardswish),
}
FROM_OUTPUT = {"sigmoid", "tanh"}


def run_fwd(x, kind, p1, p2):
    out = new(x.dtype)
    check(lib.tc_nn_activation(out, T(x), kind, p1, p2))
    return N(out)


def run_bwd(go, x, y, kind, p1, p2, from_output=False):
    gi = new(x.dtype)
    check(lib.tc_nn_activation_backward(gi, T(go), T(x) if not from_output else lib_null(), T(y), kind, p1, p2))
    return N(gi)


def lib_null():
    from tensor_core import ffi
    return ffi.NULL


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("dtype", FLOATS)
def test_forward_backward_against_torch(name, dtype):
    kind, p1, p2, tf = CASES[name]
    rng = np.random.default_rng(hash(name) % 1000)
    x = (rng.standard_normal((3, 5, 7)) * 3).astype(dtype)
    x[0, 0, :3] = [p1, -3.0, 3.0]  # boundary points
    go = rng.standard_normal(x.shape).astype(dtype)
    xt = torch.tensor(x, requires_grad=True)
    yt = tf(xt)
    yt.backward(torch.tensor(go))
    xn = noncontig(x)
    y = run_fwd(xn, kind, p1, p2)
    np.testing.assert_allclose(y, yt.detach().numpy(), **tol(dtype))
    y_core = np.ascontiguousarray(y)
    gi = run_bwd(noncontig(go), xn, y_core, kind, p1, p2, from_output=name in FROM_OUTPUT)
    ref = xt.grad.numpy().copy()
    t = tol(dtype)
    if name in ("celu", "hardsigmoid") and np.dtype(dtype) == np.float64:
        t = dict(rtol=1e-7, atol=1e-7)  # torch passes 1/alpha and 1/6 through float32 scalars here
    if name not in ("relu", "threshold", "torch7_threshold", "hardtanh", "relu6", "hardsigmoid",
                    "hardswish", "softshrink", "hardshrink"):
        np.testing.assert_allclose(gi, ref, **t)
    else:  # subgradient conventions at the kink points may differ: compare away from them
        mask = np.ones(x.shape, bool)
        mask[0, 0, :3] = False
        np.testing.assert_allclose(gi[mask], ref[mask], **t)


@pytest.mark.parametrize("name", ["elu", "selu", "celu", "gelu", "softplus", "mish", "logsigmoid", "silu"])
def test_finite_difference_gradients(name):
    kind, p1, p2, _ = CASES[name]
    rng = np.random.default_rng(1)
    x = rng.standard_normal((4, 3))
    go = rng.standard_normal(x.shape)
    gi = run_bwd(go, x, run_fwd(x, kind, p1, p2), kind, p1, p2)
    ng = numgrad(lambda v: float((run_fwd(v, kind, p1, p2) * go).sum()), x)
    np.testing.assert_allclose(gi, ng, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("name", ["relu", "elu", "selu", "leaky"])
def test_in_place_forward_and_backward_from_output(name):
    kind, p1, p2, tf = CASES[name]
    x = np.random.default_rng(2).standard_normal((6, 4))
    ref_x = torch.tensor(x, requires_grad=True)
    ref = tf(ref_x)
    go = np.ones_like(x) * 0.5
    ref.backward(torch.tensor(go))
    buf = x.copy()
    t = T(buf)
    check(lib.tc_nn_activation(t, t, kind, p1, p2))  # in place
    np.testing.assert_allclose(buf, ref.detach().numpy(), rtol=1e-12)
    g = go.copy()
    gt = T(g)
    if name in ("elu", "selu"):
        check(lib.tc_nn_activation_backward(gt, gt, lib_null(), t, kind, p1, p2))
    else:
        check(lib.tc_nn_activation_backward(gt, gt, t, lib_null(), kind, p1, p2))
    np.testing.assert_allclose(g, ref_x.grad.numpy(), rtol=1e-12)


def test_float32_large_tensor_parallel_path():
    x = np.random.default_rng(3).standard_normal(100000).astype(np.float32)
    y = run_fwd(x, lib.TC_ACT_GELU, 0, 0)
    np.testing.assert_allclose(y, F.gelu(torch.tensor(x)).numpy(), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("shape,nw", [((4, 3, 5, 2), 3), ((4, 3), 3), ((5,), 5), ((4, 3, 6), 1), ((2, 3), 1)])
def test_prelu_against_torch(dtype, shape, nw):
    rng = np.random.default_rng(4)
    x = rng.standard_normal(shape).astype(dtype)
    w = rng.uniform(0.1, 0.5, nw).astype(dtype)
    go = rng.standard_normal(shape).astype(dtype)
    xt, wt = torch.tensor(x, requires_grad=True), torch.tensor(w, requires_grad=True)
    # Torch7 PReLU treats dim 0 of a 1-D input as the channels; PyTorch needs a (1, C) view for that
    yt = F.prelu(xt.view(1, -1), wt).view(shape) if len(shape) == 1 else F.prelu(xt, wt)
    yt.backward(torch.tensor(go))
    out = new(dtype)
    check(lib.tc_nn_prelu(out, T(noncontig(x)), T(w)))
    np.testing.assert_allclose(N(out), yt.detach().numpy(), **tol(dtype))
    gi, gw = new(dtype), np.full(nw, 1.0, dtype)
    check(lib.tc_nn_prelu_backward(gi, T(gw), T(go), T(x), T(w), 0.5))
    np.testing.assert_allclose(N(gi), xt.grad.numpy(), **tol(dtype))
    np.testing.assert_allclose(gw, 1.0 + 0.5 * wt.grad.numpy(), **tol(dtype))


def test_errors():
    x = T(np.zeros((2, 3)))
    with pytest.raises(TensorCoreError, match="unknown activation kind 99"):
        check(lib.tc_nn_activation(new(np.float64), x, 99, 0, 0))
    with pytest.raises(TensorCoreError, match="float32 or float64"):
        check(lib.tc_nn_activation(new(np.int64), T(np.zeros(3, np.int64)), 0, 0, 0))
    with pytest.raises(TensorCoreError, match="dtype float32 but the input is float64"):
        check(lib.tc_nn_activation(new(np.float32), x, 0, 0, 0))
    with pytest.raises(TensorCoreError, match="min_val <= max_val"):
        check(lib.tc_nn_activation(new(np.float64), x, lib.TC_ACT_HARDTANH, 1, -1))
    with pytest.raises(TensorCoreError, match="needs 'output'"):
        check(lib.tc_nn_activation_backward(new(np.float64), x, x, lib_null(), lib.TC_ACT_SIGMOID, 0, 0))
    with pytest.raises(TensorCoreError, match="has 5 elements but the input has 6"):
        check(lib.tc_nn_activation_backward(new(np.float64), T(np.zeros(5)), x, lib_null(), 0, 0, 0))
    with pytest.raises(TensorCoreError, match="weight has 4 elements but the input has 3 channels"):
        check(lib.tc_nn_prelu(new(np.float64), x, T(np.zeros(4))))


@pytest.mark.parametrize("dtype", FLOATS)
def test_rrelu_training_with_noise_and_eval(dtype):
    rng = np.random.default_rng(6)
    x = rng.standard_normal((5, 4)).astype(dtype)
    noise = rng.uniform(1 / 8, 1 / 3, x.shape).astype(dtype)
    sampled = noise.copy()
    out = new(dtype)
    check(lib.tc_nn_rrelu_with_noise(out, T(noncontig(x)), T(noise)))
    np.testing.assert_allclose(noise, np.where(x > 0, 1, sampled))
    np.testing.assert_allclose(N(out), np.where(x > 0, x, x * sampled), **tol(dtype))
    # evaluation mode: leaky ReLU with the mean slope, as torch's rrelu(training=False)
    ref = F.rrelu(torch.tensor(x), 1 / 8, 1 / 3, training=False).numpy()
    np.testing.assert_allclose(run_fwd(x, lib.TC_ACT_LEAKY_RELU, (1 / 8 + 1 / 3) / 2, 0.0), ref, **tol(dtype))


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("shape,dim", [((4, 6), 1), ((4, 6), -1), ((2, 4, 3), 1), ((6,), 0), ((4, 3, 5), 0)])
def test_glu_against_torch(dtype, shape, dim):
    rng = np.random.default_rng(7)
    x = rng.standard_normal(shape).astype(dtype)
    xt = torch.tensor(x, requires_grad=True)
    yt = F.glu(xt, dim)
    go = rng.standard_normal(yt.shape).astype(dtype)
    yt.backward(torch.tensor(go))
    out = new(dtype)
    check(lib.tc_nn_glu(out, T(noncontig(x)), dim))
    np.testing.assert_allclose(N(out), yt.detach().numpy(), **tol(dtype))
    gi = new(dtype)
    check(lib.tc_nn_glu_backward(gi, T(go), T(x), dim))
    np.testing.assert_allclose(N(gi), xt.grad.numpy(), **tol(dtype))
    with pytest.raises(TensorCoreError, match="odd size 3"):
        check(lib.tc_nn_glu(new(dtype), T(np.zeros((2, 3), dtype)), 1))


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "elu", "selu", "gelu", "gelu_tanh", "silu", "logsigmoid",
                                  "tanhshrink"])
def test_float32_vectorised_math_accuracy_over_wide_range(name):
    """float32 activations use a vectorised exp / tanh / normal CDF: check them against float64 torch from
    tiny to saturated arguments, tails included (relative where the value is representable)."""
    kind, p1, p2, tf = CASES[name]
    mag = np.concatenate([np.geomspace(1e-6, 40, 400), [0.0]])
    x = np.concatenate([mag, -mag]).astype(np.float32)
    x64 = torch.tensor(x.astype(np.float64), requires_grad=True)
    if name == "gelu":  # torch's float64 gelu uses 1 + erf, which underflows in the lower tail: use erfc
        ref = x64 * 0.5 * torch.special.erfc(-x64 / np.sqrt(2.0))
    else:
        ref = tf(x64)
    ref.backward(torch.ones_like(ref))
    y = run_fwd(x, kind, p1, p2)
    # x - tanh(x) and the tanh-GELU's 1 + tanh cancel in float32 by their formulas (torch's too): absolute there
    atol = {"tanhshrink": 1e-7, "gelu_tanh": 5e-7}.get(name, 1e-30)
    # (the lower GELU tail evaluates exp(-x^2/2): float32 rounding of x^2 ~ 80 costs a few e-6 relative)
    np.testing.assert_allclose(y, ref.detach().numpy(), rtol=1e-5 if name == "gelu" else 3e-6, atol=atol)
    gi = run_bwd(np.ones_like(x), x, y, kind, p1, p2, from_output=name in FROM_OUTPUT)
    g_ref = x64.grad.numpy()
    if name in FROM_OUTPUT:  # derivative from the float32 output: y(1-y) / 1-y^2 lose relative accuracy near 1
        np.testing.assert_allclose(gi, g_ref, rtol=1e-5, atol=2e-7)
    else:
        np.testing.assert_allclose(gi, g_ref, rtol=1e-5, atol=2e-6 if name == "gelu_tanh" else 1e-12)
