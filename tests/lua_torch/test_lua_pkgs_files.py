"""Runs the Lua test files of paths, lfs, sys, xlua, pl.path, Timer, CmdLine, File and the t7 codec."""
import glob
import os

import pytest

import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from luarunner import HERE, lua_test_params, run_lua_test  # noqa: E402

FILES = sorted(os.path.basename(p) for pat in
               ("test_paths*.lua", "test_cmdline*.lua", "test_file*.lua", "test_t7*.lua",
                "test_sys*.lua", "test_xlua*.lua")
               for p in glob.glob(os.path.join(HERE, pat)))

CASES = [(f, name) for f in FILES for name in lua_test_params(f)]


@pytest.mark.parametrize("filename,name", CASES, ids=[f"{f}::{n}" for f, n in CASES])
def test_lua(filename, name):
    run_lua_test(filename, name)
