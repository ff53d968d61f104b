"""h5py side of the Lua `hdf5` package. Tensors leave Lua as numpy views on their memory (no copy
before h5py writes them) and come back as raw bytes the Lua side copies into a fresh tensor once."""
import ctypes
import os

import numpy as np

_files = {}
_next = [0]
_DT = {"double": np.float64, "float": np.float32, "long": np.int64, "int": np.int32,
       "short": np.int16, "char": np.int8, "byte": np.uint8}
_NAMES = {np.dtype(v): k for k, v in _DT.items()}


def open_file(path, mode):
    import h5py
    mode = mode or "a"
    if mode == "r" and not os.path.exists(path):
        return None, f"hdf5.open: file not found: {path}"
    try:
        f = h5py.File(path, mode)
    except Exception as e:
        return None, f"hdf5.open: cannot open {path} as HDF5 (mode '{mode}'): {e}"
    _next[0] += 1
    _files[_next[0]] = f
    return _next[0], None


def write(fid, name, addr, kind, shape):
    f = _files[int(fid)]
    dt = np.dtype(_DT[kind])
    shp = tuple(int(shape[i]) for i in range(1, len(shape) + 1))
    n = int(np.prod(shp)) if shp else 1
    buf = (ctypes.c_uint8 * (n * dt.itemsize)).from_address(int(addr)) if n else b""
    a = np.frombuffer(buf, dtype=dt).reshape(shp)
    if name in f:
        del f[name]
    f.create_dataset(name, data=a)
    return None


def _fetch(fid, name, slices):
    f = _files[int(fid)]
    if name not in f:
        return None, f"hdf5: no dataset '{name}' in {f.filename}"
    d = f[name]
    import h5py
    if not isinstance(d, h5py.Dataset):
        return None, f"hdf5: '{name}' in {f.filename} is a group, not a dataset"
    a = d[()] if slices is None else d[slices]
    a = np.ascontiguousarray(np.asarray(a))
    if a.dtype not in _NAMES:
        a = a.astype(np.float64)
    return a, None


def read(fid, name, ranges):
    slices = None
    if ranges is not None:
        slices = tuple(slice(int(ranges[i][1]) - 1, int(ranges[i][2])) for i in range(1, len(ranges) + 1))
    a, err = _fetch(fid, name, slices)
    if a is None:
        return None, err
    return a.tobytes(), _NAMES[a.dtype], ",".join(str(n) for n in a.shape)


def dataspace(fid, name):
    f = _files[int(fid)]
    if name not in f:
        return None, f"hdf5: no dataset '{name}' in {f.filename}"
    return ",".join(str(n) for n in f[name].shape), None


def close(fid):
    f = _files.pop(int(fid), None)
    if f is not None:
        f.close()
