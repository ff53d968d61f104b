"""repr/str like PyTorch's: one formatter per tensor (fixed, integer-valued or scientific mode chosen from
the finite non-zero magnitudes), line wrapping at 80 columns, summarisation above 1000 elements, and the
dtype / requires_grad / grad_fn suffixes."""
from __future__ import annotations

import math

import numpy as np

from . import _dtype as D
from ._tensor import Tensor

PRINT = {"precision": 4, "threshold": 1000, "edgeitems": 3, "linewidth": 80, "sci_mode": None}


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None, sci_mode=None):
    if profile == "default":
        PRINT.update(precision=4, threshold=1000, edgeitems=3, linewidth=80)
    elif profile == "short":
        PRINT.update(precision=2, threshold=1000, edgeitems=2, linewidth=80)
    elif profile == "full":
        PRINT.update(precision=4, threshold=math.inf, edgeitems=3, linewidth=80)
    for k, v in (("precision", precision), ("threshold", threshold), ("edgeitems", edgeitems),
                 ("linewidth", linewidth)):
        if v is not None:
            PRINT[k] = v
    PRINT["sci_mode"] = sci_mode


class _Format:
    def __init__(self, a: np.ndarray, floating: bool):
        self.floating = floating
        self.int_mode = True
        self.sci = False
        self.width = 1
        p = PRINT["precision"]
        flat = a.reshape(-1)
        if not floating:
            for v in flat.tolist():
                self.width = max(self.width, len(str(v)))
            return
        vals = flat.astype(np.float64)
        finite = vals[np.isfinite(vals) & (vals != 0)]
        if finite.size == 0:
            return
        mags = np.abs(finite)
        lo, hi = mags.min(), mags.max()
        self.int_mode = bool(np.all(finite == np.ceil(finite)))
        self.sci = (hi / lo > 1000.0 or hi > 1.0e8 or lo < 1.0e-4) if PRINT["sci_mode"] is None else PRINT["sci_mode"]
        for v in finite.tolist():
            if self.sci:
                w = len(f"{v:.{p}e}")
            elif self.int_mode:
                w = len(f"{v:.0f}") + 1
            else:
                w = len(f"{v:.{p}f}")
            self.width = max(self.width, w)

    def __call__(self, v):
        p = PRINT["precision"]
        if self.floating:
            if self.sci:
                s = f"{v:{self.width}.{p}e}"
            elif self.int_mode:
                s = f"{v:.0f}"
                if not (math.isinf(v) or math.isnan(v)):
                    s += "."
            else:
                s = f"{v:.{p}f}"
        else:
            s = str(v)
        return " " * (self.width - len(s)) + s


def _summary(a):
    e = PRINT["edgeitems"]
    if a.ndim == 0:
        return a
    if a.shape[0] > 2 * e:
        a = np.concatenate([a[:e], a[-e:]])
    return np.stack([_summary(x) for x in a]) if a.ndim > 1 else a


def _vector(a, indent, summarize, fmt):
    e = PRINT["edgeitems"]
    per_line = max(1, math.floor((PRINT["linewidth"] - indent) / (fmt.width + 2)))
    if summarize and a.shape[0] > 2 * e:
        data = [fmt(v) for v in a[:e].tolist()] + [" ..."] + [fmt(v) for v in a[-e:].tolist()]
    else:
        data = [fmt(v) for v in a.tolist()]
    lines = [", ".join(data[i:i + per_line]) for i in range(0, len(data), per_line)]
    return "[" + ("," + "\n" + " " * (indent + 1)).join(lines) + "]"


def _body(a, indent, summarize, fmt):
    if a.ndim == 0:
        return fmt(a.item())
    if a.ndim == 1:
        return _vector(a, indent, summarize, fmt)
    e = PRINT["edgeitems"]
    if summarize and a.shape[0] > 2 * e:
        parts = [_body(a[i], indent + 1, summarize, fmt) for i in range(e)] + ["..."] + \
                [_body(a[i], indent + 1, summarize, fmt) for i in range(a.shape[0] - e, a.shape[0])]
    else:
        parts = [_body(a[i], indent + 1, summarize, fmt) for i in range(a.shape[0])]
    return "[" + ("," + "\n" * (a.ndim - 1) + " " * (indent + 1)).join(parts) + "]"


def tensor_str(t, indent):
    a = t.detach().numpy()
    if a.dtype == np.float16:
        a = a.astype(np.float32)
    if a.size == 0:
        return "[]"
    summarize = a.size > PRINT["threshold"]
    fmt = _Format(_summary(a) if summarize else a, t._dtype.is_floating_point)
    return _body(a, indent, summarize, fmt)


def _add_suffixes(s, suffixes, indent):
    parts = [s]
    last = len(s) - s.rfind("\n") + 1
    for suf in suffixes:
        if last + len(suf) + 2 > PRINT["linewidth"]:
            parts.append(",\n" + " " * indent + suf)
            last = indent + len(suf)
        else:
            parts.append(", " + suf)
            last += len(suf) + 2
    parts.append(")")
    return "".join(parts)


def tensor_repr(t, prefix="tensor("):
    indent = len(prefix)
    suffixes = []
    default = t._dtype in (D.get_default_dtype(), D.int64, D.bool_)
    if t.numel() == 0:
        if t.dim() != 1:
            suffixes.append("size=" + str(tuple(t.shape)))
        if t._dtype is not D.get_default_dtype():
            suffixes.append("dtype=" + str(t._dtype))
        body = "[]"
    else:
        if not default:
            suffixes.append("dtype=" + str(t._dtype))
        body = tensor_str(t, indent)
    if t._grad_fn is not None:
        suffixes.append(f"grad_fn=<{t._grad_fn.name()}>")
    elif t._requires_grad:
        suffixes.append("requires_grad=True")
    return _add_suffixes(prefix + body, suffixes, indent)


def _repr(self, *, tensor_contents=None):
    from .nn.parameter import Parameter
    if isinstance(self, Parameter):
        return "Parameter containing:\n" + tensor_repr(self)
    return tensor_repr(self)


def _format(self, spec):
    if self.dim() == 0:
        return self.item().__format__(spec)
    return object.__format__(self, spec) if spec else repr(self)


Tensor.__repr__ = _repr
Tensor.__str__ = _repr
Tensor.__format__ = _format
