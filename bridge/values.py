"""Lua values as Python values, for code that reads Torch7 data from Python (the migration tools).

    from bridge import load_t7
    obj = load_t7("model.t7")              # torch.class objects -> T7Object, tables -> dict/list,
    obj.typename, obj["weight"]            # tensors -> numpy arrays sharing the C tensor's memory

The t7 codec itself is Lua (torch.load); this module only converts what it returns.  Identity is kept:
one Lua table (or tensor handle) becomes one Python object, so shared references and cycles survive.
Tensors that share a storage give numpy arrays over the same memory.
"""
from __future__ import annotations

from .runtime import LuaRuntime

_DESCRIBE = r"""
-- kind of a Lua value, for the converter: 'tensor', 'storage', 'object' (torch.class), 'table', or type()
return function(v)
   if torch.isTensor(v) then return 'tensor', torch.typename(v) end
   if torch.isStorage(v) then return 'storage', torch.typename(v) end
   local tn = torch.typename(v)
   if tn then return 'object', tn end
   return type(v), nil
end
"""

_ENTRIES = r"""
-- (keys, values) of a table as two arrays, with the length of its array part
return function(t)
   local ks, vs, n = {}, {}, 0
   for k, v in pairs(t) do n = n + 1; ks[n] = k; vs[n] = v end
   return ks, vs, n, #t
end
"""


class T7Object:
    """A torch.class instance (an nn module, a criterion, ...): its class name and its fields."""

    __slots__ = ("typename", "fields")

    def __init__(self, typename, fields=None):
        self.typename = typename
        self.fields = fields if fields is not None else {}

    def __getitem__(self, key):
        return self.fields[key]

    def get(self, key, default=None):
        return self.fields.get(key, default)

    def __contains__(self, key):
        return key in self.fields

    def __repr__(self):
        return f"T7Object({self.typename!r}, fields={sorted(map(str, self.fields))})"


class Converter:
    def __init__(self, rt: LuaRuntime, tensors: str = "numpy"):
        if tensors not in ("numpy", "core", "lua"):
            raise ValueError("tensors must be 'numpy', 'core' or 'lua'")
        self.rt = rt
        self.tensors = tensors
        self._describe = rt.execute(_DESCRIBE, name="=describe")
        self._entries = rt.execute(_ENTRIES, name="=entries")
        self._pointer = rt.eval("torch.pointer")
        self._memo = {}

    def _tensor(self, v):
        if self.tensors == "lua":
            return v
        p = self.rt.tensor_to_python(v)
        if self.tensors == "core":
            return p
        from tensor_core import nd
        return nd.to_numpy(p)

    def _storage(self, v):
        t = self.rt.call(self.rt.eval("function(s) return torch.getconstructortable("
                                      "torch.typename(s):gsub('Storage', 'Tensor'))(s) end"), v)
        return self._tensor(t)

    def convert(self, v):
        if v is None or isinstance(v, (bool, int, float, str, bytes)):
            return v
        kind, tn = self._describe(v)
        if kind in ("tensor", "storage", "object", "table"):
            key = (kind, self._pointer(v))
            if key in self._memo:
                return self._memo[key]
        if kind == "tensor":
            out = self._tensor(v)
        elif kind == "storage":
            out = self._storage(v)
        elif kind in ("object", "table"):
            out = T7Object(tn) if kind == "object" else None
            ks, vs, n, arraylen = self._entries(v)
            if kind == "table" and n == arraylen and all(ks[i] == i for i in range(1, n + 1)):
                out = []
                self._memo[key] = out
                out.extend(self.convert(vs[i]) for i in range(1, n + 1))
                return out
            if out is None:
                out = {}
            self._memo[key] = out
            target = out.fields if isinstance(out, T7Object) else out
            for i in range(1, n + 1):
                k = ks[i]
                k = self.convert(k) if not isinstance(k, (int, float, str, bool)) else k
                try:
                    hash(k)
                except TypeError:
                    k = ("object-key", id(k))
                target[k] = self.convert(vs[i])
            return out
        else:
            return v          # functions and other Lua values stay Lua objects
        self._memo[key] = out
        return out


_shared_runtime = None


def _runtime():
    global _shared_runtime
    if _shared_runtime is None:
        _shared_runtime = LuaRuntime()
        # the classes saved files use most, when their packages are installed
        _shared_runtime.execute("pcall(require, 'nn') pcall(require, 'nngraph')")
    return _shared_runtime


def load_t7(path, mode: str = "binary", allow_functions: bool = False, tensors: str = "numpy", runtime=None):
    """Reads a Torch7 .t7 file with the Lua codec and converts the result to Python values.

    mode: 'binary' or 'ascii'.  allow_functions: Lua functions in the file are LuaJIT bytecode and run
    code when loaded; they are refused unless this is True.  tensors: 'numpy' (zero-copy arrays),
    'core' (cffi `tc_tensor *`) or 'lua' (the Lua handles, for passing back into Lua).
    """
    rt = runtime or _runtime()
    opts = rt.table(allowFunctions=bool(allow_functions))
    obj = rt.execute("return torch.load(...)", str(path), mode, True, opts, name="=load_t7")
    return Converter(rt, tensors).convert(obj)


def load_t7_lua(path, mode: str = "binary", allow_functions: bool = False, runtime=None):
    """Like load_t7 but returns the Lua object itself (and its runtime) for navigation from Python."""
    rt = runtime or _runtime()
    opts = rt.table(allowFunctions=bool(allow_functions))
    return rt.execute("return torch.load(...)", str(path), mode, True, opts, name="=load_t7"), rt
