"""gnuplot.raw commands and svgfigure, checked on the figure state and on the SVG matplotlib writes."""
import xml.etree.ElementTree as ET

import matplotlib
import pytest

from bridge.runtime import LuaError, LuaRuntime


@pytest.fixture(scope="module")
def rt():
    r = LuaRuntime()
    r.execute("require 'gnuplot'")
    return r


def _fig():
    from lua_torch.gnuplot import backend
    return backend._figures[backend._current[0]]


def test_raw_commands_change_the_figure(rt, tmp_path):
    out = tmp_path / "r.svg"
    rt.execute("""
        local p = ...
        gnuplot.svgfigure(p)
        gnuplot.plot({'up', torch.range(1, 10), torch.range(1, 10):pow(2), '-'})
        gnuplot.raw('set title "Loss curve"; set xlabel \\'epoch\\'')
        gnuplot.raw('set ylabel "nll"\\nset xrange [2:8]\\nset yrange [*:50]')
        gnuplot.raw('set logscale y')
        gnuplot.raw('set key left top')
        gnuplot.raw('set grid')
        gnuplot.raw('set terminal png size 800,600')   -- matplotlib decides: accepted silently
    """, str(out))
    f = _fig()
    assert f.opts["title"] == "Loss curve" and f.opts["xlabel"] == "epoch" and f.opts["ylabel"] == "nll"
    assert f.opts["xrange"] == (2.0, 8.0) and f.opts["yrange"] == (None, 50.0)
    assert f.opts["logscale"] == "y" and f.opts["grid"] is True
    assert f.opts["legend"] == "upper left"
    rt.execute("gnuplot.raw('unset grid; unset logscale; unset key')")
    assert f.opts["grid"] is False and f.opts["logscale"] is False and f.opts["nolegend"] is True
    old = matplotlib.rcParams["svg.fonttype"]
    matplotlib.rcParams["svg.fonttype"] = "none"    # text stays text in the SVG
    try:
        rt.execute("gnuplot.plotflush(); gnuplot.close()")
    finally:
        matplotlib.rcParams["svg.fonttype"] = old
    root = ET.parse(out).getroot()
    assert root.tag.endswith("svg")
    text = out.read_text()
    assert "Loss curve" in text and "epoch" in text and "nll" in text


def test_set_output_redirects_the_figure(rt, tmp_path):
    target = tmp_path / "moved.pdf"
    rt.execute("""
        local p, q = ...
        gnuplot.pngfigure(p)
        gnuplot.raw("set output '" .. q .. "'")
        gnuplot.plot(torch.rand(5))
        gnuplot.close()
    """, str(tmp_path / "first.png"), str(target))
    assert target.read_bytes()[:4] == b"%PDF"


def test_raw_bad_range_is_a_clear_error_and_unknown_commands_warn(rt, tmp_path, capsys):
    rt.execute("gnuplot.pngfigure(...)", str(tmp_path / "w.png"))
    with pytest.raises(LuaError, match=r"gnuplot.raw: expected a range like \[lo:hi\]"):
        rt.execute("gnuplot.raw('set xrange 1 2')")
    with pytest.warns(UserWarning, match="set frobnicate"):
        rt.execute("gnuplot.raw('set frobnicate 3; set grid')")
    assert _fig().opts["grid"] is True
    rt.execute("gnuplot.close()")
