"""luatorch's C tensor core, reached from Python through cffi.

    from tensor_core import ffi, lib, library_path, cdef_path, check

`lib` holds every entry point declared in include/tensor_core.h; `library_path` is the shared
library that LuaJIT's ffi.load opens too, and `cdef_path` the declarations generated from the
header for ffi.cdef.
"""
import os

_HERE = os.path.dirname(os.path.abspath(__file__))
library_path = os.path.join(_HERE, "libtensor_core.so")
cdef_path = os.path.join(_HERE, "tensor_core_cdef.h")
include_dir = os.path.join(_HERE, "include")



def _preload_openblas():
    # The core links OpenBLAS from the scipy-openblas32 wheel.  The build may have run in an
    # isolated environment whose copy is gone, so load the runtime copy first; the dynamic
    # loader then satisfies the dependency by its soname.
    import ctypes
    try:
        import scipy_openblas32
    except ImportError:
        return
    path = os.path.join(scipy_openblas32.get_lib_dir(), "lib" + scipy_openblas32.get_library() + ".so")
    if os.path.exists(path):
        ctypes.CDLL(path, mode=ctypes.RTLD_GLOBAL)


_preload_openblas()

try:
    from ._tc_cffi import ffi, lib  # noqa: E402
except ImportError as _e:  # a source checkout that was never built: tensor_core.build still imports
    _import_error = _e

    def __getattr__(name):
        if name in ("ffi", "lib"):
            raise ImportError(
                "tensor_core is not built: run `pip install -e .` (or `python -m tensor_core.build`) "
                f"in the repository root ({_import_error})")
        raise AttributeError(name)


class TensorCoreError(RuntimeError):
    """An entry point of the C core reported failure; the message is the core's own."""


def last_error() -> str:
    return ffi.string(lib.tc_last_error()).decode("utf-8", "replace")


def check(rc):
    """Raises TensorCoreError when a core call failed (rc -1 or NULL); returns rc otherwise."""
    if rc == -1 or rc == ffi.NULL:
        raise TensorCoreError(last_error())
    return rc


DTYPE_NAMES = ["uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64", "bool"]
