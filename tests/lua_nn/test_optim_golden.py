"""Torch7's golden optimizer runs: every run in shared/data/torch7-golden/optim/optim.t7 is replayed
through the Lua optim package (tests/lua_nn/optim_golden.lua)."""
import os

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ["LUATORCH_SHARED"]   # set by tests/conftest.py
PATH = os.path.join(SHARED, "data", "torch7-golden", "optim", "optim.t7")

_rt = None


def runtime():
    global _rt
    if _rt is None:
        from bridge.runtime import LuaRuntime
        _rt = LuaRuntime()
        _rt.globals()._optim_golden = _rt.run_file(os.path.join(HERE, "optim_golden.lua"))
    return _rt


def _names():
    if not os.path.exists(PATH):
        return []
    names = runtime().eval("_optim_golden.names(...)", PATH)
    return [names[i] for i in range(1, len(names) + 1)]


@pytest.mark.parametrize("name", _names())
def test_optim_run_matches_torch7(name):
    bad = runtime().eval("_optim_golden.run(...)", PATH, name)
    problems = [bad[i] for i in range(1, len(bad) + 1)]
    assert not problems, "\n".join(problems)


def test_optim_golden_present():
    assert len(_names()) >= 20
