"""Convolution and pooling kernels: ours (tensor_core, 1 thread) beside PyTorch CPU (1 thread).

    OMP_NUM_THREADS=1 python benchmarks/bench_conv.py

Each case is forward + backward (grad input and, for convolution, grad weight and bias), the work a
training step does per layer.  Outputs and gradient buffers are preallocated on our side as the Lua
modules keep them; PyTorch runs through autograd as a user would.
"""
import os
import sys

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import time  # noqa: E402

import numpy as np  # noqa: E402

from benchmarks.timing import best_time, print_table, try_import_torch  # noqa: E402
from tensor_core import ffi, lib, check  # noqa: E402
from tensor_core.nd import from_numpy, owned, dtype_code  # noqa: E402

lib.tc_set_num_threads(1)
torch = try_import_torch()
NULL = ffi.NULL


def i64(xs):
    return ffi.new("int64_t[]", list(xs))


def conv_case(n, cin, h, w, cout, k, pad):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, cin, h, w)).astype(np.float32)
    wt = (rng.standard_normal((cout, cin, k, k)) * 0.1).astype(np.float32)
    b = rng.standard_normal(cout).astype(np.float32)
    oh = h + 2 * pad - k + 1
    go = rng.standard_normal((n, cout, oh, oh)).astype(np.float32)
    tx, tw, tb, tgo = (from_numpy(a) for a in (x, wt, b, go))
    out = owned(lib.tc_tensor_new(dtype_code(np.float32)))
    gx = owned(lib.tc_tensor_new(dtype_code(np.float32)))
    gw, gb = from_numpy(np.zeros_like(wt)), from_numpy(np.zeros_like(b))
    st, pd, dl = i64([1, 1]), i64([pad, pad]), i64([1, 1])

    def ours():
        check(lib.tc_conv_forward(out, tx, tw, tb, 2, st, pd, dl, 1))
        check(lib.tc_conv_backward_input(gx, tgo, tx, tw, 2, st, pd, dl, 1))
        check(lib.tc_conv_backward_params(gw, gb, tx, tgo, 2, st, pd, dl, 1, 1.0))

    theirs = None
    if torch:
        X = torch.tensor(x, requires_grad=True)
        W = torch.tensor(wt, requires_grad=True)
        B = torch.tensor(b, requires_grad=True)
        G = torch.tensor(go)

        def theirs():
            X.grad = W.grad = B.grad = None
            torch.nn.functional.conv2d(X, W, B, 1, pad).backward(G)
    return ours, theirs


def pool_case(n, c, h, w, k):
    rng = np.random.default_rng(1)
    x = rng.standard_normal((n, c, h, w)).astype(np.float32)
    go = rng.standard_normal((n, c, h // k, w // k)).astype(np.float32)
    tx, tgo = from_numpy(x), from_numpy(go)
    out = owned(lib.tc_tensor_new(dtype_code(np.float32)))
    ind = owned(lib.tc_tensor_new(dtype_code(np.int64)))
    gx = owned(lib.tc_tensor_new(dtype_code(np.float32)))
    kk = i64([k, k])

    def ours():
        check(lib.tc_max_pool_forward(out, ind, tx, 2, kk, NULL, NULL, NULL, 0, 0))
        check(lib.tc_max_pool_backward(gx, tgo, tx, ind, 2, 0))

    theirs = None
    if torch:
        X = torch.tensor(x, requires_grad=True)
        G = torch.tensor(go)

        def theirs():
            X.grad = None
            torch.nn.functional.max_pool2d(X, k).backward(G)
    return ours, theirs


def best_cpu_time(fn, repeat):
    """Best process CPU time of one call: on a shared machine wall time also counts waiting for a core
    (both libraries run single-threaded here, so CPU time is the work done)."""
    fn()
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def main():
    cases = [
        ("conv2d fwd+bwd 32x3x32x32, 16 filters 5x5", conv_case(32, 3, 32, 32, 16, 5, 0), 5),
        ("conv2d fwd+bwd 64x64x56x56, 64 filters 3x3 pad 1", conv_case(64, 64, 56, 56, 64, 3, 1), 3),
        ("max_pool2d 2x2 fwd+bwd 64x64x56x56", pool_case(64, 64, 56, 56, 2), 5),
    ]
    rows, cpu_rows = [], []
    for name, (ours, theirs), rep in cases:
        t_ours = best_time(ours, repeat=rep, min_time=0.02)
        t_torch = best_time(theirs, repeat=rep, min_time=0.02) if theirs else None
        rows.append((name, {"ours": t_ours, "torch": t_torch}))
        c_ours = best_cpu_time(ours, 2 * rep)
        c_torch = best_cpu_time(theirs, 2 * rep) if theirs else None
        cpu_rows.append((name, {"ours": c_ours, "torch": c_torch}))
    print_table("spatial kernels, float32, 1 thread, wall time (best of N)", rows, columns=("ours", "torch"))
    print_table("same, process CPU time (best of N; robust on a loaded machine)", cpu_rows, columns=("ours", "torch"))


if __name__ == "__main__":
    main()
