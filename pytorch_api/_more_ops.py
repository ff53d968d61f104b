"""More of the torch.* surface (breadth): linear algebra (see _linalg.py / linalg.py) and composite functions
written with declared ops, so their gradients come from those declarations.  `__all__` is what
pytorch_api/__init__.py re-exports."""
from __future__ import annotations

from . import _linalg
from . import linalg  # noqa: F401  (torch.linalg)

__all__ = ["linalg"] + list(_linalg.TORCH_FUNCTIONS)
globals().update(_linalg.TORCH_FUNCTIONS)
