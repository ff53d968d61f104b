"""Helpers the generated code calls where Torch7's semantics differ from PyTorch's.

Each entry is the source of one small function or class; the generator copies only the ones a
model uses into the generated file, so the output stays self-contained and readable.
"""

HELPERS = {
    "t7_softmax_dim": '''
def t7_softmax_dim(x):
    """Torch7's SoftMax/LogSoftMax dimension: features of a vector or batch, channels of a map."""
    if x.dim() in (1, 3):
        return 0
    if x.dim() in (2, 4):
        return 1
    raise ValueError(f"SoftMax expects a 1-D to 4-D input, got {x.dim()}-D")
''',
    "t7_dim": '''
def t7_dim(x, dim, n_input_dims=None):
    """A Torch7 dimension argument (1-based, negative from the end, shifted by one when the input
    has an extra batch dimension beyond n_input_dims) as a 0-based PyTorch dimension."""
    if dim < 0:
        return x.dim() + dim
    if n_input_dims is not None and x.dim() == n_input_dims + 1:
        dim += 1
    return dim - 1
''',
    "t7_view": '''
def t7_view(x, sizes, num_input_dims=None):
    """nn.View: a view with `sizes`; extra leading elements become a batch dimension."""
    n = 1
    for s in sizes:
        if s > 0:
            n *= s
    used = num_input_dims if num_input_dims is not None else x.dim()
    inner = 1
    for s in x.shape[x.dim() - used:]:
        inner *= s
    batch = 1 if -1 in sizes else inner // n
    for s in x.shape[:x.dim() - used]:
        batch *= s
    if batch == 1 and (num_input_dims is None or x.dim() <= num_input_dims):
        return x.contiguous().view(*sizes)
    return x.contiguous().view(batch, *sizes)
''',
    "t7_reshape": '''
def t7_reshape(x, sizes, batch_mode=None):
    """nn.Reshape: without batch_mode the input is unbatched when it has exactly the target's element
    count and its first dimension is not 1 (Torch7's rule)."""
    n = 1
    for s in sizes:
        n *= s
    if batch_mode is False or (batch_mode is None and x.numel() == n and x.shape[0] != 1):
        return x.reshape(*sizes)
    return x.reshape(x.shape[0], *sizes)
''',
    "t7_narrow": '''
def t7_narrow(x, dim, offset, length):
    """nn.Narrow: negative dim/offset count from the end; negative length means up to size+length+1."""
    d = x.dim() + dim if dim < 0 else dim - 1
    n = x.shape[d]
    start = n + offset if offset < 0 else offset - 1
    if length < 0:
        length = n - start + length + 1
    return x.narrow(d, start, length)
''',
    "t7_select": '''
def t7_select(x, dim, index):
    """nn.Select: 1-based index, negative dim and index count from the end."""
    d = x.dim() + dim if dim < 0 else dim - 1
    i = x.shape[d] + index if index < 0 else index - 1
    return x.select(d, i)
''',
    "t7_replicate": '''
def t7_replicate(x, n, dim=1, ndim=None):
    """nn.Replicate: n copies along a new dimension (a stride-0 view)."""
    d = dim if ndim is not None and x.dim() > ndim else dim - 1
    return x.unsqueeze(d).expand(*x.shape[:d], n, *x.shape[d:])
''',
    "t7_sum": '''
def t7_sum(x, dim, n_input_dims=None, mean=False, squeeze=True):
    """nn.Sum / nn.Mean: the reduced dimension is dropped unless the result would be 1-D."""
    d = t7_dim(x, dim, n_input_dims)
    y = x.mean(d, keepdim=True) if mean else x.sum(d, keepdim=True)
    return y.squeeze(d) if squeeze and y.dim() > 1 else y
''',
    "t7_max": '''
def t7_max(x, dim, n_input_dims=None, minimum=False):
    """nn.Max / nn.Min: values along dim, the dimension dropped for inputs of more than one dim."""
    d = t7_dim(x, dim, n_input_dims)
    y = (x.min(d, keepdim=True) if minimum else x.max(d, keepdim=True))[0]
    return y.squeeze(d) if x.dim() > 1 else y
''',
    "T7DropoutV1": '''
class T7DropoutV1(nn.Module):
    """Torch7's original Dropout (files without `v2`): no rescaling while training, the output
    multiplied by (1 - p) at evaluation."""

    def __init__(self, p):
        super().__init__()
        self.p = p

    def forward(self, x):
        if self.training:
            return x * torch.bernoulli(torch.full_like(x, 1 - self.p))
        return x * (1 - self.p)
''',
    "t7_upsample_bilinear": '''
def t7_upsample_bilinear(x, scale=None, size=None):
    """nn.SpatialUpSamplingBilinear: aligned corners, H * scale per side."""
    if size is None:
        size = (x.shape[-2] * scale, x.shape[-1] * scale)
    batched = x.dim() == 4
    y = F.interpolate(x if batched else x.unsqueeze(0), size=size, mode="bilinear", align_corners=True)
    return y if batched else y.squeeze(0)
''',
    "t7_upsample_nearest": '''
def t7_upsample_nearest(x, scale):
    """nn.SpatialUpSamplingNearest: every pixel repeated scale x scale times."""
    batched = x.dim() == 4
    y = F.interpolate(x if batched else x.unsqueeze(0), scale_factor=scale, mode="nearest")
    return y if batched else y.squeeze(0)
''',
    "t7_normalize": '''
def t7_normalize(x, p, eps):
    """nn.Normalize: each sample divided by its p-norm (plus eps)."""
    flat = x if x.dim() > 1 else x.unsqueeze(0)
    if p == float("inf"):
        norm = flat.abs().max(1, keepdim=True)[0] + eps
    else:
        norm = (flat.abs().pow(p).sum(1, keepdim=True) + eps).pow(1.0 / p)
    y = flat / norm
    return y if x.dim() > 1 else y.squeeze(0)
''',
}

# helpers that call other helpers
HELPERS.update({
    "t7_depth_concat": '''
def t7_depth_concat(outputs, dim):
    """nn.DepthConcat: concatenation along dim with every output centred (zero-padded) in the largest
    size of each other dimension."""
    shape = [max(o.shape[d] for o in outputs) for d in range(outputs[0].dim())]
    padded = []
    for o in outputs:
        pads = []
        for d in reversed(range(o.dim())):
            extra = 0 if d == dim else shape[d] - o.shape[d]
            pads += [extra // 2, extra - extra // 2]
        while pads and pads[-1] == 0 and pads[-2] == 0:   # only the dimensions that need it
            pads = pads[:-2]
        padded.append(F.pad(o, pads) if pads else o)
    return torch.cat(padded, dim)
''',
    "t7_padding": '''
def t7_padding(x, dim, pad, value, index, n_input_dim=None):
    """nn.Padding: |pad| entries of value along Torch7 dimension dim, inserted before position index
    (pad < 0: counted from the start; pad > 0: counted from the end)."""
    d = dim - 1 + (1 if n_input_dim is not None and x.dim() != n_input_dim else 0)
    n = x.shape[d]
    at = (n - index + 1) if pad > 0 else (index - 1)   # elements kept before the padding
    shape = list(x.shape)
    shape[d] = abs(pad)
    fill = torch.full(shape, value, dtype=x.dtype)
    return torch.cat([x.narrow(d, 0, at), fill, x.narrow(d, at, n - at)], d)
''',
    "t7_mixture": '''
def t7_mixture(gater, experts, dim=None):
    """nn.MixtureTable: the gater-weighted sum of the experts (a list, or a tensor with the experts
    along dim)."""
    batched = gater.dim() > 1
    if isinstance(experts, (list, tuple)):
        out = 0
        for i, e in enumerate(experts):
            g = gater[:, i] if batched else gater[i]
            out = out + e * g.reshape(g.shape + (1,) * (e.dim() - g.dim()))
        return out
    d = (dim if dim is not None else (2 if batched else 1)) - 1
    shape = [1] * experts.dim()
    if batched:
        shape[0] = gater.shape[0]
    shape[d] = gater.shape[-1]
    return (experts * gater.reshape(shape)).sum(d)
''',
})

HELPERS["t7_layer_centre"] = '''
def t7_layer_centre(x, n):
    """nn.LayerNormalization's centring: minus the mean of a vector. For a batch, Torch7's module chain
    (Mean(1, 1) -> Replicate(n, 1, 1) -> CSubTable) lines the row means up as an n x batch block in element
    order, which is what is reproduced here."""
    if x.dim() == 1:
        return x - x.mean()
    m = x.mean(-1)
    return x - m.unsqueeze(0).expand(n, m.shape[0]).reshape(x.shape)
'''

DEPENDS = {"t7_layer_centre": [], "t7_sum": ["t7_dim"], "t7_max": ["t7_dim"]}
