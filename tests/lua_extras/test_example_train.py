"""Runs examples/image_threads_train.lua briefly: threads load + augment images, a model trains, gnuplot
writes the loss curve."""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_example_trains_and_plots(tmp_path):
    png = tmp_path / "loss.png"
    r = subprocess.run([sys.executable, "-m", "bridge.cli", "run", "examples/image_threads_train.lua", str(png), "6"],
                       cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "loaded 32 images" in r.stdout
    m = re.search(r"loss: first ([0-9.]+), last ([0-9.]+)", r.stdout)
    assert m and float(m.group(2)) < float(m.group(1)), r.stdout
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
