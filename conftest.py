"""Test-session setup shared by every test folder."""
import os
import sys

ROOT = os.path.dirname(os.path.abspath(__file__))
# Tests always import this checkout's packages (also from a git worktree beside an editable install).
if sys.path[0] != ROOT:
    sys.path.insert(0, ROOT)

SHARED = os.environ.get("LUATORCH_SHARED", os.path.join(os.path.dirname(ROOT), "shared"))
