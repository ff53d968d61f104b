"""The lupa host: running code, errors both ways, tensors shared by reference."""
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
