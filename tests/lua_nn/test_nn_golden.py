"""Torch7's golden nn records (shared/data/torch7-golden/nn/*.t7): every file found is replayed through
the Lua nn package (tests/lua_nn/nn_golden.lua) and must match Torch7's outputs and gradients."""
import glob
import os

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ["LUATORCH_SHARED"]   # set by tests/conftest.py
FILES = sorted(glob.glob(os.path.join(SHARED, "data", "torch7-golden", "nn", "*.t7")))

# Known differences, each with its reason; the test fails loudly once a case starts to match.
KNOWN = {}

_rt = None


def runtime():
    global _rt
    if _rt is None:
        from bridge.runtime import LuaRuntime
        _rt = LuaRuntime()
        _rt.globals()._golden = _rt.run_file(os.path.join(HERE, "nn_golden.lua"))
    return _rt


@pytest.mark.parametrize("path", FILES, ids=[os.path.basename(p)[:-3] for p in FILES])
def test_nn_record_matches_torch7(path):
    rt = runtime()
    bad = rt.eval("_golden.run(...)", path)
    problems = [bad[i] for i in range(1, len(bad) + 1)]
    name = os.path.basename(path)[:-3]
    if name in KNOWN:
        if not problems:
            pytest.fail(f"{name} now matches Torch7: remove it from KNOWN")
        pytest.xfail(KNOWN[name])
    assert not problems, "\n".join(problems)


def test_golden_files_present():
    assert len(FILES) > 100, "the shared golden nn set was not found"


GRAPHS = sorted(glob.glob(os.path.join(SHARED, "data", "torch7-golden", "nngraph", "*.t7")))


@pytest.mark.parametrize("path", GRAPHS, ids=[os.path.basename(p)[:-3] for p in GRAPHS])
def test_nngraph_record_matches_torch7(path):
    rt = runtime()
    bad = rt.eval("_golden.run(...)", path)
    problems = [bad[i] for i in range(1, len(bad) + 1)]
    assert not problems, "\n".join(problems)
