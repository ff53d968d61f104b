"""bridge.load_t7: Torch7 files read by the Lua codec, converted to Python values."""
import glob
import os

import numpy as np
import pytest

from bridge import LuaRuntime, load_t7
from bridge.values import T7Object

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.environ["LUATORCH_SHARED"]   # set by tests/conftest.py


@pytest.fixture(scope="module")
def rt():
    return LuaRuntime()


def test_roundtrip_structures(tmp_path, rt):
    path = tmp_path / "x.t7"
    rt.execute("""
        local base = torch.range(1, 6)
        local P = torch.class('ltestval.P')
        local obj = { list = {1, 2, 'three'}, w = base:view(2, 3), b = base:narrow(1, 2, 2),
                      flag = true, name = 'n', p = ltestval.P(), ints = torch.IntTensor({7, 8}) }
        obj.p.weight = torch.FloatTensor({0.5})
        obj.self = obj
        torch.save(..., obj)""".replace("local P", "ltestval = {} local P"), str(path))
    v = load_t7(path, runtime=rt)
    assert v["list"] == [1, 2, "three"]
    assert v["flag"] is True and v["name"] == "n"
    np.testing.assert_array_equal(v["w"], [[1, 2, 3], [4, 5, 6]])
    np.testing.assert_array_equal(v["b"], [2, 3])
    assert v["ints"].dtype == np.int32
    v["w"][0, 1] = 100                     # views of one storage share memory after loading
    assert v["b"][0] == 100
    assert isinstance(v["p"], T7Object) and v["p"].typename == "ltestval.P"
    assert v["p"]["weight"].dtype == np.float32
    assert v["self"] is v                  # cycles and shared references keep identity


def test_functions_refused_by_default(tmp_path, rt):
    path = tmp_path / "f.t7"
    rt.execute("torch.save(..., { f = function() return 1 end })", str(path))
    with pytest.raises(Exception, match="(?i)function"):
        load_t7(path, runtime=rt)
    v = load_t7(path, runtime=rt, allow_functions=True)
    assert "f" in v


@pytest.mark.skipif(not os.path.exists(os.path.join(SHARED, "data", "torch7-golden", "nn", "Linear.t7")),
                    reason="golden nn data not available")
def test_golden_nn_record():
    path = os.path.join(SHARED, "data", "torch7-golden", "nn", "Linear.t7")
    rt = LuaRuntime()
    # without the nn package a bare class declaration is enough to read the record
    rt.execute("nn = nn or {} if not torch.getmetatable('nn.Linear') then torch.class('nn.Linear') end")
    rec = load_t7(path, runtime=rt)
    m = rec["module"]
    assert isinstance(m, T7Object) and m.typename == "nn.Linear"
    w, x, y = m["weight"], rec["input"], rec["output"]
    b = m["bias"]
    expect = x @ w.T + b if x.ndim == 2 else w @ x + b
    np.testing.assert_allclose(y, expect, rtol=1e-6, atol=1e-6)
