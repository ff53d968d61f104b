"""torch.nn.functional: nn kernels of the core declared as ops with their backward kernels, and composites."""
from __future__ import annotations

import math

from tensor_core import ffi, lib
from .. import _dtype as D
from .._tensor import Tensor, wrap, new_out, _err, _dim
from .._registry import op, saved_output
from .._ops import _chk
from ..autograd.grad_mode import ENABLED


def _act_derivative(kind, x, p1, p2):
    """d activation / dx written with differentiable ops (for create_graph); None when not expressed."""
    L = lib
    if kind == L.TC_ACT_GELU:
        cdf = 0.5 * (1 + (x * (1 / math.sqrt(2))).erf())
        return cdf + x * (x * x * -0.5).exp() * (1 / math.sqrt(2 * math.pi))
    if kind == L.TC_ACT_SILU:
        sg = x.sigmoid()
        return sg * (1 + x * (1 - sg))
    if kind == L.TC_ACT_ELU:
        return (x > 0).to(x.dtype) + (x <= 0).to(x.dtype) * (x.exp() * p1)
    if kind == L.TC_ACT_SOFTPLUS:
        return ((x * p1) > p2).to(x.dtype) + ((x * p1) <= p2).to(x.dtype) * (x * p1).sigmoid()
    if kind == L.TC_ACT_LEAKY_RELU:
        return (x > 0).to(x.dtype) * (1 - p1) + p1
    if kind == L.TC_ACT_LOG_SIGMOID:
        return (-x).sigmoid()
    if kind == L.TC_ACT_HARDTANH:
        return ((x > p1) & (x < p2)).to(x.dtype)
    return None


def _act(kind, p1=0.0, p2=0.0):
    def grad(g, s, c):
        x, y = s
        if ENABLED[0]:          # create_graph: a differentiable backward
            d = _act_derivative(kind, x, p1, p2)
            if d is not None:
                return (g * d,)
        gi = new_out(g._dtype)
        _chk(lib.tc_nn_activation_backward(gi, g.contiguous()._c, x._c, y._c, kind, p1, p2))
        return (wrap(gi, g._dtype),)
    return grad


def _activation(name, kind, p1=0.0, p2=0.0, backward_name=None):
    @op(name, grad=_act(kind, p1, p2), method=False, function=False, backward_name=backward_name)
    def f(input):
        out = new_out(input._dtype)
        _chk(lib.tc_nn_activation(out, input._c, kind, p1, p2))
        r = wrap(out, input._dtype)
        return r, (input,), (input, saved_output(r)), None
    return f


def relu(input, inplace=False):
    return input.relu_() if inplace else input.relu()


_gelu = _activation("gelu", lib.TC_ACT_GELU)
_gelu_tanh = _activation("gelu_tanh", lib.TC_ACT_GELU_TANH, backward_name="GeluBackward0")
_silu = _activation("silu", lib.TC_ACT_SILU)
_elu1 = _activation("elu", lib.TC_ACT_ELU, 1.0)
_softplus1 = _activation("softplus", lib.TC_ACT_SOFTPLUS, 1.0, 20.0)
_logsigmoid = _activation("log_sigmoid", lib.TC_ACT_LOG_SIGMOID)
_relu6 = _activation("hardtanh", lib.TC_ACT_HARDTANH, 0.0, 6.0)
_mish = _activation("mish", lib.TC_ACT_MISH)
_hardswish = _activation("hardswish", lib.TC_ACT_HARD_SWISH)
_hardsigmoid = _activation("hardsigmoid", lib.TC_ACT_HARD_SIGMOID)
_selu = _activation("selu", lib.TC_ACT_SELU)
_softsign = _activation("softsign", lib.TC_ACT_SOFTSIGN)


def gelu(input, approximate="none"):
    return _gelu_tanh(input) if approximate == "tanh" else _gelu(input)


def silu(input, inplace=False):
    return _silu(input)


def elu(input, alpha=1.0, inplace=False):
    return _elu1(input) if alpha == 1.0 else _activation("elu", lib.TC_ACT_ELU, alpha)(input)


def leaky_relu(input, negative_slope=0.01, inplace=False):
    return _activation("leaky_relu", lib.TC_ACT_LEAKY_RELU, negative_slope)(input)


def softplus(input, beta=1.0, threshold=20.0):
    return _activation("softplus", lib.TC_ACT_SOFTPLUS, beta, threshold)(input)


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    return _activation("hardtanh", lib.TC_ACT_HARDTANH, min_val, max_val)(input)


def relu6(input, inplace=False):
    return _relu6(input)


def logsigmoid(input):
    return _logsigmoid(input)


mish, hardswish, hardsigmoid, selu, softsign = _mish, _hardswish, _hardsigmoid, _selu, _softsign


def sigmoid(input):
    return input.sigmoid()


def tanh(input):
    return input.tanh()


def _softmax_grad(kernel):
    log = kernel == lib.tc_nn_log_softmax_backward

    def grad(g, s, c):
        y, x = s
        if ENABLED[0]:          # create_graph: a differentiable backward from the recomputed output
            if log:
                return (g - _softmax(x, c) * g.sum(c, keepdim=True),)
            y = _softmax(x, c)
            return (y * (g - (g * y).sum(c, keepdim=True)),)
        gi = new_out(g._dtype)
        _chk(kernel(gi, g.contiguous()._c, y._c, c))
        return (wrap(gi, g._dtype),)
    return grad


@op("_softmax", grad=_softmax_grad(lib.tc_nn_softmax_backward), method=False, function=False,
    backward_name="SoftmaxBackward0")
def _softmax(input, dim):
    out = new_out(input._dtype)
    _chk(lib.tc_nn_softmax(out, input._c, dim))
    r = wrap(out, input._dtype)
    return r, (input,), (saved_output(r), input), dim


@op("_log_softmax", grad=_softmax_grad(lib.tc_nn_log_softmax_backward), method=False, function=False,
    backward_name="LogSoftmaxBackward0")
def _log_softmax(input, dim):
    out = new_out(input._dtype)
    _chk(lib.tc_nn_log_softmax(out, input._c, dim))
    r = wrap(out, input._dtype)
    return r, (input,), (saved_output(r), input), dim


def _softmax_dim(input, dim):
    if dim is None:
        dim = 0 if input.dim() in (0, 1, 3) else 1
    return _dim(dim, max(input.dim(), 1))


def softmax(input, dim=None, dtype=None):
    x = input if dtype is None else input.to(dtype)
    if x.dim() == 0:
        return _softmax(x.reshape(1), 0).reshape(())
    return _softmax(x, _softmax_dim(x, dim))


def log_softmax(input, dim=None, dtype=None):
    x = input if dtype is None else input.to(dtype)
    if x.dim() == 0:
        return _log_softmax(x.reshape(1), 0).reshape(())
    return _log_softmax(x, _softmax_dim(x, dim))


Tensor.softmax = lambda self, dim, dtype=None: softmax(self, dim, dtype)
Tensor.log_softmax = lambda self, dim, dtype=None: log_softmax(self, dim, dtype)


def _reduce(loss, reduction):
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    if reduction == "none":
        return loss
    raise ValueError(f"{reduction} is not a valid value for reduction")


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean"):
    if input.dim() < 1:
        raise ValueError("Expected input to have at least 1 dimension")
    if target._dtype is not D.int64:
        raise RuntimeError(f"expected scalar type Long but found {target._dtype}")
    if input.dim() == 1:
        input, target = input.unsqueeze(0), target.reshape(1)
    if input.shape[0] != target.shape[0]:
        raise ValueError(f"Expected input batch_size ({input.shape[0]}) to match target batch_size ({target.shape[0]}).")
    if input.dim() > 2:   # (N, C, d1, ...) -> (N*d1*..., C)
        c = input.shape[1]
        input = input.movedim(1, -1).reshape(-1, c)
        target = target.reshape(-1)
    valid = target != ignore_index
    safe = target.masked_fill(valid.logical_not(), 0)
    n_cls = input.shape[1]
    if safe.numel() and (int(safe.max()) >= n_cls or int(safe.min()) < 0):
        raise IndexError(f"Target {int(safe.max()) if int(safe.max()) >= n_cls else int(safe.min())} is out of bounds.")
    picked = -input.gather(1, safe.unsqueeze(1)).squeeze(1)
    w = valid.to(input.dtype)
    if weight is not None:
        w = w * weight[safe]
    loss = picked * w
    if reduction == "mean":
        return loss.sum() / w.sum()
    return _reduce(loss, reduction)


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean",
                  label_smoothing=0.0):
    cdim = 1 if input.dim() > 1 else 0
    logp = log_softmax(input, cdim)
    if target._dtype.is_floating_point:   # class probabilities
        w = 1.0 if weight is None else weight.reshape([-1] + [1] * (input.dim() - cdim - 1))
        t = target
        if label_smoothing:
            t = t * (1 - label_smoothing) + label_smoothing / input.shape[cdim]
        loss = -(logp * t * w).sum(cdim)
        return loss.sum() / (loss.numel() if input.dim() > 1 else 1) if reduction == "mean" else _reduce(loss, reduction)
    nll = nll_loss(logp, target, weight, ignore_index=ignore_index, reduction=reduction)
    if not label_smoothing:
        return nll
    n_cls = input.shape[cdim]
    x = logp if logp.dim() > 1 else logp.unsqueeze(0)
    tt = target if target.dim() else target.reshape(1)
    if x.dim() > 2:
        x = x.movedim(1, -1).reshape(-1, n_cls)
        tt = tt.reshape(-1)
    valid = (tt != ignore_index).to(x.dtype)
    smooth = -(x * (1.0 if weight is None else weight)).sum(1) * valid
    if reduction == "mean":
        denom = valid.sum() if weight is None else (weight[tt.masked_fill(tt == ignore_index, 0)] * valid).sum()
        smooth = smooth.sum() / denom
    else:
        smooth = _reduce(smooth, reduction)
    return nll * (1 - label_smoothing) + smooth * (label_smoothing / n_cls)


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    d = input - target
    return _reduce(d * d, reduction)


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    return _reduce((input - target).abs(), reduction)


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    d = (input - target).abs()
    if beta == 0:
        return _reduce(d, reduction)
    from .. import where
    return _reduce(where(d < beta, 0.5 * d * d / beta, d - 0.5 * beta), reduction)


def huber_loss(input, target, reduction="mean", delta=1.0):
    d = (input - target).abs()
    from .. import where
    return _reduce(where(d < delta, 0.5 * d * d, delta * (d - 0.5 * delta)), reduction)


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    loss = -(target * input.log().clamp(min=-100) + (1 - target) * (1 - input).log().clamp(min=-100))
    if weight is not None:
        loss = loss * weight
    return _reduce(loss, reduction)


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None, reduction="mean",
                                     pos_weight=None):
    ls = logsigmoid(input)
    lns = logsigmoid(-input)
    loss = -(target * ls * (pos_weight if pos_weight is not None else 1) + (1 - target) * lns)
    if weight is not None:
        loss = loss * weight
    return _reduce(loss, reduction)


def kl_div(input, target, size_average=None, reduce=None, reduction="mean", log_target=False):
    if log_target:
        loss = target.exp() * (target - input)
    else:
        from .. import where, zeros_like
        loss = where(target > 0, target * (target.log() - input), zeros_like(target))
    if reduction == "batchmean":
        return loss.sum() / input.shape[0]
    return _reduce(loss, reduction)


def linear(input, weight, bias=None):
    if input.dim() == 2 and bias is not None:
        return _addmm(bias, input, weight)
    y = input.matmul(weight.t())
    return y + bias if bias is not None else y


def _addmm_grad(g, s, c):
    x, w = s
    need_b, need_x, need_w = c
    return (g.sum(0) if need_b else None, g.mm(w) if need_x else None, g.t().mm(x) if need_w else None)


@op("addmm_linear", grad=_addmm_grad, method=False, function=False, backward_name="AddmmBackward0")
def _addmm(bias, x, w):
    """x @ w.T + bias in one GEMM call (the core's addmm)."""
    from .. import _kernels as K
    if x.shape[1] != w.shape[1]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({x.shape[0]}x{x.shape[1]} and "
                           f"{w.shape[1]}x{w.shape[0]})")
    out = new_out(x._dtype)
    b = bias.expand(x.shape[0], w.shape[0])
    wt = w.t()
    _chk(K.addmm(out, 1.0, b._c, 1.0, x._c, wt._c))
    return wrap(out, x._dtype), (bias, x, w), (x, w), (bias._requires_grad, x._requires_grad, w._requires_grad)


def dropout(input, p=0.5, training=True, inplace=False):
    if p < 0 or p > 1:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0:
        return input
    if p == 1:
        return input * 0
    from .._random import bernoulli
    from .. import full
    mask = bernoulli(full(input.shape, 1 - p, dtype=input.dtype))
    return input * mask / (1 - p)


def one_hot(tensor, num_classes=-1):
    from .._ops import one_hot as oh
    return oh(tensor, num_classes)


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False):
    flat = input.reshape(-1)
    if padding_idx is not None and weight.requires_grad:
        # the padding row receives no gradient (PyTorch): route it through a detached copy
        from .. import where
        keep = (flat != padding_idx).unsqueeze(1)
        out = where(keep, weight.index_select(0, flat), weight.detach().index_select(0, flat))
    else:
        out = weight.index_select(0, flat)
    return out.reshape(tuple(input.shape) + (weight.shape[1],))


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    return input / input.norm(p, dim, keepdim=True).clamp(min=eps)


def _adjoint_op(name, kernel_backward, forward_again):
    """For an op linear in its input x: its backward g -> A^T g as an op of its own whose gradient is A again
    (forward_again(h, ctx)), so create_graph differentiates the backward in g.  kernel_backward(g, x, ctx)
    returns the core tensor of A^T g (x only gives sizes)."""
    def grad_of_adjoint(h, s, c):
        return forward_again(h, c[1]), None

    @op(name, grad=grad_of_adjoint, method=False, function=False, backward_name=name)
    def adjoint(g, x, ctx):
        return wrap(kernel_backward(g, x, ctx), g._dtype), (g, None), (), (x, ctx)
    return adjoint


def _pad_backward_kernel(g, x, c):
    n, pads, mode = c
    gi = new_out(g._dtype)
    _chk(lib.tc_pad_backward(gi, g.contiguous()._c, x._c, n, _i64(pads), mode))
    return gi


_pad_adjoint = _adjoint_op("PadBackwardBackward0", _pad_backward_kernel,
                           lambda h, c: _pad(h, c[0], c[1], c[2], 0.0))


def _pad_grad(g, s, c):
    return (_pad_adjoint(g, s[0].detach(), c),)


_PAD_MODES = {"constant": 0, "reflect": 1, "replicate": 2, "circular": 3}


@op("pad", grad=_pad_grad, method=False, function=False, backward_name="ConstantPadNdBackward0")
def _pad(input, n, pads, mode, value):
    out = new_out(input._dtype)
    _chk(lib.tc_pad_forward(out, input._c, n, _i64(pads), mode, float(value)))
    return wrap(out, input._dtype), (input,), (input,), (n, pads, mode)


def pad(input, pad, mode="constant", value=None):
    if len(pad) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    if len(pad) // 2 > input.dim():
        raise RuntimeError("Padding length should be less than or equal to two times the input dimension but got "
                           f"padding length {len(pad)} and input of dimension {input.dim()}")
    if mode not in _PAD_MODES:
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    if input._dtype.category < 2:
        raise RuntimeError("pytorch_api: pad supports float32/float64 tensors")
    return _pad(input, len(pad) // 2, tuple(int(p) for p in pad), _PAD_MODES[mode], 0.0 if value is None else value)


# ---- convolution and pooling: the core's kernels, one op declaration each ---------------------------
def _tuple(v, n):
    if isinstance(v, (tuple, list)):
        if len(v) == 1 and n > 1:
            return tuple(v) * n
        return tuple(int(x) for x in v)
    return (int(v),) * n


def _i64(vals):
    return ffi.new("int64_t[]", list(vals))


def _zeros_c(t):
    from .. import zeros_like
    return zeros_like(t)


def _conv_fwd(x, w, cfg):
    n, stride, padding, dilation, groups = cfg
    return _convolution(x, w, None, n, stride, padding, dilation, groups, False, (0,) * n)


@op("conv_backward_input", grad=lambda h, s, c: (_conv_fwd(h, s[0], c[1]), _conv_bwd_params(h, s[1], s[0], c[1]),
                                                 None), method=False, function=False,
    backward_name="ConvolutionBackwardBackward0")
def _conv_bwd_input(g, w, x, cfg):
    """d conv / d input applied to g: linear in g and in w (its adjoints are the forward and the weight grad)."""
    n, stride, padding, dilation, groups = cfg
    gx = new_out(g._dtype)
    _chk(lib.tc_conv_backward_input(gx, g.contiguous()._c, x._c, w._c, n, _i64(stride), _i64(padding),
                                    _i64(dilation), groups))
    return wrap(gx, g._dtype), (g, w, None), (w, g), (x.detach(), cfg)


@op("conv_backward_params", grad=lambda h, s, c: (_conv_bwd_input(s[1], h, s[0], c[1]), _conv_fwd(s[0], h, c[1]),
                                                  None), method=False, function=False,
    backward_name="ConvolutionBackwardBackward1")
def _conv_bwd_params(x, g, w, cfg):
    """d conv / d weight applied to g: bilinear in (x, g)."""
    n, stride, padding, dilation, groups = cfg
    gw = _zeros_c(w.detach())
    _chk(lib.tc_conv_backward_params(gw._c, ffi.NULL, x._c, g.contiguous()._c, n, _i64(stride), _i64(padding),
                                     _i64(dilation), groups, 1.0))
    return gw, (x, g, None), (x, g), (w.detach(), cfg)


def _conv_grad(g, s, c):
    x, w = s
    n, stride, padding, dilation, groups, has_bias, transposed, out_pad, need_x = c
    if ENABLED[0]:       # create_graph: the backward as differentiable (bilinear) ops
        cfg = (n, stride, padding, dilation, groups)
        gb = g.sum([0] + list(range(2, g.dim()))) if has_bias else None
        if transposed:
            # a transposed convolution is the adjoint of the convolution with the same weight: its input
            # gradient is that convolution of g, its weight gradient the convolution's with g as the input
            gx = _convolution(g, w, None, n, stride, padding, dilation, groups, False, (0,) * n) if need_x else None
            return gx, _conv_bwd_params(g, x, w, cfg), gb
        gx = _conv_bwd_input(g, w, x, cfg) if need_x else None
        return gx, _conv_bwd_params(x, g, w, cfg), gb
    g = g.contiguous()
    gx = new_out(g._dtype)
    if not need_x:
        gx = None      # the first layer's input: skip the backward-input kernel
    elif transposed:
        _chk(lib.tc_conv_transpose_backward_input(gx, g._c, x._c, w._c, n, _i64(stride), _i64(padding),
                                                  _i64(out_pad), _i64(dilation), groups))
    else:
        _chk(lib.tc_conv_backward_input(gx, g._c, x._c, w._c, n, _i64(stride), _i64(padding), _i64(dilation), groups))
    gw = _zeros_c(w)
    gb = None
    if has_bias:
        from .. import zeros
        gb = zeros(w.shape[1] * groups if transposed else w.shape[0], dtype=g._dtype)
    if transposed:
        _chk(lib.tc_conv_transpose_backward_params(gw._c, gb._c if gb is not None else ffi.NULL, x._c, g._c, n,
                                                   _i64(stride), _i64(padding), _i64(out_pad), _i64(dilation),
                                                   groups, 1.0))
    else:
        _chk(lib.tc_conv_backward_params(gw._c, gb._c if gb is not None else ffi.NULL, x._c, g._c, n, _i64(stride),
                                         _i64(padding), _i64(dilation), groups, 1.0))
    return (wrap(gx, g._dtype) if gx is not None else None), gw, gb


@op("convolution", grad=_conv_grad, method=False, function=False, backward_name="ConvolutionBackward0")
def _convolution(input, weight, bias, n, stride, padding, dilation, groups, transposed, output_padding):
    if input.dim() not in (n + 1, n + 2):
        raise RuntimeError(f"Expected {n + 1}D (unbatched) or {n + 2}D (batched) input to conv{n}d, but got input of "
                           f"size: {list(input.shape)}")
    if input._dtype is not weight._dtype:
        raise RuntimeError(f"Input type ({input._dtype}) and weight type ({weight._dtype}) should be the same")
    cin = input.shape[-n - 1]
    if not transposed and cin != weight.shape[1] * groups:
        raise RuntimeError(f"Given groups={groups}, weight of size {list(weight.shape)}, expected input"
                           f"{list(input.shape)} to have {weight.shape[1] * groups} channels, but got {cin} channels "
                           "instead")
    out = new_out(input._dtype)
    bc = bias._c if bias is not None else ffi.NULL
    if transposed:
        _chk(lib.tc_conv_transpose_forward(out, input._c, weight._c, bc, n, _i64(stride), _i64(padding),
                                           _i64(output_padding), _i64(dilation), groups))
    else:
        _chk(lib.tc_conv_forward(out, input._c, weight._c, bc, n, _i64(stride), _i64(padding), _i64(dilation), groups))
    return wrap(out, input._dtype), (input, weight, bias), (input, weight), \
        (n, stride, padding, dilation, groups, bias is not None, transposed, output_padding, input._requires_grad)


def _conv(n):
    def conv(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
        if isinstance(padding, str):
            if padding == "valid":
                padding = 0
            elif padding == "same":
                k = weight.shape[2:]
                d = _tuple(dilation, n)
                padding = tuple(d[i] * (k[i] - 1) // 2 for i in range(n))
        return _convolution(input, weight, bias, n, _tuple(stride, n), _tuple(padding, n), _tuple(dilation, n),
                            groups, False, (0,) * n)
    conv.__name__ = f"conv{n}d"
    return conv


conv1d, conv2d, conv3d = _conv(1), _conv(2), _conv(3)


def _conv_t(n):
    def conv_transpose(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
        return _convolution(input, weight, bias, n, _tuple(stride, n), _tuple(padding, n), _tuple(dilation, n),
                            groups, True, _tuple(output_padding, n))
    conv_transpose.__name__ = f"conv_transpose{n}d"
    return conv_transpose


conv_transpose1d, conv_transpose2d, conv_transpose3d = _conv_t(1), _conv_t(2), _conv_t(3)


def _max_pool_grad(g, s, c):
    x, = s
    n, idx = c
    if ENABLED[0]:          # create_graph: the scatter as a differentiable op (its adjoint is a gather)
        return (_max_pool_scatter(g, x.shape, idx, n, x.detach()),)
    gx = new_out(g._dtype)
    _chk(lib.tc_max_pool_backward(gx, g.contiguous()._c, x._c, idx._c, n, 0))
    return (wrap(gx, g._dtype),)


def _max_pool_scatter_grad(h, s, c):
    xshape, idx, n = c
    lead = idx.shape[:len(idx.shape) - n]
    picked = h.reshape(*lead, -1).gather(-1, idx.reshape(*lead, -1))
    return (picked.reshape(idx.shape),)


@op("max_pool_scatter", grad=_max_pool_scatter_grad, method=False, function=False,
    backward_name="MaxPoolWithIndicesBackwardBackward0")
def _max_pool_scatter_op(g, xshape, idx, n, x):
    gx = new_out(g._dtype)
    _chk(lib.tc_max_pool_backward(gx, g.contiguous()._c, x._c, idx._c, n, 0))
    return wrap(gx, g._dtype), (g,), (), (xshape, idx, n)


_max_pool_scatter = _max_pool_scatter_op


@op("max_pool", grad=_max_pool_grad, method=False, function=False, backward_name="MaxPoolWithIndicesBackward0",
    n_outputs=2)
def _max_pool(input, n, kernel, stride, padding, dilation, ceil_mode):
    out, idx = new_out(input._dtype), new_out(D.int64)
    _chk(lib.tc_max_pool_forward(out, idx, input._c, n, _i64(kernel), _i64(stride), _i64(padding), _i64(dilation),
                                 ceil_mode, 0))
    iv = wrap(idx, D.int64)
    return (wrap(out, input._dtype), iv), (input,), (input,), (n, iv)


def _max_pool_fn(n):
    def max_pool(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
        k = _tuple(kernel_size, n)
        st = k if stride is None or stride == [] else _tuple(stride, n)
        out, idx = _max_pool(input, n, k, st, _tuple(padding, n), _tuple(dilation, n), int(ceil_mode))
        return (out, idx) if return_indices else out
    max_pool.__name__ = f"max_pool{n}d"
    return max_pool


max_pool1d, max_pool2d, max_pool3d = _max_pool_fn(1), _max_pool_fn(2), _max_pool_fn(3)


def _avg_pool_grad(g, s, c):
    x, = s
    if ENABLED[0]:          # create_graph: the backward as a differentiable op (its adjoint is the forward)
        return (_avg_pool_backward_op(g, x.detach(), c),)
    gx = new_out(g._dtype)
    n, k, st, p, ceil, cip, div = c
    _chk(lib.tc_avg_pool_backward(gx, g.contiguous()._c, x._c, n, _i64(k), _i64(st), _i64(p), ceil, cip, div))
    return (wrap(gx, g._dtype),)


@op("avg_pool_backward", grad=lambda h, s, c: (_avg_pool(h, *c), None, None), method=False, function=False,
    backward_name="AvgPoolBackwardBackward0")
def _avg_pool_backward_op(g, x, c):
    gx = new_out(g._dtype)
    n, k, st, p, ceil, cip, div = c
    _chk(lib.tc_avg_pool_backward(gx, g.contiguous()._c, x._c, n, _i64(k), _i64(st), _i64(p), ceil, cip, div))
    return wrap(gx, g._dtype), (g, None, None), (), c


@op("avg_pool", grad=_avg_pool_grad, method=False, function=False, backward_name="AvgPoolBackward0")
def _avg_pool(input, n, k, st, p, ceil, cip, div):
    out = new_out(input._dtype)
    _chk(lib.tc_avg_pool_forward(out, input._c, n, _i64(k), _i64(st), _i64(p), ceil, cip, div))
    return wrap(out, input._dtype), (input,), (input,), (n, k, st, p, ceil, cip, div)


def _avg_pool_fn(n):
    def avg_pool(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
                 divisor_override=None):
        k = _tuple(kernel_size, n)
        st = k if stride is None or stride == [] else _tuple(stride, n)
        return _avg_pool(input, n, k, st, _tuple(padding, n), int(ceil_mode), int(count_include_pad),
                         int(divisor_override or 0))
    avg_pool.__name__ = f"avg_pool{n}d"
    return avg_pool


avg_pool1d, avg_pool2d, avg_pool3d = _avg_pool_fn(1), _avg_pool_fn(2), _avg_pool_fn(3)


def _adaptive_avg_backward_kernel(g, x, c):
    gx = new_out(g._dtype)
    _chk(lib.tc_adaptive_avg_pool_backward(gx, g.contiguous()._c, x._c, c[0]))
    return gx


_adaptive_avg_adjoint = _adjoint_op("AdaptiveAvgPoolBackwardBackward0", _adaptive_avg_backward_kernel,
                                    lambda h, c: _adaptive_avg_pool(h, c[0], c[1]))


def _adaptive_avg_grad(g, s, c):
    # ctx (n, g's spatial size): the adjoint's gradient pools back to that size
    return (_adaptive_avg_adjoint(g, s[0].detach(), (c, tuple(g.shape[-c:]))),)


@op("adaptive_avg_pool", grad=_adaptive_avg_grad, method=False, function=False,
    backward_name="AdaptiveAvgPoolBackward0")
def _adaptive_avg_pool(input, n, size):
    out = new_out(input._dtype)
    _chk(lib.tc_adaptive_avg_pool_forward(out, input._c, n, _i64(size)))
    return wrap(out, input._dtype), (input,), (input,), n


@op("adaptive_max_pool", grad=_max_pool_grad, method=False, function=False,
    backward_name="AdaptiveMaxPoolBackward0", n_outputs=2)
def _adaptive_max_pool(input, n, size):
    out, idx = new_out(input._dtype), new_out(D.int64)
    _chk(lib.tc_adaptive_max_pool_forward(out, idx, input._c, n, _i64(size), 0))
    iv = wrap(idx, D.int64)
    return (wrap(out, input._dtype), iv), (input,), (input,), (n, iv)


def _out_size(input, size, n):
    size = _tuple(size, n) if not isinstance(size, (tuple, list)) or None not in size else size
    return tuple(input.shape[-n + i] if s is None else s for i, s in enumerate(size))


def adaptive_avg_pool1d(input, output_size):
    return _adaptive_avg_pool(input, 1, _out_size(input, output_size, 1))


def adaptive_avg_pool2d(input, output_size):
    return _adaptive_avg_pool(input, 2, _out_size(input, output_size, 2))


def adaptive_avg_pool3d(input, output_size):
    return _adaptive_avg_pool(input, 3, _out_size(input, output_size, 3))


def adaptive_max_pool2d(input, output_size, return_indices=False):
    out, idx = _adaptive_max_pool(input, 2, _out_size(input, output_size, 2))
    return (out, idx) if return_indices else out


def adaptive_max_pool1d(input, output_size, return_indices=False):
    out, idx = _adaptive_max_pool(input, 1, _out_size(input, output_size, 1))
    return (out, idx) if return_indices else out


# ---- class NLL through the core's loss kernel ----------------------------------------------------------
_REDUCTIONS = {"none": 0, "mean": 1, "sum": 2}


def _nll_grad(g, s, c):
    x, t, w, tw = s[0], s[1], c[3], c[4]
    red, ignore, smoothing = c[0], c[1], c[2]
    differentiable = ENABLED[0] and g._requires_grad
    gk = g.detach().new_ones(g.shape) if differentiable else g.contiguous()
    gi = new_out(g._dtype)
    _chk(lib.tc_nn_nll_loss_backward(gi, gk._c, x._c, t._c, w._c if w is not None else ffi.NULL, red,
                                     ignore, smoothing, 0, tw._c))
    gi = wrap(gi, g._dtype)
    if differentiable:
        # create_graph with a gradient that has history: NLL is linear in its input, so its input gradient is
        # a constant (the kernel's, for a unit gradient) times g -- a product autograd differentiates in g
        return gi * (g if red != 0 or g.dim() == 0 else g.unsqueeze(1)), None, None
    return gi, None, None


@op("nll_loss_kernel", grad=_nll_grad, method=False, function=False, backward_name="NllLossBackward0")
def _nll_kernel(input, target, weight, reduction, ignore_index, label_smoothing):
    out, tw = new_out(input._dtype), new_out(input._dtype)
    _chk(lib.tc_nn_nll_loss(out, tw, input._c, target._c, weight._c if weight is not None else ffi.NULL, reduction,
                            ignore_index, label_smoothing, 0))
    twt = wrap(tw, input._dtype)
    return wrap(out, input._dtype), (input, None, None), (input, target), \
        (reduction, ignore_index, label_smoothing, weight, twt)


_composite_nll_loss = nll_loss
_composite_cross_entropy = cross_entropy


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean"):
    if target._dtype is not D.int64:
        raise RuntimeError(f"expected scalar type Long but found {target._dtype}")
    if input.dim() >= 2 and input.shape[0] != target.shape[0]:
        raise ValueError(f"Expected input batch_size ({input.shape[0]}) to match target batch_size ({target.shape[0]}).")
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return _nll_kernel(input, target, weight, _REDUCTIONS[reduction], ignore_index, 0.0)


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean",
                  label_smoothing=0.0):
    if target._dtype.is_floating_point:
        return _composite_cross_entropy(input, target, weight, ignore_index=ignore_index, reduction=reduction,
                                        label_smoothing=label_smoothing)
    if target._dtype is not D.int64:
        raise RuntimeError(f"expected scalar type Long but found {target._dtype}")
    logp = log_softmax(input, 1 if input.dim() > 1 else 0)
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return _nll_kernel(logp, target, weight, _REDUCTIONS[reduction], ignore_index, float(label_smoothing))


def _embedding_with_padding(input, weight, padding_idx):
    return embedding(input, weight, padding_idx)


# ---- normalisation on the core's kernels (these replace the composites above) --------------------------
def _opt(t):
    return t._c if t is not None else ffi.NULL


def _norm_grads(g, w, b):
    from .. import zeros_like
    gw = zeros_like(w) if w is not None else None
    gb = zeros_like(b) if b is not None else None
    return gw, gb


def _norm_grad_graph(g, x, w, b, red, wview, wdims, eps, stats=None):
    """create_graph: the normalisation backward written with differentiable ops (statistics over `red`,
    or the given (mean, var) constants in evaluation)."""
    if stats is None:
        mean = x.mean(red, keepdim=True)
        var = ((x - mean) ** 2).mean(red, keepdim=True)
    else:
        mean, var = stats
    rstd = (var + eps) ** -0.5
    xhat = (x - mean) * rstd
    gy = g * w.reshape(wview) if w is not None else g
    if stats is None:
        gx = rstd * (gy - gy.mean(red, keepdim=True) - xhat * (gy * xhat).mean(red, keepdim=True))
    else:
        gx = gy * rstd
    other = [d for d in range(x.dim()) if d not in wdims]      # the dims the affine parameters do not span
    gw = (g * xhat).sum(other).reshape(w.shape) if w is not None else None
    gb = g.sum(other).reshape(b.shape) if b is not None else None
    return gx, gw, gb


def _batch_norm_grad(g, s, c):
    x, w, b = c[0], c[1], c[2]
    rm, rv, sm, si, training, eps = c[3:]
    if ENABLED[0]:
        red = [0] + list(range(2, x.dim()))
        view = (1, x.shape[1]) + (1,) * (x.dim() - 2)
        stats = None if training else (rm.detach().reshape(view), rv.detach().reshape(view))
        return _norm_grad_graph(g, x, w, b, red, view, [1], eps, stats)
    gi = new_out(g._dtype)
    gw, gb = _norm_grads(g, w, b)
    _chk(lib.tc_nn_batch_norm_backward(gi, _opt(gw), _opt(gb), g.contiguous()._c, x._c, _opt(w), _opt(rm), _opt(rv),
                                       _opt(sm), _opt(si), training, eps, 1.0))
    return wrap(gi, g._dtype), gw, gb


@op("batch_norm", grad=_batch_norm_grad, method=False, function=False, backward_name="NativeBatchNormBackward0")
def _batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps):
    out, sm, si = new_out(input._dtype), new_out(input._dtype), new_out(input._dtype)
    _chk(lib.tc_nn_batch_norm(out, sm, si, input._c, _opt(weight), _opt(bias), _opt(running_mean), _opt(running_var),
                              int(training), momentum, eps))
    if training and running_mean is not None:
        running_mean._vc[0] += 1
        running_var._vc[0] += 1
    d = input._dtype
    return wrap(out, d), (input, weight, bias), (), \
        (input, weight, bias, running_mean, running_var, wrap(sm, d), wrap(si, d), int(training), eps)


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
    if input.dim() < 2:
        raise ValueError(f"expected 2D or more input (got {input.dim()}D input)")
    if training:
        n = input.numel() // input.shape[1]
        if n <= 1:
            raise ValueError(f"Expected more than 1 value per channel when training, got input size {list(input.shape)}")
    elif running_mean is None:
        raise RuntimeError("running_mean and running_var must be defined in evaluation mode")
    return _batch_norm(input, weight, bias, running_mean, running_var, training,
                       0.0 if momentum is None else momentum, eps)


def _layer_norm_grad(g, s, c):
    x, w, b, sm, si, nd, eps = c
    if ENABLED[0]:
        dims = list(range(x.dim() - nd, x.dim()))
        return _norm_grad_graph(g, x, w, b, dims, tuple(x.shape[x.dim() - nd:]), dims, eps)
    gi = new_out(g._dtype)
    gw, gb = _norm_grads(g, w, b)
    _chk(lib.tc_nn_layer_norm_backward(gi, _opt(gw), _opt(gb), g.contiguous()._c, x._c, _opt(w), sm._c, si._c, nd,
                                       1.0))
    return wrap(gi, g._dtype), gw, gb


@op("layer_norm", grad=_layer_norm_grad, method=False, function=False, backward_name="NativeLayerNormBackward0")
def _layer_norm(input, weight, bias, nd, eps):
    out, sm, si = new_out(input._dtype), new_out(input._dtype), new_out(input._dtype)
    _chk(lib.tc_nn_layer_norm(out, sm, si, input._c, _opt(weight), _opt(bias), nd, eps))
    d = input._dtype
    return wrap(out, d), (input, weight, bias), (), (input, weight, bias, wrap(sm, d), wrap(si, d), nd, eps)


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    if isinstance(normalized_shape, int):
        normalized_shape = (normalized_shape,)
    nd = len(normalized_shape)
    if tuple(input.shape[-nd:]) != tuple(normalized_shape):
        raise RuntimeError(f"Given normalized_shape={list(normalized_shape)}, expected input with shape "
                           f"[*, {', '.join(str(s) for s in normalized_shape)}], but got input of size{list(input.shape)}")
    return _layer_norm(input, weight, bias, nd, eps)


def _group_norm_grad(g, s, c):
    x, w, b, sm, si, groups, eps = c
    if ENABLED[0]:
        # create_graph: the statistics are per (sample, group); the affine parameters per channel
        n, ch = x.shape[0], x.shape[1]
        view = (1, ch) + (1,) * (x.dim() - 2)
        gy = g * w.reshape(view) if w is not None else g
        xg = x.reshape(n, groups, -1)
        gx = _norm_grad_graph(gy.reshape(n, groups, -1), xg, None, None, [2], None, [], eps)[0].reshape(x.shape)
        other = [0] + list(range(2, x.dim()))
        gw = gb = None
        if w is not None:
            centred = xg - xg.mean([2], keepdim=True)
            xhat = (centred * ((centred ** 2).mean([2], keepdim=True) + eps) ** -0.5).reshape(x.shape)
            gw = (g * xhat).sum(other).reshape(w.shape)
        if b is not None:
            gb = g.sum(other).reshape(b.shape)
        return gx, gw, gb
    gi = new_out(g._dtype)
    gw, gb = _norm_grads(g, w, b)
    _chk(lib.tc_nn_group_norm_backward(gi, _opt(gw), _opt(gb), g.contiguous()._c, x._c, _opt(w), sm._c, si._c, groups,
                                       1.0))
    return wrap(gi, g._dtype), gw, gb


@op("group_norm", grad=_group_norm_grad, method=False, function=False, backward_name="NativeGroupNormBackward0")
def _group_norm(input, weight, bias, groups, eps):
    out, sm, si = new_out(input._dtype), new_out(input._dtype), new_out(input._dtype)
    _chk(lib.tc_nn_group_norm(out, sm, si, input._c, _opt(weight), _opt(bias), groups, eps))
    d = input._dtype
    return wrap(out, d), (input, weight, bias), (), (input, weight, bias, wrap(sm, d), wrap(si, d), groups, eps)


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    if input.shape[1] % num_groups:
        raise RuntimeError(f"Expected number of channels in input to be divisible by num_groups, but got input of "
                           f"shape {list(input.shape)} and num_groups={num_groups}")
    return _group_norm(input, weight, bias, num_groups, eps)


def instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None, use_input_stats=True,
                  momentum=0.1, eps=1e-5):
    if running_mean is not None or not use_input_stats:
        n, c = input.shape[0], input.shape[1]
        x = input.reshape(1, n * c, *input.shape[2:])
        rm = running_mean.repeat(n) if running_mean is not None else None
        rv = running_var.repeat(n) if running_var is not None else None
        y = batch_norm(x, rm, rv, None, None, use_input_stats, momentum, eps).reshape(input.shape)
        if running_mean is not None and use_input_stats:
            from ..autograd import no_grad
            with no_grad():
                running_mean.copy_(rm.view(n, c).mean(0))
                running_var.copy_(rv.view(n, c).mean(0))
    else:
        y = group_norm(input, input.shape[1], None, None, eps)
    shape = [1, -1] + [1] * (input.dim() - 2)
    if weight is not None:
        y = y * weight.reshape(shape)
    if bias is not None:
        y = y + bias.reshape(shape)
    return y



def _upsample_backward_kernel(g, x, c):
    n, linear, align, scales = c[:4]
    gi = new_out(g._dtype)
    sc = ffi.new("double[]", list(scales)) if scales is not None else ffi.NULL
    if linear:
        _chk(lib.tc_upsample_linear_backward(gi, g.contiguous()._c, x._c, n, align, sc))
    else:
        _chk(lib.tc_upsample_nearest_backward(gi, g.contiguous()._c, x._c, n, sc))
    return gi


def _interp_grad(g, s, c):
    # ctx gains g's spatial size: the adjoint's own gradient is the upsampling again, to that size
    return (_upsample_adjoint(g, s[0].detach(), c + (tuple(g.shape[-c[0]:]),)),)


@op("upsample", grad=_interp_grad, method=False, function=False, backward_name="UpsampleBackward0")
def _upsample(input, n, size, linear, align, scales):
    out = new_out(input._dtype)
    sc = ffi.new("double[]", list(scales)) if scales is not None else ffi.NULL
    if linear:
        _chk(lib.tc_upsample_linear_forward(out, input._c, n, _i64(size), align, sc))
    else:
        _chk(lib.tc_upsample_nearest_forward(out, input._c, n, _i64(size), sc))
    return wrap(out, input._dtype), (input,), (input,), (n, linear, align, scales)


_upsample_adjoint = _adjoint_op("UpsampleBackwardBackward0", _upsample_backward_kernel,
                                lambda h, c: _upsample(h, c[0], c[4], c[1], c[2], c[3]))


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None, recompute_scale_factor=None,
                antialias=False):
    n = input.dim() - 2
    if n < 1 or n > 3:
        raise NotImplementedError(f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {input.dim()}D) for "
                                  f"the modes: nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact")
    linear_modes = {"linear": 1, "bilinear": 2, "trilinear": 3}
    if mode in linear_modes and linear_modes[mode] != n:
        raise NotImplementedError(f"Got {input.dim()}D input, but {mode} mode needs {linear_modes[mode] + 2}D input")
    if mode == "bicubic" and n != 2:
        raise NotImplementedError(f"Got {input.dim()}D input, but bicubic mode needs 4D input")
    if mode not in ("nearest", "area", "bicubic") and mode not in linear_modes:
        raise NotImplementedError(f"interpolate mode {mode!r} is not supported")
    if (size is None) == (scale_factor is None):
        raise ValueError("only one of size or scale_factor should be defined")
    if mode in ("nearest", "area") and align_corners is not None:
        raise ValueError("align_corners option can only be set with the interpolating modes: linear | bilinear | "
                         "bicubic | trilinear")
    if size is not None:
        out = _tuple(size, n)
        scales = None
    else:
        sf = scale_factor if isinstance(scale_factor, (tuple, list)) else (scale_factor,) * n
        out = tuple(int(math.floor(input.shape[2 + i] * float(sf[i]))) for i in range(n))
        scales = None if recompute_scale_factor else tuple(float(v) for v in sf)
    if mode == "bicubic":
        return _bicubic(input, out, bool(align_corners), scales)
    if mode == "area":          # PyTorch's area mode is adaptive average pooling to the output size
        return (adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d)[n - 1](input, out)
    return _upsample(input, n, out, mode != "nearest", int(bool(align_corners)), scales)


def _cubic_taps(n_in, n_out, align_corners, scale):
    """Source indices (4 taps, clamped to the border) and weights of bicubic resampling along one dim
    (Keys' cubic convolution, A = -0.75, as PyTorch)."""
    import numpy as np
    A = -0.75
    j = np.arange(n_out, dtype=np.float64)
    if align_corners:
        src = j * ((n_in - 1) / (n_out - 1)) if n_out > 1 else j * 0
    else:
        ratio = (1.0 / scale) if scale is not None and scale > 0 else n_in / n_out
        src = (j + 0.5) * ratio - 0.5
    base = np.floor(src)
    t = src - base
    near = lambda x: ((A + 2) * x - (A + 3)) * x * x + 1                 # noqa: E731  |x| <= 1
    far = lambda x: ((A * x - 5 * A) * x + 8 * A) * x - 4 * A            # noqa: E731  1 < |x| < 2
    weights = [far(t + 1), near(t), near(1 - t), far(2 - t)]
    idx = [np.clip(base + k, 0, n_in - 1).astype(np.int64) for k in (-1, 0, 1, 2)]
    return idx, weights


def _bicubic(input, out, align_corners, scales):
    from .. import tensor
    x = input
    for axis, dim in ((0, 2), (1, 3)):
        idx, w = _cubic_taps(x.shape[dim], out[axis], align_corners, scales[axis] if scales else None)
        shape = [1] * x.dim()
        shape[dim] = out[axis]
        acc = None
        for i, wk in zip(idx, w):
            term = x.index_select(dim, tensor(i)) * tensor(wk, dtype=x.dtype).reshape(shape)
            acc = term if acc is None else acc + term
        x = acc
    return x


def upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None):
    return interpolate(input, size, scale_factor, mode, align_corners)


def pixel_shuffle(input, upscale_factor):
    r = upscale_factor
    *lead, c, h, w = input.shape
    oc = c // (r * r)
    x = input.reshape(*lead, oc, r, r, h, w)
    n = len(lead)
    x = x.permute(*range(n), n, n + 3, n + 1, n + 4, n + 2)
    return x.reshape(*lead, oc, h * r, w * r)


def pixel_unshuffle(input, downscale_factor):
    r = downscale_factor
    *lead, c, h, w = input.shape
    x = input.reshape(*lead, c, h // r, r, w // r, r)
    n = len(lead)
    x = x.permute(*range(n), n, n + 2, n + 4, n + 1, n + 3)
    return x.reshape(*lead, c * r * r, h // r, w // r)


def dropout2d(input, p=0.5, training=True, inplace=False):
    if not training or p == 0:
        return input
    from .._random import bernoulli
    from .. import full
    shape = list(input.shape[:-2]) + [1, 1]
    mask = bernoulli(full(shape, 1 - p, dtype=input.dtype))
    return input * mask / (1 - p)


dropout1d = dropout3d = dropout2d


def bilinear(input1, input2, weight, bias=None):
    from .. import einsum
    y = einsum("bi,oij,bj->bo", input1.reshape(-1, input1.shape[-1]), weight, input2.reshape(-1, input2.shape[-1]))
    y = y.reshape(*input1.shape[:-1], weight.shape[0])
    return y + bias if bias is not None else y


def margin_ranking_loss(input1, input2, target, margin=0.0, reduction="mean"):
    return _reduce((-target * (input1 - input2) + margin).clamp(min=0), reduction)


def hinge_embedding_loss(input, target, margin=1.0, reduction="mean"):
    from .. import where, zeros_like
    pos = where(target == 1, input, zeros_like(input))
    neg = where(target == -1, (margin - input).clamp(min=0), zeros_like(input))
    return _reduce(pos + neg, reduction)


def soft_margin_loss(input, target, reduction="mean"):
    return _reduce((1 + (-target * input).exp()).log(), reduction)


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    n1 = x1.norm(dim=dim).clamp(min=eps)
    n2 = x2.norm(dim=dim).clamp(min=eps)
    return (x1 * x2).sum(dim) / (n1 * n2)


def cosine_embedding_loss(input1, input2, target, margin=0.0, reduction="mean"):
    from .. import where, zeros_like
    cos = cosine_similarity(input1, input2, 1, 1e-8)
    loss = where(target == 1, 1 - cos, (cos - margin).clamp(min=0))
    return _reduce(loss, reduction)


def multi_margin_loss(input, target, p=1, margin=1.0, weight=None, reduction="mean"):
    x = input if input.dim() == 2 else input.unsqueeze(0)
    t = target.reshape(-1)
    xy = x.gather(1, t.unsqueeze(1))
    m = (margin - xy + x).clamp(min=0)
    if p == 2:
        m = m * m
    if weight is not None:
        m = m * weight[t].unsqueeze(1)
    from .. import nn as _nn  # noqa: F401
    mask = F_one_hot_mask(t, x.shape[1])
    loss = m.masked_fill(mask, 0).sum(1) / x.shape[1]
    return _reduce(loss if input.dim() == 2 else loss.squeeze(0), reduction)


def multilabel_margin_loss(input, target, reduction="mean"):
    """Per sample: sum over target classes y (the leading entries of target up to the first -1) and
    non-target classes i of max(0, 1 - (x[y] - x[i])), divided by the number of classes."""
    x = input if input.dim() == 2 else input.unsqueeze(0)
    t = target if target.dim() == 2 else target.unsqueeze(0)
    if t.shape != x.shape:
        raise RuntimeError(f"multilabel_margin_loss: inconsistent target size {tuple(target.shape)} "
                           f"for input of size {tuple(input.shape)}")
    n_classes = x.shape[1]
    valid = (t >= 0).long().cumprod(1).to(D.bool_)               # targets before the first -1
    idx = t.clamp(min=0)
    is_target = (F_one_hot_mask(idx, n_classes) & valid.unsqueeze(2)).any(1)
    xy = x.gather(1, idx)
    m = (1 - xy.unsqueeze(2) + x.unsqueeze(1)).clamp(min=0)
    mask = valid.unsqueeze(2) & (~is_target).unsqueeze(1)
    loss = (m * mask.to(x.dtype)).sum(2).sum(1) / n_classes
    return _reduce(loss if input.dim() == 2 else loss.squeeze(0), reduction)


def F_one_hot_mask(t, n):
    from .._ops import one_hot as oh
    return oh(t, n).to(D.bool_)


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False, reduction="mean"):
    def dist(a, b):
        return ((a - b).abs() + eps).pow(p).sum(-1).pow(1.0 / p) if p != 2 else ((a - b + eps).pow(2).sum(-1)).sqrt()
    dp, dn = dist(anchor, positive), dist(anchor, negative)
    if swap:
        from .. import minimum
        dn = minimum(dn, dist(positive, negative))
    return _reduce((dp - dn + margin).clamp(min=0), reduction)


# ---- shrink / threshold / PReLU (kernels from the core's activation table) ------------------------
def threshold(input, threshold, value, inplace=False):
    return _activation("threshold", lib.TC_ACT_THRESHOLD, threshold, value)(input)


def softshrink(input, lambd=0.5):
    return _activation("softshrink", lib.TC_ACT_SOFT_SHRINK, lambd)(input)


def hardshrink(input, lambd=0.5):
    return _activation("hardshrink", lib.TC_ACT_HARD_SHRINK, lambd)(input)


def tanhshrink(input):
    return _activation("tanhshrink", lib.TC_ACT_TANH_SHRINK)(input)


def _prelu_grad(g, s, c):
    x, w = c
    from .. import zeros_like
    gi, gw = new_out(g._dtype), zeros_like(w)
    _chk(lib.tc_nn_prelu_backward(gi, gw._c, g.contiguous()._c, x._c, w._c, 1.0))
    return wrap(gi, g._dtype), gw


@op("prelu", grad=_prelu_grad, method=False, function=False, backward_name="PreluKernelBackward0")
def _prelu(input, weight):
    out = new_out(input._dtype)
    _chk(lib.tc_nn_prelu(out, input._c, weight._c))
    return wrap(out, input._dtype), (input, weight), (), (input, weight)


def prelu(input, weight):
    return _prelu(input, weight)


# ---- cross-channel local response normalisation ----------------------------------------------------
def _lrn_grad(g, s, c):
    x, y, scale, size, alpha, beta, k = c
    gi = new_out(g._dtype)
    _chk(lib.tc_nn_cross_map_lrn_backward(gi, g.contiguous()._c, x._c, y._c, scale._c, size, alpha, beta, k))
    return (wrap(gi, g._dtype),)


@op("local_response_norm", grad=_lrn_grad, method=False, function=False, backward_name="LocalResponseNormBackward0")
def _local_response_norm(input, size, alpha, beta, k):
    out, scale = new_out(input._dtype), new_out(input._dtype)
    _chk(lib.tc_nn_cross_map_lrn(out, scale, input._c, size, alpha, beta, k))
    y = wrap(out, input._dtype)
    return y, (input,), (), (input, y, wrap(scale, input._dtype), size, alpha, beta, k)


def local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0):
    if input.dim() not in (3, 4):
        raise ValueError(f"Expected 3D or 4D (batch mode) tensor as input, got {input.dim()}D")
    return _local_response_norm(input.contiguous(), size, alpha, beta, k)
from ._functional_more import *  # noqa: E402,F401,F403
