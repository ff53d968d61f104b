"""nn.test(): nn's own Torch7-style unit suite (lua_torch/nn/test.lua) runs green through torch.Tester."""
from bridge.runtime import LuaRuntime


def test_nn_test_runs_green():
    rt = LuaRuntime()
    rt.execute("require 'nn'")
    rt.execute("_nn_tester = nn.test(nil, 1234)")
    assert rt.eval("#_nn_tester.errors") == 0
    assert rt.eval("_nn_tester.countasserts") > 200


def test_nn_test_selection_and_failure_reported():
    rt = LuaRuntime()
    rt.execute("require 'nn'")
    rt.execute("_t = nn.test({'Linear', 'Tanh'}, 5)")
    assert rt.eval("_t.countasserts") >= 4
