"""Torch7's golden tensor-op cases (shared/data/torch7-golden/tensor): each case's function is replayed
through the Lua torch package and its value compared with what real Torch7 produced (read from
tensor_ops.t7 with the Lua t7 codec)."""
import functools
import os
import re

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("LUATORCH_SHARED", os.path.join(os.path.dirname(os.path.dirname(HERE)), "..", "shared"))
GOLDEN = os.path.join(SHARED, "data", "torch7-golden", "tensor")
T7 = os.path.join(GOLDEN, "tensor_ops.t7")
CASES = os.path.join(GOLDEN, "tensor_ops_cases.lua")

# Known differences, each with the reason (they are failures of a kernel, not of the comparison).
KNOWN = {}


def _names():
    if not os.path.exists(CASES):
        return []
    with open(CASES) as f:
        return re.findall(r'\{name="([^"]+)"', f.read())


@functools.lru_cache(maxsize=1)
def _results():
    from bridge.runtime import LuaRuntime
    rt = LuaRuntime(script_dir=HERE)
    res = rt.run_file(os.path.join(HERE, "golden_tensor_ops.lua"), T7)
    return {res[i][1]: res[i][2] for i in range(1, len(res) + 1)}


@pytest.mark.skipif(not os.path.exists(T7), reason="golden data not available")
@pytest.mark.parametrize("name", _names())
def test_torch7_golden_case(name):
    results = _results()
    assert name in results, f"case {name} missing from tensor_ops.t7"
    err = results[name]
    if name in KNOWN:
        if err is None:
            pytest.fail(f"{name} now matches Torch7: remove it from KNOWN")
        pytest.xfail(KNOWN[name])
    assert err is None, f"{name}: {err}"
