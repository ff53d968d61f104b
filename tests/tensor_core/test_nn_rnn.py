"""Fused LSTM / GRU cells against torch.nn.functional cells (torch._VF via nn.LSTMCell / GRUCell)."""
import numpy as np
import pytest
import torch

from tensor_core import ffi, lib, check, TensorCoreError
from nn_testutil import FLOATS, tol, T, new, N, noncontig, numgrad

NULL = ffi.NULL


def params(rng, G, I, H, dtype, bias=True):
    s = 1 / np.sqrt(H)
    w_ih = rng.uniform(-s, s, (G * H, I)).astype(dtype)
    w_hh = rng.uniform(-s, s, (G * H, H)).astype(dtype)
    b_ih = rng.uniform(-s, s, G * H).astype(dtype) if bias else None
    b_hh = rng.uniform(-s, s, G * H).astype(dtype) if bias else None
    return w_ih, w_hh, b_ih, b_hh


def opt(a):
    return T(a) if a is not None else NULL


def lstm(x, h, c, w_ih, w_hh, b_ih, b_hh):
    hy, cy, ws = new(x.dtype), new(x.dtype), new(x.dtype)
    check(lib.tc_nn_lstm_cell(hy, cy, ws, T(x), T(h), T(c), T(w_ih), T(w_hh), opt(b_ih), opt(b_hh)))
    return hy, cy, ws


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("B,I,H", [(3, 5, 4), (1, 2, 7), (4, 0, 3)])
def test_lstm_cell_against_torch(dtype, bias, B, I, H):
    rng = np.random.default_rng(B * 100 + I * 10 + H)
    w_ih, w_hh, b_ih, b_hh = params(rng, 4, I, H, dtype, bias)
    x = rng.standard_normal((B, I)).astype(dtype)
    h, c = rng.standard_normal((B, H)).astype(dtype), rng.standard_normal((B, H)).astype(dtype)
    gh, gc = rng.standard_normal((B, H)).astype(dtype), rng.standard_normal((B, H)).astype(dtype)
    tt = {k: torch.tensor(v, requires_grad=True) for k, v in dict(x=x, h=h, c=c, w_ih=w_ih, w_hh=w_hh).items()}
    if bias:
        tt["b_ih"], tt["b_hh"] = torch.tensor(b_ih, requires_grad=True), torch.tensor(b_hh, requires_grad=True)
    hy_t, cy_t = torch._VF.lstm_cell(tt["x"], (tt["h"], tt["c"]), tt["w_ih"], tt["w_hh"], tt.get("b_ih"), tt.get("b_hh"))
    (hy_t * torch.tensor(gh) + cy_t * torch.tensor(gc)).sum().backward()
    hy, cy, ws = lstm(noncontig(x), h, noncontig(c), w_ih, w_hh, b_ih, b_hh)
    np.testing.assert_allclose(N(hy), hy_t.detach().numpy(), **tol(dtype))
    np.testing.assert_allclose(N(cy), cy_t.detach().numpy(), **tol(dtype))
    gx, ghx, gcx = new(dtype), new(dtype), new(dtype)
    gwi, gwh = np.ones_like(w_ih), np.ones_like(w_hh)
    gbi, gbh = np.ones(4 * H, dtype), np.ones(4 * H, dtype)
    check(lib.tc_nn_lstm_cell_backward(gx, ghx, gcx, T(gwi), T(gwh), T(gbi) if bias else NULL,
                                       T(gbh) if bias else NULL, T(gh), T(gc), T(x), T(h), T(c), T(w_ih), T(w_hh),
                                       cy, ws, 0.5))
    t2 = dict(rtol=tol(dtype)["rtol"] * 5, atol=tol(dtype)["atol"] * 5)
    if I:
        np.testing.assert_allclose(N(gx), tt["x"].grad.numpy(), **t2)
        np.testing.assert_allclose(gwi, 1 + 0.5 * tt["w_ih"].grad.numpy(), **t2)
    np.testing.assert_allclose(N(ghx), tt["h"].grad.numpy(), **t2)
    np.testing.assert_allclose(N(gcx), tt["c"].grad.numpy(), **t2)
    np.testing.assert_allclose(gwh, 1 + 0.5 * tt["w_hh"].grad.numpy(), **t2)
    if bias:
        np.testing.assert_allclose(gbi, 1 + 0.5 * tt["b_ih"].grad.numpy(), **t2)
        np.testing.assert_allclose(gbh, 1 + 0.5 * tt["b_hh"].grad.numpy(), **t2)


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("bias", [True, False])
def test_gru_cell_against_torch(dtype, bias):
    rng = np.random.default_rng(11)
    B, I, H = 3, 5, 4
    w_ih, w_hh, b_ih, b_hh = params(rng, 3, I, H, dtype, bias)
    x, h = rng.standard_normal((B, I)).astype(dtype), rng.standard_normal((B, H)).astype(dtype)
    gh = rng.standard_normal((B, H)).astype(dtype)
    tt = {k: torch.tensor(v, requires_grad=True) for k, v in dict(x=x, h=h, w_ih=w_ih, w_hh=w_hh).items()}
    if bias:
        tt["b_ih"], tt["b_hh"] = torch.tensor(b_ih, requires_grad=True), torch.tensor(b_hh, requires_grad=True)
    hy_t = torch._VF.gru_cell(tt["x"], tt["h"], tt["w_ih"], tt["w_hh"], tt.get("b_ih"), tt.get("b_hh"))
    hy_t.backward(torch.tensor(gh))
    hy, ws = new(dtype), new(dtype)
    check(lib.tc_nn_gru_cell(hy, ws, T(noncontig(x)), T(h), T(w_ih), T(w_hh), opt(b_ih), opt(b_hh)))
    np.testing.assert_allclose(N(hy), hy_t.detach().numpy(), **tol(dtype))
    gx, ghx = new(dtype), new(dtype)
    gwi, gwh = np.zeros_like(w_ih), np.zeros_like(w_hh)
    gbi, gbh = np.zeros(3 * H, dtype), np.zeros(3 * H, dtype)
    check(lib.tc_nn_gru_cell_backward(gx, ghx, T(gwi), T(gwh), T(gbi) if bias else NULL, T(gbh) if bias else NULL,
                                      T(gh), T(x), T(h), T(w_ih), T(w_hh), ws, 1.0))
    t2 = dict(rtol=tol(dtype)["rtol"] * 5, atol=tol(dtype)["atol"] * 5)
    np.testing.assert_allclose(N(gx), tt["x"].grad.numpy(), **t2)
    np.testing.assert_allclose(N(ghx), tt["h"].grad.numpy(), **t2)
    np.testing.assert_allclose(gwi, tt["w_ih"].grad.numpy(), **t2)
    np.testing.assert_allclose(gwh, tt["w_hh"].grad.numpy(), **t2)
    if bias:
        np.testing.assert_allclose(gbi, tt["b_ih"].grad.numpy(), **t2)
        np.testing.assert_allclose(gbh, tt["b_hh"].grad.numpy(), **t2)


def test_lstm_finite_differences_and_grad_hy_only():
    rng = np.random.default_rng(2)
    B, I, H = 2, 3, 2
    w_ih, w_hh, b_ih, b_hh = params(rng, 4, I, H, np.float64)
    x, h, c = rng.standard_normal((B, I)), rng.standard_normal((B, H)), rng.standard_normal((B, H))
    gh = rng.standard_normal((B, H))
    hy, cy, ws = lstm(x, h, c, w_ih, w_hh, b_ih, b_hh)
    gx, ghx, gcx = new(np.float64), new(np.float64), new(np.float64)
    check(lib.tc_nn_lstm_cell_backward(gx, ghx, gcx, NULL, NULL, NULL, NULL, T(gh), NULL, T(x), T(h), T(c), T(w_ih),
                                       T(w_hh), cy, ws, 1.0))
    f = lambda v: float((N(lstm(v, h, c, w_ih, w_hh, b_ih, b_hh)[0]) * gh).sum())
    np.testing.assert_allclose(N(gx), numgrad(f, x), rtol=1e-6, atol=1e-8)
    f = lambda v: float((N(lstm(x, h, v, w_ih, w_hh, b_ih, b_hh)[0]) * gh).sum())
    np.testing.assert_allclose(N(gcx), numgrad(f, c), rtol=1e-6, atol=1e-8)


def test_rnn_errors():
    rng = np.random.default_rng(0)
    w_ih, w_hh, b_ih, b_hh = params(rng, 4, 3, 2, np.float64)
    x, h = np.zeros((2, 3)), np.zeros((2, 2))
    with pytest.raises(TensorCoreError, match=r"w_ih must be \(8, 4\)"):
        lstm(np.zeros((2, 4)), h, h, w_ih, w_hh, b_ih, b_hh)
    with pytest.raises(TensorCoreError, match="hx has batch 3 but the input has 2"):
        lstm(x, np.zeros((3, 2)), np.zeros((3, 2)), w_ih, w_hh, b_ih, b_hh)
    with pytest.raises(TensorCoreError, match="b_hh has 7 elements, expected 8"):
        lstm(x, h, h, w_ih, w_hh, b_ih, np.zeros(7))
    with pytest.raises(TensorCoreError, match="'cx' is NULL"):
        check(lib.tc_nn_lstm_cell(new(np.float64), new(np.float64), new(np.float64), T(x), T(h), NULL, T(w_ih),
                                  T(w_hh), NULL, NULL))
    with pytest.raises(TensorCoreError, match=r"w_hh must be \(6, 2\)"):
        check(lib.tc_nn_gru_cell(new(np.float64), new(np.float64), T(x), T(h), T(w_ih[:6]), T(w_hh), NULL, NULL))


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_precomputed_input_gates_match_full_cell(cell):
    rng = np.random.default_rng(5)
    G = 4 if cell == "lstm" else 3
    B, I, H = 3, 5, 4
    w_ih, w_hh, b_ih, b_hh = params(rng, G, I, H, np.float64)
    x, h, c = rng.standard_normal((B, I)), rng.standard_normal((B, H)), rng.standard_normal((B, H))
    gh = rng.standard_normal((B, H))
    xg = x @ w_ih.T   # what a frontend computes for all time steps in one GEMM
    outs = []
    for inp, wi in ((x, w_ih), (xg, None)):
        hy, ws, cy = new(np.float64), new(np.float64), new(np.float64)
        gx, ghx, gcx = new(np.float64), new(np.float64), new(np.float64)
        gbi, gwh = np.zeros(G * H), np.zeros_like(w_hh)
        wi_t = T(wi) if wi is not None else NULL
        if cell == "lstm":
            check(lib.tc_nn_lstm_cell(hy, cy, ws, T(inp), T(h), T(c), wi_t, T(w_hh), T(b_ih), T(b_hh)))
            check(lib.tc_nn_lstm_cell_backward(gx, ghx, gcx, NULL, T(gwh), T(gbi), NULL, T(gh), NULL, T(inp), T(h),
                                               T(c), wi_t, T(w_hh), cy, ws, 1.0))
        else:
            check(lib.tc_nn_gru_cell(hy, ws, T(inp), T(h), wi_t, T(w_hh), T(b_ih), T(b_hh)))
            check(lib.tc_nn_gru_cell_backward(gx, ghx, NULL, T(gwh), T(gbi), NULL, T(gh), T(inp), T(h), wi_t,
                                              T(w_hh), ws, 1.0))
        outs.append((N(hy), N(ghx), gbi, gwh, N(gx)))
    full, pre = outs
    for a, b in zip(full[:4], pre[:4]):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(pre[4] @ w_ih, full[4], rtol=1e-12, atol=1e-12)   # d(gates) W_ih = dx
    with pytest.raises(TensorCoreError, match="precomputed input gates"):
        check(lib.tc_nn_gru_cell(new(np.float64), new(np.float64), T(x), T(h), NULL, T(w_hh), NULL, NULL))


@pytest.mark.parametrize("scale", [1e-4, 1e-2, 1.0, 30.0])
def test_float32_fast_sigmoid_tanh_accuracy(scale):
    """The float32 cells use a vectorised exp; compare against float64 torch over tiny to saturated gates."""
    rng = np.random.default_rng(9)
    B, I, H = 4, 6, 8
    w_ih, w_hh, b_ih, b_hh = (a * scale for a in params(rng, 4, I, H, np.float64))
    x, h, c = rng.standard_normal((B, I)), rng.standard_normal((B, H)), rng.standard_normal((B, H)) * scale
    hy_ref, cy_ref = torch._VF.lstm_cell(torch.tensor(x), (torch.tensor(h), torch.tensor(c)), torch.tensor(w_ih),
                                         torch.tensor(w_hh), torch.tensor(b_ih), torch.tensor(b_hh))
    f32 = [a.astype(np.float32) for a in (x, h, c, w_ih, w_hh, b_ih, b_hh)]
    hy, cy, ws = lstm(*f32)
    np.testing.assert_allclose(N(hy), hy_ref.numpy(), rtol=2e-6, atol=1e-6 * scale)
    np.testing.assert_allclose(N(cy), cy_ref.numpy(), rtol=2e-6, atol=1e-6 * scale)
