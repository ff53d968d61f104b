"""Non-pointwise ops, each declared once with its gradient: copies and casts, views, reductions, matrix
products, joins and indexing kernels.  Composite ops (flatten, chunk, matmul, logsumexp, ...) are written in
terms of declared ones and get their gradients from them."""
from __future__ import annotations

import builtins
import collections

from tensor_core import ffi, lib
from . import _dtype as D
from . import _kernels as K
from ._tensor import Tensor, wrap, new_out, view_of, _err, _dim, Size
from ._registry import op, register, saved_output
from ._pointwise import sum_to, expand_c, to_dtype_c, broadcast_shapes
from .autograd.grad_mode import ENABLED

_I64 = "int64_t[]"


def _chk(rc):
    if rc:
        raise RuntimeError(_err())


def _i64(seq):
    return ffi.new(_I64, list(seq) or [0])


def _shape_arg(args):
    if len(args) == 1 and isinstance(args[0], (tuple, list, Size)):
        args = args[0]
    return tuple(builtins.int(a) for a in args)


def _dims_arg(dim, n):
    if dim is None:
        return tuple(range(n))
    if isinstance(dim, (list, tuple)):
        ds = tuple(sorted({_dim(d, n) for d in dim}))
        return ds if dim else tuple(range(n))
    return (_dim(dim, n),)


# ---- copies and casts ------------------------------------------------------------------------
@op("clone", grad=lambda g, s, c: (g,))
def clone(input, *, memory_format=None):
    c = lib.tc_tensor_clone(input._c)
    if c == ffi.NULL:
        raise RuntimeError(_err())
    r = wrap(ffi.gc(c, lib.tc_tensor_release), input._dtype)
    r._shape = input._shape
    return r, (input,), (), None


@op("contiguous", grad=lambda g, s, c: (g,), backward_name="CloneBackward0", function=False)
def contiguous(input, memory_format=None):
    if lib.tc_tensor_is_contiguous(input._c):
        return input, (), (), None
    return clone(input), (), (), None


@op("_to_dtype", grad=lambda g, s, c: (g.to(c),), backward_name="ToCopyBackward0", method=False, function=False)
def _to_dtype(input, d):
    r = wrap(to_dtype_c(input._c, d), d)
    r._shape = input._shape
    return r, (input,) if d.is_floating_point else (), (), input._dtype


def to(self, *args, dtype=None, device=None, copy=False, non_blocking=False, memory_format=None):
    for a in args:
        if isinstance(a, D.dtype):
            dtype = a
        elif isinstance(a, Tensor):
            dtype = a._dtype
        elif isinstance(a, str) or hasattr(a, "type"):
            from ._creation import _check_device
            _check_device(a)
    if dtype is None or dtype is self._dtype:
        return clone(self) if copy else self
    return _to_dtype(self, dtype)


Tensor.to = to
for _name, _d in (("float", D.float32), ("double", D.float64), ("half", D.float16), ("long", D.int64),
                  ("int", D.int32), ("short", D.int16), ("char", D.int8), ("byte", D.uint8), ("bool", D.bool_)):
    setattr(Tensor, _name, (lambda d: lambda self, memory_format=None: to(self, d))(_d))
Tensor.cpu = lambda self, *a, **k: self
Tensor.cuda = lambda self, *a, **k: (_ for _ in ()).throw(
    AssertionError("Torch not compiled with CUDA enabled"))
Tensor.type_as = lambda self, other: to(self, other._dtype)


def _copy_(self, src, non_blocking=False):
    from ._inplace import check_leaf
    if not isinstance(src, Tensor):
        from ._creation import tensor
        src = tensor(src)
    needs_grad = ENABLED[0] and (self._requires_grad or src._requires_grad)
    if needs_grad:
        check_leaf(self)
    s = src
    if s.shape != self.shape:
        s = s.expand(self.shape)
    if needs_grad:
        r = expand_as_copy(s, self)
        from ._inplace import write_result
        return write_result(self, r, True)
    _chk(lib.tc_copy(self._c, s._c))
    self._vc[0] += 1
    return self


def expand_as_copy(s, like):
    r = s.to(like._dtype) if s._dtype is not like._dtype else s
    return clone(r)


Tensor.copy_ = _copy_


# ---- views -------------------------------------------------------------------------------------
def _reshape_grad(g, s, c):
    return (g.reshape(c),)


@op("view", grad=_reshape_grad, function=False)
def view(self, *shape):
    if len(shape) == 1 and isinstance(shape[0], D.dtype):
        return _view_dtype(self, shape[0]), (), (), None
    shape = _shape_arg(shape)
    v = lib.tc_view_reshape(self._c, len(shape), _i64(shape))
    if v == ffi.NULL:
        msg = _err()
        if "invalid" in msg or "inferred" in msg:
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {self.numel()}")
        raise RuntimeError("view size is not compatible with input tensor's size and stride (at least one dimension "
                           "spans across two contiguous subspaces). Use .reshape(...) instead.")
    return view_of(self, v), (self,), (), self.shape


def _view_dtype(self, dtype):
    """`x.view(dtype)`: the same bytes read as another dtype (zero copy, shared version counter); with a
    different element size the last dimension scales and must have stride 1, as in PyTorch."""
    import numpy as np
    from ._tensor import from_numpy
    if dtype is self._dtype:
        return view_of(self, lib.tc_tensor_new_view(self._c))
    a = self.detach().numpy()
    src, dst = self._dtype.itemsize, dtype.itemsize
    if src != dst:
        if self.dim() == 0:
            raise RuntimeError("self.dim() cannot be 0 to view " + _TN[self._dtype.name] + " as " + _TN[dtype.name] +
                               " (different element sizes)")
        if self.stride(-1) != 1:
            raise RuntimeError("self.stride(-1) must be 1 to view " + _TN[self._dtype.name] + " as " + _TN[dtype.name] +
                               " (different element sizes), but got " + str(self.stride(-1)))
        if (self.shape[-1] * src) % dst:
            raise RuntimeError(f"self.size(-1) must be divisible by {dst // src} to view {_TN[self._dtype.name]} as "
                               f"{_TN[dtype.name]} (different element sizes), but got {self.shape[-1]}")
    r = from_numpy(a.view(np.dtype(dtype.np)) if a.size else np.empty(
        self.shape[:-1] + (self.shape[-1] * src // dst,) if self.dim() else (), np.dtype(dtype.np)))
    r._vc = self._vc
    r._base = self if self._base is None else self._base
    return r


@op("_unsafe_view", grad=_reshape_grad, backward_name="UnsafeViewBackward0", method=False, function=False)
def _reshape_copy(self, shape):
    c = clone(self)
    v = lib.tc_view_reshape(c._c, len(shape), _i64(shape))
    if v == ffi.NULL:
        raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {self.numel()}")
    return view_of(c, v), (self,), (), self.shape


def reshape(self, *shape):
    shape = _shape_arg(shape)
    v = lib.tc_view_reshape(self._c, len(shape), _i64(shape))
    if v != ffi.NULL:
        lib.tc_tensor_release(v)
        return view(self, *shape)
    return _reshape_copy(self, shape)


register("reshape", reshape, True)
Tensor.view_as = lambda self, other: view(self, other.shape)
Tensor.reshape_as = lambda self, other: reshape(self, other.shape)


def _inverse_perm(p):
    inv = [0] * len(p)
    for i, d in enumerate(p):
        inv[d] = i
    return inv


@op("permute", grad=lambda g, s, c: (g.permute(c),))
def permute(self, *dims):
    n = self._c.ndim
    dims = _shape_arg(dims)
    if len(dims) != n:
        raise RuntimeError(f"permute(sparse_coo): number of dimensions in the tensor input does not match the length of "
                           f"the desired ordering of dimensions i.e. input.dim() = {n} is not equal to len(dims) = {len(dims)}")
    dims = [_dim(d, n) for d in dims]
    if len(set(dims)) != n:
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    v = lib.tc_view_permute(self._c, ffi.new("int[]", dims or [0]))
    return view_of(self, v), (self,), (), _inverse_perm(dims)


@op("transpose", grad=lambda g, s, c: (g.transpose(*c),))
def transpose(self, dim0, dim1):
    n = self._c.ndim
    d0, d1 = _dim(dim0, n), _dim(dim1, n)
    if n == 0:
        return view_of(self, lib.tc_tensor_new_view(self._c)), (self,), (), (0, 0)
    return view_of(self, lib.tc_view_transpose(self._c, d0, d1)), (self,), (), (d0, d1)


swapaxes = swapdims = transpose
register("swapaxes", transpose, True)
register("swapdims", transpose, True)


def t(self):
    if self.dim() > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {self.dim()}D")
    return transpose(self, 0, 1) if self.dim() == 2 else self.view(self.shape)


register("t", t, True)


@op("expand", grad=lambda g, s, c: (sum_to(g, c),), function=False)
def expand(self, *sizes):
    sizes = _shape_arg(sizes)
    if len(sizes) < self._c.ndim:
        raise RuntimeError(f"expand(torch.FloatTensor{{{list(self.shape)}}}, size={list(sizes)}): the number of sizes "
                           f"provided ({len(sizes)}) must be greater or equal to the number of dimensions in the tensor "
                           f"({self._c.ndim})")
    v = lib.tc_view_expand(self._c, len(sizes), _i64(sizes))
    if v == ffi.NULL:
        raise RuntimeError(_err())
    return view_of(self, v), (self,), (), self.shape


Tensor.expand_as = lambda self, other: expand(self, other.shape)


def broadcast_to(input, shape):
    return expand(input, shape)


def broadcast_tensors(*tensors):
    shape = broadcast_shapes(*[t.shape for t in tensors])
    return tuple(expand(t, shape) for t in tensors)


register("broadcast_to", broadcast_to, True)


@op("squeeze", grad=_reshape_grad)
def squeeze(self, dim=None):
    n = self._c.ndim
    if dim is None:
        v = lib.tc_view_squeeze(self._c)
    else:
        dims = dim if isinstance(dim, (tuple, list)) else (dim,)
        shape = list(self.shape)
        keep = [i for i in range(n) if not (i in {_dim(d, n) for d in dims} and shape[i] == 1)]
        ns = [shape[i] for i in keep]
        nt = [self.stride(i) for i in keep]
        v = lib.tc_view_as_strided(self._c, len(ns), _i64(ns), _i64(nt), self._c.offset)
    return view_of(self, v), (self,), (), self.shape


@op("unsqueeze", grad=_reshape_grad)
def unsqueeze(self, dim):
    d = _dim(dim, self._c.ndim + 1)
    return view_of(self, lib.tc_view_unsqueeze(self._c, d)), (self,), (), self.shape


def _by_index_grad(g, s, c):
    """Gradient of any view (or copy) that picks elements of the input: scatter-add through the flat
    positions the op picked (c = (input shape, flat position tensor))."""
    shape, pos = c
    return (_index_add_flat(g, pos, shape),)


def _positions(shape, pick):
    """The flat input positions each output element comes from: `pick` applied to arange(numel)."""
    from ._creation import arange
    n = 1
    for s in shape:
        n *= s
    return pick(arange(n).view(shape))


@op("_index_add_flat", grad=lambda g, s, c: (take(g, c[0]), None), method=False, function=False,
    backward_name="IndexAddBackward0")
def _index_add_flat(g, pos, shape):
    from ._creation import zeros
    z = zeros(shape, dtype=g._dtype)
    if g.numel():
        _chk(K.put(z._c, pos._c, g._c, 1, 0))
    return z, (g, None), (), (pos,)


@op("take", grad=lambda g, s, c: (_index_add_flat(g, c[1], c[0]), None))
def take(input, index):
    out = new_out(input._dtype)
    _chk(K.take(out, input._c, index._c, 0))
    return wrap(out, input._dtype), (input, None), (), (input.shape, index)


def _pick_view(name, make):
    """Declares a view op whose backward scatters through the picked positions."""
    def forward(self, *args):
        v = make(self, *args)
        return view_of(self, v), (self,), (), (self.shape, _LazyPos(self.shape, make, args))
    return forward


class _LazyPos:
    """Computes the picked positions only when the backward needs them."""
    __slots__ = ("shape", "make", "args")

    def __init__(self, shape, make, args):
        self.shape, self.make, self.args = shape, make, args

    def reshape(self, *s):
        return self.get().reshape(*s)

    def get(self):
        return _positions(self.shape, lambda a: view_of(a, self.make(a, *self.args)))

    def __getattr__(self, name):
        return getattr(self.get(), name)


def _lazy_grad(g, s, c):
    shape, lazy = c
    return (_index_add_flat(g, lazy.get(), shape),)


def _narrow_c(self, dim, start, length):
    n = self._c.ndim
    d = _dim(dim, n)
    if isinstance(start, Tensor):
        start = start.item()
    size = self._c.sizes[d]
    if start < 0:
        start += size
    if not (0 <= start <= size) or length < 0 or start + length > size:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({size}).")
    return lib.tc_view_narrow(self._c, d, start, length)


def _select_c(self, dim, index):
    n = self._c.ndim
    if n == 0:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    d = _dim(dim, n)
    size = self._c.sizes[d]
    if not -size <= index < size:
        raise IndexError(f"select(): index {index} out of range for tensor of size {list(self.shape)} at dimension {d}")
    return lib.tc_view_select(self._c, d, index + size if index < 0 else index)


def _unfold_c(self, dimension, size, step):
    return lib.tc_view_unfold(self._c, _dim(dimension, builtins.max(self._c.ndim, 1)), size, step)


def _as_strided_c(self, size, stride, storage_offset=None):
    off = self._c.offset if storage_offset is None else storage_offset
    return lib.tc_view_as_strided(self._c, len(size), _i64(size), _i64(stride), off)


def _diagonal_c(self, offset=0, dim1=0, dim2=1):
    return lib.tc_view_diagonal(self._c, offset, dim1, dim2)


narrow = op("narrow", grad=_lazy_grad)(_pick_view("narrow", _narrow_c))
select = op("select", grad=_lazy_grad)(_pick_view("select", _select_c))
unfold = op("unfold", grad=_lazy_grad, function=False)(_pick_view("unfold", _unfold_c))
as_strided = op("as_strided", grad=_lazy_grad)(_pick_view("as_strided", _as_strided_c))
diagonal = op("diagonal", grad=_lazy_grad)(_pick_view("diagonal", _diagonal_c))


def flatten(input, start_dim=0, end_dim=-1):
    n = input.dim()
    if n == 0:
        return input.reshape(1)
    s, e = _dim(start_dim, n), _dim(end_dim, n)
    shape = list(input.shape)
    m = 1
    for v in shape[s:e + 1]:
        m *= v
    return input.reshape(shape[:s] + [m] + shape[e + 1:])


def unflatten(input, dim, sizes):
    n = input.dim()
    d = _dim(dim, n)
    shape = list(input.shape)
    return input.view(shape[:d] + list(sizes) + shape[d + 1:])


def ravel(input):
    return input.reshape(-1)


def split(tensor, split_size_or_sections, dim=0):
    d = _dim(dim, tensor.dim())
    size = tensor.shape[d]
    if isinstance(split_size_or_sections, int):
        step = split_size_or_sections
        sizes = [builtins.min(step, size - i) for i in range(0, size, step)] if size else [0]
    else:
        sizes = list(split_size_or_sections)
        if builtins.sum(sizes) != size:
            raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {size} (input tensor's size at "
                               f"dimension {d}), but got split_sizes={sizes}")
    out, start = [], 0
    for s in sizes:
        out.append(narrow(tensor, d, start, s))
        start += s
    return tuple(out)


def chunk(input, chunks, dim=0):
    size = input.shape[_dim(dim, input.dim())]
    step = -(-size // chunks) if size else 1
    return split(input, step, dim)


def tensor_split(input, sections, dim=0):
    size = input.shape[_dim(dim, input.dim())]
    q, r = divmod(size, sections)
    return split(input, [q + 1] * r + [q] * (sections - r), dim)


def unbind(input, dim=0):
    d = _dim(dim, input.dim())
    return tuple(select(input, d, i) for i in range(input.shape[d]))


def movedim(input, source, destination):
    n = input.dim()
    src = [_dim(s, n) for s in (source if isinstance(source, (list, tuple)) else [source])]
    dst = [_dim(s, n) for s in (destination if isinstance(destination, (list, tuple)) else [destination])]
    order = [None] * n
    for s, d in zip(src, dst):
        order[d] = s
    rest = iter(i for i in range(n) if i not in src)
    order = [o if o is not None else next(rest) for o in order]
    return permute(input, order)


moveaxis = movedim
for _f in (flatten, unflatten, ravel, split, chunk, tensor_split, unbind, movedim):
    register(_f.__name__, _f, True)
register("moveaxis", movedim, True)


def flip(input, dims):
    from ._creation import arange
    if isinstance(dims, int):
        dims = (dims,)
    r = input
    for d in dims:
        d = _dim(d, input.dim())
        n = input.shape[d]
        r = index_select(r, d, arange(n - 1, -1, -1))
    return r


register("flip", flip, True)


# ---- reductions --------------------------------------------------------------------------------
def _expand_back(g, shape, dims, keepdim):
    if len(dims) == len(shape):
        if g._c.ndim == 0 and not ENABLED[0]:
            # first-order backward of a full reduction: one expand view, no op bookkeeping
            return view_of(g, lib.tc_view_expand(g._c, len(shape), _i64(shape)))
        return g.expand(shape) if g._c.ndim == 0 else g.reshape(()).expand(shape)
    if not keepdim:
        for d in dims:
            g = g.unsqueeze(d)
    return g.expand(shape)


def _reduce_dtype(d, dtype):
    if dtype is not None:
        return dtype
    return D.int64 if d.category < 2 else d


@op("sum", grad=lambda g, s, c: (_expand_back(g, *c[:3]).to(c[3]) if g._dtype is not c[3] else _expand_back(g, *c[:3]),))
def sum(input, dim=None, keepdim=False, *, dtype=None):
    d = input._dtype
    if dim is None and dtype is None and d.category == 2 and d is not D.float16:
        # the whole-tensor float sum (losses): one kernel call, no dim bookkeeping
        out = new_out(d)
        _chk(lib.tc_sum(out, input._c, _DIM_ALL, keepdim))
        shape = input.shape
        return wrap(out, d), (input,), (), (shape, _ALL_DIMS[len(shape)], keepdim, d)
    dims = _dims_arg(dim, input._c.ndim)
    od = _reduce_dtype(input._dtype, dtype)
    x = input if input._dtype is od else input.to(od)
    out = new_out(od)
    _chk(K.sum(out, x._c, dims, keepdim))
    return wrap(out, od), (input,), (), (input.shape, dims, keepdim, input._dtype)


_DIM_ALL = lib.TC_DIM_ALL
_ALL_DIMS = [tuple(range(n)) for n in range(26)]


def _numel_of(shape, dims):
    n = 1
    for d in dims:
        n *= shape[d]
    return n


@op("mean", grad=lambda g, s, c: (_expand_back(g, *c) / builtins.max(_numel_of(c[0], c[1]), 1),))
def mean(input, dim=None, keepdim=False, *, dtype=None):
    d = dtype or input._dtype
    if d.category < 2:
        raise RuntimeError("mean(): could not infer output dtype. Input dtype must be either a floating point or "
                           f"complex dtype. Got: {_TN[d.name]}")
    dims = _dims_arg(dim, input._c.ndim)
    out = new_out(d)
    _chk(K.mean(out, (input if d is input._dtype else input.to(d))._c, dims, keepdim))
    return wrap(out, d), (input,), (), (input.shape, dims, keepdim)


_TN = {"float32": "Float", "float64": "Double", "float16": "Half", "int64": "Long", "int32": "Int",
       "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool"}


@op("prod", grad=lambda g, s, c: (_expand_back(g * s[1], *c) / s[0] if c[1] is not None else None,))
def prod(input, dim=None, keepdim=False, *, dtype=None):
    dims = _dims_arg(dim, input._c.ndim) if dim is not None else tuple(range(input._c.ndim))
    od = _reduce_dtype(input._dtype, dtype)
    out = new_out(od)
    _chk(K.prod(out, (input if od is input._dtype else input.to(od))._c, dims, keepdim))
    r = wrap(out, od)
    return r, (input,), (input, saved_output(r)), (input.shape, dims, keepdim)


def _var_grad(g, s, c):
    x, = s
    shape, dims, keepdim, corr, is_std, r = c
    n = _numel_of(shape, dims)
    m = x.mean(dims, keepdim=True)
    gb = _expand_back(g, shape, dims, keepdim)
    gx = gb * 2 * (x - m) / builtins.max(n - corr, 0)
    if is_std:
        gx = gx / (2 * _expand_back(r, shape, dims, keepdim))
    return (gx,)


def _var_impl(input, dim, unbiased, keepdim, correction, is_std):
    if isinstance(dim, bool):
        unbiased, dim = dim, None
    if correction is None:
        correction = 1 if unbiased in (None, True) else 0
    if input._dtype.category < 2:
        raise RuntimeError(f"std and var only support floating point and complex dtypes")
    dims = _dims_arg(dim, input._c.ndim)
    if 1 < len(dims) < input._c.ndim:
        # several (not all) dims: mean of squared deviations from declared ops (the kernel takes one dim)
        with _no_grad():
            dev = input - input.mean(dims, keepdim=True)
            r = (dev * dev).sum(dims, keepdim=keepdim) / builtins.max(_numel_of(input.shape, dims) - correction, 0)
    else:
        out = new_out(input._dtype)
        _chk(K.var(out, input._c, dims, correction, keepdim))
        r = wrap(out, input._dtype)
    if is_std:
        from ._pointwise import sqrt as _sqrt
        with _no_grad():
            r = _sqrt(r)
    return r, (input,), (input,), (input.shape, dims, keepdim, correction, is_std, saved_output(r))


class _no_grad:
    def __enter__(self):
        self.p = ENABLED[0]
        ENABLED[0] = False

    def __exit__(self, *a):
        ENABLED[0] = self.p


@op("var", grad=_var_grad)
def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    return _var_impl(input, dim, unbiased, keepdim, correction, False)


@op("std", grad=_var_grad)
def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    return _var_impl(input, dim, unbiased, keepdim, correction, True)


def var_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    return var(input, dim, unbiased, keepdim, correction=correction), mean(input, dim, keepdim)


def std_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    return std(input, dim, unbiased, keepdim, correction=correction), mean(input, dim, keepdim)


_RETURN_TYPES = {}


def return_type(name):
    """PyTorch's torch.return_types.<name>: a (values, indices) named tuple printed like PyTorch's."""
    cls = _RETURN_TYPES.get(name)
    if cls is None:
        base = collections.namedtuple(name, ["values", "indices"])

        def __repr__(self):
            return f"torch.return_types.{name}(\nvalues={self.values!r},\nindices={self.indices!r})"
        cls = _RETURN_TYPES[name] = type(name, (base,), {"__slots__": (), "__repr__": __repr__})
    return cls


values_indices = return_type("max")


def _minmax_dim_grad(g, s, c):
    shape, dim, keepdim, idx = c
    if not keepdim:
        g = g.unsqueeze(dim)
        idx = idx.unsqueeze(dim)
    from ._creation import zeros
    return (_scatter_add_grad(zeros(shape, dtype=g._dtype), dim, idx, g),)


def _scatter_add_grad(z, dim, idx, g):
    return scatter_add(z, dim, idx, g)


def _minmax_all_grad(g, s, c):
    x, r = s
    mask = (x == r)
    return (mask * (g / mask.sum()),)


def _make_minmax(name, kdim, kall):
    @op(name + "_dim", grad=_minmax_dim_grad, n_outputs=2, method=False, function=False,
        backward_name=name.capitalize() + "Backward0")
    def minmax_dim(input, dim, keepdim):
        d = _dim(dim, input._c.ndim)
        if input.shape and input.shape[d] == 0 if input._c.ndim else False:
            raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")
        v, i = new_out(input._dtype), new_out(D.int64)
        _chk(kdim(v, i, input._c, d, keepdim, 0))
        iv = wrap(i, D.int64)
        return values_indices(wrap(v, input._dtype), iv), (input,), (), (input.shape, d, keepdim, iv)

    @op(name + "_all", grad=_minmax_all_grad, method=False, function=False,
        backward_name=name.capitalize() + "Backward1")
    def minmax_all(input):
        if input.numel() == 0:
            raise RuntimeError(f"{name}(): Expected reduction dim to be specified for input.numel() == 0. Specify the "
                               "reduction dim with the 'dim' argument.")
        out = new_out(input._dtype)
        _chk(kall(out, input._c))
        r = wrap(out, input._dtype)
        return r, (input,), (input, saved_output(r)), None

    binop = maximum_ if name == "max" else minimum_
    rtype = return_type(name)

    def fn(input, dim=None, keepdim=False, *, out=None):
        if dim is None:
            return minmax_all(input)
        if isinstance(dim, Tensor):
            return binop(input, dim)
        r = minmax_dim(input, dim, keepdim)
        return rtype(*r)

    fn.__name__ = name
    register(name, fn, True)
    return fn


from ._pointwise import maximum as maximum_, minimum as minimum_  # noqa: E402

max = _make_minmax("max", K.max_dim, K.max_all)
min = _make_minmax("min", K.min_dim, K.min_all)


def amax(input, dim=None, keepdim=False):
    if dim is None or (isinstance(dim, (tuple, list)) and len(dim) != 1):
        dims = _dims_arg(dim, input.dim())
        r = input
        for d in reversed(dims):
            r = max(r, d, keepdim=keepdim).values if r.dim() else r
        return r
    d = dim[0] if isinstance(dim, (tuple, list)) else dim
    return max(input, d, keepdim).values


def amin(input, dim=None, keepdim=False):
    return -amax(-input, dim, keepdim)


def _argminmax(kdim, kall):
    def fn(input, dim=None, keepdim=False):
        if dim is None:
            out = new_out(D.int64)
            _chk(kall(out, input.contiguous()._c, 0))
            r = wrap(out, D.int64)
            return r.reshape([1] * input.dim()) if keepdim else r
        v, i = new_out(input._dtype), new_out(D.int64)
        _chk(kdim(v, i, input._c, _dim(dim, input._c.ndim), keepdim, 0))
        return wrap(i, D.int64)
    return fn


argmax = _argminmax(K.max_dim, K.argmax_all)
argmin = _argminmax(K.min_dim, K.argmin_all)
for _n in ("amax", "amin", "argmax", "argmin", "var_mean", "std_mean"):
    register(_n, globals()[_n], True)


def logsumexp(input, dim, keepdim=False):
    dims = _dims_arg(dim, input.dim())
    with _no_grad():
        m = amax(input, dims, keepdim=True)
        m = where(m.isinf(), zeros_like_(m), m)
    r = (input - m).exp().sum(dims, keepdim=True).log() + m
    return r if keepdim else r.squeeze(dims) if len(dims) != 1 else r.squeeze(dims[0])


def zeros_like_(t):
    from ._creation import zeros_like
    return zeros_like(t)


def norm(input, p="fro", dim=None, keepdim=False, dtype=None):
    if p == "fro" or p == 2:
        return (input * input).sum(dim, keepdim=keepdim).sqrt()
    if p == float("inf"):
        return input.abs().amax(dim, keepdim=keepdim)
    if p == 1:
        return input.abs().sum(dim, keepdim=keepdim)
    if p == 0:
        return (input != 0).to(input.dtype).sum(dim, keepdim=keepdim)
    return input.abs().pow(p).sum(dim, keepdim=keepdim).pow(1.0 / p)


def dist(input, other, p=2):
    return norm(input - other, p)


register("logsumexp", logsumexp, True)
register("norm", norm, True)
register("dist", dist, True)


@op("cumsum", grad=lambda g, s, c: (g.flip(c).cumsum(c).flip(c),))
def cumsum(input, dim, *, dtype=None):
    d = _dim(dim, builtins.max(input._c.ndim, 1))
    od = _reduce_dtype(input._dtype, dtype)
    out = new_out(od)
    _chk(K.cumsum(out, (input if od is input._dtype else input.to(od))._c, d))
    return wrap(out, od), (input,), (), d


def cumprod(input, dim, *, dtype=None):
    d = _dim(dim, builtins.max(input.dim(), 1))
    return (input.log()).cumsum(d).exp() if input._requires_grad else _cumprod_k(input, d, dtype)


def _cumprod_k(input, d, dtype):
    od = _reduce_dtype(input._dtype, dtype)
    out = new_out(od)
    _chk(K.cumprod(out, input.to(od)._c, d))
    return wrap(out, od)


register("cumprod", cumprod, True)


def any(input, dim=None, keepdim=False):
    if dim is None:
        out = new_out(D.bool_)
        _chk(K.any_all(out, input._c))
        return wrap(out, D.bool_)
    return input.to(D.bool_).sum(dim, keepdim=keepdim) > 0


def all(input, dim=None, keepdim=False):
    if dim is None:
        out = new_out(D.bool_)
        _chk(K.all_all(out, input._c))
        return wrap(out, D.bool_)
    return input.to(D.bool_).logical_not().sum(dim, keepdim=keepdim) == 0


def count_nonzero(input, dim=None):
    return (input != 0).sum(dim)


register("any", any, True)
register("all", all, True)
register("count_nonzero", count_nonzero, True)


# ---- matrix products ---------------------------------------------------------------------------
def _mm_check(a, b, name):
    if a._dtype is not b._dtype:
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: {a._dtype} != {b._dtype}")
    if a._dtype.category < 2 and a._dtype is not D.int64:
        pass


@op("mm", grad=lambda g, s, c: (g.mm(s[1].t()) if c[0] else None, s[0].t().mm(g) if c[1] else None))
def mm(input, mat2):
    if input.dim() != 2 or mat2.dim() != 2:
        raise RuntimeError(f"self must be a matrix" if input.dim() != 2 else "mat2 must be a matrix")
    if input.shape[1] != mat2.shape[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({input.shape[0]}x{input.shape[1]} and "
                           f"{mat2.shape[0]}x{mat2.shape[1]})")
    _mm_check(input, mat2, "mm")
    out = new_out(input._dtype)
    _chk(K.mm(out, input._c, mat2._c))
    return wrap(out, input._dtype), (input, mat2), (input, mat2), (input._requires_grad, mat2._requires_grad)


@op("bmm", grad=lambda g, s, c: (g.bmm(s[1].transpose(1, 2)) if c[0] else None,
                                 s[0].transpose(1, 2).bmm(g) if c[1] else None))
def bmm(input, mat2):
    if input.dim() != 3 or mat2.dim() != 3:
        raise RuntimeError("batch1 must be a 3D tensor" if input.dim() != 3 else "batch2 must be a 3D tensor")
    if input.shape[0] != mat2.shape[0] or input.shape[2] != mat2.shape[1]:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: [{input.shape[0]}, "
                           f"{input.shape[2]}] but got: [{mat2.shape[0]}, {mat2.shape[1]}].")
    _mm_check(input, mat2, "bmm")
    out = new_out(input._dtype)
    _chk(K.bmm(out, input._c, mat2._c))
    return wrap(out, input._dtype), (input, mat2), (input, mat2), (input._requires_grad, mat2._requires_grad)


def matmul(input, other):
    a, b = input, other
    da, db = a.dim(), b.dim()
    if da == 0 or db == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are {da}D and {db}D")
    if da == 1 and db == 1:
        if a.shape[0] != b.shape[0]:
            raise RuntimeError(f"inconsistent tensor size, expected tensor [{a.shape[0]}] and src [{b.shape[0]}] to have "
                               "the same number of elements, but got {a.shape[0]} and {b.shape[0]} elements respectively")
        return (a * b).sum()
    if da == 2 and db == 2:
        return mm(a, b)
    if da == 2 and db == 1:
        return mm(a, b.unsqueeze(1)).squeeze(1)
    if da == 1 and db == 2:
        return mm(a.unsqueeze(0), b).squeeze(0)
    if db == 1:
        return matmul(a, b.unsqueeze(1)).squeeze(-1)
    if da == 1:
        return matmul(a.unsqueeze(0), b).squeeze(-2)
    if db == 2 and da > 2:
        sh = a.shape
        if sh[-1] != b.shape[0]:
            raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({a.numel() // sh[-1]}x{sh[-1]} and "
                               f"{b.shape[0]}x{b.shape[1]})")
        return mm(a.reshape(-1, sh[-1]), b).reshape(*sh[:-1], b.shape[1])
    batch = broadcast_shapes(a.shape[:-2], b.shape[:-2])
    a2 = a.expand(*batch, *a.shape[-2:]).reshape(-1, *a.shape[-2:])
    b2 = b.expand(*batch, *b.shape[-2:]).reshape(-1, *b.shape[-2:])
    return bmm(a2, b2).reshape(*batch, a.shape[-2], b.shape[-1])


def dot(input, other):
    if input.dim() != 1 or other.dim() != 1:
        raise RuntimeError(f"1D tensors expected, but got {input.dim()}D and {other.dim()}D tensors")
    return matmul(input, other)


def mv(input, vec):
    return matmul(input, vec)


def outer(input, vec2):
    return input.unsqueeze(1) * vec2.unsqueeze(0)


def addmm(input, mat1, mat2, *, beta=1, alpha=1):
    r = mm(mat1, mat2)
    if alpha != 1:
        r = r * alpha
    return r + (input if beta == 1 else input * beta)


def baddbmm(input, b1, b2, *, beta=1, alpha=1):
    r = bmm(b1, b2)
    if alpha != 1:
        r = r * alpha
    return r + (input if beta == 1 else input * beta)


for _f in (matmul, dot, mv, outer, addmm, baddbmm):
    register(_f.__name__, _f, True)
register("inner", dot, True)
Tensor.__matmul__ = matmul
Tensor.__rmatmul__ = lambda self, other: matmul(other, self)
ger = outer


def einsum(equation, *operands):
    """Common forms by permute + reshape + bmm: each operand's letters are split into batch (in both and in
    the output), contracted (in both, not in the output), and free letters."""
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    eq = equation.replace(" ", "")
    if "->" in eq:
        lhs, out = eq.split("->")
    else:
        lhs = eq
        letters = lhs.replace(",", "")
        out = "".join(sorted(c for c in set(letters) if letters.count(c) == 1))
    terms = lhs.split(",")
    if len(terms) != len(operands):
        raise RuntimeError("einsum(): more operands were provided than specified in the equation"
                           if len(operands) > len(terms) else
                           "einsum(): fewer operands were provided than specified in the equation")
    ops = []
    for term, x in zip(terms, operands):
        if len(term) != x.dim():
            raise RuntimeError(f"einsum(): the number of subscripts in the equation ({len(term)}) does not match the "
                               f"number of dimensions ({x.dim()}) for operand {len(ops)} and no ellipsis was given")
        # repeated letters within one operand (diagonal) and letters to sum away early
        while len(set(term)) != len(term):
            for i, ch in enumerate(term):
                j = term.find(ch, i + 1)
                if j >= 0:
                    x = diagonal(x, 0, i, j)
                    term = term[:i] + term[i + 1:j] + term[j + 1:] + ch
                    break
        ops.append((term, x))
    while len(ops) > 1:
        (ta, a), (tb, b) = ops[0], ops[1]
        rest = "".join(t for t, _ in ops[2:]) + out
        batch = [c for c in ta if c in tb and c in rest]
        contract = [c for c in ta if c in tb and c not in rest]
        fa = [c for c in ta if c not in tb]
        fb = [c for c in tb if c not in ta]
        # letters only in a and not needed later: sum now
        for c in [c for c in fa if c not in rest]:
            a = a.sum(ta.index(c))
            ta = ta.replace(c, "")
        for c in [c for c in fb if c not in rest]:
            b = b.sum(tb.index(c))
            tb = tb.replace(c, "")
        fa = [c for c in ta if c not in tb]
        fb = [c for c in tb if c not in ta]
        size = {}
        for t, x in ((ta, a), (tb, b)):
            for c, s in zip(t, x.shape):
                size[c] = builtins.max(size.get(c, 1), s)
        pa = a.permute([ta.index(c) for c in batch + fa + contract])
        pb = b.permute([tb.index(c) for c in batch + contract + fb])
        nb = _prod([size[c] for c in batch])
        nfa, nfb, nc = _prod([size[c] for c in fa]), _prod([size[c] for c in fb]), _prod([size[c] for c in contract])
        pa = pa.expand([size[c] for c in batch + fa + contract]).reshape(nb, nfa, nc)
        pb = pb.expand([size[c] for c in batch + contract + fb]).reshape(nb, nc, nfb)
        r = bmm(pa, pb).reshape([size[c] for c in batch + fa + fb])
        ops = [("".join(batch + fa + fb), r)] + ops[2:]
    term, x = ops[0]
    for c in [c for c in term if c not in out]:
        x = x.sum(term.index(c))
        term = term.replace(c, "")
    return x.permute([term.index(c) for c in out]) if term != out else x


def _prod(xs):
    n = 1
    for v in xs:
        n *= v
    return n


# ---- joins -------------------------------------------------------------------------------------
def _cat_grad(g, s, c):
    dim, sizes = c
    return tuple(narrow(g, dim, st, ln) for st, ln in sizes)


@op("cat", grad=_cat_grad, method=False)
def cat(tensors, dim=0, *, out=None):
    tensors = list(tensors)
    if not tensors:
        raise RuntimeError("torch.cat(): expected a non-empty list of Tensors")
    d0 = tensors[0]._dtype
    for t in tensors[1:]:
        if t._dtype is not d0:
            d0 = D.promote_types(d0, t._dtype)
    ref = next((t for t in tensors if t.dim() > 0), tensors[0])
    if ref.dim() == 0:
        raise RuntimeError("zero-dimensional tensor (at position 0) cannot be concatenated")
    d = _dim(dim, ref.dim())
    parts, sizes, start = [], [], 0
    for i, t in enumerate(tensors):
        if t.dim() == 1 and t.shape[0] == 0 and ref.dim() != 1:
            continue
        if t.dim() != ref.dim():
            raise RuntimeError(f"Tensors must have same number of dimensions: got {ref.dim()} and {t.dim()}")
        for k in range(ref.dim()):
            if k != d and t.shape[k] != ref.shape[k]:
                raise RuntimeError(f"Sizes of tensors must match except in dimension {d}. Expected size "
                                   f"{ref.shape[k]} but got size {t.shape[k]} for tensor number {i} in the list.")
        parts.append(t if t._dtype is d0 else t.to(d0))
        sizes.append((start, t.shape[d]))
        start += t.shape[d]
    o = new_out(d0)
    _chk(K.cat(o, [p._c for p in parts], d))
    return wrap(o, d0), tuple(parts), (), (d, sizes)


concat = concatenate = cat


def stack(tensors, dim=0, *, out=None):
    tensors = list(tensors)
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    s0 = tensors[0].shape
    for i, t in enumerate(tensors):
        if t.shape != s0:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got {list(s0)} at entry 0 and "
                               f"{list(t.shape)} at entry {i}")
    d = _dim(dim, len(s0) + 1)
    return cat([t.unsqueeze(d) for t in tensors], d)


def hstack(tensors):
    return cat(tensors, 0 if tensors[0].dim() == 1 else 1)


def vstack(tensors):
    return cat([t.reshape(1, -1) if t.dim() == 1 else t for t in tensors], 0)


for _n in ("concat", "concatenate", "stack", "hstack", "vstack"):
    register(_n, globals()[_n], False)


# ---- gather / scatter / index_select / where / masked ------------------------------------------
def _check_index(index, name):
    if index._dtype is not D.int64:
        raise RuntimeError(f"{name}(): Expected dtype int64 for index")


@op("index_select", grad=lambda g, s, c: (index_add(_zeros(c[0], g._dtype), c[1], c[2], g), None))
def index_select(input, dim, index):
    if index._dtype not in (D.int64, D.int32):
        raise RuntimeError("index_select(): Expected dtype int32/int64 for index")
    if index.dim() > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    d = _dim(dim, builtins.max(input.dim(), 1))
    n = input.shape[d] if input.dim() else 1
    if index.numel():
        lo, hi = int(index.min()), int(index.max())
        if lo < 0 or hi >= n:
            raise IndexError(f"index out of range in self")
    out = new_out(input._dtype)
    _chk(K.index_select(out, input._c, d, index.to(D.int64)._c, 0))
    return wrap(out, input._dtype), (input, None), (), (input.shape, d, index)


def _zeros(shape, d):
    from ._creation import zeros
    return zeros(shape, dtype=d)


def index_add(input, dim, index, source, *, alpha=1):
    d = _dim(dim, builtins.max(input.dim(), 1))
    # positions of the targets of each source element along dim, then scatter_add
    shape = [1] * source.dim()
    shape[d] = -1
    idx = index.view(shape).expand(source.shape)
    return scatter_add(input, d, idx, source if alpha == 1 else source * alpha)


register("index_add", index_add, True)


@op("gather", grad=lambda g, s, c: (scatter_add(_zeros(c[0], g._dtype), c[1], c[2], g), None))
def gather(input, dim, index, *, sparse_grad=False):
    _check_index(index, "gather")
    d = _dim(dim, builtins.max(input.dim(), 1))
    if index.dim() != input.dim():
        raise RuntimeError("Index tensor must have the same number of dimensions as input tensor")
    if index.numel():
        lo, hi = int(index.min()), int(index.max())
        if lo < 0 or hi >= input.shape[d]:
            raise RuntimeError(f"index {hi if hi >= input.shape[d] else lo} is out of bounds for dimension {d} with "
                               f"size {input.shape[d]}")
    out = new_out(input._dtype)
    _chk(K.gather(out, input._c, d, index._c, 0))
    return wrap(out, input._dtype), (input, None), (), (input.shape, d, index)


def _check_scatter(input, d, index, name):
    _check_index(index, name)
    if index.numel():
        lo, hi = int(index.min()), int(index.max())
        if lo < 0 or hi >= input.shape[d]:
            raise RuntimeError(f"index {hi if hi >= input.shape[d] else lo} is out of bounds for dimension {d} with "
                               f"size {input.shape[d]}")


@op("scatter_add", grad=lambda g, s, c: (g, None, gather(g, c[0], c[1])), inplace="scatter_add_")
def scatter_add(input, dim, index, src):
    d = _dim(dim, builtins.max(input.dim(), 1))
    _check_scatter(input, d, index, "scatter_add")
    r = clone(input) if not ENABLED[0] or not (input._requires_grad or src._requires_grad) else input.detach().clone()
    _chk(K.scatter_add(r._c, d, index._c, src.to(input._dtype)._c, 0))
    return r, (input, None, src), (), (d, index)


def _scatter_grad(g, s, c):
    d, index = c
    gi = g.clone()
    with _no_grad():
        mask = scatter(_zeros(g.shape, D.bool_), d, index, True)
    return g.masked_fill(mask, 0), None, (gather(g, d, index) if c else None)


@op("scatter", grad=_scatter_grad, inplace="scatter_")
def scatter(input, dim, index, src=None, value=None, *, reduce=None):
    d = _dim(dim, builtins.max(input.dim(), 1))
    _check_scatter(input, d, index, "scatter")
    if not isinstance(src, Tensor):
        from ._creation import full
        src = full(index.shape, src if src is not None else value, dtype=input._dtype)
    r = input.detach().clone()
    if reduce == "add":
        _chk(K.scatter_add(r._c, d, index._c, src.to(input._dtype)._c, 0))
    else:
        _chk(K.scatter(r._c, d, index._c, src.to(input._dtype)._c, 0))
    return r, (input, None, src), (), (d, index)


@op("where", grad=lambda g, s, c: (None, sum_to(g.masked_fill(c[0].logical_not(), 0), c[1]),
                                   sum_to(g.masked_fill(c[0], 0), c[2])))
def where(condition, input=None, other=None):
    if input is None:
        return nonzero(condition, as_tuple=True), (), (), None
    if condition._dtype is not D.bool_ and condition._dtype is not D.uint8:
        raise RuntimeError(f"where expected condition to be a boolean tensor, but got a tensor with dtype "
                           f"{_TN[condition._dtype.name]}")
    from ._pointwise import _const
    if not isinstance(input, Tensor):
        input = _const(input, D.result_dtype((), (), (input,)) if not isinstance(other, Tensor) else
                       (other._dtype if D.scalar_dtype(input).category <= other._dtype.category else
                        D.result_dtype((), (), (input,))))
    if not isinstance(other, Tensor):
        other = _const(other, input._dtype if D.scalar_dtype(other).category <= input._dtype.category
                       else D.result_dtype((), (), (other,)))
    d = D.result_dtype([t._dtype for t in (input, other) if t.dim()], [t._dtype for t in (input, other) if not t.dim()], ())
    shape = broadcast_shapes(condition.shape, input.shape, other.shape)
    a = input if input._dtype is d else input.to(d)
    b = other if other._dtype is d else other.to(d)
    out = new_out(d)
    _chk(K.where(out, expand_c(condition._c, shape), expand_c(a._c, shape), expand_c(b._c, shape)))
    r = wrap(out, d)
    return r, (None, a, b), (), (condition.expand(shape), a.shape, b.shape)


class _WhereGradReduce:
    pass


@op("masked_fill", grad=lambda g, s, c: (g.masked_fill(c, 0), None, None), inplace="masked_fill_")
def masked_fill(input, mask, value):
    if mask._dtype is not D.bool_:
        raise RuntimeError(f"masked_fill_ only supports boolean masks, but got mask with dtype {mask._dtype}")
    if isinstance(value, Tensor):
        if value.dim() != 0:
            raise RuntimeError(f"masked_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                               f"{value.dim()} dimension(s).")
        value = value.item()
    m = mask if mask.shape == input.shape else mask.expand(broadcast_shapes(mask.shape, input.shape))
    x = input if m.shape == input.shape else input.expand(m.shape)
    out = new_out(input._dtype)
    _chk(K.masked_fill(out, x._c, m._c, value))
    return wrap(out, input._dtype), (input, None, None), (), m


def masked_select(input, mask):
    shape = broadcast_shapes(input.shape, mask.shape)
    return input.expand(shape)[mask.expand(shape)]


def nonzero(input, *, as_tuple=False):
    out = new_out(D.int64)
    _chk(K.nonzero(out, input._c, 0))
    r = wrap(out, D.int64)
    if as_tuple:
        return tuple(r[:, i] for i in range(input.dim())) if input.dim() else (r.reshape(-1),)
    return r


def argwhere(input):
    return nonzero(input)


register("masked_select", masked_select, True)
register("nonzero", nonzero, True)
register("argwhere", argwhere, True)


def _clamp_grad(g, s, c):
    x, = s
    lo, hi = c
    m = None
    if lo is not None:
        m = x >= lo
    if hi is not None:
        m2 = x <= hi
        m = m2 if m is None else m & m2
    return (g * m,)


@op("clamp", grad=_clamp_grad, inplace="clamp_")
def clamp(input, min=None, max=None):
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    if isinstance(min, Tensor) or isinstance(max, Tensor):
        r = input
        if min is not None:
            r = maximum_(r, min)
        if max is not None:
            r = minimum_(r, max)
        return r, (), (), None
    d = input._dtype
    if d.category < 2 and builtins.any(isinstance(v, float) for v in (min, max)):
        d = D.get_default_dtype()
    out = new_out(d)
    _chk(K.clamp(out, (input if d is input._dtype else input.to(d))._c, min, max))
    return wrap(out, d), (input,), (input,), (min, max)


clip = clamp
register("clip", clamp, True, inplace="clip_")


def clamp_min(input, min):
    return clamp(input, min=min)


def clamp_max(input, max):
    return clamp(input, max=max)


register("clamp_min", clamp_min, True)
register("clamp_max", clamp_max, True)


# ---- sort / topk -------------------------------------------------------------------------------
def _take_along_grad(g, s, c):
    shape, d, idx = c
    return (scatter_add(_zeros(shape, g._dtype), d, idx, g),)


@op("sort", grad=_take_along_grad, n_outputs=2)
def _sort(input, dim=-1, descending=False, stable=False):
    d = _dim(dim, builtins.max(input.dim(), 1))
    v, i = new_out(input._dtype), new_out(D.int64)
    _chk(K.sort(v, i, input._c, d, descending, stable, 0))
    iv = wrap(i, D.int64)
    return values_indices(wrap(v, input._dtype), iv), (input,), (), (input.shape, d, iv)


def sort(input, dim=-1, descending=False, stable=False):
    return return_type("sort")(*_sort(input, dim, descending, stable))


register("sort", sort, True)


def argsort(input, dim=-1, descending=False, stable=False):
    return sort(input, dim, descending, stable).indices


register("argsort", argsort, True)


@op("topk", grad=_take_along_grad, n_outputs=2)
def _topk(input, k, dim=-1, largest=True, sorted=True):
    d = _dim(dim, builtins.max(input.dim(), 1))
    n = input.shape[d] if input.dim() else 1
    if not 0 <= k <= n:
        raise RuntimeError("selected index k out of range")
    v, i = new_out(input._dtype), new_out(D.int64)
    _chk(K.topk(v, i, input._c, k, d, largest, 0))
    iv = wrap(i, D.int64)
    return values_indices(wrap(v, input._dtype), iv), (input,), (), (input.shape, d, iv)


def topk(input, k, dim=-1, largest=True, sorted=True):
    return return_type("topk")(*_topk(input, k, dim, largest, sorted))


register("topk", topk, True)


def kthvalue(input, k, dim=-1, keepdim=False):
    v, i = sort(input, dim)
    d = _dim(dim, input.dim())
    rt = return_type("kthvalue")
    r = rt(v.select(d, k - 1), i.select(d, k - 1))
    return rt(r.values.unsqueeze(d), r.indices.unsqueeze(d)) if keepdim else r


def median(input, dim=None, keepdim=False):
    if dim is None:
        flat = input.reshape(-1)
        return sort(flat).values[(flat.numel() - 1) // 2]
    n = input.shape[_dim(dim, input.dim())]
    return kthvalue(input, (n - 1) // 2 + 1, dim, keepdim)


register("kthvalue", kthvalue, True)
register("median", median, True)


@op("tril", grad=lambda g, s, c: (g.tril(c),), inplace="tril_")
def tril(input, diagonal=0):
    if input.dim() < 2:
        raise RuntimeError("tril: input tensor must have at least 2 dimensions")
    out = new_out(input._dtype)
    _chk(K.tril(out, input._c, diagonal))
    return wrap(out, input._dtype), (input,), (), diagonal


@op("triu", grad=lambda g, s, c: (g.triu(c),), inplace="triu_")
def triu(input, diagonal=0):
    if input.dim() < 2:
        raise RuntimeError("triu: input tensor must have at least 2 dimensions")
    out = new_out(input._dtype)
    _chk(K.triu(out, input._c, diagonal))
    return wrap(out, input._dtype), (input,), (), diagonal


def repeat(input, *sizes):
    sizes = _shape_arg(sizes)
    if len(sizes) < input.dim():
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor")
    x = input.reshape((1,) * (len(sizes) - input.dim()) + tuple(input.shape))
    inter, out = [], []
    for r, s in zip(sizes, x.shape):
        inter += [r, s]
        out.append(r * s)
    x = x.reshape([v for s in x.shape for v in (1, s)]).expand(inter)
    return x.reshape(out)


def tile(input, dims):
    return repeat(input, (1,) * (input.dim() - len(dims)) + tuple(dims))


def repeat_interleave(input, repeats, dim=None):
    if dim is None:
        input, dim = input.reshape(-1), 0
    d = _dim(dim, input.dim())
    x = input.unsqueeze(d + 1)
    shape = list(x.shape)
    shape[d + 1] = repeats
    x = x.expand(shape)
    out = list(input.shape)
    out[d] *= repeats
    return x.reshape(out)


def roll(input, shifts, dims=None):
    if dims is None:
        return roll(input.reshape(-1), shifts, 0).view(input.shape)
    if isinstance(shifts, int):
        shifts, dims = (shifts,), (dims,) if isinstance(dims, int) else dims
    r = input
    for s, d in zip(shifts, dims):
        n = r.shape[d]
        s %= n
        if s:
            r = cat([narrow(r, d, n - s, s), narrow(r, d, 0, n - s)], d)
    return r


for _f in (repeat, tile, repeat_interleave, roll):
    register(_f.__name__, _f, True)


def one_hot(tensor, num_classes=-1):
    if tensor._dtype is not D.int64:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    if num_classes == -1:
        num_classes = int(tensor.max()) + 1
    if tensor.numel() and (int(tensor.min()) < 0 or int(tensor.max()) >= num_classes):
        raise RuntimeError("Class values must be smaller than num_classes." if int(tensor.min()) >= 0
                           else "Class values must be non-negative.")
    z = _zeros(tuple(tensor.shape) + (num_classes,), D.int64)
    return scatter(z, -1, tensor.unsqueeze(-1), 1)


def lerp(input, end, weight):
    return input + weight * (end - input)


def _inplace_of(fn, name):
    from ._inplace import make_inplace
    setattr(Tensor, name, make_inplace(fn, name))


def square(input):
    return input * input


def addcmul(input, t1, t2, *, value=1):
    return input + value * t1 * t2


def addcdiv(input, t1, t2, *, value=1):
    return input + value * t1 / t2


def sigmoid_(x):
    return x


def frac(input):
    return input - input.trunc()


def xlogy(input, other):
    return where(input == 0, 0.0, input * other.log() if isinstance(other, Tensor) else input * __import__("math").log(other))


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    return builtins.bool(isclose(input, other, rtol, atol, equal_nan).all())


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    diff = (input - other).abs()
    ok = diff <= atol + rtol * other.abs()
    if equal_nan:
        ok = ok | (input.isnan() & other.isnan())
    return ok


def equal(input, other):
    return input.shape == other.shape and builtins.bool((input == other).all())


for _f in (lerp, square, addcmul, addcdiv, frac, xlogy, allclose, isclose, equal):
    register(_f.__name__, _f, True)
for _f in (lerp, addcmul, addcdiv):
    _inplace_of(_f, _f.__name__ + "_")
register("square_", None, False) if False else None


def sub_scalar_r(x, y):
    return y - x
