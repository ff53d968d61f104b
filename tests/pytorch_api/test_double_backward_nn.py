"""create_graph=True through kernel-backed nn ops: second derivatives vs real torch (float64)."""
import numpy as np
import pytest
import torch

import pytorch_api as pt

rng = np.random.default_rng(0)
X = rng.standard_normal((2, 3, 6, 6))
W = rng.standard_normal((4, 3, 3, 3))
L = rng.standard_normal((5, 5))
TGT = np.array([1, 3])

CASES = {
    "relu": lambda T, F, x: F.relu(x) ** 2,
    "gelu": lambda T, F, x: F.gelu(x),
    "tanh": lambda T, F, x: T.tanh(x),
    "sigmoid": lambda T, F, x: T.sigmoid(x),
    "exp": lambda T, F, x: (x * 0.3).exp(),
    "softplus": lambda T, F, x: F.softplus(x),
    "softplus_beta": lambda T, F, x: F.softplus(x, beta=2.0, threshold=1.5),
    "elu": lambda T, F, x: F.elu(x),
    "elu_alpha": lambda T, F, x: F.elu(x, alpha=0.7) ** 2,
    "leaky_relu": lambda T, F, x: F.leaky_relu(x, 0.1) ** 2,
    "silu": lambda T, F, x: F.silu(x),
    "logsigmoid": lambda T, F, x: F.logsigmoid(x),
    "hardtanh": lambda T, F, x: F.hardtanh(x) ** 3,
    "softmax": lambda T, F, x: F.softmax(x.reshape(2, -1), 1) * T.arange(108., dtype=T.float64),
    "softmax_dim0": lambda T, F, x: F.softmax(x, 0) ** 2,
    "log_softmax": lambda T, F, x: F.log_softmax(x.reshape(2, -1), 1) ** 2,
    "mse": lambda T, F, x: F.mse_loss(x, x.detach() * 0 + 1),
    "nll": lambda T, F, x: F.nll_loss(F.log_softmax(x.reshape(2, -1)[:, :5], 1), T.tensor(TGT)),
    "cross_entropy": lambda T, F, x: F.cross_entropy(x.reshape(2, -1)[:, :5], T.tensor(TGT)),
    "cross_entropy_squared": lambda T, F, x: F.cross_entropy(x.reshape(2, -1)[:, :5], T.tensor(TGT)) ** 2,
    "nll_none_weighted": lambda T, F, x: F.nll_loss(x.reshape(2, -1)[:, :5], T.tensor(TGT), reduction="none",
                                                    weight=T.arange(1., 6., dtype=T.float64)).exp(),
    "linear": lambda T, F, x: F.linear(x.reshape(2, -1)[:, :5], T.tensor(L)) ** 2,
    "conv2d": lambda T, F, x: F.conv2d(x, T.tensor(W)) ** 2,
    "conv2d_stride_pad": lambda T, F, x: F.conv2d(x, T.tensor(W), stride=2, padding=1) ** 2,
    "max_pool2d": lambda T, F, x: F.max_pool2d(x, 2) ** 2,
    "max_pool2d_overlap": lambda T, F, x: F.max_pool2d(x, 3, stride=2, padding=1) ** 3,
    "avg_pool2d": lambda T, F, x: F.avg_pool2d(x, 2) ** 2,
    "group_norm": lambda T, F, x: F.group_norm(x.tanh(), 3, T.arange(1., 4., dtype=T.float64),
                                               T.arange(3., dtype=T.float64)) ** 3,
    "instance_norm": lambda T, F, x: F.instance_norm(x * 0.5) ** 3,
    "adaptive_avg_pool2d": lambda T, F, x: F.adaptive_avg_pool2d(x.tanh(), (4, 3)) ** 3,
    "pad_reflect": lambda T, F, x: F.pad(x.tanh(), (2, 1, 1, 2), mode="reflect") ** 3,
    "interpolate_bilinear": lambda T, F, x: F.interpolate(x.tanh(), scale_factor=1.5, mode="bilinear") ** 3,
    "avg_pool2d_pad": lambda T, F, x: F.avg_pool2d(x, 3, stride=2, padding=1, count_include_pad=False) ** 2,
}


def _second(T, f):
    F = T.nn.functional
    x = T.tensor(X, requires_grad=True)
    y = f(T, F, x).sum()
    g, = T.autograd.grad(y, x, create_graph=True)
    h, = T.autograd.grad((g * g).sum(), x)
    return g.detach().numpy(), h.numpy()


@pytest.mark.parametrize("name", list(CASES))
def test_second_derivative_matches_torch(name):
    ours = _second(pt, CASES[name])
    ref = _second(torch, CASES[name])
    for a, b in zip(ours, ref):
        np.testing.assert_allclose(a, b, rtol=1e-7, atol=1e-9)


def test_hessian_vector_product_finite_differences():
    F = pt.nn.functional
    v = pt.tensor(rng.standard_normal(10))

    def grad_at(a):
        x = pt.tensor(a, requires_grad=True)
        y = (F.log_softmax(F.gelu(x), 0) * pt.arange(10., dtype=pt.float64)).sum() + F.softplus(x).sum()
        g, = pt.autograd.grad(y, x, create_graph=True)
        return x, g

    a = rng.standard_normal(10)
    x, g = grad_at(a)
    hv, = pt.autograd.grad((g * v).sum(), x)
    eps = 1e-6
    fd = (grad_at(a + eps * v.numpy())[1].detach().numpy() - grad_at(a - eps * v.numpy())[1].detach().numpy()) / (2 * eps)
    np.testing.assert_allclose(hv.numpy(), fd, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("groups,stride", [(1, 1), (3, 2)])
def test_conv2d_gradient_penalty_matches_torch(groups, stride):
    w_np = rng.standard_normal((6, 3 // groups, 3, 3))
    b_np = rng.standard_normal(6)

    def run(T):
        F = T.nn.functional
        x = T.tensor(X, requires_grad=True)
        w = T.tensor(w_np, requires_grad=True)
        b = T.tensor(b_np, requires_grad=True)
        y = F.conv2d(F.tanh(x), w, b, stride=stride, padding=1, groups=groups)
        gx, gw = T.autograd.grad((y ** 2).sum(), (x, w), create_graph=True)
        pen = (gx ** 2).sum() + (gw ** 3).sum()
        return [t.numpy() for t in T.autograd.grad(pen, (x, w, b))]

    for a, b in zip(run(pt), run(torch)):
        np.testing.assert_allclose(a, b, rtol=1e-7, atol=1e-8)


@pytest.mark.parametrize("kind", ["batch_train", "batch_eval", "layer", "layer_leading_one"])
def test_norm_second_derivatives_match_torch(kind):
    x_np = rng.standard_normal((4, 3, 1, 5))
    w_np, b_np = rng.standard_normal(3), rng.standard_normal(3)
    rm_np, rv_np = rng.standard_normal(3), rng.random(3) + 0.5
    lw_np, lb_np = rng.standard_normal((1, 5)), rng.standard_normal((1, 5))

    def run(T):
        F = T.nn.functional
        x = T.tensor(x_np, requires_grad=True)
        if kind.startswith("batch"):
            w, b = T.tensor(w_np, requires_grad=True), T.tensor(b_np, requires_grad=True)
            y = F.batch_norm(x, T.tensor(rm_np), T.tensor(rv_np), w, b, training=kind == "batch_train")
        else:
            shape = (1, 5) if kind == "layer_leading_one" else (5,)
            w = T.tensor(lw_np.reshape(shape), requires_grad=True)
            b = T.tensor(lb_np.reshape(shape), requires_grad=True)
            y = F.layer_norm(x, shape, w, b)
        gx, gw = T.autograd.grad((y ** 3).sum(), (x, w), create_graph=True)
        pen = (gx ** 2).sum() + (gw ** 2).sum() + (gx * x).sum()
        return [t.numpy() for t in T.autograd.grad(pen, (x, w, b))]

    for a, b in zip(run(pt), run(torch)):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-8)


def test_conv_transpose2d_gradient_penalty_matches_torch():
    x_np = rng.standard_normal((2, 4, 3, 3))
    w_np = rng.standard_normal((4, 3, 3, 3))

    def run(T):
        F = T.nn.functional
        x = T.tensor(x_np, requires_grad=True)
        w = T.tensor(w_np, requires_grad=True)
        y = F.conv_transpose2d(F.tanh(x), w, stride=2, padding=1, output_padding=1)
        gx, gw = T.autograd.grad((y ** 2).sum(), (x, w), create_graph=True)
        pen = (gx ** 2).sum() + (gw ** 3).sum()
        return [t.numpy() for t in T.autograd.grad(pen, (x, w))]

    for a, b in zip(run(pt), run(torch)):
        np.testing.assert_allclose(a, b, rtol=1e-7, atol=1e-8)


@pytest.mark.parametrize("kind", ["lstm", "gru"])
def test_recurrent_gradient_penalty_matches_torch(kind):
    x_np = rng.standard_normal((4, 2, 3))

    def run(T):
        T.manual_seed(0)
        m = (T.nn.LSTM if kind == "lstm" else T.nn.GRU)(3, 5, num_layers=2).double()
        with T.no_grad():
            for i, p in enumerate(m.parameters()):
                p.copy_(T.tensor(np.cos(np.arange(p.numel()) * 0.37 + i).reshape(tuple(p.shape)) * 0.4))
        x = T.tensor(x_np, requires_grad=True)
        y = m(x)[0]
        gx, = T.autograd.grad((y ** 2).sum(), x, create_graph=True)
        pen = (gx ** 2).sum()
        return [t.numpy() for t in T.autograd.grad(pen, [x] + list(m.parameters()))]

    for a, b in zip(run(pt), run(torch)):
        np.testing.assert_allclose(a, b, rtol=1e-7, atol=1e-9)
