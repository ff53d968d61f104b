"""Torch7's golden 20-step training traces, replayed from their own source through luatorch."""
import glob
import os

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ["LUATORCH_SHARED"]   # set by tests/conftest.py
RUNS = sorted(glob.glob(os.path.join(SHARED, "data", "torch7-golden", "train", "*.t7")))

_rt = None


def runtime():
    global _rt
    if _rt is None:
        from bridge.runtime import LuaRuntime
        _rt = LuaRuntime()
        _rt.globals()._train_golden = _rt.run_file(os.path.join(HERE, "train_golden.lua"))
    return _rt


@pytest.mark.parametrize("path", RUNS, ids=[os.path.basename(p)[:-3] for p in RUNS])
def test_training_trace_matches_torch7(path):
    bad = runtime().eval("_train_golden.run(...)", path)
    problems = [bad[i] for i in range(1, len(bad) + 1)]
    assert not problems, "\n".join(problems)
