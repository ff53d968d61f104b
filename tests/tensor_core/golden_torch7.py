"""Loads Torch7's golden tensor-op cases (shared/data/torch7-golden/tensor/tensor_ops.t7) as numpy.

The file is read with the Lua t7 codec through the bridge; inputs and outputs come back as numpy
copies (tensors), Python numbers, or lists of those (Lua result tables)."""
import os

import numpy as np
import pytest

PATH = os.path.join(os.environ.get("LUATORCH_SHARED", os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared")),
                    "data", "torch7-golden", "tensor", "tensor_ops.t7")
_cases = None


def _convert(rt, is_tensor, v):
    if is_tensor(v):
        return np.array(rt.numpy(v))
    if isinstance(v, (int, float, bool, str)) or v is None:
        return v
    return [_convert(rt, is_tensor, v[i]) for i in range(1, len(v) + 1)]


def golden_cases():
    """{name: (inputs list, output)} for every case of the file."""
    global _cases
    if _cases is None:
        if not os.path.exists(PATH):
            pytest.skip(f"golden data not found at {PATH}")
        from bridge.runtime import LuaRuntime
        rt = LuaRuntime()
        cases = rt.eval(f'torch.load("{PATH}")')
        is_tensor = rt.eval("torch.isTensor")
        _cases = {}
        for k in cases:
            c = cases[k]
            _cases[c.name] = (_convert(rt, is_tensor, c.inputs), _convert(rt, is_tensor, c.output))
    return _cases
