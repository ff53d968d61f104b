"""A minimal binary .t7 reader for the spatial-kernel tests (numbers, strings, booleans, tables,
tensors, storages, torch.class objects as dicts with a '__class' key).  Test support only: the real
codec lives in Lua (DESIGN.md, "One t7 codec")."""
import struct

import numpy as np

_NP = {"Double": np.float64, "Float": np.float32, "Long": np.int64, "Int": np.int32, "Short": np.int16,
       "Char": np.int8, "Byte": np.uint8}


class _Reader:
    def __init__(self, data):
        self.b, self.p, self.memo = data, 0, {}

    def take(self, fmt):
        v = struct.unpack_from("<" + fmt, self.b, self.p)
        self.p += struct.calcsize("<" + fmt)
        return v if len(v) > 1 else v[0]

    def string(self):
        n = self.take("i")
        s = self.b[self.p:self.p + n].decode("latin-1")
        self.p += n
        return s

    def obj(self):
        tag = self.take("i")
        if tag == 0:
            return None
        if tag == 1:
            return self.take("d")
        if tag == 2:
            return self.string()
        if tag == 5:
            return self.take("i") == 1
        if tag == 3:
            idx = self.take("i")
            if idx in self.memo:
                return self.memo[idx]
            t = self.memo[idx] = {}
            for _ in range(self.take("i")):
                k = self.obj()
                t[k] = self.obj()
            return t
        if tag == 4:
            idx = self.take("i")
            if idx in self.memo:
                return self.memo[idx]
            head = self.string()
            cls = self.string() if head.startswith("V ") else head
            kind = cls.replace("torch.", "")
            if kind.endswith("Storage") and kind[:-7] in _NP:
                n = self.take("q")
                dt = np.dtype(_NP[kind[:-7]])
                a = np.frombuffer(self.b, dt, n, self.p).copy()
                self.p += n * dt.itemsize
                self.memo[idx] = a
                return a
            if kind.endswith("Tensor") and kind[:-6] in _NP:
                nd = self.take("i")
                sizes = [self.take("q") for _ in range(nd)]
                strides = [self.take("q") for _ in range(nd)]
                off = self.take("q") - 1
                placeholder = self.memo[idx] = {}
                st = self.obj()
                dt = np.dtype(_NP[kind[:-6]])
                if nd == 0 or st is None:
                    arr = np.zeros((0,), dt)
                else:
                    arr = np.lib.stride_tricks.as_strided(st[off:], sizes, [s * dt.itemsize for s in strides]).copy()
                placeholder["__tensor"] = arr
                self.memo[idx] = arr
                return arr
            d = self.memo[idx] = {"__class": cls}
            payload = self.obj()
            if isinstance(payload, dict):
                d.update(payload)
            return d
        raise ValueError(f"t7: unsupported type tag {tag} at byte {self.p - 4}")


def load(path):
    with open(path, "rb") as f:
        return _Reader(f.read()).obj()
