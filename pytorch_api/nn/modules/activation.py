from .. import functional as F
from .module import Module


def _simple(name, fn, repr_="", **defaults):
    def __init__(self, *args, **kwargs):
        Module.__init__(self)
        vals = dict(defaults)
        for k, v in zip(list(defaults), args):
            vals[k] = v
        vals.update(kwargs)
        for k, v in vals.items():
            object.__setattr__(self, k, v)

    def forward(self, input):
        return fn(self, input)

    def extra_repr(self):
        return repr_.format(**{k: getattr(self, k) for k in defaults}) if repr_ else ""

    return type(name, (Module,), {"__init__": __init__, "forward": forward, "extra_repr": extra_repr})


ReLU = _simple("ReLU", lambda s, x: F.relu(x), "inplace=True" if False else "", inplace=False)
ReLU.extra_repr = lambda self: "inplace=True" if self.inplace else ""
Sigmoid = _simple("Sigmoid", lambda s, x: x.sigmoid())
Tanh = _simple("Tanh", lambda s, x: x.tanh())
GELU = _simple("GELU", lambda s, x: F.gelu(x, s.approximate), "approximate='{approximate}'", approximate="none")
SiLU = _simple("SiLU", lambda s, x: F.silu(x), inplace=False)
ELU = _simple("ELU", lambda s, x: F.elu(x, s.alpha), "alpha={alpha}", alpha=1.0, inplace=False)
LeakyReLU = _simple("LeakyReLU", lambda s, x: F.leaky_relu(x, s.negative_slope), "negative_slope={negative_slope}",
                    negative_slope=0.01, inplace=False)
Softplus = _simple("Softplus", lambda s, x: F.softplus(x, s.beta, s.threshold), "beta={beta}, threshold={threshold}",
                   beta=1.0, threshold=20.0)
ReLU6 = _simple("ReLU6", lambda s, x: F.relu6(x), inplace=False)
Hardtanh = _simple("Hardtanh", lambda s, x: F.hardtanh(x, s.min_val, s.max_val), "min_val={min_val}, max_val={max_val}",
                   min_val=-1.0, max_val=1.0, inplace=False)
Softmax = _simple("Softmax", lambda s, x: F.softmax(x, s.dim), "dim={dim}", dim=None)
LogSoftmax = _simple("LogSoftmax", lambda s, x: F.log_softmax(x, s.dim), "dim={dim}", dim=None)
Mish = _simple("Mish", lambda s, x: F.mish(x), inplace=False)
Hardswish = _simple("Hardswish", lambda s, x: F.hardswish(x), inplace=False)
Dropout = _simple("Dropout", lambda s, x: F.dropout(x, s.p, s.training), "p={p}, inplace={inplace}", p=0.5,
                  inplace=False)
Flatten = _simple("Flatten", lambda s, x: x.flatten(s.start_dim, s.end_dim), "start_dim={start_dim}, end_dim={end_dim}",
                  start_dim=1, end_dim=-1)
Unflatten = _simple("Unflatten", lambda s, x: x.unflatten(s.dim, s.unflattened_size),
                    "dim={dim}, unflattened_size={unflattened_size}", dim=0, unflattened_size=())
Dropout1d = _simple("Dropout1d", lambda s, x: F.dropout1d(x, s.p, s.training), "p={p}, inplace={inplace}", p=0.5,
                    inplace=False)
Dropout2d = _simple("Dropout2d", lambda s, x: F.dropout2d(x, s.p, s.training), "p={p}, inplace={inplace}", p=0.5,
                    inplace=False)
Dropout3d = _simple("Dropout3d", lambda s, x: F.dropout3d(x, s.p, s.training), "p={p}, inplace={inplace}", p=0.5,
                    inplace=False)
PixelShuffle = _simple("PixelShuffle", lambda s, x: F.pixel_shuffle(x, s.upscale_factor),
                       "upscale_factor={upscale_factor}", upscale_factor=1)
PixelUnshuffle = _simple("PixelUnshuffle", lambda s, x: F.pixel_unshuffle(x, s.downscale_factor),
                         "downscale_factor={downscale_factor}", downscale_factor=1)
Softsign = _simple("Softsign", lambda s, x: F.softsign(x))
SELU = _simple("SELU", lambda s, x: F.selu(x), inplace=False)
LogSigmoid = _simple("LogSigmoid", lambda s, x: F.logsigmoid(x))
Hardsigmoid = _simple("Hardsigmoid", lambda s, x: F.hardsigmoid(x), inplace=False)


class Upsample(Module):
    def __init__(self, size=None, scale_factor=None, mode="nearest", align_corners=None, recompute_scale_factor=None):
        super().__init__()
        self.size, self.scale_factor, self.mode = size, scale_factor, mode
        self.align_corners, self.recompute_scale_factor = align_corners, recompute_scale_factor

    def forward(self, input):
        return F.interpolate(input, self.size, self.scale_factor, self.mode, self.align_corners,
                             self.recompute_scale_factor)

    def extra_repr(self):
        info = f"scale_factor={float(self.scale_factor)!r}" if self.scale_factor is not None else f"size={self.size!r}"
        return info + f", mode={self.mode!r}"


def _pad_module(name, n, mode):
    def __init__(self, padding, value=0.0):
        Module.__init__(self)
        object.__setattr__(self, "padding", F._tuple(padding, 2 * n))
        object.__setattr__(self, "value", value)

    def forward(self, input):
        return F.pad(input, self.padding, mode, self.value if mode == "constant" else None)

    def extra_repr(self):
        return f"padding={self.padding}, value={self.value}" if mode == "constant" else f"{self.padding}"
    return type(name, (Module,), {"__init__": __init__, "forward": forward, "extra_repr": extra_repr})


ZeroPad1d, ZeroPad2d, ZeroPad3d = (_pad_module(f"ZeroPad{n}d", n, "constant") for n in (1, 2, 3))
for _z in (ZeroPad1d, ZeroPad2d, ZeroPad3d):
    _z.extra_repr = lambda self: f"{self.padding}"
ConstantPad1d, ConstantPad2d, ConstantPad3d = (_pad_module(f"ConstantPad{n}d", n, "constant") for n in (1, 2, 3))
ReflectionPad1d, ReflectionPad2d, ReflectionPad3d = (_pad_module(f"ReflectionPad{n}d", n, "reflect") for n in (1, 2, 3))
ReplicationPad1d, ReplicationPad2d, ReplicationPad3d = (_pad_module(f"ReplicationPad{n}d", n, "replicate")
                                                        for n in (1, 2, 3))
CircularPad1d, CircularPad2d, CircularPad3d = (_pad_module(f"CircularPad{n}d", n, "circular") for n in (1, 2, 3))

Threshold = _simple("Threshold", lambda s, x: F.threshold(x, s.threshold, s.value),
                    "threshold={threshold}, value={value}", threshold=0.0, value=0.0, inplace=False)
Softshrink = _simple("Softshrink", lambda s, x: F.softshrink(x, s.lambd), "{lambd}", lambd=0.5)
Hardshrink = _simple("Hardshrink", lambda s, x: F.hardshrink(x, s.lambd), "{lambd}", lambd=0.5)
Tanhshrink = _simple("Tanhshrink", lambda s, x: F.tanhshrink(x))


class PReLU(Module):
    """PReLU with one slope shared (num_parameters=1) or one per channel, initialised to `init`."""

    def __init__(self, num_parameters=1, init=0.25, device=None, dtype=None):
        from ... import empty
        from ..parameter import Parameter
        super().__init__()
        self.num_parameters = num_parameters
        self.init = init
        self.weight = Parameter(empty(num_parameters, dtype=dtype).fill_(init))

    def forward(self, input):
        return F.prelu(input, self.weight)

    def extra_repr(self):
        return f"num_parameters={self.num_parameters}"

LocalResponseNorm = _simple("LocalResponseNorm", lambda s, x: F.local_response_norm(x, s.size, s.alpha, s.beta, s.k),
                            "{size}, alpha={alpha}, beta={beta}, k={k}", size=1, alpha=1e-4, beta=0.75, k=1.0)
