"""The lupa host: running code, errors both ways, tensors shared by reference."""
import sys

import numpy as np
import pytest

from bridge.runtime import LuaError, LuaRuntime
from tensor_core import lib, nd


@pytest.fixture(scope="module")
def rt():
    return LuaRuntime()


def test_execute_eval_and_globals(rt):
    assert rt.eval("1 + 2") == 3
    rt.execute("answer = 6 * 7")
    assert rt.globals().answer == 42
    assert rt.execute("return ...", 5, "x") == (5, "x")
    assert rt.eval("torch.typename(torch.Tensor(2))") == "torch.DoubleTensor"
    assert rt.eval("type(torch.Tensor(2))") == "userdata"


def test_require_path(tmp_path):
    (tmp_path / "mymod.lua").write_text("return { value = 11 }")
    r = LuaRuntime(script_dir=str(tmp_path))
    assert r.require("mymod").value == 11
    assert str(tmp_path) in r.eval("package.path")


def test_run_file(tmp_path, rt):
    p = tmp_path / "s.lua"
    p.write_text("local a, b = ...\nreturn a * b")
    assert rt.run_file(str(p), 6, 7) == 42


def test_lua_error_carries_traceback(rt):
    with pytest.raises(LuaError) as ei:
        rt.execute("local function inner() error('kaboom') end\ninner()", name="=mychunk")
    msg = str(ei.value)
    assert "kaboom" in msg
    assert "stack traceback" in msg
    assert "mychunk:1" in msg and "in function 'inner'" in msg
    assert "<python>" not in msg


def test_syntax_error(rt):
    with pytest.raises(LuaError, match="unexpected symbol|expected"):
        rt.execute("x = = 1")


def test_lua_runtime_error_in_torch(rt):
    with pytest.raises(LuaError, match="size mismatch|inconsistent|elements"):
        rt.execute("torch.Tensor(3):add(torch.Tensor(2))")


def test_python_exception_becomes_lua_error(rt):
    def boom(x):
        raise ValueError(f"bad value {x}")
    rt.globals().pyboom = rt.function(boom)
    ok, err = rt.execute("return pcall(pyboom, 3)")
    assert ok is False
    assert "ValueError: bad value 3" in err
    assert "Python traceback" in err
    # and through a Lua frame back to Python
    with pytest.raises(LuaError, match="ValueError: bad value 4"):
        rt.execute("pyboom(4)")


def test_python_callback_returns_values(rt):
    rt.globals().pyadd = rt.function(lambda a, b: a + b)
    assert rt.eval("pyadd(2, 3)") == 5


def test_tensor_lua_to_python_shares_memory(rt):
    x = rt.eval("torch.Tensor({{1, 2, 3}, {4, 5, 6}})")
    a = rt.numpy(x)
    np.testing.assert_array_equal(a, [[1, 2, 3], [4, 5, 6]])
    assert a.dtype == np.float64
    a[0, 0] = 100                       # Python writes, Lua sees it
    assert rt.call(rt.eval("function(t) return t[1][1] end"), x) == 100
    rt.call(rt.eval("function(t) t[2][3] = -7 end"), x)   # Lua writes, Python sees it
    assert a[1, 2] == -7


def test_tensor_view_strides_cross(rt):
    x = rt.eval("torch.range(1, 6):view(2, 3):t()")
    a = rt.numpy(x)
    np.testing.assert_array_equal(a, [[1, 4], [2, 5], [3, 6]])
    assert not a.flags["C_CONTIGUOUS"]


def test_tensor_python_to_lua_shares_memory(rt):
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    t = rt.from_numpy(a)
    assert rt.call(rt.eval("function(t) return torch.typename(t), t:size(1), t:size(2), t[2][3] end"), t) == \
        ("torch.FloatTensor", 2, 3, 5.0)
    rt.call(rt.eval("function(t) t:fill(2) end"), t)
    assert (a == 2).all()
    a[1, 1] = 9
    assert rt.call(rt.eval("function(t) return t:sum() end"), t) == 2 * 5 + 9


def test_tensor_types_cross(rt):
    for lua_type, np_type in [("Byte", np.uint8), ("Char", np.int8), ("Short", np.int16), ("Int", np.int32),
                              ("Long", np.int64), ("Float", np.float32), ("Double", np.float64),
                              ("Half", np.float16)]:
        x = rt.eval(f"torch.{lua_type}Tensor(3):fill(1)")
        assert rt.numpy(x).dtype == np_type


def test_reference_counts_balance(rt):
    x = rt.eval("torch.Tensor(4)")
    p = rt.tensor_to_python(x)
    assert p.refcount >= 2          # Lua's handle and Python's
    del p
    y = rt.tensor_from_python(nd.from_numpy(np.zeros(3)))
    assert rt.call(rt.eval("function(t) return t:nElement() end"), y) == 3


def test_not_a_tensor(rt):
    with pytest.raises(TypeError):
        rt.tensor_to_python(rt.eval("{}"))


def _py_module_with_functions():
    import types
    mod = types.ModuleType("_lupa_slot_probe")
    for i in range(20):
        exec(f"def fn{i}(*a): return 'fn{i}'", mod.__dict__)
    mod.make = lambda i: [i]          # a new Python object per call: a wrapper that dies in Lua
    sys.modules[mod.__name__] = mod
    return mod


def test_python_calls_reach_the_right_function_while_wrappers_die():
    # lupa reuses the registry slot of a dead wrapper before that wrapper's finalizer frees it; without the
    # bridge's guard this calls the wrong Python object within a few thousand iterations
    _py_module_with_functions()
    rt = LuaRuntime()
    bad = rt.execute("""
        local m = python.eval('__import__("_lupa_slot_probe")')
        local bad = 0
        for i = 1, 30000 do
           local name = 'fn' .. (i % 20)
           local o = m.make(i)
           if m[name]() ~= name then bad = bad + 1 end
           if i % 7 == 0 then collectgarbage('step', 1) end
           if i % 5000 == 0 then collectgarbage() end
        end
        return bad
    """)
    assert bad == 0


def test_python_objects_dropped_by_lua_are_released_by_a_collection():
    import weakref

    class Payload:
        pass

    rt = LuaRuntime()
    p = Payload()
    ref = weakref.ref(p)
    keep = rt.eval("function(x) held = x end")
    rt.call(keep, p)
    del p
    assert ref() is not None, "Lua still holds it"
    rt.execute("held = nil")
    rt.execute("collectgarbage()")
    assert ref() is None, "released once Lua dropped it and collected"
    # the same through the Python-side entry point
    q = Payload()
    ref = weakref.ref(q)
    rt.call(keep, q)
    del q
    rt.execute("held = nil")
    rt.collect()
    assert ref() is None


def test_numpy_memory_is_released_at_a_safe_point_not_inside_lua(rt):
    """A Lua tensor on numpy memory may die inside a core call made from a LuaJIT trace; the core then
    must not run Python (a collection there can reach the Lua state through lupa while the trace's
    stack is not synchronised).  The array is dropped once the call into Lua has returned."""
    import weakref

    a = np.arange(6.0)
    alive = weakref.ref(a)
    rt.globals().x = rt.from_numpy(a)
    del a
    seen = []
    probe = rt.function(lambda: seen.append(alive() is not None))
    rt.execute("""local probe = ...
        x = nil
        collectgarbage()          -- the tensor and its storage die here, inside Lua
        probe()""", probe)
    assert seen == [True]          # still held while Lua ran: the release was queued, not run
    assert alive() is None         # and dropped when the call returned
    assert lib.tc_release_pending() == 0


def test_release_queue_hands_back_every_context():
    import gc
    import weakref

    arrays = [np.full(3, float(i)) for i in range(600)]       # more than one take of 256
    refs = [weakref.ref(x) for x in arrays]
    ts = [nd.from_numpy(x) for x in arrays]
    del arrays
    assert all(r() is not None for r in refs)
    del ts
    gc.collect()
    assert lib.tc_release_pending() >= 600
    assert nd.release_pending() >= 600
    assert all(r() is None for r in refs)
    assert lib.tc_release_pending() == 0
