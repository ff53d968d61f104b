"""Torch7's TH convolution helpers (conv2/xcorr2/conv3/xcorr3) against scipy.signal."""
import numpy as np
import pytest
from scipy import signal

from tensor_core import lib, TensorCoreError, check
from tensor_core.nd import from_numpy, to_numpy, owned, dtype_code

rng = np.random.default_rng(9)


def new(dtype):
    return owned(lib.tc_tensor_new(dtype_code(dtype)))


def ref(x, k, full, flip):
    mode = "full" if full else "valid"
    return signal.convolve(x, k, mode=mode) if flip else signal.correlate(x, k, mode=mode)


def tol(dtype):
    return dict(rtol=1e-4, atol=1e-4) if dtype == np.float32 else dict(rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("full", [0, 1])
@pytest.mark.parametrize("flip", [0, 1])
def test_conv2_shapes(dtype, full, flip):
    x = rng.standard_normal((3, 7, 9)).astype(dtype)
    k3 = rng.standard_normal((3, 3, 4)).astype(dtype)
    k4 = rng.standard_normal((2, 3, 3, 4)).astype(dtype)
    out = new(dtype)
    check(lib.tc_conv2(out, from_numpy(x[0].T.copy().T), from_numpy(k3[0]), full, flip))
    np.testing.assert_allclose(to_numpy(out), ref(x[0].astype(np.float64), k3[0].astype(np.float64), full, flip), **tol(dtype))
    out = new(dtype)
    check(lib.tc_conv2(out, from_numpy(x), from_numpy(k3), full, flip))
    expected = np.stack([ref(x[p].astype(np.float64), k3[p].astype(np.float64), full, flip) for p in range(3)])
    np.testing.assert_allclose(to_numpy(out), expected, **tol(dtype))
    out = new(dtype)
    check(lib.tc_conv2(out, from_numpy(x[:, ::-1]), from_numpy(k4), full, flip))
    expected = np.stack([sum(ref(x[p, ::-1].astype(np.float64), k4[q, p].astype(np.float64), full, flip) for p in range(3))
                         for q in range(2)])
    np.testing.assert_allclose(to_numpy(out), expected, **tol(dtype))


@pytest.mark.parametrize("full", [0, 1])
@pytest.mark.parametrize("flip", [0, 1])
def test_conv3_shapes(full, flip):
    x = rng.standard_normal((2, 5, 6, 4))
    k4 = rng.standard_normal((2, 2, 3, 2))
    k5 = rng.standard_normal((3, 2, 2, 3, 2))
    out = new(np.float64)
    check(lib.tc_conv3(out, from_numpy(x[0]), from_numpy(k4[0]), full, flip))
    np.testing.assert_allclose(to_numpy(out), ref(x[0], k4[0], full, flip), rtol=1e-12, atol=1e-12)
    out = new(np.float64)
    check(lib.tc_conv3(out, from_numpy(x), from_numpy(k4), full, flip))
    np.testing.assert_allclose(to_numpy(out), np.stack([ref(x[p], k4[p], full, flip) for p in range(2)]), rtol=1e-12, atol=1e-12)
    out = new(np.float64)
    check(lib.tc_conv3(out, from_numpy(x), from_numpy(k5), full, flip))
    expected = np.stack([sum(ref(x[p], k5[q, p], full, flip) for p in range(2)) for q in range(3)])
    np.testing.assert_allclose(to_numpy(out), expected, rtol=1e-12, atol=1e-12)


def test_errors():
    out = new(np.float64)
    with pytest.raises(TensorCoreError, match="smaller than the kernel"):
        check(lib.tc_conv2(out, from_numpy(np.zeros((2, 2))), from_numpy(np.zeros((3, 3))), 0, 1))
    with pytest.raises(TensorCoreError, match=r"unsupported shapes: input \[2 x 2\] with kernel \[3\]"):
        check(lib.tc_conv2(out, from_numpy(np.zeros((2, 2))), from_numpy(np.zeros(3)), 0, 1))
    with pytest.raises(TensorCoreError, match="input has 2 planes but the kernel has 3"):
        check(lib.tc_conv2(out, from_numpy(np.zeros((2, 4, 4))), from_numpy(np.zeros((3, 2, 2))), 0, 0))
    with pytest.raises(TensorCoreError, match="float32 or float64"):
        check(lib.tc_conv2(new(np.int64), from_numpy(np.zeros((4, 4), np.int64)), from_numpy(np.zeros((2, 2), np.int64)), 0, 0))
