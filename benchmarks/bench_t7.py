"""The .t7 codec (Lua, over the core's tc_file) against numpy and PyTorch CPU file I/O, 1 thread.

    OMP_NUM_THREADS=1 python benchmarks/bench_t7.py

Binary: torch.save/torch.load of a 40 MB DoubleTensor vs numpy.save/load and PyTorch torch.save/load.
Ascii: 200k doubles (%.17g) vs numpy.savetxt/loadtxt with the same format.
Objects: serialize/deserialize 20000 small tables {i, 'x'..i, true} vs Python pickle of the same list.
Files go to $TMPDIR (page cache: this measures the codec, not the disk).
"""
from __future__ import annotations

import os
import pickle
import sys
import tempfile

os.environ["OMP_NUM_THREADS"] = "1"
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

from benchmarks.timing import best_time, print_table, try_import_torch  # noqa: E402
from bridge.runtime import LuaRuntime  # noqa: E402


def main():
    rt = LuaRuntime()
    pt = try_import_torch()
    tmp = tempfile.mkdtemp()
    p_t7, p_np, p_pt = (os.path.join(tmp, n) for n in ("x.t7", "x.npy", "x.pt"))
    rows = []

    rt.execute("X = torch.DoubleTensor(500, 10000):fill(1.25)")
    save = rt.eval("function(p) torch.save(p, X) end")
    load = rt.eval("function(p) return torch.load(p) end")
    arr = np.full((500, 10000), 1.25)
    times = {"ours": best_time(lambda: save(p_t7), repeat=3, number=1),
             "numpy": best_time(lambda: np.save(p_np, arr), repeat=3, number=1)}
    if pt is not None:
        xt = pt.from_numpy(arr)
        times["torch"] = best_time(lambda: pt.save(xt, p_pt), repeat=3, number=1)
    rows.append(("save 40 MB double tensor", times))
    times = {"ours": best_time(lambda: load(p_t7), repeat=3, number=1),
             "numpy": best_time(lambda: np.load(p_np), repeat=3, number=1)}
    if pt is not None:
        times["torch"] = best_time(lambda: pt.load(p_pt), repeat=3, number=1)
    rows.append(("load 40 MB double tensor", times))

    rt.execute("A = torch.DoubleTensor(200000):fill(0.123456789)")
    save_a = rt.eval("function(p) torch.save(p, A, 'ascii') end")
    load_a = rt.eval("function(p) return torch.load(p, 'ascii') end")
    vec = np.full(200000, 0.123456789)
    p_txt = os.path.join(tmp, "a.txt")
    rows.append(("ascii save 200k doubles", {
        "ours": best_time(lambda: save_a(p_t7), repeat=3, number=1),
        "numpy": best_time(lambda: np.savetxt(p_txt, vec, fmt="%.17g"), repeat=3, number=1)}))
    rows.append(("ascii load 200k doubles", {
        "ours": best_time(lambda: load_a(p_t7), repeat=3, number=1),
        "numpy": best_time(lambda: np.loadtxt(p_txt), repeat=3, number=1)}))
    print_table("t7 tensors (binary and ascii) vs numpy / PyTorch, 1 thread", rows)

    rt.execute("M = {} for i = 1, 20000 do M[i] = {i, 'x' .. i, true} end; S = torch.serialize(M)")
    ser = rt.eval("function() return #torch.serialize(M) end")
    de = rt.eval("function() return torch.deserialize(S) ~= nil end")
    data = [[float(i), "x%d" % i, True] for i in range(1, 20001)]
    blob = pickle.dumps(data)
    rows = [("serialize 20000 small tables", {"ours": best_time(ser, repeat=3, number=1),
                                              "pickle": best_time(lambda: pickle.dumps(data), repeat=3, number=1)}),
            ("deserialize 20000 small tables", {"ours": best_time(de, repeat=3, number=1),
                                                "pickle": best_time(lambda: pickle.loads(blob), repeat=3, number=1)})]
    print_table("t7 object stream vs Python pickle", rows, columns=("ours", "pickle"))
    for p in os.listdir(tmp):
        os.remove(os.path.join(tmp, p))
    os.rmdir(tmp)


if __name__ == "__main__":
    main()
