"""Runs this folder's Lua test files (each returns a table of test functions) in a fresh LuaJIT state made by
`bridge.runtime.LuaRuntime` (torch preloaded as a global, the checkout's lua_torch on the package path).

Used until the bridge's own Lua test collector covers these files."""
import os

from bridge.runtime import LuaRuntime

HERE = os.path.dirname(os.path.abspath(__file__))


def load_tests(rt, filename):
    """(names, run) for the test functions a Lua test file returns; run(name) -> None or the error text."""
    path = os.path.join(HERE, filename)
    tests = rt.execute("return dofile(...)", path)
    names = sorted(k for k in tests.keys())
    run = rt.lua.eval("""function(t, name)
        local ok, err = xpcall(t[name], debug.traceback)
        if ok then return nil end
        return tostring(err)
    end""")
    return names, lambda name: run(tests, name)


def lua_test_params(filename):
    names, _ = load_tests(LuaRuntime(script_dir=HERE), filename)
    return names


def run_lua_test(filename, name):
    _, run = load_tests(LuaRuntime(script_dir=HERE), filename)
    err = run(name)
    if err is not None:
        raise AssertionError(f"{filename}:{name}\n{err}")
