"""torch.test(): the torch package's own Torch7-style unit suite (lua_torch/torch/test.lua) runs green,
and a failing check is reported through the Tester."""
from bridge.runtime import LuaRuntime


def test_torch_test_runs_green():
    rt = LuaRuntime()
    rt.execute("_t = torch.test(nil, 1234)")
    assert rt.eval("#_t.errors") == 0
    assert rt.eval("_t.countasserts") >= 100


def test_torch_test_selection_and_reported_failure():
    rt = LuaRuntime()
    rt.execute("_t = torch.test({'mm', 'views'}, 5)")
    assert rt.eval("#_t.errors") == 0
    assert 0 < rt.eval("_t.countasserts") < 40
    # a broken operation shows up as a failure, not as a pass
    rt.execute("local mm = torch.mm; torch.mm = function(a, b) return mm(a, b):add(1) end")
    ok, err = rt.execute("return pcall(torch.test, {'mm'}, 5)")
    assert ok is False and "error was found" in err
