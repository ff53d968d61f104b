"""C tensor core against numpy and PyTorch CPU, one thread each: elementwise, fused chains, reductions.

    OMP_NUM_THREADS=1 python benchmarks/bench_core.py [section ...]     # sections: elementwise chain reduce

Ratios are ours / other: below 1 means the core is faster.  Other helpers add sections (GEMM) to
SECTIONS below.
"""
from __future__ import annotations

import os
import sys

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

from timing import print_table, try_import_torch  # noqa: E402
from tensor_core import ffi, lib, check  # noqa: E402
from tensor_core.nd import from_numpy, dtype_code  # noqa: E402

lib.tc_set_num_threads(1)
torch = try_import_torch()


def new_tensor(dtype=np.float32):
    return ffi.gc(lib.tc_tensor_new(dtype_code(dtype)), lib.tc_tensor_release)


def interleaved_best(fns, rounds=15, number=1):
    """Best per-call time of each function, timing batches of `number` calls of each in turn: the
    machine is shared, and alternating keeps ours, numpy and torch under the same load."""
    import time
    for fn in fns:
        fn()  # warm up
    best = [float("inf")] * len(fns)
    for _ in range(rounds):
        for i, fn in enumerate(fns):
            t0 = time.perf_counter()
            for _ in range(number):
                fn()
            best[i] = min(best[i], (time.perf_counter() - t0) / number)
    return best


def compare(ours, numpy_fn, torch_fn=None, number=1, rounds=15):
    fns = [ours, numpy_fn] + ([torch_fn] if torch_fn is not None else [])
    return dict(zip(["ours", "numpy", "torch"], interleaved_best(fns, rounds, number)))


def elementwise():
    rows = []
    rng = np.random.default_rng(0)
    for n in (10 ** 3, 10 ** 5, 10 ** 7):
        a, b = rng.random(n, np.float32), rng.random(n, np.float32)
        out = np.empty_like(a)
        ta, tb, tout = from_numpy(a), from_numpy(b), from_numpy(out)
        torch_fn = None
        if torch is not None:
            xa, xb, xo = torch.from_numpy(a), torch.from_numpy(b), torch.from_numpy(out)
            torch_fn = lambda: torch.add(xa, xb, out=xo)  # noqa: E731
        times = compare(lambda: lib.tc_add(tout, ta, tb, 1.0), lambda: np.add(a, b, out=out), torch_fn,
                        number=max(1, 10 ** 6 // n))
        rows.append((f"add {n:.0e} f32 into out", times))
        if n == 10 ** 7:
            # add and memcpy timed alternately, so that both see the same machine load
            add_t, copy_t = interleaved_best([lambda: lib.tc_add(tout, ta, tb, 1.0), lambda: np.copyto(out, a)])
            rows.append(("memcpy 4e7 B (np.copyto)", {"ours": copy_t, "numpy": copy_t}))
            # bytes moved: add reads two arrays and writes one, a copy reads one and writes one
            add_bw, copy_bw = 3 * a.nbytes / add_t, 2 * a.nbytes / copy_t
            bandwidth = (f"add moves {add_bw / 1e9:.1f} GB/s, memcpy {copy_bw / 1e9:.1f} GB/s: "
                         f"add at {100 * add_bw / copy_bw:.0f}% of memcpy bandwidth")
    for name, np_fn in (("exp", np.exp), ("tanh", np.tanh), ("sigmoid", None), ("log", np.log)):
        n = 10 ** 6
        a = rng.random(n, np.float32) * 4 - 2 + (4 if name == "log" else 0)
        out = np.empty_like(a)
        ta, tout = from_numpy(a), from_numpy(out)
        fn = getattr(lib, "tc_" + name)
        if np_fn is not None:
            numpy_fn = lambda: np_fn(a, out=out)  # noqa: E731
        else:
            numpy_fn = lambda: np.divide(1, 1 + np.exp(-a, out=out), out=out)  # noqa: E731
        torch_fn = None
        if torch is not None:
            xa, xo = torch.from_numpy(a), torch.from_numpy(out)
            torch_fn = lambda: getattr(torch, name)(xa, out=xo)  # noqa: E731
        times = compare(lambda: fn(tout, ta), numpy_fn, torch_fn)
        rows.append((f"{name} 1e6 f32 into out", times))
    print_table("elementwise (float32, 1 thread)", rows)
    print(f"\n{bandwidth}")


def chain():
    rng = np.random.default_rng(1)
    n = 10 ** 7
    a, b = rng.random(n, np.float32), rng.random(n, np.float32)
    ta, tb = from_numpy(a), from_numpy(b)

    def ours():
        # as a frontend evaluates a*b + exp(a): fresh result tensors each time (the allocator's cache
        # hands back the blocks freed by the previous evaluation)
        prod, ex, res = lib.tc_tensor_new(6), lib.tc_tensor_new(6), lib.tc_tensor_new(6)
        check(lib.tc_mul(prod, ta, tb))
        check(lib.tc_exp(ex, ta))
        check(lib.tc_add(res, prod, ex, 1.0))
        lib.tc_tensor_release(prod)
        lib.tc_tensor_release(ex)
        lib.tc_tensor_release(res)

    fns = [ours, lambda: a * b + np.exp(a)]
    if torch is not None:
        xa, xb = torch.from_numpy(a), torch.from_numpy(b)
        fns.append(lambda: xa * xb + torch.exp(xa))
    times = dict(zip(["ours", "numpy", "torch"], interleaved_best(fns, rounds=10)))
    print_table("a*b + exp(a), 1e7 float32, fresh results", [("a*b + exp(a)", times)])


def reduce():
    rng = np.random.default_rng(2)
    rows = []
    x = rng.random(10 ** 7, np.float32)
    tx = from_numpy(x)
    out = new_tensor(np.float32)
    xt = torch.from_numpy(x) if torch is not None else None
    rows.append(("sum 1e7 f32", compare(lambda: lib.tc_sum(out, tx, lib.TC_DIM_ALL, 0), lambda: x.sum(),
                                         (lambda: xt.sum()) if xt is not None else None)))
    m = rng.random((4096, 4096), np.float32)
    tm = from_numpy(m)
    mt = torch.from_numpy(m) if torch is not None else None
    for dim in (0, 1):
        rows.append((f"sum 4096x4096 f32 dim {dim}",
                     compare(lambda: lib.tc_sum(out, tm, dim, 0), lambda: m.sum(dim),
                             (lambda: mt.sum(dim)) if mt is not None else None)))
    vals, idx = new_tensor(np.float32), new_tensor(np.int64)
    for dim in (1, 0):
        rows.append((f"max+argmax 4096x4096 dim {dim}",
                     compare(lambda: lib.tc_max(vals, idx, tm, dim, 0, 0), lambda: m.argmax(dim),
                             (lambda: mt.max(dim)) if mt is not None else None, rounds=5)))
    print_table("reductions (float32, 1 thread)", rows)


SECTIONS = {"elementwise": elementwise, "chain": chain, "reduce": reduce}


def main(argv=None):
    names = (argv if argv else None) or list(SECTIONS)
    print(f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}, core threads {lib.tc_get_num_threads()}, "
          f"numpy {np.__version__}, torch {torch.__version__ if torch else '-'}")
    for name in names:
        SECTIONS[name]()


if __name__ == "__main__":
    main(sys.argv[1:])
