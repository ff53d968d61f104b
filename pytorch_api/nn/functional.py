"""torch.nn.functional: nn kernels of the core declared as ops with their backward kernels, and composites."""
from __future__ import annotations

import math

from tensor_core import ffi, lib
from .. import _dtype as D
from .._tensor import Tensor, wrap, new_out, _err, _dim
from .._registry import op, saved_output
from .._ops import _chk


def _act(kind, p1=0.0, p2=0.0):
    def grad(g, s, c):
        x, y = s
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
    def grad(g, s, c):
        y, = s
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
    return r, (input,), (saved_output(r),), dim


@op("_log_softmax", grad=_softmax_grad(lib.tc_nn_log_softmax_backward), method=False, function=False,
    backward_name="LogSoftmaxBackward0")
def _log_softmax(input, dim):
    out = new_out(input._dtype)
    _chk(lib.tc_nn_log_softmax(out, input._c, dim))
    r = wrap(out, input._dtype)
    return r, (input,), (saved_output(r),), dim


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
    return (g.sum(0) if c else None, g.mm(w), g.t().mm(x))


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
    return wrap(out, x._dtype), (bias, x, w), (x, w), bias._requires_grad


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
    out = weight.index_select(0, flat)
    return out.reshape(tuple(input.shape) + (weight.shape[1],))


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    return input / input.norm(p, dim, keepdim=True).clamp(min=eps)


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    dims = tuple(range(-len(normalized_shape), 0))
    mean = input.mean(dims, keepdim=True)
    var = input.var(dims, unbiased=False, keepdim=True)
    y = (input - mean) / (var + eps).sqrt()
    if weight is not None:
        y = y * weight
    if bias is not None:
        y = y + bias
    return y


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
    dims = (0,) + tuple(range(2, input.dim()))
    shape = [1, -1] + [1] * (input.dim() - 2)
    if training:
        mean = input.mean(dims)
        var = input.var(dims, unbiased=False)
        n = input.numel() // input.shape[1]
        if running_mean is not None:
            from ..autograd import no_grad
            with no_grad():
                running_mean.mul_(1 - momentum).add_(mean.detach() * momentum)
                running_var.mul_(1 - momentum).add_(var.detach() * (momentum * n / max(n - 1, 1)))
    else:
        mean, var = running_mean, running_var
    y = (input - mean.reshape(shape)) / (var.reshape(shape) + eps).sqrt()
    if weight is not None:
        y = y * weight.reshape(shape)
    if bias is not None:
        y = y + bias.reshape(shape)
    return y


def pad(input, pad, mode="constant", value=0.0):
    if mode != "constant":
        raise NotImplementedError(f"pad mode {mode!r} is not wired yet")
    from .. import full
    shape = list(input.shape)
    key = [slice(None)] * len(shape)
    for i in range(len(pad) // 2):
        d = len(shape) - 1 - i
        lo, hi = pad[2 * i], pad[2 * i + 1]
        key[d] = slice(lo, lo + shape[d])
        shape[d] += lo + hi
    out = full(shape, value, dtype=input.dtype)
    out[tuple(key)] = input
    return out
