"""Hostile .t7 input: mutated and truncated copies of real Torch7 files must raise a clean error (a Python
LuaError through the bridge) or load, never crash the process or allocate without bound."""
import glob
import os
import struct

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from bridge.runtime import LuaError, LuaRuntime

SHARED = os.environ["LUATORCH_SHARED"]   # set by tests/conftest.py

SEEDS = {}
for path in sorted(glob.glob(os.path.join(SHARED, "data", "t7", "python-torchfile", "*.t7"))):
    name = os.path.basename(path)
    if name.startswith("function"):
        continue
    with open(path, "rb") as f:
        SEEDS[name] = ("binary", f.read())
for name, mode in (("Linear.t7", "binary"), ("Linear.ascii.t7", "ascii")):
    with open(os.path.join(SHARED, "data", "torch7-golden", "nn", name), "rb") as f:
        SEEDS[name] = (mode, f.read())
for name in ("net_linear_2d_input.txt", "net_softmax_net.txt"):
    with open(os.path.join(SHARED, "data", "t7", "opencv-dnn-torch-ascii", name), "rb") as f:
        SEEDS[name] = ("ascii", f.read())

_PRELUDE = r"""
-- classes the seed files name, declared so that mutations get past the class lookup
for _, n in ipairs { 'Blah', 'A', 'nn.Module', 'nn.Linear', 'nn.Sequential', 'nn.SoftMax', 'nn.gModule',
                     'nn.Identity', 'nn.CAddTable', 'nngraph.Node', 'graph.Graph', 'graph.Edge' } do
   local holder = _G
   local parts = {}
   for p in n:gmatch('[^.]+') do parts[#parts + 1] = p end
   for i = 1, #parts - 1 do holder[parts[i]] = holder[parts[i]] or {}; holder = holder[parts[i]] end
   if not torch.getmetatable(n) then torch.class(n) end
end
return function(bytes, mode)
   local ok, res = pcall(torch.deserialize, bytes, mode)
   if ok then return 'ok' end
   error(res, 0)
end
"""


@pytest.fixture(scope="module")
def loader():
    rt = LuaRuntime()
    fn = rt.execute(_PRELUDE)
    return rt, fn


def _check(loader, data, mode):
    rt, fn = loader
    try:
        rt.call(fn, data, mode)
    except LuaError as e:
        assert str(e).strip(), "an error must carry a message"
    # the state is still alive and usable
    assert rt.eval("torch.Tensor{1,2,3}:size(1)") == 3


def test_seeds_load(loader):
    for name, (mode, data) in SEEDS.items():
        rt, fn = loader
        assert rt.call(fn, data, mode) == "ok", name


@settings(max_examples=int(os.environ.get("T7_FUZZ_EXAMPLES", 300)), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.sampled_from(sorted(SEEDS)), data=st.data())
def test_truncated(loader, seed, data):
    mode, raw = SEEDS[seed]
    cut = data.draw(st.integers(0, len(raw) - 1))
    _check(loader, raw[:cut], mode)


@settings(max_examples=int(os.environ.get("T7_FUZZ_EXAMPLES", 400)), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.sampled_from(sorted(SEEDS)), data=st.data())
def test_mutated(loader, seed, data):
    mode, raw = SEEDS[seed]
    buf = bytearray(raw)
    for _ in range(data.draw(st.integers(1, 4))):
        kind = data.draw(st.sampled_from(["byte", "int", "long", "delete", "insert"]))
        pos = data.draw(st.integers(0, len(buf) - 1))
        if kind == "byte":
            buf[pos] = data.draw(st.integers(0, 255))
        elif kind == "int":
            v = data.draw(st.sampled_from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, -1, 25, 26, 2**31 - 1, -2**31, 2**16]))
            buf[pos:pos + 4] = struct.pack("<i", v)
        elif kind == "long":
            v = data.draw(st.sampled_from([0, -1, 2**62, 2**40, -2**63, 2**31, 10**15]))
            buf[pos:pos + 8] = struct.pack("<q", v)
        elif kind == "delete":
            del buf[pos:pos + data.draw(st.integers(1, 8))]
        else:
            buf[pos:pos] = bytes(data.draw(st.lists(st.integers(0, 255), min_size=1, max_size=8)))
        if not buf:
            break
    _check(loader, bytes(buf), mode)


@pytest.mark.parametrize("payload", [
    # a storage claiming 2^60 elements, a string claiming 2^31-1 bytes, a table claiming 2^31-1 pairs
    struct.pack("<ii", 4, 1) + struct.pack("<i", 3) + b"V 1" + struct.pack("<i", 19) + b"torch.DoubleStorage"
    + struct.pack("<q", 2**60),
    struct.pack("<ii", 2, 2**31 - 1) + b"abc",
    struct.pack("<iii", 3, 1, 2**31 - 1),
    # a tensor whose view reaches far past its storage
    struct.pack("<ii", 4, 1) + struct.pack("<i", 3) + b"V 1" + struct.pack("<i", 18) + b"torch.DoubleTensor"
    + struct.pack("<i", 1) + struct.pack("<qqq", 1000, 1, 1)
    + struct.pack("<ii", 4, 2) + struct.pack("<i", 3) + b"V 1" + struct.pack("<i", 19) + b"torch.DoubleStorage"
    + struct.pack("<q", 1) + struct.pack("<d", 1.0),
    # a tensor with 1000 dimensions, an unknown type tag, a negative length
    struct.pack("<ii", 4, 1) + struct.pack("<i", 3) + b"V 1" + struct.pack("<i", 18) + b"torch.DoubleTensor"
    + struct.pack("<i", 1000),
    struct.pack("<i", 99),
    struct.pack("<ii", 2, -5),
])
def test_hostile_sizes(loader, payload):
    rt, fn = loader
    with pytest.raises(LuaError):
        rt.call(fn, payload, "binary")
    assert rt.eval("1 + 1") == 2


def test_deep_nesting_is_a_clean_error(loader):
    # 300000 tables each holding the next: the reader's recursion ends in a Lua "stack overflow" error
    level = struct.pack("<iii", 3, 0, 1) + struct.pack("<i", 1) + struct.pack("<d", 1.0)
    data = b"".join(struct.pack("<iii", 3, i + 1, 1) + level[12:] for i in range(300000)) + struct.pack("<i", 0)
    rt, fn = loader
    with pytest.raises(LuaError, match="stack overflow"):
        rt.call(fn, data, "binary")
    assert rt.eval("1 + 1") == 2
