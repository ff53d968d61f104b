"""nn, functional, optim: same numpy-made weights in both libraries give PyTorch's outputs, losses and grads."""
import numpy as np
import pytest
import torch as real_torch

import pytorch_api as torch
from pyapi_helpers import close, rng  # noqa: F401

F, RF = torch.nn.functional, real_torch.nn.functional


def copy_weights(ours, theirs):
    """Copies PyTorch's initial weights into ours (the numpy interchange) so both start equal."""
    sd = {k: torch.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()}
    ours.load_state_dict(sd)


def pair(a, requires_grad=False):
    return torch.tensor(a, requires_grad=requires_grad), real_torch.tensor(a, requires_grad=requires_grad)


@pytest.mark.parametrize("name,args,kw", [
    ("relu", (), {}), ("gelu", (), {}), ("gelu", (), {"approximate": "tanh"}), ("silu", (), {}), ("elu", (), {}),
    ("leaky_relu", (0.2,), {}), ("softplus", (), {"beta": 2.0}), ("hardtanh", (), {}), ("relu6", (), {}),
    ("logsigmoid", (), {}), ("mish", (), {}), ("hardswish", (), {}), ("softmax", (1,), {}), ("log_softmax", (0,), {}),
    ("sigmoid", (), {}), ("tanh", (), {}), ("normalize", (), {}), ("selu", (), {}),
])
def test_activations(name, args, kw, rng):
    x, rx = pair(rng.standard_normal((4, 5)) * 3, True)
    y, ry = getattr(F, name)(x, *args, **kw), getattr(RF, name)(rx, *args, **kw)
    close(y, ry)
    w = rng.standard_normal((4, 5))
    (y * torch.tensor(w)).sum().backward()
    (ry * real_torch.tensor(w)).sum().backward()
    close(x.grad, rx.grad)


LOSSES = [
    ("mse_loss", {}), ("l1_loss", {"reduction": "sum"}), ("smooth_l1_loss", {"beta": 0.5}), ("huber_loss", {"delta": 0.7}),
    ("binary_cross_entropy", {}), ("binary_cross_entropy_with_logits", {}), ("kl_div", {"reduction": "batchmean"}),
    ("mse_loss", {"reduction": "none"}),
]


@pytest.mark.parametrize("name,kw", LOSSES)
def test_pointwise_losses(name, kw, rng):
    a = rng.uniform(0.05, 0.95, (4, 3))
    t = rng.uniform(0.05, 0.95, (4, 3))
    if name == "kl_div":
        a = np.log(a)
    x, rx = pair(a, True)
    y, ry = pair(t)
    loss, rloss = getattr(F, name)(x, y, **kw), getattr(RF, name)(rx, ry, **kw)
    close(loss, rloss)
    loss.sum().backward()
    rloss.sum().backward()
    close(x.grad, rx.grad)


@pytest.mark.parametrize("kw", [{}, {"label_smoothing": 0.2}, {"ignore_index": 1}, {"reduction": "sum"},
                                {"reduction": "none"}, {"weight": [1.0, 2.0, 0.5, 1.0]},
                                {"weight": [1.0, 2.0, 0.5, 1.0], "label_smoothing": 0.1}])
@pytest.mark.parametrize("spatial", [False, True])
def test_cross_entropy_and_nll(kw, spatial, rng):
    shape = (3, 4, 2, 2) if spatial else (5, 4)
    tshape = (3, 2, 2) if spatial else (5,)
    x, rx = pair(rng.standard_normal(shape), True)
    tg = rng.integers(0, 4, tshape)
    t, rt = torch.tensor(tg), real_torch.tensor(tg)
    okw, rkw = dict(kw), dict(kw)
    if "weight" in kw:
        okw["weight"] = torch.tensor(kw["weight"], dtype=torch.float64)
        rkw["weight"] = real_torch.tensor(kw["weight"], dtype=real_torch.float64)
    loss, rloss = F.cross_entropy(x, t, **okw), RF.cross_entropy(rx, rt, **rkw)
    close(loss, rloss)
    loss.sum().backward()
    rloss.sum().backward()
    close(x.grad, rx.grad)
    if "label_smoothing" not in kw:
        close(F.nll_loss(x.log_softmax(1), t, **okw), RF.nll_loss(rx.log_softmax(1), rt, **rkw))


def test_cross_entropy_probability_targets(rng):
    x, rx = pair(rng.standard_normal((4, 3)), True)
    p = rng.dirichlet(np.ones(3), 4)
    close(F.cross_entropy(x, torch.tensor(p)), RF.cross_entropy(rx, real_torch.tensor(p)))


@pytest.mark.parametrize("make", [
    lambda nn: nn.Conv1d(2, 3, 3, stride=2, padding=1),
    lambda nn: nn.Conv2d(2, 4, 3, padding=1, groups=2),
    lambda nn: nn.Conv2d(2, 3, (2, 3), stride=(2, 1), dilation=(1, 2), bias=False),
    lambda nn: nn.Conv3d(2, 2, 2),
    lambda nn: nn.ConvTranspose2d(2, 3, 3, stride=2, padding=1, output_padding=1),
    lambda nn: nn.MaxPool2d(2), lambda nn: nn.MaxPool2d(3, 2, 1, ceil_mode=True), lambda nn: nn.AvgPool2d(2),
    lambda nn: nn.AvgPool2d(3, 2, 1, count_include_pad=False), lambda nn: nn.AdaptiveAvgPool2d((2, 3)),
    lambda nn: nn.AdaptiveMaxPool2d(3), lambda nn: nn.MaxPool1d(2), lambda nn: nn.AvgPool3d(2),
    lambda nn: nn.BatchNorm2d(2), lambda nn: nn.GroupNorm(1, 2), lambda nn: nn.LayerNorm([5, 6]),
])
def test_spatial_modules(make, rng):
    m, rm = make(torch.nn), make(real_torch.nn)
    copy_weights(m, rm)
    n = {"Conv1d": 1, "MaxPool1d": 1, "Conv3d": 3, "AvgPool3d": 3}.get(type(rm).__name__, 2)
    shape = {1: (2, 2, 9), 2: (2, 2, 5, 6), 3: (2, 2, 4, 4, 4)}[n]
    x, rx = pair(rng.standard_normal(shape), True)
    m.double() if hasattr(m, "double") else None
    rm.double()
    copy_weights(m, rm)
    y, ry = m(x), rm(rx)
    close(y, ry)
    y.sum().backward() if True else None
    (ry.sum()).backward()
    close(x.grad, rx.grad)
    for (k, p), (rk, rp) in zip(m.named_parameters(), rm.named_parameters()):
        assert k == rk
        close(p.grad, rp.grad)
    for (k, b), (rk, rb) in zip(m.named_buffers(), rm.named_buffers()):
        close(b, rb)


def test_module_api_and_repr():
    def build(nn):
        return nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                             nn.Linear(4 * 4 * 4, 10), nn.Dropout(0.5), nn.BatchNorm1d(10))
    m, rm = build(torch.nn), build(real_torch.nn)
    assert repr(m) == repr(rm)
    assert [k for k, _ in m.named_parameters()] == [k for k, _ in rm.named_parameters()]
    assert list(m.state_dict()) == list(rm.state_dict())
    assert [k for k, _ in m.named_modules()] == [k for k, _ in rm.named_modules()]
    m.eval()
    assert not m[5].training and not m.training
    copy_weights(m, rm)
    rm.eval()
    x = np.random.default_rng(1).standard_normal((2, 1, 8, 8)).astype(np.float32)
    close(m(torch.tensor(x)), rm(real_torch.tensor(x)), rtol=1e-4, atol=1e-5)
    sd = m.state_dict()
    del sd["0.weight"]
    with pytest.raises(RuntimeError, match='Missing key\\(s\\) in state_dict: "0.weight"'):
        m.load_state_dict(sd)
    m.load_state_dict(sd, strict=False)
    calls = []
    h = m[0].register_forward_hook(lambda mod, inp, out: calls.append(out.shape))
    m(torch.tensor(x))
    h.remove()
    m(torch.tensor(x))
    assert calls == [torch.Size([2, 4, 8, 8])]
    assert repr(torch.nn.Linear(2, 3).weight).startswith("Parameter containing:\ntensor(")


def test_embedding(rng):
    e, re_ = torch.nn.Embedding(10, 3, padding_idx=0), real_torch.nn.Embedding(10, 3, padding_idx=0)
    copy_weights(e, re_)
    idx = rng.integers(0, 10, (4, 5))
    y, ry = e(torch.tensor(idx)), re_(real_torch.tensor(idx))
    close(y, ry)
    (y * y).sum().backward()
    (ry * ry).sum().backward()
    close(e.weight.grad, re_.weight.grad)


def _regression(T, opt_name, opt_kw, steps=6):
    rng = np.random.default_rng(7)
    X = rng.standard_normal((32, 5)).astype(np.float32)
    Y = (X @ rng.standard_normal((5, 2)) + 0.1).astype(np.float32)
    W1 = rng.standard_normal((8, 5)).astype(np.float32) * 0.3
    W2 = rng.standard_normal((2, 8)).astype(np.float32) * 0.3
    nn = T.nn
    model = nn.Sequential(nn.Linear(5, 8), nn.Tanh(), nn.Linear(8, 2))
    with T.no_grad():
        model[0].weight.copy_(T.tensor(W1))
        model[0].bias.zero_()
        model[2].weight.copy_(T.tensor(W2))
        model[2].bias.fill_(0.05)
    opt = getattr(T.optim, opt_name)(model.parameters(), **opt_kw)
    losses = []
    x, y = T.tensor(X), T.tensor(Y)
    for _ in range(steps):
        opt.zero_grad()
        loss = nn.MSELoss()(model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


@pytest.mark.parametrize("opt,kw", [("SGD", {"lr": 0.1}), ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
                                    ("SGD", {"lr": 0.05, "momentum": 0.9, "weight_decay": 0.01, "dampening": 0.1}),
                                    ("Adam", {"lr": 0.01}), ("AdamW", {"lr": 0.01, "weight_decay": 0.1}),
                                    ("Adam", {"lr": 0.01, "amsgrad": True, "weight_decay": 0.01})])
def test_training_matches_pytorch(opt, kw):
    ours = _regression(torch, opt, kw)
    theirs = _regression(real_torch, opt, kw)
    np.testing.assert_allclose(ours, theirs, rtol=1e-4)
    assert ours[-1] < ours[0]


def test_polynomial_fit_manual_updates():
    def run(T):
        x = T.linspace(-1, 1, 50)
        y = 0.5 + 2 * x - 3 * x ** 2
        w = T.zeros(3, requires_grad=True)
        for _ in range(20):
            pred = w[0] + w[1] * x + w[2] * x ** 2
            loss = ((pred - y) ** 2).mean()
            loss.backward()
            with T.no_grad():
                w -= 0.2 * w.grad
                w.grad.zero_()
        return loss.item(), w.detach().numpy().copy()
    (l1, w1), (l2, w2) = run(torch), run(real_torch)
    assert abs(l1 - l2) < 1e-5
    np.testing.assert_allclose(w1, w2, rtol=1e-5, atol=1e-6)


def test_optimizer_state_dict_round_trip():
    p = torch.nn.Parameter(torch.ones(3))
    opt = torch.optim.Adam([p], lr=0.1)
    (p * p).sum().backward()
    opt.step()
    sd = opt.state_dict()
    assert sd["param_groups"][0]["params"] == [0] and set(sd["state"][0]) == {"step", "exp_avg", "exp_avg_sq"}
    opt2 = torch.optim.Adam([p], lr=0.5)
    opt2.load_state_dict(sd)
    assert opt2.param_groups[0]["lr"] == 0.1
