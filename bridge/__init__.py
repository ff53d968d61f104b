"""bridge: hosts the LuaJIT runtime (lupa) for legacy Torch7 code.

    from bridge import LuaRuntime, LuaError, load_t7
"""
from .runtime import LuaError, LuaRuntime  # noqa: F401


def load_t7(*args, **kw):
    """Reads a .t7 file through the Lua codec; see bridge.values.load_t7."""
    from .values import load_t7 as _load
    return _load(*args, **kw)


def load_t7_lua(*args, **kw):
    from .values import load_t7_lua as _load
    return _load(*args, **kw)
