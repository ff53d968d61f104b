"""Pillow side of the Lua `image` package: whole images cross the bridge as raw uint8 bytes."""
import os

import ctypes

import numpy as np


def _view(addr, nbytes, dtype):
    """numpy view of memory owned by a Lua tensor (kept alive by the caller for the call)."""
    buf = (ctypes.c_uint8 * int(nbytes)).from_address(int(addr))
    return np.frombuffer(buf, dtype=dtype)


def load(path, depth):
    """Returns (bytes, channels, height, width) of the image as channel-first uint8, or (None, msg)."""
    from PIL import Image
    if not os.path.exists(path):
        return None, f"image.load: file not found: {path}"
    try:
        im = Image.open(path)
        im.load()
    except Exception as e:  # unreadable / unknown format
        return None, f"image.load: cannot read {path} as an image ({e})"
    depth = int(depth or 0)
    if depth == 1:
        im = im.convert("L")
    elif depth == 3:
        im = im.convert("RGB")
    elif depth == 4:
        im = im.convert("RGBA")
    elif im.mode not in ("L", "RGB", "RGBA"):
        im = im.convert("RGBA" if "A" in im.mode else "RGB")
    a = np.asarray(im, dtype=np.uint8)
    if a.ndim == 2:
        a = a[None]
    else:
        a = a.transpose(2, 0, 1)
    a = np.ascontiguousarray(a)
    return a.tobytes(), a.shape[0], a.shape[1], a.shape[2]


def save(path, data, c, h, w):
    """Writes channel-first uint8 bytes to `path`; the format comes from the extension."""
    from PIL import Image
    a = _view(data, int(c) * int(h) * int(w), np.uint8).reshape(int(c), int(h), int(w))
    ext = os.path.splitext(path)[1].lower()
    if c == 1:
        im = Image.fromarray(a[0], "L")
    else:
        im = Image.fromarray(np.ascontiguousarray(a.transpose(1, 2, 0)), "RGB" if c == 3 else "RGBA")
    if ext in (".jpg", ".jpeg") and im.mode == "RGBA":
        im = im.convert("RGB")
    try:
        im.save(path)
    except Exception as e:
        return f"image.save: cannot write {path} ({e})"
    return None


def resize(data, c, h, w, oh, ow, mode):
    """Resamples float32 channel-first bytes to (oh, ow) with Pillow per channel."""
    from PIL import Image
    filt = {"simple": Image.NEAREST, "bilinear": Image.BILINEAR, "bicubic": Image.BICUBIC}.get(mode)
    if filt is None:
        return None, f"image.scale: unknown mode '{mode}' (simple, bilinear, bicubic)"
    a = _view(data, 4 * int(c) * int(h) * int(w), np.float32).reshape(int(c), int(h), int(w))
    out = np.stack([np.asarray(Image.fromarray(a[i], "F").resize((int(ow), int(oh)), filt)) for i in range(int(c))])
    return np.ascontiguousarray(out, dtype=np.float32).tobytes(), 1


def rotate(addr, c, h, w, theta, mode):
    """Rotates float32 channel-first data by theta radians (anticlockwise) about the centre, same size."""
    import math
    from PIL import Image
    filt = Image.BILINEAR if mode == "bilinear" else Image.NEAREST
    a = _view(addr, 4 * int(c) * int(h) * int(w), np.float32).reshape(int(c), int(h), int(w))
    out = np.stack([np.asarray(Image.fromarray(a[i], "F").rotate(math.degrees(float(theta)), resample=filt))
                    for i in range(int(c))])
    return np.ascontiguousarray(out, dtype=np.float32).tobytes()


def colour(addr, h, w, op):
    """rgb2hsl / rgb2lab on float64 3xHxW data in [0,1]; returns float64 bytes."""
    rgb = _view(addr, 8 * 3 * int(h) * int(w), np.float64).reshape(3, int(h), int(w))
    r, g, b = rgb
    if op == "rgb2hsl":
        mx, mn = rgb.max(0), rgb.min(0)
        l = (mx + mn) / 2
        d = mx - mn
        with np.errstate(divide="ignore", invalid="ignore"):
            s = np.where(d == 0, 0.0, np.where(l > 0.5, d / (2 - mx - mn), d / (mx + mn)))
            hr = np.where(mx == r, (g - b) / d + np.where(g < b, 6, 0), 0)
            hg = np.where(mx == g, (b - r) / d + 2, 0)
            hb = np.where(mx == b, (r - g) / d + 4, 0)
            hue = np.where(d == 0, 0.0, np.where(mx == r, hr, np.where(mx == g, hg, hb))) / 6
        out = np.stack([hue, s, l])
    elif op == "rgb2lab":
        lin = np.where(rgb > 0.04045, ((rgb + 0.055) / 1.055) ** 2.4, rgb / 12.92)
        m = np.array([[0.412453, 0.357580, 0.180423], [0.212671, 0.715160, 0.072169], [0.019334, 0.119193, 0.950227]])
        xyz = np.tensordot(m, lin, axes=1)
        xyz /= np.array([0.950456, 1.0, 1.088754])[:, None, None]
        f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
        out = np.stack([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])
    else:
        return None
    return np.ascontiguousarray(out, dtype=np.float64).tobytes()


def draw_text(addr, c, h, w, text, x, y, size, r, g, b, bg_r=None, bg_g=None, bg_b=None):
    """Draws text on uint8 channel-first data in place (Pillow's default font) at pixel (x, y), 0-based."""
    from PIL import Image, ImageDraw, ImageFont
    a = _view(addr, int(c) * int(h) * int(w), np.uint8).reshape(int(c), int(h), int(w))
    rgb = np.ascontiguousarray(np.repeat(a, 3, 0) if int(c) == 1 else a[:3]).transpose(1, 2, 0)
    im = Image.fromarray(np.ascontiguousarray(rgb), "RGB")
    d = ImageDraw.Draw(im)
    try:
        font = ImageFont.load_default(size=int(size))
    except TypeError:
        font = ImageFont.load_default()
    if bg_r is not None:
        d.rectangle(d.textbbox((int(x), int(y)), text, font=font), fill=(int(bg_r), int(bg_g), int(bg_b)))
    d.text((int(x), int(y)), text, fill=(int(r), int(g), int(b)), font=font)
    out = np.asarray(im).transpose(2, 0, 1)
    if int(c) == 1:
        a[0] = out.mean(0).astype(np.uint8)
    else:
        a[:3] = out
    return None
