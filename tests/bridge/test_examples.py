"""The example scripts run unchanged through `luatorch run` and exit 0."""
import glob
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.mark.parametrize("script", sorted(glob.glob(os.path.join(ROOT, "examples", "*.lua"))))
def test_example_runs(script):
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    r = subprocess.run([sys.executable, "-m", "bridge.cli", "run", script], capture_output=True, text=True,
                       cwd=ROOT, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip()


def test_linear_regression_converges():
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    r = subprocess.run([sys.executable, "-m", "bridge.cli", "run", os.path.join(ROOT, "examples", "linear_regression.lua"),
                        "-steps", "300"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    diff = float(r.stdout.strip().splitlines()[-1].split()[-1])
    assert diff < 1e-6
