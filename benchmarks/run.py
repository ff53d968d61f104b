"""Runs the benchmark scripts in one go and prints their tables (ours beside numpy / PyTorch / Torch7).

    OMP_NUM_THREADS=1 python benchmarks/run.py            # every bench_*.py
    python benchmarks/run.py core gemm                     # bench_core.py and bench_gemm.py

Each script also runs alone (`python benchmarks/bench_core.py`).  Timings are best-of-N wall times on
one thread; on a busy machine compare the ratios, which are measured in the same run.
"""
from __future__ import annotations

import glob
import os
import runpy
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
HERE = os.path.dirname(os.path.abspath(__file__))


def scripts(names):
    found = sorted(glob.glob(os.path.join(HERE, "bench_*.py")))
    if not names:
        return found
    wanted = {f"bench_{n}.py" if not n.startswith("bench_") else n if n.endswith(".py") else n + ".py"
              for n in names}
    chosen = [p for p in found if os.path.basename(p) in wanted]
    missing = wanted - {os.path.basename(p) for p in chosen}
    if missing:
        sys.exit(f"no such benchmark: {', '.join(sorted(missing))} (have: "
                 f"{', '.join(os.path.basename(p)[6:-3] for p in found)})")
    return chosen


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    sys.path.insert(0, os.path.dirname(HERE))
    sys.path.insert(0, HERE)
    failures = []
    for path in scripts(argv):
        name = os.path.basename(path)
        print(f"\n# {name}", flush=True)
        t0 = time.perf_counter()
        saved = sys.argv
        sys.argv = [path]
        try:
            runpy.run_path(path, run_name="__main__")
        except SystemExit as e:
            if e.code not in (0, None):
                failures.append(name)
        except Exception as e:  # noqa: BLE001 - report and go on with the other benchmarks
            print(f"{name} failed: {type(e).__name__}: {e}", flush=True)
            failures.append(name)
        finally:
            sys.argv = saved
        print(f"({name}: {time.perf_counter() - t0:.1f} s)", flush=True)
    if failures:
        print("\nfailed: " + ", ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
