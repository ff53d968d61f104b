"""More of torch.nn.functional (breadth), composed from declared ops so gradients come from their
declarations.  Re-exported by the last line of nn/functional.py."""
from __future__ import annotations

import builtins
import math

from . import functional as _F


def _T():
    import pytorch_api
    return pytorch_api


def _tuple(x, n):
    return tuple(x) if isinstance(x, (tuple, list)) else (x,) * n


# ---- activations ---------------------------------------------------------------------------------------------
def celu(input, alpha=1.0, inplace=False):
    r = _F.elu(input / alpha, 1.0) * alpha if alpha != 1.0 else _F.elu(input, 1.0)
    return input.copy_(r) if inplace else r


def glu(input, dim=-1):
    if input.dim() == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    d = dim % input.dim()
    if input.shape[d] % 2:
        raise RuntimeError(f"Halving dimension must be even, but dimension {d} is size {input.shape[d]}")
    a, b = input.chunk(2, d)
    return a * b.sigmoid()


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    if dim is None:
        dim = 0 if input.dim() in (0, 1, 3) else 1
    return _F.softmax(-input, dim, dtype=dtype) if dtype is not None else _F.softmax(-input, dim)


def rrelu(input, lower=1.0 / 8, upper=1.0 / 3, training=False, inplace=False):
    T = _T()
    if training:
        a = T.empty(input.shape, dtype=input.dtype).uniform_(lower, upper)
        r = T.where(input.ge(0), input, input * a)
    else:
        r = _F.leaky_relu(input, (lower + upper) / 2)
    return input.copy_(r) if inplace else r


def _alpha_dropout(input, p, training, feature):
    T = _T()
    if p < 0 or p > 1:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0:
        return input
    if p == 1:
        return input * 0
    alpha_p = -1.7580993408473766      # -selu scale * selu alpha
    a = ((1 - p) * (1 + p * alpha_p ** 2)) ** -0.5
    b = -a * alpha_p * p
    shape = tuple(input.shape[:2]) + (1,) * (input.dim() - 2) if feature else tuple(input.shape)
    keep = T.empty(shape, dtype=input.dtype).bernoulli_(1 - p)
    return (input * keep + alpha_p * (1 - keep)) * a + b


def alpha_dropout(input, p=0.5, training=False, inplace=False):
    r = _alpha_dropout(input, p, training, False)
    return input.copy_(r) if inplace and r is not input else r


def feature_alpha_dropout(input, p=0.5, training=False, inplace=False):
    r = _alpha_dropout(input, p, training, True)
    return input.copy_(r) if inplace and r is not input else r


def _inplace(fn):
    def f(input, *args, **kwargs):
        kwargs.pop("inplace", None)
        return input.copy_(fn(input, *args, **kwargs))
    f.__name__ = fn.__name__ + "_"
    return f


relu_ = _inplace(_F.relu)
elu_ = _inplace(_F.elu)
leaky_relu_ = _inplace(_F.leaky_relu)
hardtanh_ = _inplace(_F.hardtanh)
threshold_ = _inplace(_F.threshold)
selu_ = _inplace(_F.selu)
celu_ = _inplace(celu)
rrelu_ = _inplace(rrelu)


def gumbel_softmax(logits, tau=1.0, hard=False, eps=1e-10, dim=-1):
    T = _T()
    g = -T.empty(logits.shape, dtype=logits.dtype).exponential_().log()
    y = _F.softmax((logits + g) / tau, dim)
    if hard:
        idx = y.argmax(dim, keepdim=True)
        h = T.zeros_like(logits).scatter(dim % logits.dim(), idx, 1.0)
        return h - y.detach() + y
    return y


def channel_shuffle(input, groups):
    n, c = input.shape[0], input.shape[1]
    if c % groups:
        raise RuntimeError(f"Number of channels must be divisible by groups. Got {c} channels and {groups} groups.")
    rest = tuple(input.shape[2:])
    return input.reshape(n, groups, c // groups, *rest).transpose(1, 2).reshape(n, c, *rest)


native_channel_shuffle = channel_shuffle


# ---- distances ---------------------------------------------------------------------------------------------
def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    from .._linalg import vector_norm
    d = x1 - x2 + eps
    nd = builtins.max(x1.dim(), x2.dim())
    if nd == 0:
        return vector_norm(d.reshape(1), p, dim=0, keepdim=keepdim)
    return vector_norm(d, p, dim=-1, keepdim=keepdim)


def pdist(input, p=2):
    return _T().pdist(input, p)


# ---- losses ------------------------------------------------------------------------------------------------
_reduce = _F._reduce   # one reduction helper for all losses (functional.py)


def gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction="mean"):
    T = _T()
    if var.shape != input.shape:
        if tuple(input.shape[:-1]) == tuple(var.shape):
            var = var.unsqueeze(-1)
        elif not (tuple(input.shape[:-1]) == tuple(var.shape[:-1]) and var.shape[-1] == 1):
            raise ValueError("var is of incorrect size")
    if bool(var.lt(0).any()):
        raise ValueError("var has negative entry/entries")
    var = var.clamp(min=eps) if not var.requires_grad else var + (var.detach().clamp(min=eps) - var.detach())
    loss = 0.5 * (var.log() + (input - target) ** 2 / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _reduce(loss, reduction)


def poisson_nll_loss(input, target, log_input=True, full=False, size_average=None, eps=1e-8, reduce=None,
                     reduction="mean"):
    T = _T()
    if log_input:
        loss = input.exp() - target * input
    else:
        loss = input - target * (input + eps).log()
    if full:
        t = target
        st = t * t.log() - t + 0.5 * (2 * math.pi * t).log()
        loss = loss + T.where(t.gt(1), st, T.zeros_like(st))
    return _reduce(loss, reduction)


def multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    loss = -(target * _F.logsigmoid(input) + (1 - target) * _F.logsigmoid(-input))
    if weight is not None:
        loss = loss * weight
    loss = loss.sum(-1) / input.shape[-1] if input.dim() else loss
    return _reduce(loss, reduction)


# ---- pooling -----------------------------------------------------------------------------------------------
def _max_unpool(input, indices, kernel_size, stride, padding, output_size, n):
    T = _T()
    k = _tuple(kernel_size, n)
    s = _tuple(stride if stride is not None else kernel_size, n)
    pd = _tuple(padding, n)
    spatial_in = tuple(input.shape[-n:])
    if output_size is None:
        out_sp = tuple((spatial_in[i] - 1) * s[i] - 2 * pd[i] + k[i] for i in range(n))
    else:
        out_sp = tuple(output_size)[-n:]
    lead = tuple(input.shape[:-n])
    flat = input.reshape(-1, math.prod(spatial_in))
    idx = indices.reshape(-1, math.prod(spatial_in))
    total = math.prod(out_sp)
    if idx.numel() and (bool(idx.lt(0).any()) or bool(idx.ge(total).any())):
        raise RuntimeError(f"Found an invalid max index: {int(idx.amax())} (output volumes are of size "
                           f"{'x'.join(map(str, out_sp))})")
    out = T.zeros(flat.shape[0], total, dtype=input.dtype).scatter(1, idx, flat)
    return out.reshape(*lead, *out_sp)


def max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size, 1)


def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size, 2)


def max_unpool3d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size, 3)


def _lp_pool(input, norm_type, kernel_size, stride, ceil_mode, n):
    k = _tuple(kernel_size, n)
    pool = (_F.avg_pool1d, _F.avg_pool2d, _F.avg_pool3d)[n - 1]
    out = pool(input.pow(norm_type), k, stride, 0, ceil_mode)
    return (out.sign() * out.abs().relu()).mul(math.prod(k)).pow(1.0 / norm_type)


def lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    return _lp_pool(input, norm_type, kernel_size, stride, ceil_mode, 1)


def lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    return _lp_pool(input, norm_type, kernel_size, stride, ceil_mode, 2)


def lp_pool3d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    return _lp_pool(input, norm_type, kernel_size, stride, ceil_mode, 3)


def max_pool1d_with_indices(input, *args, **kwargs):
    kwargs["return_indices"] = True
    return _F.max_pool1d(input, *args, **kwargs)


def max_pool2d_with_indices(input, *args, **kwargs):
    kwargs["return_indices"] = True
    return _F.max_pool2d(input, *args, **kwargs)


def adaptive_max_pool1d_with_indices(input, output_size, return_indices=True):
    return _F.adaptive_max_pool1d(input, output_size, True)


def adaptive_max_pool2d_with_indices(input, output_size, return_indices=True):
    return _F.adaptive_max_pool2d(input, output_size, True)


# ---- attention / normalisation -------------------------------------------------------------------------------
def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None,
                                 enable_gqa=False):
    T = _T()
    L, S = query.shape[-2], key.shape[-2]
    sc = 1.0 / math.sqrt(query.shape[-1]) if scale is None else scale
    if enable_gqa and key.dim() >= 3 and key.shape[-3] != query.shape[-3]:
        rep = query.shape[-3] // key.shape[-3]
        key = key.repeat_interleave(rep, -3)
        value = value.repeat_interleave(rep, -3)
    w = query.matmul(key.transpose(-2, -1)) * sc
    if is_causal:
        mask = T.ones(L, S, dtype=T.bool).tril()
        w = w.masked_fill(mask.logical_not(), float("-inf"))
    if attn_mask is not None:
        if attn_mask.dtype == T.bool:
            w = w.masked_fill(attn_mask.logical_not(), float("-inf"))
        else:
            w = w + attn_mask
    w = _F.softmax(w, -1)
    if dropout_p > 0:
        w = _F.dropout(w, dropout_p, True)
    return w.matmul(value)


def rms_norm(input, normalized_shape, weight=None, eps=None):
    ns = _tuple(normalized_shape, 1)
    if tuple(input.shape[-len(ns):]) != tuple(ns):
        raise RuntimeError(f"Given normalized_shape={list(ns)}, expected input with shape [*, "
                           f"{', '.join(map(str, ns))}], but got input of size{list(input.shape)}")
    if eps is None:
        eps = 1.1920928955078125e-07 if input.dtype == _T().float32 else 2.220446049250313e-16
    dims = tuple(range(-len(ns), 0))
    r = input * ((input * input).mean(dims, keepdim=True) + eps).rsqrt()
    return r * weight if weight is not None else r


# ---- unfold / fold (im2col / col2im by index arithmetic) -------------------------------------------------------
def _im2col_index(size, k, d, p, s):
    """Row/col source positions (in the padded image) of each (kernel offset, output position)."""
    T = _T()
    h, w = size
    oh = (h + 2 * p[0] - d[0] * (k[0] - 1) - 1) // s[0] + 1
    ow = (w + 2 * p[1] - d[1] * (k[1] - 1) - 1) // s[1] + 1
    if oh <= 0 or ow <= 0:
        raise RuntimeError(f"Given input with spatial size ({h}, {w}), kernel_size={k}, dilation={d}, padding={p}, "
                           f"calculated shape of the array of sliding blocks as ({oh}, {ow}), but its components "
                           f"must be at least one.")
    ki = T.arange(k[0]).mul(d[0]).reshape(k[0], 1, 1, 1)
    kj = T.arange(k[1]).mul(d[1]).reshape(1, k[1], 1, 1)
    oi = T.arange(oh).mul(s[0]).reshape(1, 1, oh, 1)
    oj = T.arange(ow).mul(s[1]).reshape(1, 1, 1, ow)
    rows = (ki + oi).expand(k[0], k[1], oh, ow)
    cols = (kj + oj).expand(k[0], k[1], oh, ow)
    wp = w + 2 * p[1]
    return (rows * wp + cols).reshape(-1), oh, ow


def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    if input.dim() not in (3, 4):
        raise RuntimeError(f"Input Error: Only 3D or 4D input Tensors are supported (got {input.dim()}D)")
    batched = input.dim() == 4
    x = input if batched else input.unsqueeze(0)
    k, d, p, s = (_tuple(v, 2) for v in (kernel_size, dilation, padding, stride))
    n, c, h, w = x.shape
    idx, oh, ow = _im2col_index((h, w), k, d, p, s)
    xp = _F.pad(x, (p[1], p[1], p[0], p[0])) if p[0] or p[1] else x
    cols = xp.reshape(n, c, -1).index_select(2, idx).reshape(n, c * k[0] * k[1], oh * ow)
    return cols if batched else cols.squeeze(0)


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    T = _T()
    if input.dim() not in (2, 3):
        raise RuntimeError(f"Input Error: Only unbatched (2D) or batched (3D) input Tensors are supported "
                           f"(got {input.dim()}D)")
    batched = input.dim() == 3
    x = input if batched else input.unsqueeze(0)
    k, d, p, s, o = (_tuple(v, 2) for v in (kernel_size, dilation, padding, stride, output_size))
    n, ck, L = x.shape
    if ck % (k[0] * k[1]):
        raise RuntimeError(f"Expected size of input's dimension 1 to be divisible by the product of kernel_size, "
                           f"but got input.size(1)={ck} and kernel_size={k}")
    c = ck // (k[0] * k[1])
    idx, oh, ow = _im2col_index(o, k, d, p, s)
    if oh * ow != L:
        raise RuntimeError(f"Given output_size={o}, kernel_size={k}, dilation={d}, padding={p}, stride={s}, "
                           f"expected size of input's dimension 2 to match the calculated number of sliding "
                           f"blocks {oh} * {ow} = {oh * ow}, but got input.size(2)={L}.")
    hp, wp = o[0] + 2 * p[0], o[1] + 2 * p[1]
    out = T.zeros(n, c, hp * wp, dtype=input.dtype).index_add(2, idx, x.reshape(n, c, -1))
    out = out.reshape(n, c, hp, wp)[:, :, p[0]:p[0] + o[0], p[1]:p[1] + o[1]]
    return out if batched else out.squeeze(0)


# ---- embedding bag -------------------------------------------------------------------------------------------
def embedding_bag(input, weight, offsets=None, max_norm=None, norm_type=2, scale_grad_by_freq=False, mode="mean",
                  sparse=False, per_sample_weights=None, include_last_offset=False, padding_idx=None):
    T = _T()
    if mode not in ("sum", "mean", "max"):
        raise ValueError("mode has to be one of sum, mean or max")
    if input.dim() == 2:
        b, l = input.shape
        flat = input.reshape(-1)
        bag = T.arange(b).repeat_interleave(l) if l else T.zeros(0, dtype=T.int64)
        nb = b
        psw = per_sample_weights.reshape(-1) if per_sample_weights is not None else None
    else:
        if offsets is None:
            raise ValueError("offsets has to be a 1D Tensor but got None")
        flat = input
        offs = offsets if not include_last_offset else offsets[:-1]
        nb = offs.shape[0]
        bag = (T.arange(flat.shape[0]).unsqueeze(1).ge(offs.unsqueeze(0))).sum(1) - 1
        psw = per_sample_weights
    if per_sample_weights is not None and mode != "sum":
        raise NotImplementedError("embedding_bag: per_sample_weights was not None. per_sample_weights is only "
                                  "supported for mode='sum'")
    rows = _F.embedding(flat, weight, padding_idx=padding_idx, max_norm=max_norm, norm_type=norm_type)
    keep = T.ones(flat.shape[0], dtype=rows.dtype) if padding_idx is None else flat.ne(padding_idx).to(rows.dtype)
    if psw is not None:
        rows = rows * psw.unsqueeze(1)
    rows = rows * keep.unsqueeze(1)
    dim = weight.shape[1]
    if mode == "max":
        big = T.full((nb, dim), float("-inf"), dtype=rows.dtype)
        idx = bag.unsqueeze(1).expand(bag.shape[0], dim)
        out = big.scatter_reduce(0, idx, rows.masked_fill(keep.unsqueeze(1).eq(0), float("-inf")), "amax")
        return out.masked_fill(out.isinf(), 0.0)
    out = T.zeros(nb, dim, dtype=rows.dtype).index_add(0, bag, rows)
    if mode == "mean":
        cnt = T.zeros(nb, dtype=rows.dtype).index_add(0, bag, keep).clamp(min=1)
        out = out / cnt.unsqueeze(1)
    return out


def adaptive_max_pool3d(input, output_size, return_indices=False):
    out, idx = _F._adaptive_max_pool(input, 3, _F._out_size(input, output_size, 3))
    return (out, idx) if return_indices else out


def adaptive_max_pool3d_with_indices(input, output_size, return_indices=True):
    return adaptive_max_pool3d(input, output_size, True)


# ---- grid sampling on the core's bilinear sampler ---------------------------------------------------------------
from .._registry import op as _op  # noqa: E402
from .._tensor import new_out as _new_out, wrap as _wrap, _err  # noqa: E402
from tensor_core import lib as _lib, ffi as _ffi  # noqa: E402

_PADDING = {"zeros": 0, "border": 1}


def _grid_sample_grad(g, s, c):
    input, grid = s
    pm, ac = c
    gi, gg = _new_out(input._dtype), _new_out(input._dtype)
    gc = g.contiguous()
    if _lib.tc_grid_sample2d_backward(gi, gg, gc._c, input._c, grid._c, pm, ac):
        raise RuntimeError(_err())
    return _wrap(gi, input._dtype), _wrap(gg, input._dtype)


@_op("_grid_sample2d", grad=_grid_sample_grad, method=False)
def _grid_sample2d(input, grid, pm, ac):
    out = _new_out(input._dtype)
    if _lib.tc_grid_sample2d_forward(out, input._c, grid._c, pm, ac):
        raise RuntimeError(_err())
    return _wrap(out, input._dtype), (input, grid), (input, grid), (pm, ac)


def grid_sample(input, grid, mode="bilinear", padding_mode="zeros", align_corners=None):
    if mode != "bilinear":
        raise NotImplementedError(f"grid_sample: mode '{mode}' is not implemented (bilinear only)")
    if padding_mode not in _PADDING:
        raise NotImplementedError(f"grid_sample: padding_mode '{padding_mode}' is not implemented")
    if input.dim() != 4:
        raise NotImplementedError("grid_sample: only 4-D input (N, C, H, W) is implemented")
    if grid.dim() != 4 or grid.shape[-1] != 2 or grid.shape[0] != input.shape[0]:
        raise RuntimeError(f"grid_sampler(): expected grid to have size 2 in last dimension and the same batch "
                           f"size as input, but got grid with sizes {list(grid.shape)}")
    if grid.dtype != input.dtype:
        raise RuntimeError("grid_sampler(): expected input and grid to have same dtype")
    return _grid_sample2d(input, grid, _PADDING[padding_mode], 1 if align_corners else 0)


def affine_grid(theta, size, align_corners=None):
    T = _T()
    if len(size) != 4:
        raise NotImplementedError("affine_grid: only 4-D sizes (2-D affine) are implemented")
    n, _, h, w = size
    if theta.dim() != 3 or tuple(theta.shape[1:]) != (2, 3) or theta.shape[0] != n:
        raise ValueError(f"Expected a batch of 2D affine matrices of shape Nx2x3 for size {list(size)}. "
                         f"Got {list(theta.shape)}.")

    def lin(k):
        if k <= 1:
            return T.zeros(k, dtype=theta.dtype)
        v = T.linspace(-1.0, 1.0, k, dtype=theta.dtype)
        return v if align_corners else v * ((k - 1) / k)
    xs, ys = lin(w), lin(h)
    base = T.stack([xs.unsqueeze(0).expand(h, w), ys.unsqueeze(1).expand(h, w), T.ones(h, w, dtype=theta.dtype)],
                   -1)                                            # (h, w, 3)
    return base.reshape(1, h * w, 3).matmul(theta.transpose(1, 2)).reshape(n, h, w, 2)
