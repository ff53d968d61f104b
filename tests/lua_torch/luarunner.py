"""Runs this folder's Lua test files (each returns a table of test functions) in a fresh LuaJIT state.

Used until the bridge's own Lua test collector covers these files: the state is made by
`bridge.runtime.LuaRuntime` when it exists, else directly with lupa and the checkout's lua_torch on the
package path (and a minimal torch.class fixture when the torch package is not in this checkout)."""
import os

from lupa import luajit21

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LUA_ROOT = os.path.join(ROOT, "lua_torch")

_SETUP = r"""
local lua_root, here = ...
package.path = lua_root .. '/?.lua;' .. lua_root .. '/?/init.lua;' .. here .. '/?.lua;' .. package.path
local ok, torch = pcall(require, 'torch')
if not ok then
   if not tostring(torch):find("module 'torch' not found", 1, true) then error(torch, 0) end
   torch = dofile(here .. '/torch_stub.lua')
   package.loaded.torch = torch
   _G.torch = torch
   for _, m in ipairs { 'Timer', 'CmdLine', 'File', 'DiskFile', 'MemoryFile', 'serialization' } do
      if package.searchpath == nil or true then
         local f = io.open(lua_root .. '/torch/' .. m .. '.lua')
         if f then f:close(); require('torch.' .. m) end
      end
   end
else
   _G.torch = torch
end
"""


def new_state():
    lua = luajit21.LuaRuntime(unpack_returned_tuples=True)
    lua.execute(_SETUP, LUA_ROOT, HERE)
    return lua


def load_tests(lua, filename):
    """(names, runner) for the test functions a Lua test file returns."""
    path = os.path.join(HERE, filename)
    tests = lua.execute("local p = ...; return dofile(p)", path)
    names = sorted(k for k in tests.keys())
    run = lua.eval("""function(t, name)
        local ok, err = xpcall(t[name], debug.traceback)
        if ok then return nil end
        return tostring(err)
    end""")
    return names, lambda name: run(tests, name)


def lua_test_params(filename):
    lua = new_state()
    names, _ = load_tests(lua, filename)
    return names


def run_lua_test(filename, name):
    lua = new_state()
    _, run = load_tests(lua, filename)
    err = run(name)
    if err is not None:
        raise AssertionError(f"{filename}:{name}\n{err}")
