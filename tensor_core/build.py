"""Builds the C tensor core: libtensor_core.so, the generated declarations, and the cffi module.

    python -m tensor_core.build          # in-place build for development (incremental)

setup.py calls build() too.  The header (include/tensor_core.h) is the single list of entry
points: the declarations handed to cffi and to LuaJIT's ffi.cdef are produced from it by the C
preprocessor (with TC_CDEF defined), never written by hand.
"""
from __future__ import annotations

import fcntl
import glob
import os
import shutil
import subprocess
import sys
import sysconfig

HERE = os.path.dirname(os.path.abspath(__file__))
INCLUDE = os.path.join(HERE, "include")
SRC = os.path.join(HERE, "src")
LIB_NAME = "libtensor_core.so"
CDEF_NAME = "tensor_core_cdef.h"

def _openblas():
    import scipy_openblas32

    return scipy_openblas32.get_include_dir(), scipy_openblas32.get_lib_dir(), scipy_openblas32.get_library()


def _cc():
    return os.environ.get("CC", "gcc")


def cflags():
    flags = ["-O3", "-fPIC", "-std=gnu11", "-fopenmp", "-fno-math-errno", "-fno-trapping-math",
             "-Wall", "-Wno-unused-function", "-Wno-unknown-pragmas"]
    if os.environ.get("TC_PORTABLE") != "1":
        flags.append("-march=native")
    if os.environ.get("TC_DEBUG") == "1":
        flags = [f for f in flags if f != "-O3"] + ["-O0", "-g", "-fsanitize=address,undefined"]
    return flags


def generate_cdef() -> str:
    """The header, preprocessed: plain declarations that cffi and LuaJIT both parse."""
    out = subprocess.run(
        [_cc(), "-E", "-P", "-DTC_CDEF", "-nostdinc", "-I", INCLUDE, os.path.join(INCLUDE, "tensor_core.h")],
        check=True, capture_output=True, text=True).stdout
    lines = [ln.rstrip() for ln in out.splitlines() if ln.strip()]
    return "\n".join(lines) + "\n"


# Headers every object depends on (types and layouts).  Section headers only add prototypes, so
# a source is rebuilt for one of them only when it #includes it directly.
_COMMON_HEADERS = ["include/tensor_core.h", "include/tc_base.h", "src/tc_internal.h"]


def _deps(src):
    """The common headers plus every local header the source includes, followed transitively."""
    deps = [os.path.join(HERE, h) for h in _COMMON_HEADERS]
    seen, todo = set(), [src]
    while todo:
        path = todo.pop()
        with open(path) as f:
            for line in f:
                line = line.strip()
                # #include "x.h", and #define TEMPLATE "x_t.h" for headers included through a macro
                if not (line.startswith('#include "') or (line.startswith("#define") and '.h"' in line)):
                    continue
                name = line.split('"')[1]
                for d in (SRC, INCLUDE):
                    p = os.path.join(d, name)
                    if os.path.exists(p) and p not in seen:
                        seen.add(p)
                        deps.append(p)
                        todo.append(p)
    return deps


def _newer(target, deps):
    if not os.path.exists(target):
        return True
    t = os.path.getmtime(target)
    return any(os.path.getmtime(d) > t for d in deps)


def _run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.stderr.write(" ".join(cmd) + "\n" + r.stdout + r.stderr)
        raise RuntimeError("tensor_core build failed: " + (r.stderr.strip().splitlines() or ["?"])[-1])
    if r.stderr.strip() and os.environ.get("TC_VERBOSE"):
        sys.stderr.write(r.stderr)


def build(outdir: str = HERE, workdir: str | None = None, verbose: bool = False) -> str:
    """Compiles into `outdir` (the package folder).  Returns the library path."""
    # absolute paths: cffi compiles from its own temporary folder
    outdir = os.path.abspath(outdir)
    workdir = os.path.abspath(workdir or os.path.join(os.path.dirname(HERE), "build", "tensor_core"))
    objdir = os.path.join(workdir, "obj")
    os.makedirs(objdir, exist_ok=True)
    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(workdir, ".lock"), "w") as lockf:
        fcntl.flock(lockf, fcntl.LOCK_EX)  # several builders (editors, test runs) share one tree
        return _build_locked(outdir, workdir, objdir, verbose)


def _build_locked(outdir, workdir, objdir, verbose):
    ob_inc, ob_lib, ob_name = _openblas()
    sources = sorted(glob.glob(os.path.join(SRC, "*.c")))
    objects = []
    for src in sources:
        obj = os.path.join(objdir, os.path.basename(src)[:-2] + ".o")
        objects.append(obj)
        if _newer(obj, [src] + _deps(src)):
            if verbose:
                print("cc", os.path.relpath(src, HERE), flush=True)
            tmp = obj + ".tmp.o"
            _run([_cc(), *cflags(), "-I", INCLUDE, "-I", ob_inc, "-c", src, "-o", tmp])
            os.replace(tmp, obj)
    # stale objects of deleted sources must not be linked
    for obj in glob.glob(os.path.join(objdir, "*.o")):
        if obj not in objects and not obj.endswith(".tmp.o"):
            os.remove(obj)

    lib = os.path.join(outdir, LIB_NAME)
    if _newer(lib, objects) or not objects:
        tmp = lib + ".tmp"
        link = [_cc(), "-shared", "-o", tmp, *objects, "-fopenmp", "-L", ob_lib, "-l" + ob_name,
                "-Wl,-rpath," + ob_lib, "-lm", "-lpthread"]
        if os.environ.get("TC_DEBUG") == "1":
            link.append("-fsanitize=address,undefined")
        _run(link)
        os.replace(tmp, lib)

    cdef = generate_cdef()
    cdef_path = os.path.join(outdir, CDEF_NAME)
    old = open(cdef_path).read() if os.path.exists(cdef_path) else None
    if old != cdef:
        with open(cdef_path + ".tmp", "w") as f:
            f.write(cdef)
        os.replace(cdef_path + ".tmp", cdef_path)

    _build_cffi(outdir, workdir, cdef, cdef_path, lib)
    return lib


def _cffi_target(outdir):
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    return os.path.join(outdir, "_tc_cffi" + suffix)


def _build_cffi(outdir, workdir, cdef, cdef_path, lib):
    target = _cffi_target(outdir)
    if not _newer(target, [cdef_path, lib]):
        return
    from cffi import FFI

    ffi = FFI()
    ffi.cdef(cdef)
    ffi.set_source(
        "tensor_core._tc_cffi",
        '#include "tensor_core.h"\n',
        include_dirs=[INCLUDE],
        library_dirs=[outdir],
        libraries=["tensor_core"],
        extra_compile_args=["-O2", "-Wno-unused-variable"],
        extra_link_args=["-Wl,-rpath,$ORIGIN"],
    )
    tmpdir = os.path.join(workdir, "cffi")
    built = ffi.compile(tmpdir=tmpdir, verbose=False)
    tmp = target + ".tmp"
    shutil.copyfile(built, tmp)
    os.replace(tmp, target)


if __name__ == "__main__":
    path = build(verbose="-v" in sys.argv)
    print(path)
