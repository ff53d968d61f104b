"""matplotlib (Agg) side of the Lua `gnuplot` package.

Each figure keeps what was asked (series, labels, grid, ...) and is redrawn to its file whenever it
changes, as gnuplot's terminal would; a figure with no file name goes to a PNG in the working folder.
"""
import ctypes
import os
import warnings

import numpy as np

_figures = {}
_FORMATS = {"png": "png", "eps": "eps", "pdf": "pdf", "svg": "svg"}
_current = [None]
_counter = [0]


def _view(addr, n):
    buf = (ctypes.c_double * int(n)).from_address(int(addr))
    return np.array(np.frombuffer(buf, dtype=np.float64))  # copy: the figure outlives the call


class _Figure:
    def __init__(self, fid, path, kind):
        self.id, self.path, self.kind = fid, path, kind
        self.items = []   # ('plot', [(name, x, y, style)]) | ('image', arr) | ('hist', y, bins) | ('splot', x, y, z)
        self.opts = {"grid": False, "logscale": False}

    def draw(self):
        import matplotlib
        matplotlib.use("Agg", force=True)
        import matplotlib.pyplot as plt
        fig = plt.figure(figsize=(6.4, 4.8))
        try:
            ax = None
            for item in self.items:
                if item[0] == "splot":
                    ax = fig.add_subplot(111, projection="3d")
                    ax.plot_surface(item[1], item[2], item[3], cmap="viridis")
                else:
                    ax = ax or fig.add_subplot(111)
                    if item[0] == "plot":
                        for name, x, y, style in item[1]:
                            fmt = {"+": "+", "-": "-", "~": "-", ".": ".", "|": "|"}.get(style, "-")
                            if style == "|":
                                ax.vlines(x, 0, y, label=name or None)
                            else:
                                ax.plot(x, y, fmt, label=name or None)
                        if any(s[0] for s in item[1]):
                            ax.legend(loc=self.opts.get("legend", "best"))
                    elif item[0] == "image":
                        im = ax.imshow(item[1], aspect="auto", cmap="gray" if self.opts.get("gray") else "viridis")
                        fig.colorbar(im, ax=ax)
                    elif item[0] == "hist":
                        ax.hist(item[1], bins=item[2], range=item[3])
            ax = ax or fig.add_subplot(111)
            if "title" in self.opts:
                ax.set_title(self.opts["title"])
            if "xlabel" in self.opts:
                ax.set_xlabel(self.opts["xlabel"])
            if "ylabel" in self.opts:
                ax.set_ylabel(self.opts["ylabel"])
            if self.opts["grid"]:
                ax.grid(True)
            log = self.opts["logscale"]
            if log:
                # gnuplot.logscale('on') (True) meant the y axis in this backend's first version
                if log is True or "y" in log:
                    ax.set_yscale("log")
                if log is not True and "x" in log:
                    ax.set_xscale("log")
            if "xrange" in self.opts:
                ax.set_xlim(*self.opts["xrange"])
            if "yrange" in self.opts:
                ax.set_ylim(*self.opts["yrange"])
            if self.opts.get("nolegend") and ax.get_legend() is not None:
                ax.get_legend().remove()
            if "axis" in self.opts:
                ax.axis(self.opts["axis"])
            fig.savefig(self.path, format=_FORMATS[self.kind])
        finally:
            plt.close(fig)


def figure(fid, path, kind):
    """Selects (creating if needed) figure `fid`; returns its id and whether its path was made up."""
    made_up = False
    if fid is None:
        _counter[0] += 1
        fid = _counter[0]
        while fid in _figures:
            fid += 1
    fid = int(fid)
    _counter[0] = max(_counter[0], fid)
    if fid not in _figures or path:
        if not path:
            path = os.path.abspath(f"gnuplot_figure_{fid}.png")
            made_up = True
        _figures[fid] = _Figure(fid, path, kind or "png")
    _current[0] = fid
    return fid, made_up, _figures[fid].path


def _cur():
    if _current[0] is None or _current[0] not in _figures:
        fid, made_up, path = figure(None, None, "png")
        print(f"gnuplot: no figure file named, drawing to {path}")
    return _figures[_current[0]]


def plot(series):
    """series: Lua table of {name, xaddr, yaddr, n, style}."""
    f = _cur()
    out = []
    for i in range(1, len(series) + 1):
        s = series[i]
        n = int(s[4])
        y = _view(s[3], n)
        x = _view(s[2], n) if s[2] else np.arange(1, n + 1, dtype=np.float64)
        out.append((s[1] or "", x, y, s[5] or "-"))
    f.items = [("plot", out)]
    f.draw()


def imagesc(addr, h, w, gray):
    f = _cur()
    f.items = [("image", _view(addr, int(h) * int(w)).reshape(int(h), int(w)))]
    f.opts["gray"] = bool(gray)
    f.draw()


def hist(addr, n, bins, lo, hi):
    f = _cur()
    rng = None if lo is None else (float(lo), float(hi))
    f.items = [("hist", _view(addr, int(n)), int(bins), rng)]
    f.draw()


def splot(xa, ya, za, h, w):
    f = _cur()
    shp = (int(h), int(w))
    f.items = [("splot", _view(xa, shp[0] * shp[1]).reshape(shp), _view(ya, shp[0] * shp[1]).reshape(shp),
                _view(za, shp[0] * shp[1]).reshape(shp))]
    f.draw()


def option(key, value):
    f = _cur()
    if key == "axis" and not isinstance(value, str):
        value = [float(value[i]) for i in range(1, 5)]
    f.opts[key] = value
    f.draw()


_KEY_WORDS = {"left", "right", "top", "bottom", "center", "inside", "outside"}
_SILENT = ("set term", "set terminal", "set encoding", "set size", "set style", "set border", "set tics",
           "set mxtics", "set mytics", "set xtics", "set ytics", "set format", "set autoscale", "reset")


def _text_arg(rest):
    rest = rest.strip()
    if rest[:1] in "'\"":
        q = rest[0]
        end = rest.find(q, 1)
        return rest[1:end] if end > 0 else rest[1:]
    return rest


def _range_arg(rest):
    """'[a:b]' -> (a|None, b|None); '*' or empty means automatic."""
    r = rest.strip()
    if not (r.startswith("[") and "]" in r and ":" in r):
        raise ValueError(f"expected a range like [lo:hi], got {rest!r}")
    lo, hi = r[1:r.index("]")].split(":", 1)
    conv = lambda v: None if v.strip() in ("", "*") else float(v)
    return conv(lo), conv(hi)


def _raw_one(f, c):
    """Applies one gnuplot command to figure f; returns False when it is not understood."""
    words = c.split()
    head = " ".join(words[:2])
    if c in ("replot", "refresh"):
        return True
    if c.startswith(_SILENT):
        return True                      # terminal and layout settings: matplotlib decides these
    if head == "set output":
        path = _text_arg(c[len("set output"):])
        ext = os.path.splitext(path)[1].lower().lstrip(".")
        f.path = os.path.abspath(path)
        if ext in _FORMATS:
            f.kind = ext
        return True
    if head in ("set title", "set xlabel", "set ylabel"):
        f.opts[words[1]] = _text_arg(c[len(head):])
        return True
    if head == "set grid":
        f.opts["grid"] = True
        return True
    if head == "unset grid":
        f.opts["grid"] = False
        return True
    if head == "set logscale":
        axes = words[2] if len(words) > 2 else "xy"
        f.opts["logscale"] = "".join(a for a in "xy" if a in axes) or "xy"
        return True
    if head == "unset logscale":
        f.opts["logscale"] = False
        return True
    if head in ("set xrange", "set yrange"):
        f.opts[words[1]] = _range_arg(c[len(head):])
        return True
    if head in ("unset key",) or c in ("set key off", "set nokey"):
        f.opts["nolegend"] = True
        return True
    if head == "set key":
        pos = [w for w in words[2:] if w in _KEY_WORDS]
        f.opts.pop("nolegend", None)
        if pos:
            v = "upper" if "top" in pos else "lower" if "bottom" in pos else "center"
            h = "left" if "left" in pos else "right" if "right" in pos else "center"
            f.opts["legend"] = "center" if (v, h) == ("center", "center") else f"{v} {h}"
        return True
    return False


def raw(cmd):
    """gnuplot.raw: the commands scripts commonly send (titles, labels, ranges, log scales, grid, key,
    output file), separated by ';' or newlines; others are ignored with a warning."""
    f = _cur()
    changed = False
    for part in str(cmd).replace("\n", ";").split(";"):
        c = " ".join(part.split())
        if not c or c.startswith("#"):
            continue
        try:
            ok = _raw_one(f, c)
        except ValueError as e:
            raise ValueError(f"gnuplot.raw: {e}") from None
        if ok:
            changed = True
        else:
            warnings.warn(f"gnuplot.raw: command ignored (matplotlib backend): {c}")
            print(f"gnuplot.raw: warning: command ignored by the matplotlib backend: {c}")
    if changed:
        f.draw()


def flush():
    if _current[0] in _figures:
        _figures[_current[0]].draw()
        return _figures[_current[0]].path
    return None


def close(fid):
    fid = _current[0] if fid is None else int(fid)
    f = _figures.pop(fid, None)
    if f is not None:
        f.draw()
    if _current[0] == fid:
        _current[0] = None
    return f.path if f else None


def closeall():
    for fid in list(_figures):
        close(fid)
