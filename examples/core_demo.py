"""A first look at the C tensor core from Python: views share memory, copies convert types."""
import numpy as np

from tensor_core import lib
from tensor_core.nd import from_numpy, to_numpy, owned, empty

a = np.arange(12, dtype=np.float64).reshape(3, 4)
t = from_numpy(a)                                  # zero-copy handle on a's memory
col = owned(lib.tc_view_select(t, 1, 2))          # column 2, a view
lib.tc_fill(col, -1.0)                             # writes through to `a`
f = empty((4, 3), np.float32)
lib.tc_copy(f, owned(lib.tc_view_transpose(t, 0, 1)))   # strided copy with conversion
print("numpy array after filling a view:\n", a)
print("transposed float32 copy:\n", to_numpy(f))
