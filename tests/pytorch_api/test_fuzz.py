"""Random wrong arguments never crash the process (a segfault here once came from a NULL core tensor)."""
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))


@pytest.mark.parametrize("seed", [2, 3, 17])
def test_random_bad_calls_do_not_crash(seed):
    r = subprocess.run([sys.executable, os.path.join(HERE, "fuzz_calls.py"), str(seed), "3000"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
