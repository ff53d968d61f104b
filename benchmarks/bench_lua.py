"""Lua Torch7 API speed (1 thread): per-op overhead, element access, GEMM, large adds.

Each case runs inside LuaJIT (timed there with a monotonic clock, best of 5), beside the same work in
numpy and PyTorch CPU, and the numbers measured for real Torch7 on this machine.

    OMP_NUM_THREADS=1 python benchmarks/bench_lua.py
"""
from __future__ import annotations

import os
import sys

os.environ["OMP_NUM_THREADS"] = "1"
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

from benchmarks.timing import best_time, print_table, try_import_torch  # noqa: E402
from bridge.runtime import LuaRuntime  # noqa: E402

TORCH7 = {  # measured with real Torch7 (LuaJIT 2.1, OpenBLAS, 1 thread) on this machine
    "x:add(y), 10 elements": 0.34e-6,
    "s = s + x[i] (1e6, per element)": 139e-9,
    "x[i][j] (1000x1000, per element)": 940e-9,
    "torch.mm 512x512": 2.58e-3,
}

_LUA_TIMER = r"""
-- CPU seconds (os.clock): the benchmarks are single-threaded
local now = os.clock
-- best of `repeat` runs of f(n); seconds per unit of work (f returns the number of units)
return function(f, n, rep)
   f(n)   -- warm up / compile
   local best = math.huge
   for _ = 1, rep or 5 do
      local t0 = now()
      local units = f(n)
      local dt = (now() - t0) / units
      if dt < best then best = dt end
   end
   return best
end
"""

CASES = [
    ("x:add(y), 10 elements", r"""
        local x, y = torch.rand(10), torch.rand(10)
        return function(n) for i = 1, n do x:add(y) end return n end""", 100000),
    ("torch.add(r, x, y), 10 elements", r"""
        local x, y, r = torch.rand(10), torch.rand(10), torch.Tensor(10)
        return function(n) for i = 1, n do torch.add(r, x, y) end return n end""", 100000),
    ("s = s + x[i] (1e6, per element)", r"""
        local x = torch.rand(1000000)
        return function(n) local s = 0 for i = 1, n do s = s + x[i] end return n end""", 1000000),
    ("x[i][j] (1000x1000, per element)", r"""
        local x = torch.rand(1000, 1000)
        return function(n) local s = 0
           for i = 1, 1000 do for j = 1, 1000 do s = s + x[i][j] end end return 1000000 end""", 1),
    ("x[{i,j}] (1000x1000, per element)", r"""
        local x = torch.rand(200, 1000)
        return function(n) local s = 0
           for i = 1, 200 do for j = 1, 1000 do s = s + x[{i, j}] end end return 200000 end""", 1),
    ("torch.mm 512x512", r"""
        local a, b, r = torch.rand(512, 512), torch.rand(512, 512), torch.Tensor(512, 512)
        return function(n) for i = 1, n do r:mm(a, b) end return n end""", 5),
    ("torch.mm 1024x1024", r"""
        local a, b, r = torch.rand(1024, 1024), torch.rand(1024, 1024), torch.Tensor(1024, 1024)
        return function(n) for i = 1, n do r:mm(a, b) end return n end""", 2),
    ("x:add(y), 1e6 floats", r"""
        local x, y = torch.FloatTensor(1000000):fill(1), torch.FloatTensor(1000000):fill(2)
        return function(n) for i = 1, n do x:add(y) end return n end""", 50),
    ("x:add(y), 1e7 floats", r"""
        local x, y = torch.FloatTensor(10000000):fill(1), torch.FloatTensor(10000000):fill(2)
        return function(n) for i = 1, n do x:add(y) end return n end""", 5),
]


def numpy_case(name):
    if name.startswith("x:add(y), 10 "):
        x, y = np.random.rand(10), np.random.rand(10)
        return lambda: np.add(x, y, out=x)
    if name.startswith("torch.add(r"):
        x, y, r = np.random.rand(10), np.random.rand(10), np.empty(10)
        return lambda: np.add(x, y, out=r)
    if name.startswith("torch.mm"):
        n = int(name.split()[1].split("x")[0])
        a, b, r = np.random.rand(n, n), np.random.rand(n, n), np.empty((n, n))
        return lambda: np.matmul(a, b, out=r)
    if name.startswith("x:add(y), 1e"):
        n = 1000000 if "1e6" in name else 10000000
        x, y = np.ones(n, np.float32), np.full(n, 2, np.float32)
        return lambda: np.add(x, y, out=x)
    return None


def torch_case(torch, name):
    if torch is None:
        return None
    if name.startswith("x:add(y), 10 "):
        x, y = torch.rand(10, dtype=torch.float64), torch.rand(10, dtype=torch.float64)
        return lambda: x.add_(y)
    if name.startswith("torch.add(r"):
        x, y, r = torch.rand(10, dtype=torch.float64), torch.rand(10, dtype=torch.float64), torch.empty(10, dtype=torch.float64)
        return lambda: torch.add(x, y, out=r)
    if name.startswith("torch.mm"):
        n = int(name.split()[1].split("x")[0])
        a, b, r = (torch.rand(n, n, dtype=torch.float64) for _ in range(3))
        return lambda: torch.mm(a, b, out=r)
    if name.startswith("x:add(y), 1e"):
        n = 1000000 if "1e6" in name else 10000000
        x, y = torch.ones(n), torch.full((n,), 2.0)
        return lambda: x.add_(y)
    return None


def main():
    rt = LuaRuntime()
    rt.execute("torch.setnumthreads(1)")
    timer = rt.execute(_LUA_TIMER, name="=timer")
    torch = try_import_torch()
    rows = []
    for name, setup, n in CASES:
        f = rt.execute(setup, name="=" + name)
        ours = rt.call(timer, f, n, 5)
        times = {"ours": ours, "Torch7": TORCH7.get(name)}
        np_fn = numpy_case(name)
        times["numpy"] = best_time(np_fn, repeat=3, min_time=0.02) if np_fn else None
        t_fn = torch_case(torch, name)
        times["torch"] = best_time(t_fn, repeat=3, min_time=0.02) if t_fn else None
        rows.append((name, times))
    print_table("Lua torch API (1 thread; ours inside LuaJIT)", rows, columns=("ours", "Torch7", "numpy", "torch"))


if __name__ == "__main__":
    main()
