"""The gnuplot package's drawing, done by matplotlib (Agg: no screen needed).

Lua's gnuplot (lua_torch/gnuplot/init.lua) keeps Torch7's API and sends whole series here; figures
are written to the file named by pngfigure/epsfigure/pdffigure, or to a PNG in the working folder
whose path is printed."""
from __future__ import annotations

import os

import numpy as np

_state = {"figures": {}, "current": None, "counter": 0}


def _plt():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def _figure(create=True):
    cur = _state["current"]
    if cur is None and create:
        return figure(None, None)
    return _state["figures"][cur]


def figure(rt, n=None, path=None):
    plt = _plt()
    n = int(n) if n is not None else max(list(_state["figures"]) + [0]) + 1
    fig = _state["figures"].get(n)
    if fig is None or path is not None:
        fig = {"fig": plt.figure(), "path": path, "n": n, "logscale": False, "written": False}
        _state["figures"][n] = fig
    _state["current"] = n
    return n


def _array(rt, t):
    return None if t is None else np.array(rt.numpy(t), dtype=np.float64)


def plot(rt, series):
    """series: a Lua list of {name, x or nil, y, style}."""
    fig = _figure()
    ax = fig["fig"].gca()
    for i in range(1, len(series) + 1):
        s = series[i]
        name, x, y, style = s[1], _array(rt, s[2]), _array(rt, s[3]), s[4] or "-"
        if x is None:
            x = np.arange(1, len(y) + 1)
        fmt = {"-": "-", "+": "+", "~": "-", ".": ".", "|": "|"}.get(style, "-")
        ax.plot(x, y, fmt, label=name if name else None)
    if any(series[i][1] for i in range(1, len(series) + 1)):
        ax.legend()
    if fig["logscale"]:
        ax.set_yscale("log")
    return _flush(fig)


def hist(rt, t, bins=10, lo=None, hi=None):
    fig = _figure()
    data = _array(rt, t).ravel()
    rng = (lo, hi) if lo is not None and hi is not None and lo != hi else None
    fig["fig"].gca().hist(data, bins=int(bins or 10), range=rng)
    return _flush(fig)


def imagesc(rt, t, colormap=None):
    fig = _figure()
    a = _array(rt, t)
    fig["fig"].gca().imshow(a, cmap="gray" if colormap == "gray" else None, aspect="auto")
    return _flush(fig)


def splot(rt, z):
    fig = _figure()
    plt = _plt()
    fig["fig"].clf()
    ax = fig["fig"].add_subplot(projection="3d")
    a = _array(rt, z)
    yy, xx = np.mgrid[0:a.shape[0], 0:a.shape[1]]
    ax.plot_surface(xx, yy, a)
    del plt
    return _flush(fig)


def setting(rt, what, *args):
    fig = _figure()
    ax = fig["fig"].gca()
    if what == "title":
        ax.set_title(args[0])
    elif what == "xlabel":
        ax.set_xlabel(args[0])
    elif what == "ylabel":
        ax.set_ylabel(args[0])
    elif what == "grid":
        ax.grid(args[0] in (True, "on", None))
    elif what == "axis":
        ax.axis([float(v) for v in args[:4]] if len(args) >= 4 else args[0])
    elif what == "logscale":
        fig["logscale"] = args[0] in (True, "on")
        ax.set_yscale("log" if fig["logscale"] else "linear")
    elif what == "movelegend":
        if ax.get_legend() is not None:
            ax.legend(loc=" ".join(str(a) for a in args if a) or "best")
    return _flush(fig)


def _flush(fig):
    path = fig["path"]
    if path is None:
        _state["counter"] += 1
        path = os.path.abspath(f"gnuplot_figure{fig['n']}.png")
        fig["path"] = path
        print(f"gnuplot: no screen here; figure {fig['n']} is written to {path}")
    fig["fig"].savefig(path)
    fig["written"] = True
    return path


def close(rt, n=None):
    plt = _plt()
    n = _state["current"] if n is None else int(n)
    fig = _state["figures"].pop(n, None)
    if fig is not None:
        plt.close(fig["fig"])
    if _state["current"] == n:
        _state["current"] = None
    return True
