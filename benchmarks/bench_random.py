"""Random fills and .t7 file primitives: ours vs numpy vs PyTorch CPU (one thread).

    OMP_NUM_THREADS=1 python benchmarks/bench_random.py

Our fills are Torch7's exact MT19937 stream (one 32-bit draw per uniform, Box-Muller pairs);
numpy uses PCG64 + ziggurat and PyTorch its own MT/Philox, so the comparison is cost per
element, not the same numbers.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from benchmarks.timing import best_time, print_table, try_import_torch  # noqa: E402
from tensor_core import ffi, lib, check  # noqa: E402
from tensor_core.nd import from_numpy  # noqa: E402

torch = try_import_torch()
N = 1_000_000
gen = lib.tc_generator_new()
lib.tc_generator_manual_seed(gen, 1)
rng = np.random.default_rng(1)

rows = []
for dtype in (np.float32, np.float64):
    a = np.empty(N, dtype)
    t = from_numpy(a)
    tt = torch.empty(N, dtype=getattr(torch, np.dtype(dtype).name)) if torch else None
    name = np.dtype(dtype).name
    rows.append((f"uniform {name} 1e6", {
        "ours": best_time(lambda: check(lib.tc_fill_uniform(t, gen, 0.0, 1.0)), repeat=3),
        "numpy": best_time(lambda: rng.random(N, dtype=dtype, out=a), repeat=3),
        "torch": best_time(lambda: tt.uniform_(), repeat=3) if torch else None}))
    rows.append((f"normal {name} 1e6", {
        "ours": best_time(lambda: check(lib.tc_fill_normal(t, gen, 0.0, 1.0)), repeat=3),
        "numpy": best_time(lambda: rng.standard_normal(N, dtype=dtype, out=a), repeat=3),
        "torch": best_time(lambda: tt.normal_(), repeat=3) if torch else None}))
    rows.append((f"bernoulli(0.5) {name} 1e6", {
        "ours": best_time(lambda: check(lib.tc_fill_bernoulli(t, gen, 0.5)), repeat=3),
        "numpy": best_time(lambda: np.less(rng.random(N), 0.5, out=a, casting="unsafe"), repeat=3),
        "torch": best_time(lambda: tt.bernoulli_(0.5), repeat=3) if torch else None}))
p = np.random.default_rng(0).random((64, 1000))
out = lib.tc_tensor_new(lib.TC_INT64)
tp = torch.from_numpy(p) if torch else None
pt = from_numpy(p)
rows.append(("multinomial 64x1000, 100 with repl.", {
    "ours": best_time(lambda: check(lib.tc_multinomial(out, gen, pt, 100, 1, 0)), repeat=3),
    "numpy": None,
    "torch": best_time(lambda: torch.multinomial(tp, 100, True), repeat=3) if torch else None}))
rows.append(("randperm 1e5", {
    "ours": best_time(lambda: check(lib.tc_randperm(out, gen, 100_000, 0)), repeat=3),
    "numpy": best_time(lambda: rng.permutation(100_000), repeat=3),
    "torch": best_time(lambda: torch.randperm(100_000), repeat=3) if torch else None}))
print_table("random fills (1 thread)", rows)

# file primitives: writing/reading 1e6 doubles to a memory file, binary and ascii
x = np.random.default_rng(2).standard_normal(N)
frows = []
for binary in (1, 0):
    def write():
        f = lib.tc_file_memory_new(b"w")
        lib.tc_file_set_binary(f, binary)
        lib.tc_file_write(f, lib.TC_FILE_DOUBLE, ffi.from_buffer(x), N)
        lib.tc_file_free(f)
    f = lib.tc_file_memory_new(b"rw")
    lib.tc_file_set_binary(f, binary)
    lib.tc_file_write(f, lib.TC_FILE_DOUBLE, ffi.from_buffer(x), N)
    y = np.empty(N)

    def read():
        lib.tc_file_seek(f, 0)
        lib.tc_file_read(f, lib.TC_FILE_DOUBLE, ffi.from_buffer(y), N)
    mode = "binary" if binary else "ascii"
    frows.append((f"write 1e6 doubles, {mode}", {
        "ours": best_time(write, repeat=3),
        "numpy": best_time(lambda: x.tobytes() if binary else " ".join(map(repr, x[:100_000].tolist())), repeat=3)
        * (1 if binary else 10)}))
    frows.append((f"read 1e6 doubles, {mode}", {
        "ours": best_time(read, repeat=3),
        "numpy": best_time(lambda: np.frombuffer(x.tobytes(), np.float64) if binary
                           else np.array(" ".join(map(repr, x[:100_000].tolist())).split(), float), repeat=3)
        * (1 if binary else 10)}))
    lib.tc_file_free(f)
print_table("file primitives (memory file; numpy = tobytes/frombuffer or repr/split, ascii x10 from 1e5)",
            frows, columns=("ours", "numpy"))
