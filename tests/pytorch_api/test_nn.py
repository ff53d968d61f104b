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


@pytest.mark.parametrize("opt,kw", [("RMSprop", {"lr": 0.01}), ("RMSprop", {"lr": 0.01, "momentum": 0.5, "centered": True}),
                                    ("Adagrad", {"lr": 0.1, "lr_decay": 0.01}), ("Adadelta", {"lr": 1.0}),
                                    ("Adamax", {"lr": 0.01, "weight_decay": 0.01})])
def test_more_optimizers_match_pytorch(opt, kw):
    np.testing.assert_allclose(_regression(torch, opt, kw), _regression(real_torch, opt, kw), rtol=1e-4)


def test_lbfgs_matches_pytorch():
    def run(T):
        w = T.tensor([1.5, -0.5], requires_grad=True)
        opt = T.optim.LBFGS([w], lr=0.5, max_iter=10, history_size=5)

        def closure():
            opt.zero_grad()
            loss = (1 - w[0]) ** 2 + 10 * (w[1] - w[0] ** 2) ** 2
            loss.backward()
            return loss
        losses = [float(opt.step(closure)) for _ in range(3)]
        return losses, w.detach().numpy().copy()
    (l1, w1), (l2, w2) = run(torch), run(real_torch)
    np.testing.assert_allclose(l1, l2, rtol=1e-4)
    np.testing.assert_allclose(w1, w2, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("make", [
    lambda S, o: S.StepLR(o, 2, 0.5), lambda S, o: S.MultiStepLR(o, [1, 3, 3], 0.1), lambda S, o: S.ExponentialLR(o, 0.9),
    lambda S, o: S.CosineAnnealingLR(o, 4, 0.01), lambda S, o: S.LambdaLR(o, lambda e: 1 / (e + 1)),
])
def test_lr_schedulers(make):
    def run(T):
        p = T.nn.Parameter(T.ones(1))
        o = T.optim.SGD([p], lr=0.1)
        s = make(T.optim.lr_scheduler, o)
        lrs = []
        for _ in range(9):
            o.step()
            s.step()
            lrs.append(o.param_groups[0]["lr"])
        return lrs
    np.testing.assert_allclose(run(torch), run(real_torch), rtol=1e-12)


def test_reduce_lr_on_plateau():
    def run(T):
        p = T.nn.Parameter(T.ones(1))
        o = T.optim.SGD([p], lr=1.0)
        s = T.optim.lr_scheduler.ReduceLROnPlateau(o, patience=1, factor=0.5, cooldown=1)
        out = []
        for m in [5, 4, 4, 4, 4, 4, 3, 3, 3, 3]:
            s.step(m)
            out.append(o.param_groups[0]["lr"])
        return out
    assert run(torch) == run(real_torch)


def test_save_load_round_trip_with_pytorch(tmp_path, rng):
    m = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4))
    obj = {"model": m.state_dict(), "step": 7, "view": torch.arange(10.)[2:8:2], "ints": torch.tensor([1, 2], dtype=torch.int32)}
    path = tmp_path / "ours.pt"
    torch.save(obj, path)
    theirs = real_torch.load(path, weights_only=True)
    assert theirs["step"] == 7 and list(theirs["model"]) == list(m.state_dict())
    for k, v in m.state_dict().items():
        close(v, theirs["model"][k])
    close(obj["view"], theirs["view"])
    close(obj["ints"], theirs["ints"])
    rm = real_torch.nn.Sequential(real_torch.nn.Linear(3, 4), real_torch.nn.BatchNorm1d(4))
    rpath = tmp_path / "theirs.pt"
    real_torch.save({"sd": rm.state_dict(), "p": real_torch.nn.Parameter(real_torch.ones(2)),
                     "t": real_torch.arange(12).view(3, 4).t()}, rpath)
    back = torch.load(rpath)
    m.load_state_dict(back["sd"])
    for k, v in rm.state_dict().items():
        close(m.state_dict()[k], v)
    assert isinstance(back["p"], torch.nn.Parameter) and back["p"].requires_grad
    close(back["t"], real_torch.arange(12).view(3, 4).t())


def test_load_refuses_arbitrary_globals(tmp_path):
    import zipfile
    path = tmp_path / "evil.pt"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("evil/data.pkl", b"\x80\x02cos\nsystem\nq\x00X\x04\x00\x00\x00trueq\x01\x85q\x02Rq\x03.")
    import pickle
    with pytest.raises(pickle.UnpicklingError, match="unsupported global os.system"):
        torch.load(path)


def test_dataloader_and_datasets():
    from pytorch_api.utils.data import TensorDataset, DataLoader, random_split
    x, y = torch.arange(20.).view(10, 2), torch.arange(10)
    ds = TensorDataset(x, y)
    batches = list(DataLoader(ds, batch_size=4, drop_last=True))
    assert len(batches) == 2 and batches[0][0].shape == (4, 2) and batches[1][1].tolist() == [4, 5, 6, 7]
    seen = [int(v) for _, yb in DataLoader(ds, batch_size=3, shuffle=True,
                                            generator=torch.Generator().manual_seed(1)) for v in yb]
    assert sorted(seen) == list(range(10)) and seen != list(range(10))
    again = [int(v) for _, yb in DataLoader(ds, batch_size=3, shuffle=True,
                                             generator=torch.Generator().manual_seed(1)) for v in yb]
    assert seen == again
    a, b = random_split(ds, [7, 3], generator=torch.Generator().manual_seed(0))
    assert len(a) == 7 and len(b) == 3 and not set(a.indices) & set(b.indices)
    d = list(DataLoader([{"x": torch.ones(2), "n": 1.5}] * 3, batch_size=2))
    assert d[0]["x"].shape == (2, 2) and d[0]["n"].dtype is torch.float64


@pytest.mark.parametrize("make,kind", [
    (lambda nn: nn.LSTM(3, 4), "lstm"), (lambda nn: nn.GRU(3, 4, num_layers=2, batch_first=True), "gru"),
    (lambda nn: nn.LSTM(3, 4, num_layers=2, bidirectional=True), "lstm"),
    (lambda nn: nn.RNN(3, 4, nonlinearity="relu", bidirectional=True), "rnn"),
    (lambda nn: nn.GRU(3, 4, bias=False), "gru"),
])
def test_recurrent_modules(make, kind, rng):
    m, rm = make(torch.nn), make(real_torch.nn)
    assert repr(m) == repr(rm)
    assert list(m.state_dict()) == list(rm.state_dict())
    m.double()
    rm.double()
    copy_weights(m, rm)
    x, rx = pair(rng.standard_normal((5, 2, 3)), True)
    (y, st), (ry, rst) = m(x), rm(rx)
    close(y, ry)
    loss = y.pow(2).sum() + (st[0].sum() + st[1].sum() if kind == "lstm" else st.sum())
    rloss = ry.pow(2).sum() + (rst[0].sum() + rst[1].sum() if kind == "lstm" else rst.sum())
    loss.backward()
    rloss.backward()
    close(x.grad, rx.grad)
    for (k, p), (_, rp) in zip(m.named_parameters(), rm.named_parameters()):
        close(p.grad, rp.grad)


@pytest.mark.parametrize("cls", ["LSTMCell", "GRUCell", "RNNCell"])
def test_cells(cls, rng):
    m, rm = getattr(torch.nn, cls)(3, 4).double(), getattr(real_torch.nn, cls)(3, 4).double()
    copy_weights(m, rm)
    x, rx = pair(rng.standard_normal((2, 3)), True)
    y, ry = m(x), rm(rx)
    y, ry = (y[0] + y[1], ry[0] + ry[1]) if cls == "LSTMCell" else (y, ry)
    close(y, ry)
    y.sum().backward()
    ry.sum().backward()
    close(x.grad, rx.grad)
    close(m.weight_hh.grad, rm.weight_hh.grad)


@pytest.mark.parametrize("make,shape", [
    (lambda nn: nn.Upsample(scale_factor=2), (1, 2, 3, 4)),
    (lambda nn: nn.Upsample(size=(5, 7), mode="bilinear", align_corners=False), (1, 2, 3, 4)),
    (lambda nn: nn.Upsample(scale_factor=1.5, mode="bilinear", align_corners=True), (1, 2, 3, 4)),
    (lambda nn: nn.Upsample(scale_factor=2, mode="linear"), (2, 2, 5)),
    (lambda nn: nn.ReflectionPad2d((1, 2, 0, 1)), (1, 2, 3, 4)), (lambda nn: nn.ReplicationPad1d(2), (2, 2, 5)),
    (lambda nn: nn.ZeroPad2d(1), (1, 2, 3, 4)), (lambda nn: nn.ConstantPad1d((1, 0), 2.5), (2, 2, 5)),
    (lambda nn: nn.CircularPad2d(1), (1, 2, 3, 4)), (lambda nn: nn.PixelShuffle(2), (1, 8, 3, 2)),
    (lambda nn: nn.PixelUnshuffle(2), (1, 2, 4, 6)), (lambda nn: nn.InstanceNorm2d(2, affine=True), (2, 2, 3, 4)),
    (lambda nn: nn.InstanceNorm1d(2, track_running_stats=True), (3, 2, 5)),
])
def test_resampling_padding_and_instance_norm(make, shape, rng):
    m, rm = make(torch.nn), make(real_torch.nn)
    assert repr(m) == repr(rm)
    copy_weights(m, rm)
    x, rx = pair(rng.standard_normal(shape).astype(np.float32), True)
    y, ry = m(x), rm(rx)
    close(y, ry, rtol=1e-5, atol=1e-5)
    w = rng.standard_normal(tuple(ry.shape)).astype(np.float32)
    (y * torch.tensor(w)).sum().backward()
    (ry * real_torch.tensor(w)).sum().backward()
    close(x.grad, rx.grad, rtol=1e-4, atol=1e-5)
    for (k, b), (_, rb) in zip(m.named_buffers(), rm.named_buffers()):
        close(b, rb, rtol=1e-5, atol=1e-6)


def test_bilinear_and_margin_losses(rng):
    b, rb = torch.nn.Bilinear(3, 4, 2), real_torch.nn.Bilinear(3, 4, 2)
    copy_weights(b, rb)
    x1, rx1 = pair(rng.standard_normal((5, 3)).astype(np.float32), True)
    x2, rx2 = pair(rng.standard_normal((5, 4)).astype(np.float32), True)
    close(b(x1, x2), rb(rx1, rx2), rtol=1e-5, atol=1e-5)
    t = rng.choice([-1.0, 1.0], 5).astype(np.float32)
    tt, rtt = torch.tensor(t), real_torch.tensor(t)
    a, ra = x1[:, 0], rx1[:, 0]
    c, rc = x2[:, 0], rx2[:, 0]
    cases = [(F.margin_ranking_loss(a, c, tt, 0.3), RF.margin_ranking_loss(ra, rc, rtt, 0.3)),
             (F.hinge_embedding_loss(a, tt), RF.hinge_embedding_loss(ra, rtt)),
             (F.soft_margin_loss(a, tt), RF.soft_margin_loss(ra, rtt)),
             (F.cosine_embedding_loss(x1, x1 * 2 + 1, tt), RF.cosine_embedding_loss(rx1, rx1 * 2 + 1, rtt)),
             (F.multi_margin_loss(x2, torch.tensor([0, 1, 2, 3, 0])), RF.multi_margin_loss(rx2, real_torch.tensor([0, 1, 2, 3, 0]))),
             (F.triplet_margin_loss(x1, x1 + 1, x1 * 2), RF.triplet_margin_loss(rx1, rx1 + 1, rx1 * 2))]
    for ours, theirs in cases:
        close(ours, theirs, rtol=1e-5, atol=1e-6)
    sum(o for o, _ in cases).backward()
    sum(r for _, r in cases).backward()
    close(x1.grad, rx1.grad, rtol=1e-4, atol=1e-5)
    close(x2.grad, rx2.grad, rtol=1e-4, atol=1e-5)


def test_clip_grad_norm_and_value(rng):
    a = rng.standard_normal((3, 4)).astype(np.float32)
    ps = [torch.nn.Parameter(torch.tensor(a)), torch.nn.Parameter(torch.tensor(a[0]))]
    rps = [real_torch.nn.Parameter(real_torch.tensor(a)), real_torch.nn.Parameter(real_torch.tensor(a[0]))]
    for p, rp in zip(ps, rps):
        (p * p * 3).sum().backward()
        (rp * rp * 3).sum().backward()
    close(torch.nn.utils.clip_grad_norm_(ps, 1.0), real_torch.nn.utils.clip_grad_norm_(rps, 1.0), rtol=1e-5)
    for p, rp in zip(ps, rps):
        close(p.grad, rp.grad, rtol=1e-5, atol=1e-7)
    torch.nn.utils.clip_grad_value_(ps, 0.05)
    real_torch.nn.utils.clip_grad_value_(rps, 0.05)
    close(ps[0].grad, rps[0].grad, rtol=1e-5, atol=1e-7)
    close(torch.nn.utils.parameters_to_vector(ps), real_torch.nn.utils.parameters_to_vector(rps))


def test_small_cnn_training_matches_pytorch():
    """End to end: the same numpy-made weights in both libraries give PyTorch's losses over SGD steps."""
    def run(T):
        rng = np.random.default_rng(3)
        nn = T.nn
        model = nn.Sequential(nn.Conv2d(1, 3, 3, padding=1), nn.BatchNorm2d(3), nn.ReLU(), nn.MaxPool2d(2),
                              nn.Conv2d(3, 4, 3), nn.Tanh(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4, 3))
        with T.no_grad():
            for p in model.parameters():
                p.copy_(T.tensor(rng.standard_normal(tuple(p.shape)).astype(np.float32) * 0.3))
        opt = T.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
        x = T.tensor(rng.standard_normal((6, 1, 10, 10)).astype(np.float32))
        y = T.tensor(rng.integers(0, 3, 6))
        losses = []
        for _ in range(5):
            opt.zero_grad()
            loss = T.nn.functional.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
            losses.append(loss.item())
        model.eval()
        with T.no_grad():
            out = model(x).numpy().copy()
        return losses, out
    (l1, o1), (l2, o2) = run(torch), run(real_torch)
    np.testing.assert_allclose(l1, l2, rtol=1e-4)
    np.testing.assert_allclose(o1, o2, rtol=1e-3, atol=1e-4)


@pytest.mark.parametrize("affine,bias", [(True, True), (True, False), (False, True), (False, False)])
def test_group_norm_bias_option_matches_torch(affine, bias):
    import torch as T
    ours = torch.nn.GroupNorm(2, 4, affine=affine, bias=bias)
    ref = T.nn.GroupNorm(2, 4, affine=affine, bias=bias)
    assert repr(ours) == repr(ref)
    assert sorted(n for n, _ in ours.named_parameters()) == sorted(n for n, _ in ref.named_parameters())
    x = np.random.default_rng(0).standard_normal((3, 4, 5)).astype(np.float32)
    if affine:
        with T.no_grad():
            ref.weight.uniform_()
        ours.weight.data.copy_(torch.from_numpy(ref.weight.detach().numpy().copy()))
    np.testing.assert_allclose(ours(torch.from_numpy(x)).detach().numpy(),
                               ref(T.from_numpy(x)).detach().numpy(), rtol=1e-5, atol=1e-6)


def test_zero_dim_tensors_view_and_reshape():
    import torch as T
    for shape in [(1,), (1, 1), (-1,), (1, -1, 1)]:
        a, r = torch.tensor(3.5), T.tensor(3.5)
        assert a.view(*shape).shape == tuple(r.view(*shape).shape)
        assert a.reshape(*shape).tolist() == r.reshape(*shape).tolist()
    x = torch.tensor(2.0, requires_grad=True)
    (x.view(1) * 3).sum().backward()
    assert x.grad.item() == 3.0
    with pytest.raises(RuntimeError, match="invalid"):
        torch.tensor(1.0).view(2)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("batched", [True, False])
def test_multilabel_margin_loss_matches_torch(reduction, batched):
    import torch as T
    r = np.random.default_rng(3)
    x = r.standard_normal((4, 6) if batched else (6,))
    t = np.full(x.shape, -1, dtype=np.int64)
    if batched:
        t[0, :2] = [3, 1]; t[1, :1] = [5]; t[2, :3] = [0, 2, 4]; t[3, :6] = [0, 1, 2, 3, 4, 5]
    else:
        t[:2] = [2, 0]
    xt, xp = T.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    a = T.nn.functional.multilabel_margin_loss(xt, T.tensor(t), reduction=reduction)
    b = torch.nn.functional.multilabel_margin_loss(xp, torch.tensor(t), reduction=reduction)
    np.testing.assert_allclose(b.detach().numpy(), a.detach().numpy(), rtol=1e-12)
    a.sum().backward()
    b.sum().backward()
    np.testing.assert_allclose(xp.grad.numpy(), xt.grad.numpy(), rtol=1e-12)


def test_whole_module_save_and_trusted_load(tmp_path):
    m = torch.nn.Sequential(torch.nn.Conv2d(2, 3, 3), torch.nn.BatchNorm2d(3), torch.nn.ReLU(), torch.nn.Flatten(),
                            torch.nn.Linear(12, 2))
    m.eval()
    x = torch.randn(2, 2, 4, 4)
    path = tmp_path / "whole.pt"
    torch.save(m, path)
    with pytest.raises(Exception, match="weights_only=False"):
        torch.load(path)                                  # the safe default refuses classes, saying how to proceed
    back = torch.load(path, weights_only=False)
    assert type(back) is torch.nn.Sequential and back.training is False
    close(back(x), m(x))
    assert [k for k, _ in back.named_parameters()] == [k for k, _ in m.named_parameters()]
    # the loaded module owns its weights and keeps training
    opt = torch.optim.SGD(back.parameters(), lr=0.1)
    before = back[4].weight.detach().clone()
    back(x).sum().backward()
    opt.step()
    assert (back[4].weight - before).abs().max().item() > 0
    close(m[4].weight, torch.load(path, weights_only=False)[4].weight)
