"""The spatial kernels against values written by real Torch7 (shared/data/torch7-golden/nn): each case's
module fields give the options, its params the weights; output, gradInput and gradParams (accumulated
with scale 1 into zeroed gradients) must match what Torch7's nn computed."""
import glob
import os

import numpy as np
import pytest

from tensor_core import ffi, lib, check
from conv_testutil import T, N, new, i64
import bridge

NULL = ffi.NULL
GOLDEN = os.path.join(os.environ.get("LUATORCH_SHARED", os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared")),
                      "data", "torch7-golden", "nn")
CLASSES = {"nn.SpatialConvolution", "nn.SpatialConvolutionMM", "nn.SpatialDilatedConvolution", "nn.SpatialFullConvolution",
           "nn.VolumetricConvolution", "nn.TemporalConvolution", "nn.SpatialMaxPooling", "nn.SpatialDilatedMaxPooling",
           "nn.VolumetricMaxPooling", "nn.TemporalMaxPooling", "nn.SpatialAveragePooling", "nn.SpatialAdaptiveMaxPooling",
           "nn.SpatialAdaptiveAveragePooling", "nn.SpatialZeroPadding", "nn.SpatialReflectionPadding",
           "nn.SpatialReplicationPadding", "nn.SpatialUpSamplingNearest", "nn.SpatialUpSamplingBilinear"}


def cases():
    """Golden files whose top-level module is one of CLASSES (from MANIFEST.tsv's constructor expressions)."""
    manifest = os.path.join(GOLDEN, "MANIFEST.tsv")
    if not os.path.exists(manifest):
        return []
    out = []
    for line in open(manifest):
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 2 or not cols[0].endswith(".t7") or cols[0].endswith(".ascii.t7"):
            continue
        ctor = cols[-1].split("(")[0].strip()
        if ctor in CLASSES:
            out.append(os.path.join(GOLDEN, cols[0]))
    return out


CASES = cases()


def i(m, k, default=0):
    return int(m.get(k, default))


def run_case(d):
    m, cls = d["module"], d["module"]["__class"]
    x, gout = d["input"], d["gradOutput"]
    dt = x.dtype
    params = [d["params"][k] for k in sorted(d["params"])]
    out, gx = new(dt), new(dt)
    gparams = [np.zeros_like(p) for p in params]
    if cls in ("nn.SpatialConvolution", "nn.SpatialConvolutionMM", "nn.SpatialDilatedConvolution", "nn.VolumetricConvolution"):
        vol = cls == "nn.VolumetricConvolution"
        nsp = 3 if vol else 2
        kshape = (i(m, "kT"), i(m, "kH"), i(m, "kW")) if vol else (i(m, "kH"), i(m, "kW"))
        w = params[0].reshape((i(m, "nOutputPlane"), i(m, "nInputPlane")) + kshape)
        b = T(params[1]) if len(params) > 1 else NULL
        st = i64(([i(m, "dT", 1)] if vol else []) + [i(m, "dH", 1), i(m, "dW", 1)])
        pd = i64(([i(m, "padT")] if vol else []) + [i(m, "padH"), i(m, "padW")])
        dl = i64(([1] if vol else []) + [i(m, "dilationH", 1), i(m, "dilationW", 1)])
        check(lib.tc_conv_forward(out, T(x), T(w), b, nsp, st, pd, dl, 1))
        check(lib.tc_conv_backward_input(gx, T(gout), T(x), T(w), nsp, st, pd, dl, 1))
        gw = gparams[0].reshape(w.shape)
        check(lib.tc_conv_backward_params(T(gw), T(gparams[1]) if len(params) > 1 else NULL, T(x), T(gout), nsp, st, pd, dl,
                                          1, 1.0))
    elif cls == "nn.SpatialFullConvolution":
        st, pd = i64([i(m, "dH"), i(m, "dW")]), i64([i(m, "padH"), i(m, "padW")])
        op, dl = i64([i(m, "adjH"), i(m, "adjW")]), i64([1, 1])
        w = params[0]
        check(lib.tc_conv_transpose_forward(out, T(x), T(w), T(params[1]), 2, st, pd, op, dl, 1))
        check(lib.tc_conv_transpose_backward_input(gx, T(gout), T(x), T(w), 2, st, pd, op, dl, 1))
        check(lib.tc_conv_transpose_backward_params(T(gparams[0]), T(gparams[1]), T(x), T(gout), 2, st, pd, op, dl, 1, 1.0))
    elif cls == "nn.TemporalConvolution":
        kW, dW = i(m, "kW"), i(m, "dW")
        check(lib.tc_temporal_convolution_forward(out, T(x), T(params[0]), T(params[1]), kW, dW))
        check(lib.tc_temporal_convolution_backward_input(gx, T(gout), T(x), T(params[0]), kW, dW))
        check(lib.tc_temporal_convolution_backward_params(T(gparams[0]), T(gparams[1]), T(x), T(gout), kW, dW, 1.0))
    elif cls in ("nn.SpatialMaxPooling", "nn.SpatialDilatedMaxPooling", "nn.VolumetricMaxPooling", "nn.TemporalMaxPooling"):
        ind = new(np.int64)
        if cls == "nn.TemporalMaxPooling":     # (B, T, F): pool over time on the (B, F, T) view
            xv, gv = np.swapaxes(x, -1, -2), np.swapaxes(gout, -1, -2)
            k, s, p, dl, nsp, ceil = [i(m, "kW")], [i(m, "dW")], [0], [1], 1, 0
        else:
            vol = cls == "nn.VolumetricMaxPooling"
            xv, gv, nsp = x, gout, 3 if vol else 2
            pre = lambda key, dflt: ([i(m, key + "T", dflt)] if vol else [])
            k = pre("k", 1) + [i(m, "kH"), i(m, "kW")]
            s = pre("d", 1) + [i(m, "dH"), i(m, "dW")]
            p = pre("pad", 0) + [i(m, "padH"), i(m, "padW")]
            dl = ([1] if vol else []) + [i(m, "dilationH", 1), i(m, "dilationW", 1)]
            ceil = int(bool(m.get("ceil_mode", False)))
        check(lib.tc_max_pool_forward(out, ind, T(xv), nsp, i64(k), i64(s), i64(p), i64(dl), ceil, 1))
        check(lib.tc_max_pool_backward(gx, T(np.ascontiguousarray(gv)), T(xv), ind, nsp, 1))
        if cls == "nn.TemporalMaxPooling":
            return np.swapaxes(N(out), -1, -2), np.swapaxes(N(gx), -1, -2), gparams
    elif cls == "nn.SpatialAveragePooling":
        div = 0 if m.get("divide", True) else 1
        args = (2, i64([i(m, "kH"), i(m, "kW")]), i64([i(m, "dH"), i(m, "dW")]), i64([i(m, "padH"), i(m, "padW")]),
                int(bool(m.get("ceil_mode"))), int(bool(m.get("count_include_pad", True))), div)
        check(lib.tc_avg_pool_forward(out, T(x), *args))
        check(lib.tc_avg_pool_backward(gx, T(gout), T(x), *args))
    elif cls == "nn.SpatialAdaptiveMaxPooling":
        ind = new(np.int64)
        check(lib.tc_adaptive_max_pool_forward(out, ind, T(x), 2, i64([i(m, "H"), i(m, "W")]), 1))
        check(lib.tc_max_pool_backward(gx, T(gout), T(x), ind, 2, 1))
    elif cls == "nn.SpatialAdaptiveAveragePooling":
        check(lib.tc_adaptive_avg_pool_forward(out, T(x), 2, i64([i(m, "H"), i(m, "W")])))
        check(lib.tc_adaptive_avg_pool_backward(gx, T(gout), T(x), 2))
    elif cls in ("nn.SpatialZeroPadding", "nn.SpatialReflectionPadding", "nn.SpatialReplicationPadding"):
        mode = {"nn.SpatialZeroPadding": lib.TC_PAD_CONSTANT, "nn.SpatialReflectionPadding": lib.TC_PAD_REFLECT,
                "nn.SpatialReplicationPadding": lib.TC_PAD_REPLICATE}[cls]
        pad = i64([i(m, "pad_l"), i(m, "pad_r"), i(m, "pad_t"), i(m, "pad_b")])
        check(lib.tc_pad_forward(out, T(x), 2, pad, mode, 0.0))
        check(lib.tc_pad_backward(gx, T(gout), T(x), 2, pad, mode))
    elif cls == "nn.SpatialUpSamplingNearest":
        sc = i(m, "scale_factor")
        osz = i64([x.shape[-2] * sc, x.shape[-1] * sc])
        check(lib.tc_upsample_nearest_forward(out, T(x), 2, osz, NULL))
        check(lib.tc_upsample_nearest_backward(gx, T(gout), T(x), 2, NULL))
    elif cls == "nn.SpatialUpSamplingBilinear":
        sc = i(m, "scale_factor")
        osz = i64([x.shape[-2] * sc, x.shape[-1] * sc])
        # align_corners 2: Torch7's float32 source coordinates (also for DoubleTensors)
        check(lib.tc_upsample_linear_forward(out, T(x), 2, osz, 2, NULL))
        check(lib.tc_upsample_linear_backward(gx, T(gout), T(x), 2, 2, NULL))
    else:
        raise AssertionError(f"no kernel mapping for {cls}")
    return N(out), N(gx), gparams


def _load(path):
    """A golden record read by the project's one t7 codec (Lua, through the bridge), in the shape the
    mapping above reads: modules as field dicts with a '__class' key, gradParams keyed 1..n."""
    d = bridge.load_t7(path)
    d["module"] = dict(d["module"].fields, __class=d["module"].typename)
    for key in ("params", "gradParams"):
        d[key] = {i + 1: g for i, g in enumerate(d[key] or [])}
    return d


@pytest.mark.skipif(not CASES, reason="shared/data/torch7-golden is not present on this machine")
@pytest.mark.parametrize("path", CASES, ids=[os.path.basename(p)[:-3] for p in CASES])
def test_matches_torch7(path):
    d = _load(path)
    out, gx, gparams = run_case(d)
    t = dict(rtol=1e-5, atol=1e-5) if d["input"].dtype == np.float32 else dict(rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(out, d["output"], **t)
    np.testing.assert_allclose(gx, d["gradInput"], **t)
    want = [d["gradParams"][k] for k in sorted(d["gradParams"])]
    assert len(want) == len(gparams)
    for g, w in zip(gparams, want):
        np.testing.assert_allclose(g, w, **t)


def test_golden_cases_found():
    """The shared golden set has these kernels' cases (guards against the glob silently finding nothing)."""
    if not os.path.isdir(GOLDEN):
        pytest.skip("shared/data/torch7-golden is not present on this machine")
    assert len(CASES) >= 15
