# Lua test files here are collected by the same collector as tests/lua_torch.
from tests.lua_torch.conftest import pytest_collect_file  # noqa: F401
