"""Timing helpers shared by the benchmark scripts: best-of-N wall time and a ratio table."""
from __future__ import annotations

import os
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")


def best_time(fn, repeat: int = 5, number: int | None = None, min_time: float = 0.05) -> float:
    """Seconds per call of fn(): the best of `repeat` batches (batch size chosen to last min_time)."""
    fn()  # warm up (allocations, caches, JIT)
    if number is None:
        number, elapsed = 1, 0.0
        while True:
            t0 = time.perf_counter()
            for _ in range(number):
                fn()
            elapsed = time.perf_counter() - t0
            if elapsed >= min_time or number >= 1 << 20:
                break
            number *= 2
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - t0) / number)
    return best


def fmt_time(s: float | None) -> str:
    if s is None:
        return "-"
    if s < 1e-6:
        return f"{s * 1e9:.0f} ns"
    if s < 1e-3:
        return f"{s * 1e6:.2f} us"
    if s < 1:
        return f"{s * 1e3:.2f} ms"
    return f"{s:.2f} s"


def print_table(title: str, rows, columns=("ours", "numpy", "torch")):
    """rows: (name, {column: seconds or None}).  Ratios are ours / other (below 1 means faster)."""
    print(f"\n## {title}\n")
    head = ["case"] + list(columns) + [f"ours/{c}" for c in columns[1:]]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for name, times in rows:
        ours = times.get(columns[0])
        cells = [name] + [fmt_time(times.get(c)) for c in columns]
        for c in columns[1:]:
            other = times.get(c)
            cells.append(f"{ours / other:.2f}" if ours and other else "-")
        print("| " + " | ".join(cells) + " |")


def try_import_torch():
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    return torch
