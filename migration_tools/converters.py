"""Lua nn class -> generated PyTorch code, one function per class (or family), in one registry.

A converter gets the described module, the Builder and the input value, declares submodules and
weights, writes forward statements and returns the output value.  Weight layouts are converted
here (SpatialConvolutionMM's 2-D weight, TemporalConvolution's time-major weight).
"""
from __future__ import annotations

import math

import numpy as np

from .codegen import Builder, as_list, emit, expr_of
from .loader import ConversionError, LuaModule

CONVERTERS: dict = {}


def converts(*classes):
    def register(fn):
        for c in classes:
            CONVERTERS[c] = fn
        return fn
    return register


class DynList(str):
    """A Lua table whose length is only known at run time (e.g. SplitTable's output): a variable
    holding a Python list."""


def f(m: LuaModule, name, default=None):
    v = m.fields.get(name, default)
    return default if v is None else v


def num(v):
    """A number as Python source (ints without a trailing .0, inf spelled out)."""
    if isinstance(v, bool):
        return repr(v)
    if isinstance(v, float):
        if math.isinf(v):
            return 'float("inf")' if v > 0 else '-float("inf")'
        if v.is_integer() and abs(v) < 1e15:
            return str(int(v))
    return repr(v)


def ints(*vs):
    return "(" + ", ".join(str(int(v)) for v in vs) + ")"


def tensor_call(b: Builder, x, fmt: str, comment=None):
    return b.assign(fmt.format(x=expr_of(x)), comment)


# ---- containers ------------------------------------------------------------------------------
@converts("nn.Sequential")
def _sequential(m, b, x):
    for child in m.children:
        x = emit(child, b, x)
    return x


@converts("nn.ConcatTable")
def _concat_table(m, b, x):
    return tuple(emit(child, b, x) for child in m.children)


@converts("nn.ParallelTable")
def _parallel_table(m, b, x):
    xs = as_list(x, "nn.ParallelTable")
    return tuple(emit(child, b, xi) for child, xi in zip(m.children, xs))


@converts("nn.Concat")
def _concat(m, b, x):
    outs = [emit(child, b, x) for child in m.children]
    d = int(f(m, "dimension"))
    return b.assign(f"torch.cat([{', '.join(map(expr_of, outs))}], {d - 1})")


@converts("nn.Parallel")
def _parallel(m, b, x):
    din, dout = int(f(m, "inputDimension")), int(f(m, "outputDimension"))
    outs = []
    for i, child in enumerate(m.children):
        xi = b.assign(f"{expr_of(x)}.select({din - 1}, {i})")
        outs.append(emit(child, b, xi))
    return b.assign(f"torch.cat([{', '.join(map(expr_of, outs))}], {dout - 1})")


@converts("nn.gModule")
def _gmodule(m, b, x):
    g = m.graph
    values = {}
    inputs = x if g.n_inputs > 1 else (x,)
    b.comment(f"graph {m.fields.get('name') or ''} in topological order".replace("  ", " "))
    for i, node in enumerate(g.nodes):
        if i == g.innode:
            values[i] = inputs if g.n_inputs > 1 else inputs[0]
            continue
        args = [values[j] for j in node.inputs]
        arg = args[0] if len(args) == 1 else tuple(args)
        if node.selectindex is not None:
            src = values[node.inputs[0]]
            values[i] = src[node.selectindex - 1] if isinstance(src, tuple) else b.assign(f"{src}[{node.selectindex - 1}]")
        elif node.module is not None:
            if node.name:
                b.comment(node.name)
            values[i] = emit(node.module, b, arg)
        else:
            values[i] = arg
    outs = [values[j] for j in g.outputs]
    return outs[0] if len(outs) == 1 else tuple(outs)


# ---- linear and convolution -----------------------------------------------------------------
@converts("nn.Linear")
def _linear(m, b, x):
    w, bias = m.tensor("weight"), m.tensor("bias")
    mod = b.module(m, f"nn.Linear({w.shape[1]}, {w.shape[0]}, bias={bias is not None})",
                   {"weight": w, "bias": bias})
    return b.assign(f"{mod}({expr_of(x)})")


def _conv_weight(m, shape):
    w = m.tensor("weight")
    return w.reshape(shape) if w.shape != tuple(shape) else w


@converts("nn.SpatialConvolution", "nn.SpatialConvolutionMM", "nn.SpatialDilatedConvolution")
def _conv2d(m, b, x):
    nin, nout = int(f(m, "nInputPlane")), int(f(m, "nOutputPlane"))
    kw, kh, dw, dh = (int(f(m, k, 1)) for k in ("kW", "kH", "dW", "dH"))
    pw = int(f(m, "padW", f(m, "padding", 0)))
    ph = int(f(m, "padH", f(m, "padding", 0)))
    dil = (int(f(m, "dilationH", 1)), int(f(m, "dilationW", 1)))
    bias = m.tensor("bias")
    w = _conv_weight(m, (nout, nin, kh, kw))
    extra = f", dilation={ints(*dil)}" if dil != (1, 1) else ""
    mod = b.module(m, f"nn.Conv2d({nin}, {nout}, {ints(kh, kw)}, stride={ints(dh, dw)}, padding={ints(ph, pw)}"
                      f"{extra}, bias={bias is not None})", {"weight": w, "bias": bias}, hint="conv")
    return b.assign(f"{mod}({expr_of(x)})")


@converts("nn.VolumetricConvolution")
def _conv3d(m, b, x):
    nin, nout = int(f(m, "nInputPlane")), int(f(m, "nOutputPlane"))
    k = tuple(int(f(m, n)) for n in ("kT", "kH", "kW"))
    s = tuple(int(f(m, n, 1)) for n in ("dT", "dH", "dW"))
    p = tuple(int(f(m, n, 0)) for n in ("padT", "padH", "padW"))
    bias = m.tensor("bias")
    mod = b.module(m, f"nn.Conv3d({nin}, {nout}, {ints(*k)}, stride={ints(*s)}, padding={ints(*p)}, "
                      f"bias={bias is not None})", {"weight": _conv_weight(m, (nout, nin) + k), "bias": bias},
                   hint="conv")
    return b.assign(f"{mod}({expr_of(x)})")


@converts("nn.SpatialFullConvolution")
def _conv_transpose2d(m, b, x):
    nin, nout = int(f(m, "nInputPlane")), int(f(m, "nOutputPlane"))
    kw, kh, dw, dh = (int(f(m, k, 1)) for k in ("kW", "kH", "dW", "dH"))
    pw, ph, aw, ah = (int(f(m, k, 0)) for k in ("padW", "padH", "adjW", "adjH"))
    bias = m.tensor("bias")
    # Torch7's full-convolution weight is nIn x nOut x kH x kW, PyTorch's ConvTranspose2d layout
    mod = b.module(m, f"nn.ConvTranspose2d({nin}, {nout}, {ints(kh, kw)}, stride={ints(dh, dw)}, "
                      f"padding={ints(ph, pw)}, output_padding={ints(ah, aw)}, bias={bias is not None})",
                   {"weight": m.tensor("weight"), "bias": bias}, hint="deconv")
    if isinstance(x, tuple):
        raise ConversionError(f"{m.path}: SpatialFullConvolution with a size-reference table input is not supported.")
    return b.assign(f"{mod}({expr_of(x)})")


@converts("nn.TemporalConvolution")
def _temporal_conv(m, b, x):
    fin, fout, kw = int(f(m, "inputFrameSize")), int(f(m, "outputFrameSize")), int(f(m, "kW"))
    dw = int(f(m, "dW", 1))
    # weight outFrame x (kW * inFrame) is time-major: view (out, kW, in), then (out, in, kW)
    w = m.tensor("weight").reshape(fout, kw, fin).transpose(0, 2, 1).copy()
    mod = b.module(m, f"nn.Conv1d({fin}, {fout}, {kw}, stride={dw})", {"weight": w, "bias": m.tensor("bias")},
                   hint="temporal_conv")
    b.comment("TemporalConvolution takes (batch x) time x features: convolve over time")
    return b.assign(f"{mod}({expr_of(x)}.transpose(-1, -2)).transpose(-1, -2)")


# ---- pooling ------------------------------------------------------------------------------------
@converts("nn.SpatialMaxPooling", "nn.SpatialDilatedMaxPooling")
def _maxpool2d(m, b, x):
    kw, kh = int(f(m, "kW")), int(f(m, "kH"))
    dw, dh = int(f(m, "dW", kw)), int(f(m, "dH", kh))
    pw, ph = int(f(m, "padW", 0)), int(f(m, "padH", 0))
    dil = (int(f(m, "dilationH", 1)), int(f(m, "dilationW", 1)))
    extra = f", dilation={ints(*dil)}" if dil != (1, 1) else ""
    mod = b.module(m, f"nn.MaxPool2d({ints(kh, kw)}, stride={ints(dh, dw)}, padding={ints(ph, pw)}{extra}, "
                      f"ceil_mode={bool(f(m, 'ceil_mode', False))})", hint="maxpool")
    return b.assign(f"{mod}({expr_of(x)})")


@converts("nn.SpatialAveragePooling")
def _avgpool2d(m, b, x):
    kw, kh = int(f(m, "kW")), int(f(m, "kH"))
    dw, dh = int(f(m, "dW", 1)), int(f(m, "dH", 1))
    pw, ph = int(f(m, "padW", 0)), int(f(m, "padH", 0))
    include = bool(f(m, "count_include_pad", True))
    divide = f(m, "divide", True)
    extra = "" if divide else ", divisor_override=1"
    mod = b.module(m, f"nn.AvgPool2d({ints(kh, kw)}, stride={ints(dh, dw)}, padding={ints(ph, pw)}, "
                      f"ceil_mode={bool(f(m, 'ceil_mode', False))}, count_include_pad={include}{extra})", hint="avgpool")
    return b.assign(f"{mod}({expr_of(x)})")


@converts("nn.VolumetricMaxPooling")
def _maxpool3d(m, b, x):
    k = tuple(int(f(m, n)) for n in ("kT", "kH", "kW"))
    s = tuple(int(f(m, n, kk)) for n, kk in zip(("dT", "dH", "dW"), k))
    p = tuple(int(f(m, n, 0)) for n in ("padT", "padH", "padW"))
    mod = b.module(m, f"nn.MaxPool3d({ints(*k)}, stride={ints(*s)}, padding={ints(*p)}, "
                      f"ceil_mode={bool(f(m, 'ceil_mode', False))})", hint="maxpool")
    return b.assign(f"{mod}({expr_of(x)})")


@converts("nn.VolumetricAveragePooling")
def _avgpool3d(m, b, x):
    k = tuple(int(f(m, n)) for n in ("kT", "kH", "kW"))
    s = tuple(int(f(m, n, 1)) for n in ("dT", "dH", "dW"))
    mod = b.module(m, f"nn.AvgPool3d({ints(*k)}, stride={ints(*s)})", hint="avgpool")
    return b.assign(f"{mod}({expr_of(x)})")


@converts("nn.SpatialAdaptiveMaxPooling", "nn.SpatialAdaptiveAveragePooling")
def _adaptive2d(m, b, x):
    kind = "Max" if "Max" in m.cls else "Avg"
    mod = b.module(m, f"nn.Adaptive{kind}Pool2d({ints(f(m, 'H'), f(m, 'W'))})", hint=f"adaptive_{kind.lower()}pool")
    return b.assign(f"{mod}({expr_of(x)})")


@converts("nn.TemporalMaxPooling")
def _temporal_maxpool(m, b, x):
    kw = int(f(m, "kW"))
    mod = b.module(m, f"nn.MaxPool1d({kw}, stride={int(f(m, 'dW', kw))})", hint="temporal_maxpool")
    return b.assign(f"{mod}({expr_of(x)}.transpose(-1, -2)).transpose(-1, -2)")


# ---- normalisation ------------------------------------------------------------------------------
@converts("nn.BatchNormalization", "nn.SpatialBatchNormalization", "nn.VolumetricBatchNormalization")
def _batchnorm(m, b, x):
    kind = {"nn.BatchNormalization": "1d", "nn.SpatialBatchNormalization": "2d"}.get(_base(m.cls), "3d")
    mean = m.tensor("running_mean")
    var = m.tensor("running_var")
    if var is None and m.tensor("running_std") is not None:   # version-1 files kept 1/sqrt(var + eps)
        var = m.tensor("running_std") ** -2 - f(m, "eps", 1e-5)
    affine = m.tensor("weight") is not None
    state = {"weight": m.tensor("weight"), "bias": m.tensor("bias"), "running_mean": mean, "running_var": var,
             "num_batches_tracked": np.array(0, dtype=np.int64)}
    mod = b.module(m, f"nn.BatchNorm{kind}({mean.shape[0]}, eps={num(f(m, 'eps', 1e-5))}, "
                      f"momentum={num(f(m, 'momentum', 0.1))}, affine={affine})", state, hint="bn")
    return b.assign(f"{mod}({expr_of(x)})")


def _base(cls):
    for p in ("cudnn.", "cunn."):
        if cls.startswith(p):
            return "nn." + cls[len(p):]
    return cls


@converts("nn.Normalize")
def _normalize(m, b, x):
    b.use("t7_normalize")
    return b.assign(f"t7_normalize({expr_of(x)}, {num(f(m, 'p'))}, {num(f(m, 'eps', 1e-10))})")


# ---- transfer functions ------------------------------------------------------------------------
def _simple(ctor, hint=None):
    def conv(m, b, x):
        mod = b.module(m, ctor(m), hint=hint)
        return b.assign(f"{mod}({expr_of(x)})")
    return conv


CONVERTERS.update({
    "nn.Tanh": _simple(lambda m: "nn.Tanh()"),
    "nn.Sigmoid": _simple(lambda m: "nn.Sigmoid()"),
    "nn.ReLU6": _simple(lambda m: "nn.ReLU6()"),
    "nn.LeakyReLU": _simple(lambda m: f"nn.LeakyReLU({num(f(m, 'negval', 0.01))})"),
    "nn.ELU": _simple(lambda m: f"nn.ELU({num(f(m, 'alpha', 1))})"),
    "nn.HardTanh": _simple(lambda m: f"nn.Hardtanh({num(f(m, 'min_val', -1))}, {num(f(m, 'max_val', 1))})"),
    "nn.Clamp": _simple(lambda m: f"nn.Hardtanh({num(f(m, 'min_val'))}, {num(f(m, 'max_val'))})"),
    "nn.SoftPlus": _simple(lambda m: f"nn.Softplus(beta={num(f(m, 'beta', 1))}, threshold={num(f(m, 'threshold', 20))})"),
    "nn.SoftSign": _simple(lambda m: "nn.Softsign()"),
    "nn.LogSigmoid": _simple(lambda m: "nn.LogSigmoid()"),
    "nn.TanhShrink": _simple(lambda m: "nn.Tanhshrink()"),
    "nn.SoftShrink": _simple(lambda m: f"nn.Softshrink({num(f(m, 'lambda', 0.5))})"),
    "nn.HardShrink": _simple(lambda m: f"nn.Hardshrink({num(f(m, 'lambda', 0.5))})"),
})


@converts("nn.Threshold", "nn.ReLU")
def _threshold(m, b, x):
    th, val = f(m, "threshold", 1e-6 if m.cls == "nn.Threshold" else 0), f(m, "val", 0)
    ctor = "nn.ReLU()" if th == 0 and val == 0 else f"nn.Threshold({num(th)}, {num(val)})"
    mod = b.module(m, ctor, hint="relu" if th == 0 and val == 0 else "threshold")
    return b.assign(f"{mod}({expr_of(x)})")


@converts("nn.PReLU")
def _prelu(m, b, x):
    w = m.tensor("weight")
    mod = b.module(m, f"nn.PReLU({w.size})", {"weight": w}, hint="prelu")
    return b.assign(f"{mod}({expr_of(x)})")


@converts("nn.SoftMax", "nn.LogSoftMax", "nn.SoftMin")
def _softmax(m, b, x):
    b.use("t7_softmax_dim")
    fn = {"nn.SoftMax": "F.softmax({x}, ", "nn.LogSoftMax": "F.log_softmax({x}, ", "nn.SoftMin": "F.softmin({x}, "}[_base(m.cls)]
    e = expr_of(x)
    return b.assign(fn.format(x=e) + f"dim=t7_softmax_dim({e}))", m.short)


@converts("nn.SpatialSoftMax", "nn.SpatialLogSoftMax")
def _spatial_softmax(m, b, x):
    fn = "F.log_softmax" if "Log" in m.cls else "F.softmax"
    e = expr_of(x)
    return b.assign(f"{fn}({e}, dim=1 if {e}.dim() == 4 else 0)", m.short)


@converts("nn.Dropout")
def _dropout(m, b, x):
    p = f(m, "p", 0.5)
    if f(m, "v2", False):
        mod = b.module(m, f"nn.Dropout({num(p)})", hint="dropout")
    else:
        b.use("T7DropoutV1")
        mod = b.module(m, f"T7DropoutV1({num(p)})", hint="dropout")
    return b.assign(f"{mod}({expr_of(x)})")


@converts("nn.SpatialDropout", "nn.VolumetricDropout")
def _spatial_dropout(m, b, x):
    p = f(m, "p", 0.5)
    e = expr_of(x)
    b.comment(f"{m.short}: whole feature maps, Torch7's v1 scaling (x (1 - p) at evaluation)")
    kind = "2d" if m.cls.endswith("SpatialDropout") else "3d"
    return b.assign(f"F.dropout{kind}({e}, {num(p)}, self.training) * (1 - {num(p)}) if self.training else {e} * (1 - {num(p)})")


# ---- simple arithmetic --------------------------------------------------------------------------
@converts("nn.Identity", "nn.Contiguous", "nn.Copy", "nn.GradientReversal")
def _identity(m, b, x):
    return x


@converts("nn.MulConstant")
def _mul_constant(m, b, x):
    return tensor_call(b, x, "{x} * " + num(f(m, "constant_scalar")), m.short)


@converts("nn.AddConstant")
def _add_constant(m, b, x):
    return tensor_call(b, x, "{x} + " + num(f(m, "constant_scalar")), m.short)


@converts("nn.Abs", "nn.Exp", "nn.Log", "nn.Square", "nn.Sqrt")
def _pointwise(m, b, x):
    fmt = {"nn.Abs": "{x}.abs()", "nn.Exp": "{x}.exp()", "nn.Log": "{x}.log()", "nn.Square": "{x} * {x}",
           "nn.Sqrt": "({x} + " + num(f(m, "eps", 0)) + ").sqrt()"}[m.cls]
    return tensor_call(b, x, fmt, m.short)


@converts("nn.Power")
def _power(m, b, x):
    return tensor_call(b, x, "{x}.pow(" + num(f(m, "pow")) + ")", m.short)


@converts("nn.Mul")
def _mul(m, b, x):
    w = m.tensor("weight")
    mod = b.module(m, "nn.Parameter(torch.zeros(1))", hint="scale")
    b.state[mod[5:]] = w
    return b.assign(f"{expr_of(x)} * {mod}", m.short)


@converts("nn.Add", "nn.CAdd")
def _add(m, b, x):
    bias = m.tensor("bias")
    mod = b.module(m, f"nn.Parameter(torch.zeros({', '.join(map(str, bias.shape))}))", hint="bias")
    b.state[mod[5:]] = bias
    if m.cls == "nn.Add" and not f(m, "scalar", False):
        return b.assign(f"{expr_of(x)} + {mod}.view(-1) if {expr_of(x)}.dim() == 1 else "
                        f"{expr_of(x)} + {mod}.view(1, -1).expand_as({expr_of(x)})", m.short)
    return b.assign(f"{expr_of(x)} + {mod}", m.short)


@converts("nn.CMul")
def _cmul(m, b, x):
    w = m.tensor("weight")
    mod = b.module(m, f"nn.Parameter(torch.zeros({', '.join(map(str, w.shape))}))", hint="weight")
    b.state[mod[5:]] = w
    return b.assign(f"{expr_of(x)} * {mod}", m.short)


# ---- shape --------------------------------------------------------------------------------------
def _sizes(v):
    if isinstance(v, dict):
        v = [v[k] for k in sorted(v)]
    return [int(s) for s in (v or [])]


@converts("nn.View")
def _view(m, b, x):
    b.use("t7_view")
    nid = f(m, "numInputDims")
    extra = f", {int(nid)}" if nid is not None else ""
    return b.assign(f"t7_view({expr_of(x)}, {tuple(_sizes(f(m, 'size')))}{extra})", "View")


@converts("nn.Reshape")
def _reshape(m, b, x):
    b.use("t7_reshape")
    bm = f(m, "batchMode")
    extra = f", batch_mode={bm}" if bm is not None else ""
    return b.assign(f"t7_reshape({expr_of(x)}, {tuple(_sizes(f(m, 'size')))}{extra})", "Reshape")


@converts("nn.Transpose")
def _transpose(m, b, x):
    perms = f(m, "permutations", [])
    e = expr_of(x)
    for p in perms:
        p = _sizes(p)
        e = f"{e}.transpose({p[0] - 1}, {p[1] - 1})"
    return b.assign(e, "Transpose")


@converts("nn.Select")
def _select(m, b, x):
    b.use("t7_select")
    return b.assign(f"t7_select({expr_of(x)}, {int(f(m, 'dimension'))}, {int(f(m, 'index'))})")


@converts("nn.Narrow")
def _narrow(m, b, x):
    b.use("t7_narrow")
    return b.assign(f"t7_narrow({expr_of(x)}, {int(f(m, 'dimension'))}, {int(f(m, 'index'))}, "
                    f"{int(f(m, 'length', 1))})")


@converts("nn.Squeeze")
def _squeeze(m, b, x):
    d = f(m, "dim")
    e = expr_of(x)
    if d is None:
        return b.assign(f"{e}.squeeze()")
    nid = f(m, "numInputDims")
    shift = f" + ({e}.dim() == {int(nid) + 1})" if nid is not None else ""
    return b.assign(f"{e}.squeeze({int(d) - 1}{shift})")


@converts("nn.Unsqueeze")
def _unsqueeze(m, b, x):
    pos = int(f(m, "pos"))
    e = expr_of(x)
    nid = f(m, "numInputDims")
    shift = f" + ({e}.dim() == {int(nid) + 1})" if nid is not None else ""
    return b.assign(f"{e}.unsqueeze({pos - 1}{shift})")


@converts("nn.Replicate")
def _replicate(m, b, x):
    b.use("t7_replicate")
    nd = f(m, "ndim")
    return b.assign(f"t7_replicate({expr_of(x)}, {int(f(m, 'nfeatures'))}, {int(f(m, 'dim', 1))}"
                    f"{', ' + str(int(nd)) if nd is not None else ''})")


@converts("nn.Sum", "nn.Mean")
def _sum(m, b, x):
    b.use("t7_sum")
    nid = f(m, "nInputDims")
    mean = m.cls == "nn.Mean" or bool(f(m, "sizeAverage", False))
    return b.assign(f"t7_sum({expr_of(x)}, {int(f(m, 'dimension', 1))}, {nid if nid is None else int(nid)}, "
                    f"mean={mean}, squeeze={bool(f(m, 'squeeze', True))})", m.short)


@converts("nn.Max", "nn.Min")
def _max(m, b, x):
    b.use("t7_max")
    nid = f(m, "nInputDims")
    return b.assign(f"t7_max({expr_of(x)}, {int(f(m, 'dimension', 1))}, {nid if nid is None else int(nid)}, "
                    f"minimum={m.cls == 'nn.Min'})", m.short)


@converts("nn.SpatialZeroPadding", "nn.SpatialReflectionPadding", "nn.SpatialReplicationPadding")
def _padding(m, b, x):
    pads = ints(*(f(m, k) for k in ("pad_l", "pad_r", "pad_t", "pad_b")))
    mode = {"nn.SpatialZeroPadding": "", "nn.SpatialReflectionPadding": ', mode="reflect"',
            "nn.SpatialReplicationPadding": ', mode="replicate"'}[m.cls]
    return b.assign(f"F.pad({expr_of(x)}, {pads}{mode})", m.short)


@converts("nn.SpatialUpSamplingNearest")
def _up_nearest(m, b, x):
    b.use("t7_upsample_nearest")
    return b.assign(f"t7_upsample_nearest({expr_of(x)}, {int(f(m, 'scale_factor'))})")


@converts("nn.SpatialUpSamplingBilinear")
def _up_bilinear(m, b, x):
    b.use("t7_upsample_bilinear")
    s = f(m, "scale_factor")
    arg = f"scale={int(s)}" if s is not None else f"size=({int(f(m, 'oheight'))}, {int(f(m, 'owidth'))})"
    return b.assign(f"t7_upsample_bilinear({expr_of(x)}, {arg})")


@converts("nn.LookupTable")
def _lookup(m, b, x):
    w = m.tensor("weight")
    pad = int(f(m, "paddingValue", 0) or 0)
    extra = f", padding_idx={pad - 1}" if pad > 0 else ""
    max_norm = f(m, "maxNorm")
    if max_norm is not None:
        extra += f", max_norm={num(max_norm)}, norm_type={num(f(m, 'normType', 2))}"
    mod = b.module(m, f"nn.Embedding({w.shape[0]}, {w.shape[1]}{extra})", {"weight": w}, hint="embedding")
    b.comment("LookupTable indices are 1-based")
    return b.assign(f"{mod}({expr_of(x)}.long() - 1)")


# ---- tables -------------------------------------------------------------------------------------
def _items(v, what):
    if isinstance(v, DynList):
        return None
    return as_list(v, what)


@converts("nn.JoinTable")
def _join(m, b, x):
    d, nid = int(f(m, "dimension")), f(m, "nInputDims")
    items = _items(x, "nn.JoinTable")
    first = f"{x}[0]" if items is None else expr_of(items[0])
    seq = x if items is None else "[" + ", ".join(map(expr_of, items)) + "]"
    b.use("t7_dim")
    return b.assign(f"torch.cat({seq}, t7_dim({first}, {d}, {nid if nid is None else int(nid)}))", "JoinTable")


@converts("nn.SplitTable")
def _split(m, b, x):
    d, nid = int(f(m, "dimension")), f(m, "nInputDims")
    b.use("t7_dim")
    e = expr_of(x)
    v = b.assign(f"list({e}.unbind(t7_dim({e}, {d}, {nid if nid is None else int(nid)})))", "SplitTable")
    return DynList(v)


@converts("nn.SelectTable")
def _select_table(m, b, x):
    i = int(f(m, "index"))
    items = _items(x, "nn.SelectTable")
    if items is None:
        return b.assign(f"{x}[{i - 1 if i > 0 else i}]")
    return items[i - 1 if i > 0 else i]


@converts("nn.NarrowTable")
def _narrow_table(m, b, x):
    o, n = int(f(m, "offset")), int(f(m, "length", 1))
    items = _items(x, "nn.NarrowTable")
    if items is None:
        return DynList(b.assign(f"{x}[{o - 1}:{o - 1 + n}]"))
    return tuple(items[o - 1:o - 1 + n])


@converts("nn.FlattenTable")
def _flatten_table(m, b, x):
    def flat(v):
        return sum((flat(i) for i in v), ()) if isinstance(v, tuple) else (v,)
    if isinstance(x, DynList):
        raise ConversionError(f"{m.path}: FlattenTable over a run-time list is not supported.")
    return flat(x)


def _reduce_table(op_fmt, what):
    def conv(m, b, x):
        items = _items(x, what)
        if items is None:
            return b.assign(op_fmt["dyn"].format(x=x), m.short)
        e = expr_of(items[0])
        for it in items[1:]:
            e = op_fmt["bin"].format(a=e, b=expr_of(it))
        return b.assign(e, m.short)
    return conv


CONVERTERS.update({
    "nn.CAddTable": _reduce_table({"bin": "{a} + {b}", "dyn": "torch.stack({x}).sum(0)"}, "nn.CAddTable"),
    "nn.CMulTable": _reduce_table({"bin": "{a} * {b}", "dyn": "torch.stack({x}).prod(0)"}, "nn.CMulTable"),
    "nn.CSubTable": _reduce_table({"bin": "{a} - {b}", "dyn": "{x}[0] - {x}[1]"}, "nn.CSubTable"),
    "nn.CDivTable": _reduce_table({"bin": "{a} / {b}", "dyn": "{x}[0] / {x}[1]"}, "nn.CDivTable"),
    "nn.CMaxTable": _reduce_table({"bin": "torch.maximum({a}, {b})", "dyn": "torch.stack({x}).max(0)[0]"}, "nn.CMaxTable"),
    "nn.CMinTable": _reduce_table({"bin": "torch.minimum({a}, {b})", "dyn": "torch.stack({x}).min(0)[0]"}, "nn.CMinTable"),
})


# ---- more layers ----------------------------------------------------------------------------------
@converts("nn.MM")
def _mm(m, b, x):
    a, c = as_list(x, "nn.MM")
    ta = ".transpose(-1, -2)" if f(m, "transA", False) else ""
    tb = ".transpose(-1, -2)" if f(m, "transB", False) else ""
    return b.assign(f"torch.matmul({expr_of(a)}{ta}, {expr_of(c)}{tb})", "MM")


@converts("nn.MV")
def _mv(m, b, x):
    a, v = as_list(x, "nn.MV")
    t = ".transpose(-1, -2)" if f(m, "trans", False) else ""
    return b.assign(f"torch.matmul({expr_of(a)}{t}, {expr_of(v)}.unsqueeze(-1)).squeeze(-1)", "MV")


@converts("nn.DotProduct")
def _dot(m, b, x):
    a, c = as_list(x, "nn.DotProduct")
    e = f"({expr_of(a)} * {expr_of(c)})"
    return b.assign(f"{e}.sum(-1) if {expr_of(a)}.dim() > 1 else {e}.sum().reshape(1)", "DotProduct")


@converts("nn.PairwiseDistance")
def _pairwise(m, b, x):
    a, c = as_list(x, "nn.PairwiseDistance")
    p = num(f(m, "norm", 2))
    d = f"({expr_of(a)} - {expr_of(c)})"
    return b.assign(f"{d}.norm({p}, dim=-1) if {expr_of(a)}.dim() > 1 else {d}.norm({p}).reshape(1)",
                    "PairwiseDistance")


@converts("nn.CosineDistance")
def _cosine_distance(m, b, x):
    a, c = as_list(x, "nn.CosineDistance")
    ea, ec = expr_of(a), expr_of(c)
    return b.assign(f"({ea} * {ec}).sum(-1) / (({ea} * {ea}).sum(-1) + 1e-12).mul(({ec} * {ec}).sum(-1) + 1e-12)"
                    f".sqrt()", "CosineDistance")


@converts("nn.Euclidean")
def _euclidean(m, b, x):
    w = m.tensor("weight")
    mod = b.module(m, f"nn.Parameter(torch.zeros({w.shape[0]}, {w.shape[1]}))", hint="centres")
    b.state[mod[5:]] = w
    e = expr_of(x)
    b.comment("Euclidean: distance from the input to each column of the weight")
    return b.assign(f"({e}.unsqueeze(-1) - {mod}).norm(dim=-2)", "Euclidean")


@converts("nn.Cosine")
def _cosine(m, b, x):
    w = m.tensor("weight")
    mod = b.module(m, f"nn.Parameter(torch.zeros({w.shape[0]}, {w.shape[1]}))", hint="directions")
    b.state[mod[5:]] = w
    e = expr_of(x)
    return b.assign(f"torch.matmul({e}, {mod}.t()) / ({mod}.norm(dim=1) + 1e-12) / "
                    f"({e}.norm(dim=-1, keepdim=True) + 1e-12)", "Cosine")


@converts("nn.Index")
def _index(m, b, x):
    t, idx = as_list(x, "nn.Index")
    return b.assign(f"torch.index_select({expr_of(t)}, {int(f(m, 'dimension')) - 1}, {expr_of(idx)}.long() - 1)",
                    "Index (1-based)")


@converts("nn.RReLU")
def _rrelu(m, b, x):
    slope = (f(m, "lower", 1 / 8) + f(m, "upper", 1 / 3)) / 2
    b.comment("RReLU converted for evaluation: the mean slope")
    return b.assign(f"F.leaky_relu({expr_of(x)}, {num(slope)})", "RReLU")


@converts("nn.SpatialCrossMapLRN")
def _lrn(m, b, x):
    mod = b.module(m, f"nn.LocalResponseNorm({int(f(m, 'size'))}, alpha={num(f(m, 'alpha', 1e-4))}, "
                      f"beta={num(f(m, 'beta', 0.75))}, k={num(f(m, 'k', 1))})", hint="lrn")
    return b.assign(f"{mod}({expr_of(x)})")


@converts("nn.Bottle")
def _bottle(m, b, x):
    nin = int(f(m, "nInputDim", 2))
    e = expr_of(x)
    lead = b.assign(f"{e}.shape[:{e}.dim() - {nin} + 1]")
    flat = b.assign(f"{e}.reshape(-1, *{e}.shape[{e}.dim() - {nin} + 1:])", "Bottle: fold leading dims")
    y = emit(m.children[0], b, flat)
    return b.assign(f"{expr_of(y)}.reshape(*{lead}, *{expr_of(y)}.shape[1:])", "Bottle: unfold")


# ---- early Torch7 spatial modules --------------------------------------------------------------
@converts("nn.SpatialConvolutionMap")
def _conv_map(m, b, x):
    conn = m.tensor("connTable").astype(np.int64)
    w = m.tensor("weight")
    nin, nout = int(f(m, "nInputPlane")), int(f(m, "nOutputPlane"))
    kw, kh, dw, dh = int(f(m, "kW")), int(f(m, "kH")), int(f(m, "dW", 1)), int(f(m, "dH", 1))
    dense = np.zeros((nout, nin, kh, kw), dtype=w.dtype)
    mask = np.zeros((nout, nin, 1, 1), dtype=w.dtype)
    for c, (i, o) in enumerate(conn):
        dense[o - 1, i - 1] += w[c]
        mask[o - 1, i - 1] = 1
    bias = m.tensor("bias")
    mod = b.module(m, f"nn.Conv2d({nin}, {nout}, {ints(kh, kw)}, stride={ints(dh, dw)}, bias={bias is not None})",
                   {"weight": dense, "bias": bias}, hint="conv_map")
    mk = b.module(m, f"nn.Parameter(torch.zeros({nout}, {nin}, 1, 1), requires_grad=False)", hint="conv_map_mask")
    b.state[mk[5:]] = mask
    b.comment(f"SpatialConvolutionMap: {len(conn)} plane connections as a dense weight; the mask keeps absent "
              "connections at zero while training")
    return b.assign(f"F.conv2d({expr_of(x)}, {mod}.weight * {mk}, {mod}.bias, stride={ints(dh, dw)})")


@converts("nn.SpatialSubSampling")
def _subsampling(m, b, x):
    nin = int(f(m, "nInputPlane"))
    kw, kh, dw, dh = int(f(m, "kW")), int(f(m, "kH")), int(f(m, "dW", 1)), int(f(m, "dH", 1))
    w = m.tensor("weight")
    bias = m.tensor("bias")
    if w.size == nin * kh * kw and w.size != nin:
        # files from early Torch7 hold a per-position nIn x kH x kW weight: a depthwise convolution as it is
        mod = b.module(m, f"nn.Conv2d({nin}, {nin}, {ints(kh, kw)}, stride={ints(dh, dw)}, groups={nin}, "
                          f"bias={bias is not None})", {"weight": w.reshape(nin, 1, kh, kw), "bias": bias},
                       hint="subsample")
        return b.assign(f"{mod}({expr_of(x)})")
    # one weight per plane times the window sum: the per-plane scalar stays one parameter (as in Lua, so
    # training updates it as one number), expanded to a constant depthwise kernel
    wp = b.module(m, f"nn.Parameter(torch.zeros({nin}))", hint="subsample_weight")
    b.state[wp[5:]] = w.reshape(nin)
    bp = "None"
    if bias is not None:
        bp = b.module(m, f"nn.Parameter(torch.zeros({nin}))", hint="subsample_bias")
        b.state[bp[5:]] = bias.reshape(nin)
    b.comment("SpatialSubSampling: each plane's window sum times its weight, plus its bias")
    return b.assign(f"F.conv2d({expr_of(x)}, {wp}.view({nin}, 1, 1, 1).expand({nin}, 1, {kh}, {kw}), {bp}, "
                    f"stride={ints(dh, dw)}, groups={nin})")


CONVERTERS["nn.SpatialLPPooling"] = _sequential   # a Sequential of power, window sum, root


def _local_mean_weight(est: LuaModule):
    """The (1, nIn, kh, kw) weight and (padH, padW) of a local-normalisation estimator Sequential
    (zero padding, one 2-D convolution or a row then a column convolution, plane sum, replicate)."""
    pad = (0, 0)
    per_plane = None      # nIn x kh x kw: each plane's kernel, summed over planes at the end
    for c in est.children:
        cls = _base(c.cls)
        if cls == "nn.SpatialZeroPadding":
            pad = (int(f(c, "pad_t", 0)), int(f(c, "pad_l", 0)))
        elif cls in ("nn.Square", "nn.Sqrt", "nn.Replicate", "nn.Sum"):
            continue
        elif cls == "nn.SpatialConvolutionMap":
            w = c.tensor("weight")
            k = np.zeros((int(f(c, "nInputPlane")),) + w.shape[1:], dtype=w.dtype)
            for j, (i, o) in enumerate(c.tensor("connTable").astype(np.int64)):
                k[i - 1] += w[j]
            per_plane = k if per_plane is None else _compose(per_plane, k)
        elif cls in ("nn.SpatialConvolution", "nn.SpatialConvolutionMM"):
            nin, kh, kw = int(f(c, "nInputPlane")), int(f(c, "kH")), int(f(c, "kW"))
            k = c.tensor("weight").reshape(-1, nin, kh, kw)[0]
            per_plane = k if per_plane is None else _compose(per_plane, k)
        else:
            raise ConversionError(f"{est.path}: unexpected {c.cls} in a local normalisation estimator.")
    if per_plane is None:
        raise ConversionError(f"{est.path}: no convolution in a local normalisation estimator.")
    return per_plane[None].copy(), pad


def _compose(first, second):
    """Per-plane kernels of two successive valid cross-correlations (row then column): their outer
    product; any other pair is not a form Torch7 built."""
    if first.shape[1] == 1 and second.shape[2] == 1:
        return np.einsum("pi,pj->pij", second[:, :, 0], first[:, 0, :])
    raise ConversionError("local normalisation: unexpected pair of kernel shapes "
                          f"{first.shape[1:]} and {second.shape[1:]}")


def _local_mean(m: LuaModule, b: Builder, part: str, hint: str):
    est = (m.parts or {}).get(part)
    if est is None:
        raise ConversionError(f"{m.path}: the {part} of {m.cls} is missing from the file.")
    w, (ph, pw) = _local_mean_weight(est)
    nin, kh, kw = w.shape[1:]
    return b.module(est, f"nn.Conv2d({nin}, 1, {ints(kh, kw)}, padding={ints(ph, pw)}, bias=False)",
                    {"weight": w}, hint=hint)


def _subtractive(m, b, x):
    mean = _local_mean(m, b, "meanestimator", "local_mean")
    xs = expr_of(x)
    b.comment("SpatialSubtractiveNormalization: minus the local mean over the window inside the image")
    return b.assign(f"{xs} - {mean}({xs}) / {mean}(torch.ones_like({xs}))")


def _divisive(m, b, x):
    mean = _local_mean(m, b, "meanestimator", "local_mean")
    std = _local_mean(m, b, "stdestimator", "local_std")
    xs = expr_of(x)
    th, val = num(f(m, "threshold", 1e-4)), num(f(m, "thresval", 1e-4))
    b.comment("SpatialDivisiveNormalization: divided by the border-corrected local standard deviation")
    s = b.assign(f"{std}({xs} * {xs}).sqrt() / {mean}(torch.ones_like({xs}))")
    return b.assign(f"{xs} / torch.where({s} > {th}, {s}, torch.full_like({s}, {val}))")


CONVERTERS["nn.SpatialSubtractiveNormalization"] = _subtractive
CONVERTERS["nn.SpatialDivisiveNormalization"] = _divisive


@converts("nn.SpatialContrastiveNormalization")
def _contrastive(m, b, x):
    inner = (m.parts or {}).get("normalizer")
    if inner is None:
        raise ConversionError(f"{m.path}: the normalizer of {m.cls} is missing from the file.")
    return _sequential(inner, b, x)


# ---- more modules ---------------------------------------------------------------------------------
@converts("nn.GatedLinearUnit")
def _glu(m, b, x):
    e = expr_of(x)
    d = f(m, "dim")
    dim = "-1" if d is None else f"t7_dim({e}, {int(d)})"
    if d is not None:
        b.use("t7_dim")
    a = b.assign(f"{e}.chunk(2, {dim})", "GatedLinearUnit: halves a, b")
    return b.assign(f"{a}[0] * torch.sigmoid({a}[1])")


@converts("nn.L1Penalty")
def _l1_penalty(m, b, x):
    b.comment(f"L1Penalty({num(f(m, 'l1weight'))}): identity; its loss is a training-time regulariser "
              "(add l1weight * input.abs().sum() to the loss to keep it)")
    return x


@converts("nn.TemporalSubSampling")
def _temporal_subsampling(m, b, x):
    fr, kw, dw = int(f(m, "inputFrameSize")), int(f(m, "kW")), int(f(m, "dW", 1))
    w = np.broadcast_to(m.tensor("weight").reshape(fr, 1, 1), (fr, 1, kw)).copy()
    mod = b.module(m, f"nn.Conv1d({fr}, {fr}, {kw}, stride={dw}, groups={fr})", {"weight": w, "bias": m.tensor("bias")},
                   hint="temporal_subsample")
    b.comment("TemporalSubSampling takes (batch x) time x features: a per-feature window sum over time")
    return b.assign(f"{mod}({expr_of(x)}.transpose(-1, -2)).transpose(-1, -2)")


@converts("nn.WeightedEuclidean")
def _weighted_euclidean(m, b, x):
    w, cov = m.tensor("weight"), m.tensor("diagCov")
    c = b.module(m, f"nn.Parameter(torch.zeros({w.shape[0]}, {w.shape[1]}))", hint="centres")
    b.state[c[5:]] = w
    s = b.module(m, f"nn.Parameter(torch.zeros({cov.shape[0]}, {cov.shape[1]}))", hint="diag_cov")
    b.state[s[5:]] = cov
    e = expr_of(x)
    b.comment("WeightedEuclidean: ||diagCov_j * (x - w_j)|| for each column j")
    return b.assign(f"(({e}.unsqueeze(-1) - {c}) * {s}).norm(dim=-2)", "WeightedEuclidean")


@converts("nn.Bilinear")
def _bilinear(m, b, x):
    if not isinstance(x, tuple) or len(x) != 2:
        raise ConversionError(f"{m.path}: nn.Bilinear takes a table of two inputs.")
    w, bias = m.tensor("weight"), m.tensor("bias")
    mod = b.module(m, f"nn.Bilinear({w.shape[1]}, {w.shape[2]}, {w.shape[0]}, bias={bias is not None})",
                   {"weight": w, "bias": bias}, hint="bilinear")
    return b.assign(f"{mod}({expr_of(x[0])}, {expr_of(x[1])})")


# ---- criterions: forward(input, target) -> loss --------------------------------------------------
def _reduction(m):
    return "'mean'" if f(m, "sizeAverage", True) else "'sum'"


def _weight_buffer(m, b, name="weights", hint="class_weight"):
    w = m.tensor(name)
    if w is None:
        return "None"
    mod = b.module(m, f"nn.Parameter(torch.zeros({', '.join(str(s) for s in w.shape)}), requires_grad=False)",
                   hint=hint)
    b.state[mod[5:]] = w
    return mod


def _classes(t):
    """Torch7's 1-based class indices as PyTorch's 0-based ones."""
    return f"(torch.as_tensor({t}).long() - 1)"


@converts("nn.ClassNLLCriterion", "nn.SpatialClassNLLCriterion")
def _class_nll(m, b, x):
    inp, tgt = x
    w = _weight_buffer(m, b)
    ignore = int(f(m, "ignoreIndex", -100))
    b.comment(f"{m.short}: targets are Torch7's 1-based classes")
    return b.assign(f"F.nll_loss({inp}, {_classes(tgt)}, weight={w}, reduction={_reduction(m)}, "
                    f"ignore_index={ignore - 1})")


@converts("nn.CrossEntropyCriterion")
def _cross_entropy(m, b, x):
    inp, tgt = x
    nll = next((c for c in m.children if _base(c.cls) == "nn.ClassNLLCriterion"), None)
    w = _weight_buffer(nll, b) if nll is not None else "None"
    b.comment("CrossEntropyCriterion: targets are Torch7's 1-based classes")
    return b.assign(f"F.cross_entropy({inp}, {_classes(tgt)}, weight={w}, reduction={_reduction(m)})")


def _pointwise_loss(fn, extra=""):
    def conv(m, b, x):
        inp, tgt = x
        return b.assign(f"F.{fn}({inp}, {tgt}{extra(m) if callable(extra) else extra}, reduction={_reduction(m)})")
    return conv


CONVERTERS.update({
    "nn.MSECriterion": _pointwise_loss("mse_loss"),
    "nn.AbsCriterion": _pointwise_loss("l1_loss"),
    "nn.SmoothL1Criterion": _pointwise_loss("smooth_l1_loss"),
    "nn.SoftMarginCriterion": _pointwise_loss("soft_margin_loss"),
    "nn.DistKLDivCriterion": _pointwise_loss("kl_div"),
    "nn.HingeEmbeddingCriterion": _pointwise_loss("hinge_embedding_loss",
                                                  lambda m: f", margin={num(f(m, 'margin', 1))}"),
})


@converts("nn.BCECriterion")
def _bce(m, b, x):
    inp, tgt = x
    w = _weight_buffer(m, b)
    return b.assign(f"F.binary_cross_entropy({inp}, {tgt}, weight={w}, reduction={_reduction(m)})")


@converts("nn.MultiLabelSoftMarginCriterion")
def _multilabel_soft_margin(m, b, x):
    inp, tgt = x
    w = _weight_buffer(m, b)
    b.comment("MultiLabelSoftMarginCriterion: logistic loss averaged over all elements (Torch7)")
    return b.assign(f"F.binary_cross_entropy_with_logits({inp}, {tgt}, weight={w}, reduction={_reduction(m)})")


@converts("nn.MarginCriterion")
def _margin(m, b, x):
    inp, tgt = x
    op = "mean" if f(m, "sizeAverage", True) else "sum"
    return b.assign(f"torch.clamp({num(f(m, 'margin', 1))} - {inp} * {tgt}, min=0).{op}()", "MarginCriterion")


@converts("nn.MultiMarginCriterion")
def _multi_margin(m, b, x):
    inp, tgt = x
    w = _weight_buffer(m, b)
    return b.assign(f"F.multi_margin_loss({inp}, {_classes(tgt)}, p={int(f(m, 'p', 1))}, "
                    f"margin={num(f(m, 'margin', 1))}, weight={w}, reduction={_reduction(m)})")


@converts("nn.MultiLabelMarginCriterion")
def _multilabel_margin(m, b, x):
    inp, tgt = x
    b.comment("MultiLabelMarginCriterion: 1-based target classes, 0-padded (PyTorch: 0-based, -1-padded)")
    return b.assign(f"F.multilabel_margin_loss({inp}, {_classes(tgt)}, reduction={_reduction(m)})")


@converts("nn.MarginRankingCriterion")
def _margin_ranking(m, b, x):
    inp, tgt = x
    inp = inp if isinstance(inp, tuple) else (f"{inp}[0]", f"{inp}[1]")
    return b.assign(f"F.margin_ranking_loss({inp[0]}, {inp[1]}, torch.as_tensor({tgt}, dtype={inp[0]}.dtype), "
                    f"margin={num(f(m, 'margin', 1))}, reduction={_reduction(m)})")


@converts("nn.CosineEmbeddingCriterion")
def _cosine_embedding(m, b, x):
    inp, tgt = x
    inp = inp if isinstance(inp, tuple) else (f"{inp}[0]", f"{inp}[1]")
    return b.assign(f"F.cosine_embedding_loss({inp[0]}, {inp[1]}, {tgt}, margin={num(f(m, 'margin', 0))}, "
                    f"reduction={_reduction(m)})")


@converts("nn.WeightedMSECriterion")
def _weighted_mse(m, b, x):
    inp, tgt = x
    w = _weight_buffer(m, b, "weight", "target_weight")
    b.comment("WeightedMSECriterion: Torch7 weights the target")
    return b.assign(f"F.mse_loss({inp}, {tgt} * {w}, reduction={_reduction(m)})")


@converts("nn.MultiCriterion", "nn.ParallelCriterion")
def _weighted_criteria(m, b, x):
    inp, tgt = x
    weights = f(m, "weights", [])
    if isinstance(weights, dict):
        weights = [weights[k] for k in sorted(weights)]
    parallel = _base(m.cls) == "nn.ParallelCriterion"
    repeat = bool(f(m, "repeatTarget", False))
    terms = []
    for i, c in enumerate(m.children):
        ci = (f"{inp}[{i}]" if not isinstance(inp, tuple) else inp[i]) if parallel else inp
        ti = tgt if (not parallel or repeat) else f"{tgt}[{i}]"
        loss = emit(c, b, (ci, ti))
        terms.append(f"{num(weights[i] if i < len(weights) else 1)} * {loss}")
    return b.assign(" + ".join(terms) or "0", m.short)


# ---- table containers with their own arithmetic --------------------------------------------------
@converts("nn.DepthConcat")
def _depth_concat(m, b, x):
    outs = [emit(child, b, x) for child in m.children]
    b.use("t7_depth_concat")
    return b.assign(f"t7_depth_concat([{', '.join(map(expr_of, outs))}], {int(f(m, 'dimension')) - 1})",
                    "DepthConcat")


@converts("nn.Padding")
def _padding(m, b, x):
    b.use("t7_padding")
    nid = f(m, "nInputDim")
    extra = f", {int(nid)}" if nid is not None else ""
    return b.assign(f"t7_padding({expr_of(x)}, {int(f(m, 'dim'))}, {int(f(m, 'pad'))}, "
                    f"{num(f(m, 'value', 0))}, {int(f(m, 'index', 1))}{extra})", "Padding")


@converts("nn.MixtureTable")
def _mixture(m, b, x):
    if isinstance(x, tuple) and len(x) == 2:
        gater, experts = x
    else:
        gater, experts = f"{expr_of(x)}[0]", f"{expr_of(x)}[1]"
    b.use("t7_mixture")
    dim = f(m, "dim")
    ex = f"[{', '.join(map(expr_of, experts))}]" if isinstance(experts, tuple) else expr_of(experts)
    return b.assign(f"t7_mixture({expr_of(gater)}, {ex}{'' if dim is None else ', ' + str(int(dim))})",
                    "MixtureTable")


@converts("nn.MapTable")
def _map_table(m, b, x):
    xs = as_list(x, "nn.MapTable")
    if not m.children:
        raise ConversionError(f"{m.path}: nn.MapTable without its module.")
    child = m.children[0]
    b.comment("MapTable: the same module on each input (its weights, shared in Lua, are repeated here)")
    return tuple(emit(child, b, xi) for xi in xs)


# ---- more Torch7 layers ---------------------------------------------------------------------------
CONVERTERS["nn.Maxout"] = _sequential              # Linear, View, [preprocess], Max


@converts("nn.LayerNormalization")
def _layer_norm(m, b, x):
    by_cls = {_base(c.cls): c for c in m.children}
    n = int(by_cls["nn.CMul"].tensor("weight").size) if "nn.CMul" in by_cls else None
    norm = by_cls.get("nn.Normalize")
    scale = by_cls.get("nn.MulConstant")
    if norm is None or scale is None:
        raise ConversionError(f"{m.path}: unexpected structure of nn.LayerNormalization.")
    if n is None:
        n = int(round(float(f(scale, "constant_scalar")) ** 2))
    b.use("t7_layer_centre")
    b.use("t7_normalize")
    v = b.assign(f"t7_layer_centre({expr_of(x)}, {n})", "LayerNormalization")
    v = b.assign(f"t7_normalize({v}, {num(f(norm, 'p', 2))}, {num(f(norm, 'eps', 1e-10))}) * "
                 f"{num(f(scale, 'constant_scalar'))}")
    for cls in ("nn.CMul", "nn.Add"):
        if cls in by_cls:
            v = emit(by_cls[cls], b, v)
    return v


@converts("nn.CReLU")
def _crelu(m, b, x):
    e = expr_of(x)
    nid = int(f(m, "nInputDims"))
    b.comment("CReLU: [relu(x), relu(-x)] along the feature dimension")
    return b.assign(f"torch.cat([F.relu({e}), F.relu(-{e})], 1 if {e}.dim() == {nid + 1} else 0)", "CReLU")


@converts("nn.PixelShuffle")
def _pixel_shuffle(m, b, x):
    mod = b.module(m, f"nn.PixelShuffle({int(f(m, 'upscaleFactor'))})", hint="pixel_shuffle")
    return b.assign(f"{mod}({expr_of(x)})")


@converts("nn.VolumetricFullConvolution")
def _conv_transpose3d(m, b, x):
    nin, nout = int(f(m, "nInputPlane")), int(f(m, "nOutputPlane"))
    k = tuple(int(f(m, n)) for n in ("kT", "kH", "kW"))
    s = tuple(int(f(m, n, 1)) for n in ("dT", "dH", "dW"))
    p = tuple(int(f(m, n, 0)) for n in ("padT", "padH", "padW"))
    a = tuple(int(f(m, n, 0)) for n in ("adjT", "adjH", "adjW"))
    bias = m.tensor("bias")
    if isinstance(x, tuple):
        raise ConversionError(f"{m.path}: VolumetricFullConvolution with a size-reference table input is not supported.")
    mod = b.module(m, f"nn.ConvTranspose3d({nin}, {nout}, {ints(*k)}, stride={ints(*s)}, padding={ints(*p)}, "
                      f"output_padding={ints(*a)}, bias={bias is not None})",
                   {"weight": m.tensor("weight"), "bias": bias}, hint="deconv3d")
    return b.assign(f"{mod}({expr_of(x)})")


@converts("nn.VolumetricDilatedConvolution")
def _dilated_conv3d(m, b, x):
    nin, nout = int(f(m, "nInputPlane")), int(f(m, "nOutputPlane"))
    k = tuple(int(f(m, n)) for n in ("kT", "kH", "kW"))
    s = tuple(int(f(m, n, 1)) for n in ("dT", "dH", "dW"))
    p = tuple(int(f(m, n, 0)) for n in ("padT", "padH", "padW"))
    dil = tuple(int(f(m, n, 1)) for n in ("dilationT", "dilationH", "dilationW"))
    bias = m.tensor("bias")
    mod = b.module(m, f"nn.Conv3d({nin}, {nout}, {ints(*k)}, stride={ints(*s)}, padding={ints(*p)}, "
                      f"dilation={ints(*dil)}, bias={bias is not None})",
                   {"weight": _conv_weight(m, (nout, nin) + k), "bias": bias}, hint="conv3d")
    return b.assign(f"{mod}({expr_of(x)})")


@converts("nn.VolumetricDilatedMaxPooling")
def _dilated_maxpool3d(m, b, x):
    k = tuple(int(f(m, n)) for n in ("kT", "kH", "kW"))
    s = tuple(int(f(m, n)) for n in ("dT", "dH", "dW"))
    p = tuple(int(f(m, n, 0)) for n in ("padT", "padH", "padW"))
    dil = tuple(int(f(m, n, 1)) for n in ("dilationT", "dilationH", "dilationW"))
    mod = b.module(m, f"nn.MaxPool3d({ints(*k)}, stride={ints(*s)}, padding={ints(*p)}, dilation={ints(*dil)}, "
                      f"ceil_mode={bool(f(m, 'ceil_mode', False))})", hint="maxpool3d")
    return b.assign(f"{mod}({expr_of(x)})")


@converts("nn.VolumetricReplicationPadding")
def _replication_pad3d(m, b, x):
    pads = tuple(int(f(m, n, 0)) for n in ("pleft", "pright", "ptop", "pbottom", "pfront", "pback"))
    mod = b.module(m, f"nn.ReplicationPad3d({ints(*pads)})", hint="pad3d")
    return b.assign(f"{mod}({expr_of(x)})")


@converts("nn.SpatialDepthWiseConvolution")
def _depthwise(m, b, x):
    nin, nout = int(f(m, "nInputPlane")), int(f(m, "nOutputPlane"))
    kw, kh, dw, dh = int(f(m, "kW")), int(f(m, "kH")), int(f(m, "dW", 1)), int(f(m, "dH", 1))
    pw, ph = int(f(m, "padW", 0)), int(f(m, "padH", 0))
    w = m.tensor("weight").reshape(nout, nin, kh, kw).transpose(1, 0, 2, 3).reshape(nin * nout, 1, kh, kw).copy()
    bias = m.tensor("bias")
    state = {"weight": w, "bias": None if bias is None else bias.T.reshape(-1).copy()}
    mod = b.module(m, f"nn.Conv2d({nin}, {nin * nout}, {ints(kh, kw)}, stride={ints(dh, dw)}, padding={ints(ph, pw)}, "
                      f"groups={nin}, bias={bias is not None})", state, hint="depthwise")
    b.comment("SpatialDepthWiseConvolution: input plane i's filters give output planes i*nOut .. i*nOut+nOut-1")
    return b.assign(f"{mod}({expr_of(x)})")


@converts("nn.ZeroGrad")
def _zero_grad(m, b, x):
    return b.assign(f"{expr_of(x)}.detach()", "ZeroGrad: no gradient flows back")


@converts("nn.Collapse")
def _collapse(m, b, x):
    e, n = expr_of(x), int(f(m, "nInputDim"))
    return b.assign(f"{e}.reshape({e}.shape[0], -1) if {e}.dim() > {n} else {e}.reshape(-1)", "Collapse")


@converts("nn.WhiteNoise")
def _white_noise(m, b, x):
    e = expr_of(x)
    mean, std = num(f(m, "mean", 0)), num(f(m, "std", 0.1))
    return b.assign(f"{e} + torch.randn_like({e}) * {std} + {mean} if self.training else {e} + {mean}", "WhiteNoise")


@converts("nn.OneHot")
def _one_hot(m, b, x):
    e = expr_of(x)
    return b.assign(f"F.one_hot(torch.as_tensor({e}).long() - 1, {int(f(m, 'outputSize'))}).to(torch.float32)",
                    "OneHot of Torch7's 1-based indices")


# ---- wrappers and the generic upsampler ----------------------------------------------------------
@converts("nn.DontCast", "nn.NaN", "nn.Profile", "nn.GPU", "nn.Decorator")
def _decorator(m, b, x):
    if not m.children:
        raise ConversionError(f"{m.path}: {m.cls} without its module.")
    b.comment(f"{m.short}: a wrapper; its module runs as it is")
    return emit(m.children[0], b, x)


@converts("nn.PrintSize")
def _print_size(m, b, x):
    return x


@converts("nn.UpSampling")
def _upsampling(m, b, x):
    e = expr_of(x)
    s = f(m, "scale_factor")
    if s is not None:
        how = f"scale_factor={num(s)}"
    else:
        dims = [f(m, k) for k in ("otime", "oheight", "owidth") if f(m, k) is not None]
        how = f"size={tuple(int(v) for v in dims)}"
    if f(m, "mode", "nearest") == "nearest":
        return b.assign(f"F.interpolate({e}, {how}, mode='nearest')", "UpSampling")
    b.comment("UpSampling 'linear': bilinear with aligned corners (Torch7's SpatialUpSamplingBilinear)")
    return b.assign(f"F.interpolate({e}, {how}, mode='bilinear', align_corners=True)", "UpSampling")


@converts("nn.LinearWeightNorm")
def _linear_weight_norm(m, b, x):
    v, g, bias = m.tensor("v"), m.tensor("g"), m.tensor("bias")
    eps = float(f(m, "eps", 1e-16))
    w = g.reshape(-1, 1) * v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), eps)
    mod = b.module(m, f"nn.Linear({w.shape[1]}, {w.shape[0]}, bias={bias is not None})",
                   {"weight": w.astype(v.dtype), "bias": bias}, hint="linear_wn")
    b.comment("LinearWeightNorm: the weight g * v / ||v|| as a plain Linear "
              "(torch.nn.utils.parametrizations.weight_norm restores the reparametrisation for training)")
    return b.assign(f"{mod}({expr_of(x)})")


@converts("nn.SpatialFullConvolutionMap")
def _full_conv_map(m, b, x):
    conn = m.tensor("connTable").astype(np.int64)
    w = m.tensor("weight")
    nin, nout = int(f(m, "nInputPlane")), int(f(m, "nOutputPlane"))
    kw, kh, dw, dh = int(f(m, "kW")), int(f(m, "kH")), int(f(m, "dW", 1)), int(f(m, "dH", 1))
    dense = np.zeros((nin, nout, kh, kw), dtype=w.dtype)
    for c, (i, o) in enumerate(conn):
        dense[i - 1, o - 1] = w[c]
    bias = m.tensor("bias")
    mod = b.module(m, f"nn.ConvTranspose2d({nin}, {nout}, {ints(kh, kw)}, stride={ints(dh, dw)}, "
                      f"bias={bias is not None})", {"weight": dense, "bias": bias}, hint="deconv_map")
    b.comment(f"SpatialFullConvolutionMap: {len(conn)} plane connections as a dense weight (absent ones are zero)")
    return b.assign(f"{mod}({expr_of(x)})")


# ---- small modules and criterions with a direct Python form ------------------------------------------
@converts("nn.Constant")
def _constant(m, b, x):
    value = m.tensor("value")
    if value is None:
        raise ConversionError(f"{m.path}: nn.Constant without a value tensor.")
    mod = b.module(m, f"nn.Parameter(torch.zeros({', '.join(str(s) for s in value.shape)}), requires_grad=False)",
                   hint="constant")
    b.state[mod[5:]] = value
    nid = f(m, "nInputDim")
    if nid is None:
        return b.assign(f"{mod}.clone()", "Constant")
    b.comment(f"Constant: repeated over the batch when the input has more than {int(nid)} dims")
    e = expr_of(x)
    return b.assign(f"({mod}.expand({e}.shape[0], *{mod}.shape).clone() if {e}.dim() > {int(nid)} "
                    f"else {mod}.clone())")


@converts("nn.ZipTable")
def _zip_table(m, b, x):
    outer = _items(x, "nn.ZipTable")
    if outer is None or not all(isinstance(v, tuple) for v in outer):
        raise ConversionError(f"{m.path}: ZipTable needs a table of tables whose sizes are known when converting.")
    return tuple(zip(*outer))


@converts("nn.ZipTableOneToMany")
def _zip_one_to_many(m, b, x):
    one, many = _items(x, "nn.ZipTableOneToMany")
    if not isinstance(many, tuple):
        raise ConversionError(f"{m.path}: ZipTableOneToMany needs {{tensor, table of tensors}}.")
    return tuple((one, v) for v in many)


@converts("nn.CAddTensorTable")
def _cadd_tensor_table(m, b, x):
    one, many = _items(x, "nn.CAddTensorTable")
    if not isinstance(many, tuple):
        raise ConversionError(f"{m.path}: CAddTensorTable needs {{tensor, table of tensors}}.")
    return tuple(b.assign(f"{expr_of(v)} + {expr_of(one)}", "CAddTensorTable") for v in many)


@converts("nn.L1Cost")
def _l1_cost(m, b, x):
    inp, _ = x
    return b.assign(f"{expr_of(inp)}.abs().sum()", "L1Cost: the L1 norm of the input (the target is unused)")


@converts("nn.L1HingeEmbeddingCriterion")
def _l1_hinge_embedding(m, b, x):
    inp, tgt = x
    a, c = inp if isinstance(inp, tuple) else (f"{inp}[0]", f"{inp}[1]")
    d = b.assign(f"({a} - {c}).abs().reshape(-1, {a}.shape[-1]).sum(-1)", "L1HingeEmbedding: L1 distances")
    y = b.assign(f"torch.as_tensor({tgt}, dtype={d}.dtype).reshape(-1)")
    return b.assign(f"torch.where({y} > 0, {d}, torch.clamp({num(f(m, 'margin', 1))} - {d}, min=0)).sum()")


def _refuse(reason):
    def conv(m, b, x):
        raise ConversionError(f"{m.path}: {m.cls} cannot be converted: {reason}")
    return conv


# classes with no faithful Python counterpart: conversion stops with the reason (never a silent gap)
CONVERTERS.update({
    "nn.SparseLinear": _refuse("it takes Torch7's sparse (index, value) input format, which PyTorch modules do "
                               "not; rewrite the model around torch.sparse or nn.EmbeddingBag."),
    "nn.IndexLinear": _refuse("it takes Torch7's {keys, values} sparse batches; rewrite the model around "
                              "nn.EmbeddingBag with per_sample_weights."),
    "nn.PartialLinear": _refuse("its output columns depend on setPartition state set at run time, not in the file."),
    "nn.Kmeans": _refuse("it is a clustering algorithm (its forward only assigns centroids); export its "
                         "centroids (module.weight) instead."),
    "nn.SpatialFractionalMaxPooling": _refuse("its pooling regions are random per forward call; "
                                              "nn.FractionalMaxPool2d draws them differently, so outputs cannot match."),
    "nn.VolumetricFractionalMaxPooling": _refuse("its pooling regions are random per forward call; "
                                                 "nn.FractionalMaxPool3d draws them differently."),
})


@converts("nn.WeightNorm")
def _weight_norm(m, b, x):
    if not m.children:
        raise ConversionError(f"{m.path}: WeightNorm without its wrapped module.")
    child = m.children[0]
    v, g, w = m.tensor("v"), m.tensor("g"), child.tensor("weight")
    if v is None or g is None or w is None:
        raise ConversionError(f"{m.path}: WeightNorm without v, g or the wrapped module's weight.")
    od = int(f(m, "outputDim", 1)) - 1
    vv = v.astype(np.float64)
    eff = (g.reshape(-1, 1) / np.linalg.norm(vv, axis=1, keepdims=True)) * vv      # (nOut, rest)
    order = [od] + [i for i in range(w.ndim) if i != od]                             # output dim first
    eff = eff.reshape([w.shape[i] for i in order]).transpose(np.argsort(order))
    child.tensors["weight"] = eff.astype(w.dtype)
    b.comment("WeightNorm: the weight g * v / ||v|| (per output unit) folded into the wrapped module "
              "(torch.nn.utils.parametrizations.weight_norm restores the reparametrisation for training)")
    return emit(child, b, x)


@converts("nn.TemporalRowConvolution")
def _temporal_row_conv(m, b, x):
    w, bias = m.tensor("weight"), m.tensor("bias")
    nf, kw, dw = int(f(m, "inputFrameSize")), int(f(m, "kW")), int(f(m, "dW", 1))
    mod = b.module(m, f"nn.Conv1d({nf}, {nf}, {kw}, stride={dw}, groups={nf}, bias={bias is not None})",
                   {"weight": w, "bias": bias}, hint="row_conv")
    e = expr_of(x)
    feat_first = bool(f(m, "featFirst", False))
    b.comment("TemporalRowConvolution: one kW-wide filter per feature row (a depthwise Conv1d)"
              + ("" if feat_first else "; Torch7's (T, F) frames are transposed to (F, T) and back"))
    xt = e if feat_first else f"{e}.transpose(-1, -2)"
    y = b.assign(f"{mod}({xt}) if {e}.dim() == 3 else {mod}({xt}.unsqueeze(0)).squeeze(0)")
    return y if feat_first else b.assign(f"{y}.transpose(-1, -2)")


@converts("nn.SpatialConvolutionLocal")
def _conv_local(m, b, x):
    w, bias = m.tensor("weight"), m.tensor("bias")
    oh, ow, nout = int(f(m, "oH")), int(f(m, "oW")), int(f(m, "nOutputPlane"))
    kw, kh, dw, dh = int(f(m, "kW")), int(f(m, "kH")), int(f(m, "dW", 1)), int(f(m, "dH", 1))
    pw, ph = int(f(m, "padW", 0)), int(f(m, "padH", 0))
    wp = b.module(m, f"nn.Parameter(torch.zeros({oh * ow}, {nout}, {w.shape[-1]}))", hint="local_weight")
    b.state[wp[5:]] = w.reshape(oh * ow, nout, w.shape[-1])
    e = expr_of(x)
    b.comment("SpatialConvolutionLocal: unshared filters, one (nOut x C*kH*kW) matrix per output position")
    xb = b.assign(f"{e} if {e}.dim() == 4 else {e}.unsqueeze(0)")
    cols = b.assign(f"F.unfold({xb}, {ints(kh, kw)}, padding={ints(ph, pw)}, stride={ints(dh, dw)})")
    y = b.assign(f"torch.matmul({wp}, {cols}.permute(2, 1, 0)).permute(2, 1, 0).reshape(-1, {nout}, {oh}, {ow})")
    if bias is not None:
        bp = b.module(m, f"nn.Parameter(torch.zeros({nout}, {oh}, {ow}))", hint="local_bias")
        b.state[bp[5:]] = bias
        y = b.assign(f"{y} + {bp}")
    return b.assign(f"{y} if {e}.dim() == 4 else {y}.squeeze(0)")


@converts("nn.OneHot")
def _one_hot(m, b, x):
    n = int(f(m, "outputSize"))
    b.comment("OneHot (char-rnn's helper): Torch7's 1-based class indices as one-hot rows")
    return b.assign(f"F.one_hot({expr_of(x)}.long().reshape(-1) - 1, {n}).to(torch.get_default_dtype())")
