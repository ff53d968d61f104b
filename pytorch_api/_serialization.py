"""torch.save / torch.load in PyTorch's zip format ("archive/data.pkl" + one record per storage), so that
real `torch.load(weights_only=True)` reads our files and we read theirs.

The pickle names PyTorch's own rebuild functions (`torch._utils._rebuild_tensor_v2`, `torch.FloatStorage`,
...): we write those names as plain GLOBAL opcodes without importing torch, and when loading we map them
back onto our tensors.  Loading accepts only that fixed set of globals (the `weights_only` contract)."""
from __future__ import annotations

import collections
import io
import os
import pickle
import tempfile
import zipfile

import numpy as np

from tensor_core import ffi, lib
from . import _dtype as D
from ._tensor import Tensor

_STORAGE_NAMES = {D.uint8: "ByteStorage", D.int8: "CharStorage", D.int16: "ShortStorage", D.int32: "IntStorage",
                  D.int64: "LongStorage", D.float16: "HalfStorage", D.float32: "FloatStorage",
                  D.float64: "DoubleStorage", D.bool_: "BoolStorage"}
_BY_STORAGE_NAME = {v: k for k, v in _STORAGE_NAMES.items()}


class _GlobalRef:
    """Stands for `module.name` in a pickle (written as a GLOBAL opcode)."""
    __slots__ = ("module", "name")

    def __init__(self, module, name):
        self.module, self.name = module, name

    def __call__(self, *a):
        raise TypeError("a pickling placeholder")


class _StorageRef:
    __slots__ = ("key", "dtype", "numel")

    def __init__(self, key, dtype, numel):
        self.key, self.dtype, self.numel = key, dtype, numel


class _Pickler(pickle._Pickler):
    dispatch = dict(pickle._Pickler.dispatch)

    def __init__(self, file):
        super().__init__(file, protocol=2)
        self.storages = {}     # storage address -> (key, dtype, bytes)

    def save_globalref(self, obj):
        self.write(pickle.GLOBAL + f"{obj.module}\n{obj.name}\n".encode("utf-8"))
        self.memoize(obj)

    dispatch[_GlobalRef] = save_globalref

    def persistent_id(self, obj):
        if isinstance(obj, _StorageRef):
            return ("storage", _GlobalRef("torch", _STORAGE_NAMES[obj.dtype]), obj.key, "cpu", obj.numel)
        return None

    def reducer_override(self, obj):
        if isinstance(obj, Tensor):
            return self._reduce_tensor(obj)
        return NotImplemented

    def _reduce_tensor(self, t):
        from .nn.parameter import Parameter
        c = t._c
        st = c.storage
        d = t._dtype
        if st == ffi.NULL:
            ref = _StorageRef(str(len(self.storages)), d, 0)
            self.storages[("empty", id(t))] = (ref.key, b"")
        else:
            addr = int(ffi.cast("intptr_t", st))
            entry = self.storages.get(addr)
            if entry is None:
                data = bytes(ffi.buffer(st.data, st.size * d.itemsize))
                entry = self.storages[addr] = (str(len(self.storages)), data)
            ref = _StorageRef(entry[0], d, st.size)
        rebuild = (_GlobalRef("torch._utils", "_rebuild_tensor_v2"),
                   (ref, c.offset, tuple(t.shape), tuple(t.stride()), False, collections.OrderedDict()))
        if isinstance(t, Parameter):
            inner = _PlainTensorView(t)
            return (_GlobalRef("torch._utils", "_rebuild_parameter"),
                    (inner, t.requires_grad, collections.OrderedDict()))
        return rebuild


def _PlainTensorView(t):
    from ._tensor import _alias
    return _alias(t)


def save(obj, f, pickle_module=None, pickle_protocol=2, _use_new_zipfile_serialization=True):
    buf = io.BytesIO()
    p = _Pickler(buf)
    p.dump(obj)
    if isinstance(f, (str, os.PathLike)):
        path = os.fspath(f)
        prefix = os.path.splitext(os.path.basename(path))[0] or "archive"
        folder = os.path.dirname(os.path.abspath(path))
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp_save_")
        try:
            with os.fdopen(fd, "wb") as out:
                _write_zip(out, prefix, buf.getvalue(), p.storages)
            os.replace(tmp, path)     # atomic: a failure leaves an existing file intact
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
    else:
        _write_zip(f, "archive", buf.getvalue(), p.storages)


def _write_zip(out, prefix, pkl, storages):
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        z.writestr(f"{prefix}/data.pkl", pkl)
        z.writestr(f"{prefix}/byteorder", "little")
        for key, data in storages.values():
            z.writestr(f"{prefix}/data/{key}", data)
        z.writestr(f"{prefix}/version", "3\n")


_ALLOWED = {
    ("collections", "OrderedDict"): collections.OrderedDict,
    ("builtins", "set"): set, ("builtins", "frozenset"): frozenset, ("builtins", "slice"): slice,
}


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, zf, prefix, weights_only=True):
        super().__init__(file)
        self.zf, self.prefix, self.cache, self.weights_only = zf, prefix, {}, weights_only

    def find_class(self, module, name):
        if (module, name) in _ALLOWED:
            return _ALLOWED[(module, name)]
        if module == "torch._utils" and name == "_rebuild_tensor_v2":
            return _rebuild_tensor_v2
        if module == "torch._utils" and name == "_rebuild_parameter":
            return _rebuild_parameter
        if module == "torch" and name in _BY_STORAGE_NAME:
            return _BY_STORAGE_NAME[name]
        if module == "torch" and name in D.__dict__ and isinstance(D.__dict__.get(name), D.dtype):
            return D.__dict__[name]
        if not self.weights_only:
            # a trusted file (whole modules, optimizers, any picklable object), as torch.load(weights_only=False):
            # unpickling it may run any code the file names
            return super().find_class(module, name)
        raise pickle.UnpicklingError(
            f"Weights only load failed: unsupported global {module}.{name} (pytorch_api.load reads tensors, "
            "Parameters, dicts, lists, tuples and numbers only; pass weights_only=False to load whole objects "
            "such as modules from a file you trust)")

    def persistent_load(self, pid):
        kind, storage_type, key, location, numel = pid
        if kind != "storage":
            raise pickle.UnpicklingError(f"unknown persistent id {kind!r}")
        d = storage_type if isinstance(storage_type, D.dtype) else D.float32
        st = self.cache.get(key)
        if st is None:
            raw = self.zf.read(f"{self.prefix}/data/{key}")
            arr = np.frombuffer(raw, dtype=d.np).copy() if raw else np.zeros(0, d.np)
            from ._tensor import from_numpy
            st = self.cache[key] = from_numpy(arr)
        return st


def _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad=False, backward_hooks=None,
                       metadata=None):
    t = storage.as_strided(tuple(size), tuple(stride), storage_offset) if storage.numel() else \
        storage.new_zeros(tuple(size))
    t = t.detach()
    if requires_grad:
        t.requires_grad_(True)
    return t


def _rebuild_parameter(data, requires_grad, backward_hooks=None):
    from .nn.parameter import Parameter
    return Parameter(data, requires_grad)


def load(f, map_location=None, pickle_module=None, *, weights_only=True, mmap=None, **kwargs):
    zf = zipfile.ZipFile(f)
    try:
        names = zf.namelist()
        pkl = next((n for n in names if n.endswith("data.pkl")), None)
        if pkl is None:
            raise RuntimeError("pytorch_api.load: not a PyTorch zip archive (no data.pkl record)")
        prefix = pkl[:-len("/data.pkl")]
        return _Unpickler(io.BytesIO(zf.read(pkl)), zf, prefix, weights_only).load()
    finally:
        zf.close()
