"""nn kernels of the C core beside PyTorch CPU, one thread:

    OMP_NUM_THREADS=1 python benchmarks/bench_nn_ops.py

Cases (forward + backward each): log-softmax + NLL over 128x1000, training batch norm on
64x64x56x56 float32, one LSTM cell step (batch 32, input 128, hidden 128); then a few float32
activation forwards over 2^20 elements.  `torch` is the
autograd path users run; `torch-aten` calls the same ATen kernels directly (no autograd graph).
"""
from __future__ import annotations

import os
import sys

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

from benchmarks.timing import best_time, print_table, try_import_torch  # noqa: E402
from tensor_core import ffi, lib, check  # noqa: E402
from tensor_core.nd import from_numpy, dtype_code  # noqa: E402

NULL = ffi.NULL


ROUNDS = 3  # the machine is shared: alternate the contenders and keep each one's best round


def race(fns, repeat=5):
    """{name: seconds} for each callable, best of ROUNDS interleaved best_time runs."""
    best = {}
    for _ in range(ROUNDS):
        for name, fn in fns.items():
            t = best_time(fn, repeat=repeat)
            best[name] = min(best.get(name, t), t)
    return best


def new(dtype):
    return ffi.gc(lib.tc_tensor_new(dtype_code(dtype)), lib.tc_tensor_release)


def bench_logsoftmax_nll(torch, rows):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((128, 1000)).astype(np.float32)
    t = rng.integers(0, 1000, 128).astype(np.int64)
    X, Tt = from_numpy(x), from_numpy(t)
    ls, out, tw, gls, gi = (new(np.float32) for _ in range(5))
    go = from_numpy(np.ones((), np.float32))

    def ours():
        check(lib.tc_nn_log_softmax(ls, X, 1))
        check(lib.tc_nn_nll_loss(out, tw, ls, Tt, NULL, lib.TC_REDUCTION_MEAN, -100, 0.0, 0))
        check(lib.tc_nn_nll_loss_backward(gls, go, ls, Tt, NULL, lib.TC_REDUCTION_MEAN, -100, 0.0, 0, tw))
        check(lib.tc_nn_log_softmax_backward(gi, gls, ls, 1))

    fns = {"ours": ours}
    if torch:
        F = torch.nn.functional
        xt, tt = torch.tensor(x, requires_grad=True), torch.tensor(t)

        def ta():
            xt.grad = None
            F.nll_loss(F.log_softmax(xt, 1), tt).backward()

        aten = torch.ops.aten
        xd = torch.tensor(x)
        gt = torch.ones(())

        def tb():
            l = aten._log_softmax(xd, 1, False)
            o, w = aten.nll_loss_forward(l, tt, None, 1, -100)
            g = aten.nll_loss_backward(gt, l, tt, None, 1, -100, w)
            aten._log_softmax_backward_data(g, l, 1, torch.float32)

        fns["torch"], fns["torch-aten"] = ta, tb
    rows.append(("log_softmax+nll fwd+bwd 128x1000 f32", race(fns)))


def bench_batchnorm(torch, rows):
    rng = np.random.default_rng(1)
    shape = (64, 64, 56, 56)
    x = rng.standard_normal(shape, dtype=np.float32)
    go = rng.standard_normal(shape, dtype=np.float32)
    w, b = np.ones(64, np.float32), np.zeros(64, np.float32)
    rm, rv = np.zeros(64, np.float32), np.ones(64, np.float32)
    X, GO, W, B, RM, RV = (from_numpy(a) for a in (x, go, w, b, rm, rv))
    out, sm, si, gi = (new(np.float32) for _ in range(4))
    gw, gb = from_numpy(np.zeros(64, np.float32)), from_numpy(np.zeros(64, np.float32))

    def ours():
        check(lib.tc_nn_batch_norm(out, sm, si, X, W, B, RM, RV, 1, 0.1, 1e-5))
        check(lib.tc_nn_batch_norm_backward(gi, gw, gb, GO, X, W, NULL, NULL, sm, si, 1, 1e-5, 1.0))

    fns = {"ours": ours}
    if torch:
        F = torch.nn.functional
        xt = torch.tensor(x, requires_grad=True)
        wt, bt = torch.tensor(w, requires_grad=True), torch.tensor(b, requires_grad=True)
        rmt, rvt, got = torch.tensor(rm), torch.tensor(rv), torch.tensor(go)

        def ta():
            xt.grad = wt.grad = bt.grad = None
            F.batch_norm(xt, rmt, rvt, wt, bt, training=True).backward(got)

        aten = torch.ops.aten
        xd = torch.tensor(x)

        def tb():
            y, m, s = aten.native_batch_norm(xd, wt.detach(), bt.detach(), rmt, rvt, True, 0.1, 1e-5)
            aten.native_batch_norm_backward(got, xd, wt.detach(), rmt, rvt, m, s, True, 1e-5, [True, True, True])

        fns["torch"], fns["torch-aten"] = ta, tb
    rows.append(("batch_norm train fwd+bwd 64x64x56x56 f32", race(fns, repeat=2)))


def bench_lstm(torch, rows):
    rng = np.random.default_rng(2)
    Bsz, I, H = 32, 128, 128
    s = 1 / np.sqrt(H)
    w_ih = rng.uniform(-s, s, (4 * H, I)).astype(np.float32)
    w_hh = rng.uniform(-s, s, (4 * H, H)).astype(np.float32)
    b_ih, b_hh = rng.uniform(-s, s, 4 * H).astype(np.float32), rng.uniform(-s, s, 4 * H).astype(np.float32)
    x = rng.standard_normal((Bsz, I)).astype(np.float32)
    h, c = rng.standard_normal((Bsz, H)).astype(np.float32), rng.standard_normal((Bsz, H)).astype(np.float32)
    gh, gc = np.ones((Bsz, H), np.float32), np.ones((Bsz, H), np.float32)
    X, Hx, Cx, WI, WH, BI, BH, GH, GC = (from_numpy(a) for a in (x, h, c, w_ih, w_hh, b_ih, b_hh, gh, gc))
    gwi, gwh = from_numpy(np.zeros_like(w_ih)), from_numpy(np.zeros_like(w_hh))
    gbi, gbh = from_numpy(np.zeros_like(b_ih)), from_numpy(np.zeros_like(b_hh))
    hy, cy, ws, gx, ghx, gcx = (new(np.float32) for _ in range(6))

    def ours():
        check(lib.tc_nn_lstm_cell(hy, cy, ws, X, Hx, Cx, WI, WH, BI, BH))
        check(lib.tc_nn_lstm_cell_backward(gx, ghx, gcx, gwi, gwh, gbi, gbh, GH, GC, X, Hx, Cx, WI, WH, cy, ws, 1.0))

    fns = {"ours": ours}
    if torch:
        tt = [torch.tensor(a, requires_grad=True) for a in (x, h, c, w_ih, w_hh, b_ih, b_hh)]
        ght, gct = torch.tensor(gh), torch.tensor(gc)

        def ta():
            for v in tt:
                v.grad = None
            hy_t, cy_t = torch._VF.lstm_cell(tt[0], (tt[1], tt[2]), *tt[3:])
            torch.autograd.backward([hy_t, cy_t], [ght, gct])

        fns["torch"] = ta
    rows.append(("lstm cell fwd+bwd B32 I128 H128 f32", race(fns)))


def bench_activations(torch, rows):
    x = np.random.default_rng(3).standard_normal(1 << 20).astype(np.float32)
    X = from_numpy(x)
    out = new(np.float32)
    F = torch.nn.functional if torch else None
    xt = torch.tensor(x) if torch else None
    cases = [("sigmoid", lib.TC_ACT_SIGMOID, 0.0, lambda: torch.sigmoid(xt)),
             ("tanh", lib.TC_ACT_TANH, 0.0, lambda: torch.tanh(xt)),
             ("elu", lib.TC_ACT_ELU, 1.0, lambda: F.elu(xt)),
             ("gelu", lib.TC_ACT_GELU, 0.0, lambda: F.gelu(xt))]
    for name, kind, p1, tf in cases:
        fns = {"ours": lambda kind=kind, p1=p1: check(lib.tc_nn_activation(out, X, kind, p1, 0.0))}
        if torch:
            fns["torch"] = tf
        rows.append((f"{name} forward 1M f32", race(fns)))


def main():
    torch = try_import_torch()
    lib.tc_set_num_threads(1)
    rows = []
    bench_logsoftmax_nll(torch, rows)
    bench_batchnorm(torch, rows)
    bench_lstm(torch, rows)
    bench_activations(torch, rows)
    print_table("nn kernels, 1 thread (ratio < 1: ours faster)", rows, columns=("ours", "torch", "torch-aten"))


if __name__ == "__main__":
    main()
