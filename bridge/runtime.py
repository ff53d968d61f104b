"""The LuaJIT runtime that hosts legacy Torch7 scripts.

    rt = LuaRuntime(script_dir="path/to/scripts")
    rt.execute("x = torch.Tensor(3):fill(1)")
    t = rt.tensor_to_python(rt.globals().x)     # a cffi `tc_tensor *` sharing x's memory
    a = tensor_core.nd.to_numpy(t)

Lua reaches the C core through LuaJIT's ffi (declarations generated from the C header, library opened
by path), never through Python: a call from Lua into Python costs microseconds, an ffi call under a
nanosecond.  lupa carries values across; tensors cross by reference (the C tensor is retained, not copied).
"""
from __future__ import annotations

import os
import traceback

from lupa import luajit21 as _lupa

import tensor_core
from tensor_core.nd import release_pending as _release_pending

_HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(_HERE)
LUA_ROOT = os.path.join(ROOT, "lua_torch")


class LuaError(RuntimeError):
    """A Lua error; the message carries the Lua traceback."""

    def __init__(self, message, lua_traceback=""):
        super().__init__(message)
        self.lua_traceback = lua_traceback


# Installed before anything else: error handler that adds the Lua traceback, and the core's ffi.
_BOOT = r"""
local cdef_src, lib_path, lua_root, extra_path = ...
local ffi = require 'ffi'
ffi.cdef(cdef_src)
package.loaded['torch._core'] = { lib = ffi.load(lib_path), ffi = ffi }
local paths = { lua_root .. '/?.lua', lua_root .. '/?/init.lua' }
if extra_path ~= '' then table.insert(paths, extra_path) end
table.insert(paths, package.path)
package.path = table.concat(paths, ';')
if table.unpack == nil then table.unpack = unpack end
if string.gfind == nil then string.gfind = string.gmatch end

-- lupa keeps the Lua side of each Python object in a weak-valued registry table, and frees the object's
-- slot from the wrapper's finalizer. The collector clears a dead wrapper's slot before that finalizer
-- runs, so a new wrapper can be given the slot in between; the finalizer then frees the new wrapper's
-- slot, and a later lookup of that object returns whichever wrapper takes the slot next: a Python call
-- lands in another function (seen as "queued() -> wait_one()"). So the table is kept strong, and dead
-- wrappers are released only inside a full collection, which runs every pending finalizer before any
-- other Lua code: collectgarbage() / collectgarbage('collect'), and LuaRuntime.collect() from Python.
do
   local refs = debug.getregistry()['LUPA_PYTHON_REFERENCES_TABLE']
   if refs then
      local weak = getmetatable(refs)
      setmetatable(refs, nil)
      local rawcollect = collectgarbage
      collectgarbage = function(opt, arg)
         if opt == nil or opt == 'collect' then
            setmetatable(refs, weak)
            local ok, r = pcall(rawcollect, 'collect')
            setmetatable(refs, nil)
            if not ok then error(r, 0) end
            return r
         end
         return rawcollect(opt, arg)
      end
   end
end

-- Runs f(...) and returns true, results... or false, message-with-traceback.
local function tb(e)
   if type(e) ~= 'string' then
      local ok, s = pcall(tostring, e)
      e = ok and s or '(error object is not a string)'
   end
   return debug.traceback(e, 1)
end
local unpack = unpack
return function(f, ...)
   local n = select('#', ...)
   local args = { ... }
   local r = { xpcall(function() return f(unpack(args, 1, n)) end, tb) }
   r.n = table.maxn(r)
   return r
end
"""


def _trim_traceback(msg: str) -> str:
    """Drops the bridge's own frames (the protected-call wrapper) from the end of a Lua traceback."""
    lines = msg.split("\n")
    while lines and ('[string "<python>"]' in lines[-1] or lines[-1].strip() == "[C]: in function 'xpcall'"):
        lines.pop()
    return "\n".join(lines)


class LuaRuntime:
    """One LuaJIT state with the torch package on its path."""

    def __init__(self, script_dir: str | None = None, preload_torch: bool = True):
        self.lua = _lupa.LuaRuntime(unpack_returned_tuples=True)
        self._calls = 0
        self._depth = 0
        extra = []
        if script_dir:
            extra += [os.path.join(script_dir, "?.lua"), os.path.join(script_dir, "?", "init.lua")]
        lua_path_env = os.environ.get("LUA_PATH")
        if lua_path_env:
            extra.append(lua_path_env.replace(";;", ";"))
        with open(tensor_core.cdef_path) as f:
            cdef = f.read()
        boot = self.lua.execute(_BOOT, cdef, tensor_core.library_path, LUA_ROOT, ";".join(extra))
        self._pcall = boot
        self._load = self.lua.eval("function(s, name) local f, e = loadstring(s, name); return f, e end")
        self._loadfile = self.lua.eval("function(p) local f, e = loadfile(p); return f, e end")
        self.torch = None
        if preload_torch:
            self.torch = self.require("torch")
            self.lua.globals().torch = self.torch

    # ---- running code ---------------------------------------------------------------------------
    _SWEEP_EVERY = 20000   # top-level calls between releases of the Python objects Lua no longer holds

    def collect(self):
        """A full Lua collection, releasing the Python objects Lua no longer references (see _BOOT)."""
        self._calls = 0
        self.lua.execute("collectgarbage('collect')")

    def _call_protected(self, f, *args):
        self._calls += 1
        if self._calls >= self._SWEEP_EVERY and self._depth == 0:
            self.collect()
        self._depth += 1
        try:
            r = self._pcall(f, *args)
        finally:
            self._depth -= 1
            if self._depth == 0:
                _release_pending()   # numpy arrays whose Lua tensors died meanwhile (tensor_core.nd)
        n = r["n"] or 0
        if not r[1]:
            msg = r[2]
            if not isinstance(msg, str):
                msg = str(msg)
            msg = _trim_traceback(msg)
            raise LuaError(msg, msg)
        vals = tuple(r[i] for i in range(2, n + 1))
        if len(vals) == 0:
            return None
        if len(vals) == 1:
            return vals[0]
        return vals

    def call(self, f, *args):
        """Calls a Lua function; a Lua error raises LuaError with the traceback."""
        return self._call_protected(f, *args)

    def execute(self, code: str, *args, name: str = "=(string)"):
        f, err = self._load(code, name)
        if f is None:
            raise LuaError(err)
        return self._call_protected(f, *args)

    def eval(self, expr: str, *args):
        return self.execute("return " + expr, *args, name="=(eval)")

    def run_file(self, path: str, *args):
        f, err = self._loadfile(path)
        if f is None:
            raise LuaError(err)
        return self._call_protected(f, *args)

    def require(self, name: str):
        return self.execute("return require(...)", name, name="=(require)")

    def globals(self):
        return self.lua.globals()

    def table(self, *items, **kw):
        return self.lua.table(*items, **kw)

    def function(self, pyfunc):
        """A Lua function calling `pyfunc`; a Python exception becomes a Lua error (with its traceback)."""
        def guarded(*args):
            try:
                return True, pyfunc(*args)
            except Exception as e:  # noqa: BLE001 - every failure must reach Lua as an error
                return False, "".join(traceback.format_exception_only(type(e), e)).strip() + \
                    "\nPython traceback:\n" + "".join(traceback.format_tb(e.__traceback__))
        wrap = self.lua.eval("""function(g)
            return function(...)
               local r = { g(...) }
               if not r[1] then error(r[2], 2) end
               return unpack(r, 2, table.maxn(r))
            end end""")
        return wrap(guarded)

    # ---- tensors by reference ------------------------------------------------------------------
    def tensor_to_python(self, lua_tensor):
        """The C tensor behind a Lua tensor, as a cffi `tc_tensor *` (retained, released by GC)."""
        from tensor_core import ffi, lib
        addr = self.torch._retainedpointer(lua_tensor)
        if addr is None:
            raise TypeError("tensor_to_python: not a torch tensor")
        p = ffi.cast("tc_tensor *", int(addr))
        return ffi.gc(p, lib.tc_tensor_release)

    def tensor_from_python(self, ptr, typename: str | None = None):
        """A Lua tensor handle on the C tensor `ptr` (a cffi `tc_tensor *`); the data is shared."""
        from tensor_core import ffi, lib
        lib.tc_tensor_retain(ptr)
        return self.torch._pushtensor(int(ffi.cast("uintptr_t", ptr)))

    def numpy(self, lua_tensor):
        """A numpy view of a Lua tensor (no copy)."""
        from tensor_core import nd
        return nd.to_numpy(self.tensor_to_python(lua_tensor))

    def from_numpy(self, array):
        """A Lua tensor sharing a numpy array's memory."""
        from tensor_core import nd
        return self.tensor_from_python(nd.from_numpy(array))
