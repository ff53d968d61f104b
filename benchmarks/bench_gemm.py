"""GEMM through the core (tc_mm) against numpy and PyTorch CPU, one thread.

    OMP_NUM_THREADS=1 python benchmarks/bench_gemm.py [--quick]

All three use an optimised BLAS (ours and numpy's are OpenBLAS); the point is that the core's
call path (validation, layout negotiation, resize) adds nothing measurable.
"""
import os
import sys

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

from benchmarks.timing import best_time, print_table, try_import_torch  # noqa: E402
from tensor_core import lib, check  # noqa: E402
from tensor_core.nd import from_numpy, empty  # noqa: E402


def main():
    quick = "--quick" in sys.argv
    lib.tc_set_num_threads(1)
    torch = try_import_torch()
    sizes = [256, 512] if quick else [256, 512, 1024, 2048]
    rows = []
    rng = np.random.default_rng(0)
    for dtype in (np.float32, np.float64):
        for n in sizes:
            a = rng.standard_normal((n, n)).astype(dtype)
            b = rng.standard_normal((n, n)).astype(dtype)
            ta, tb = from_numpy(a), from_numpy(b)
            out = empty((n, n), dtype)
            np_out = np.empty((n, n), dtype)
            repeat = 3 if n >= 1024 else 5
            times = {"ours": best_time(lambda: check(lib.tc_mm(out, ta, tb)), repeat=repeat, min_time=0.02),
                     "numpy": best_time(lambda: np.matmul(a, b, out=np_out), repeat=repeat, min_time=0.02)}
            if torch is not None:
                xa, xb = torch.from_numpy(a), torch.from_numpy(b)
                xo = torch.empty((n, n), dtype=xa.dtype)
                times["torch"] = best_time(lambda: torch.mm(xa, xb, out=xo), repeat=repeat, min_time=0.02)
            name = ("sgemm" if dtype == np.float32 else "dgemm") + f" {n}"
            gflops = 2 * n ** 3 / times["ours"] / 1e9
            rows.append((f"{name} ({gflops:.0f} GFLOP/s)", times))
    print_table("GEMM, 1 thread (C = A @ B, square)", rows)


if __name__ == "__main__":
    main()
