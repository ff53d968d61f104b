"""The image package's file formats and resampling, done by Pillow (lua_torch/image/init.lua).

Images cross as numpy arrays viewing Lua tensors (nChannel x H x W, float in [0, 1] or uint8)."""
from __future__ import annotations

import os

import numpy as np


def _pil():
    from PIL import Image
    return Image


def load(rt, path, depth=None):
    """(C x H x W uint8 array as a Lua ByteTensor)."""
    Image = _pil()
    if not os.path.exists(path):
        raise FileNotFoundError(f"image.load: no such file: {path}")
    try:
        img = Image.open(path)
        img.load()
    except Exception as e:  # noqa: BLE001 - one clear message for any unreadable file
        raise ValueError(f"image.load: cannot read {path} as an image ({e})") from None
    depth = int(depth) if depth else None
    if depth == 1:
        img = img.convert("L")
    elif depth == 3 or (depth is None and img.mode not in ("L", "RGBA")):
        img = img.convert("RGB")
    elif depth == 4 or (depth is None and img.mode == "RGBA"):
        img = img.convert("RGBA")
    a = np.asarray(img, dtype=np.uint8)
    a = a[None] if a.ndim == 2 else np.ascontiguousarray(a.transpose(2, 0, 1))
    return rt.from_numpy(np.ascontiguousarray(a))


def save(rt, path, t):
    Image = _pil()
    a = np.array(rt.numpy(t))
    if a.dtype != np.uint8:
        a = (np.clip(a, 0, 1) * 255 + 0.5).astype(np.uint8)
    if a.ndim == 3 and a.shape[0] == 1:
        a = a[0]
    elif a.ndim == 3:
        a = a.transpose(1, 2, 0)
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    tmp = path + ".tmp" + os.path.splitext(path)[1]
    Image.fromarray(np.ascontiguousarray(a)).save(tmp)
    os.replace(tmp, path)
    return True


_MODES = {"simple": "NEAREST", "bilinear": "BILINEAR", "bicubic": "BICUBIC"}


def _planes(rt, t):
    a = np.array(rt.numpy(t), dtype=np.float32)
    return a[None] if a.ndim == 2 else a, a.ndim == 2


def scale(rt, t, width, height, mode="bilinear"):
    Image = _pil()
    a, flat = _planes(rt, t)
    resample = getattr(Image.Resampling, _MODES.get(mode or "bilinear", "BILINEAR"))
    out = np.stack([np.asarray(Image.fromarray(p, mode="F").resize((int(width), int(height)), resample))
                    for p in a])
    return rt.from_numpy(np.ascontiguousarray(out[0] if flat else out, dtype=np.float64))


def rotate(rt, t, theta, mode="simple"):
    Image = _pil()
    a, flat = _planes(rt, t)
    resample = getattr(Image.Resampling, _MODES.get(mode or "simple", "NEAREST"))
    deg = float(theta) * 180.0 / np.pi
    out = np.stack([np.asarray(Image.fromarray(p, mode="F").rotate(deg, resample=resample)) for p in a])
    return rt.from_numpy(np.ascontiguousarray(out[0] if flat else out, dtype=np.float64))
