"""The Tensor handle: a Python object holding a `tc_tensor *` of the C core plus autograd metadata.

Everything about the data (storage, offset, sizes, strides, dtype) lives in the C struct; the handle caches
the dtype object and, lazily, the shape tuple so the per-op path reads no C fields.  Methods are attached by
`_ops` (generated from the op declarations), `_indexing` and `_str`.
"""
from __future__ import annotations

import numpy as np

from tensor_core import ffi, lib, check, TensorCoreError
from tensor_core import nd
from . import _dtype as D

_gc = ffi.gc
_release = lib.tc_tensor_release
_new_handle = lib.tc_tensor_new
_unpack = ffi.unpack


class Size(tuple):
    __slots__ = ()

    def __repr__(self):
        return f"torch.Size([{', '.join(str(s) for s in self)}])"

    def numel(self):
        n = 1
        for s in self:
            n *= s
        return n

    def __getitem__(self, i):
        r = tuple.__getitem__(self, i)
        return Size(r) if isinstance(i, slice) else r

    def __add__(self, other):
        return Size(tuple.__add__(self, tuple(other)))


class Tensor:
    __slots__ = ("_c", "_dtype", "_shape", "_vc", "_requires_grad", "_grad_fn", "__weakref__", "__dict__")
    # Rarely set autograd metadata lives in the instance dict only once set (class-level defaults).
    _out_idx = 0
    _acc = None
    _grad = None
    _retains_grad = False
    _base = None
    _vbase = None       # the tensor this one is an autograd view of (in-place ops rebase its history)

    # PyTorch lets `torch.Tensor(2, 3)` / `torch.Tensor([1, 2])` construct default-dtype tensors
    def __new__(cls, *args, **kwargs):
        if cls is Tensor or not args or not isinstance(args[0], Tensor):
            if len(args) == 1 and not isinstance(args[0], int):
                from ._creation import tensor
                t = tensor(args[0], dtype=D.get_default_dtype())
            else:
                from ._creation import empty
                t = empty(*args) if args else empty(0)
            if cls is Tensor:
                return t
            return t.as_subclass(cls)
        return object.__new__(cls)

    def __init__(self, *args, **kwargs):
        pass

    # ---- metadata ---------------------------------------------------------------------------
    @property
    def shape(self):
        s = self._shape
        if s is None:
            c = self._c
            s = self._shape = Size(_unpack(c.sizes, c.ndim))
        return s

    def size(self, dim=None):
        s = self.shape
        if dim is None:
            return s
        return s[_dim(dim, len(s))]

    @property
    def dtype(self):
        return self._dtype

    @property
    def device(self):
        from ._creation import device
        return device("cpu")

    @property
    def is_cuda(self):
        return False

    @property
    def layout(self):
        return "torch.strided"

    @property
    def ndim(self):
        return self._c.ndim

    def dim(self):
        return self._c.ndim

    ndimension = dim

    def numel(self):
        n = 1
        for s in self.shape:
            n *= s
        return n

    nelement = numel

    def __len__(self):
        if self._c.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._c.sizes[0]

    def stride(self, dim=None):
        c = self._c
        st = tuple(_unpack(c.strides, c.ndim))
        if dim is None:
            return st
        return st[_dim(dim, len(st))]

    def storage_offset(self):
        return self._c.offset

    def is_contiguous(self, memory_format=None):
        # PyTorch ignores strides of size-1 dims as well
        return bool(lib.tc_tensor_is_contiguous(self._c))

    def data_ptr(self):
        p = lib.tc_tensor_data(self._c)
        return int(ffi.cast("intptr_t", p))

    def element_size(self):
        return self._dtype.itemsize

    def is_floating_point(self):
        return self._dtype.is_floating_point

    def is_complex(self):
        return False

    @property
    def is_leaf(self):
        return self._grad_fn is None

    @property
    def grad_fn(self):
        return self._grad_fn

    @property
    def requires_grad(self):
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value):
        self.requires_grad_(value)

    def requires_grad_(self, requires_grad=True):
        if self._grad_fn is not None:
            if not requires_grad:
                raise RuntimeError(
                    "you can only change requires_grad flags of leaf variables. If you want to use a computed "
                    "variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().")
            return self
        if requires_grad and not self._dtype.is_floating_point:
            raise RuntimeError("only Tensors of floating point and complex dtype can require gradients")
        self._requires_grad = bool(requires_grad)
        return self

    @property
    def grad(self):
        if self._grad_fn is not None and not self._retains_grad and self._grad is None:
            import warnings
            warnings.warn(
                "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute "
                "won't be populated during autograd.backward(). If you indeed want the .grad field to be populated "
                "for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor.", UserWarning, stacklevel=2)
        return self._grad

    @grad.setter
    def grad(self, value):
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(f"assigned grad expected to be a Tensor or None but got grad of {type(value).__name__}")
            if value.shape != self.shape:
                raise RuntimeError("assigned grad has data of a different size")
            if value._dtype is not self._dtype:
                raise RuntimeError("assigned grad has data of a different type")
        self._grad = value

    @property
    def data(self):
        return self.detach()

    @data.setter
    def data(self, other):
        check(lib.tc_tensor_set(self._c, other._c))
        self._dtype = other._dtype
        self._shape = None

    @property
    def T(self):
        return self.permute(*reversed(range(self.dim())))

    @property
    def mT(self):
        return self.transpose(-2, -1)

    def type(self, dtype=None):
        if dtype is None:
            return "torch." + _TYPE_NAMES[self._dtype.code]
        if isinstance(dtype, str):
            dtype = _TYPE_BY_NAME[dtype.split(".")[-1]]
        return self.to(dtype)

    def as_subclass(self, cls):
        t = object.__new__(cls)
        _init_alias(t, self)
        t._requires_grad = self._requires_grad
        t._grad_fn = self._grad_fn
        t._out_idx = self._out_idx
        return t

    # ---- numpy interchange ----------------------------------------------------------------------
    def numpy(self, force=False):
        if self._requires_grad and not force:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
        return nd.to_numpy(self._c)

    def __array__(self, dtype=None, copy=None):
        a = self.detach().numpy()
        return a if dtype is None else a.astype(dtype)

    def item(self):
        if self.numel() != 1:
            raise RuntimeError(f"a Tensor with {self.numel()} elements cannot be converted to Scalar")
        v = self.detach().numpy().reshape(()).item()
        return v

    def tolist(self):
        return self.detach().numpy().tolist()

    def __bool__(self):
        if self.numel() != 1:
            raise RuntimeError(f"Boolean value of Tensor with more than one value is ambiguous")
        return bool(self.item())

    def __float__(self):
        return float(self.item())

    def __int__(self):
        return int(self.item())

    def __index__(self):
        if self._dtype.category == 2 or self.numel() != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self.item())

    def __hash__(self):
        return id(self)

    def __iter__(self):
        if self.dim() == 0:
            raise TypeError("iteration over a 0-d tensor")
        return iter(self.unbind(0))

    def __reversed__(self):
        return self.flip(0)

    def __deepcopy__(self, memo):
        t = self.detach().clone()
        t._requires_grad = self._requires_grad
        if self._grad is not None:
            t._grad = self._grad.clone()
        if type(self) is not Tensor:
            t = t.as_subclass(type(self))
            t._requires_grad = self._requires_grad
        memo[id(self)] = t
        return t

    def __reduce_ex__(self, proto):
        from ._creation import _rebuild
        return (_rebuild, (self.detach().numpy().copy(), self._requires_grad))

    # autograd-related methods
    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        _autograd_backward[0](self, gradient, retain_graph, create_graph, inputs=inputs)

    def retain_grad(self):
        if self._grad_fn is None:
            return
        if self._retains_grad:
            return
        self._retains_grad = True
        ref = __import__("weakref").ref(self)

        def hook(g):
            t = ref()
            if t is not None:
                t._grad = g.detach().clone() if t._grad is None else t._grad + g.detach()
        self._grad_fn.add_pre_hook(self._out_idx, _RetainHook(hook))

    @property
    def retains_grad(self):
        return self._retains_grad

    def register_hook(self, hook):
        if not self._requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        from .autograd.graph import grad_accumulator
        node = self._grad_fn if self._grad_fn is not None else grad_accumulator(self)
        idx = self._out_idx if self._grad_fn is not None else 0
        # retain_grad's hook must see the hooked gradient: user hooks run first (PyTorch order)
        pre = node.pre_hooks.get(idx, []) if node.pre_hooks else []
        n_retain = sum(isinstance(h, _RetainHook) for h in pre)
        node.add_pre_hook(idx, hook)
        if n_retain:
            lst = node.pre_hooks[idx]
            lst.insert(len(lst) - 1 - n_retain, lst.pop())
        return _HookHandle(node, idx, hook)

    def detach(self):
        t = _alias(self)
        return t

    def detach_(self):
        self._grad_fn = None
        self._requires_grad = False
        return self


_autograd_backward = [None]   # set by the package once autograd is importable (no import per call)


class _RetainHook:
    __slots__ = ("fn",)

    def __init__(self, fn):
        self.fn = fn

    def __call__(self, g):
        self.fn(g)


class _HookHandle:
    def __init__(self, node, idx, fn):
        self.node, self.idx, self.fn = node, idx, fn

    def remove(self):
        lst = self.node.pre_hooks.get(self.idx, [])
        if self.fn in lst:
            lst.remove(self.fn)


_TYPE_NAMES = ["ByteTensor", "CharTensor", "ShortTensor", "IntTensor", "LongTensor", "HalfTensor", "FloatTensor",
               "DoubleTensor", "BoolTensor"]
_TYPE_BY_NAME = {n: D.BY_CODE[i] for i, n in enumerate(_TYPE_NAMES)}

_object_new = object.__new__


def _dim(d, n):
    """Wraps a possibly negative dim into [0, n) with PyTorch's error."""
    m = n if n > 0 else 1
    if not -m <= d < m:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-m}, {m - 1}], but got {d})")
    return d + m if d < 0 else d


def wrap(c, dtype):
    """A new handle owning the core tensor `c` (already under ffi.gc).  A NULL `c` is a failed core call
    (out of memory, invalid sizes): its error is raised here, never left for a later access to crash on."""
    if not c:
        raise RuntimeError(_err())
    t = _object_new(Tensor)
    t._c = c
    t._dtype = dtype
    t._shape = None
    t._vc = [0]
    t._requires_grad = False
    t._grad_fn = None
    return t


def _init_alias(t, src):
    c = lib.tc_tensor_new_view(src._c)
    t._c = _gc(c, _release)
    t._dtype = src._dtype
    t._shape = src._shape
    t._vc = src._vc
    t._requires_grad = False
    t._grad_fn = None
    t._base = src


def _alias(src):
    """A handle on the same memory sharing the version counter, outside the graph (detach)."""
    t = _object_new(Tensor)
    _init_alias(t, src)
    return t


def view_of(base, c, dtype=None):
    """Wraps a view cdata `c` of `base` (new reference from a tc_view_* call)."""
    if c == ffi.NULL:
        raise RuntimeError(_err())
    t = _object_new(Tensor)
    t._c = _gc(c, _release)
    t._dtype = base._dtype if dtype is None else dtype
    t._shape = None
    t._vc = base._vc
    t._requires_grad = False
    t._grad_fn = None
    t._base = base if base._base is None else base._base
    vb = base._vbase
    t._vbase = base if vb is None else vb
    return t


def _err():
    return ffi.string(lib.tc_last_error()).decode("utf-8", "replace")


def new_out(dtype):
    """An empty core tensor for a kernel to resize and fill."""
    return _gc(_new_handle(dtype.code), _release)


def empty_c(shape, dtype):
    n = len(shape)
    c = lib.tc_tensor_empty(dtype.code, n, ffi.new("int64_t[]", list(shape) or [0]))
    if c == ffi.NULL:
        raise RuntimeError(_err())
    return _gc(c, _release)


def from_numpy(a):
    """Zero copy: the tensor shares `a`'s memory."""
    if not isinstance(a, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(a).__name__})")
    d = D.from_numpy_dtype(a.dtype)
    if any(s < 0 for s in a.strides):
        raise ValueError("At least one stride in the given numpy array is negative, and tensors with negative "
                         "strides are not currently supported. (You can probably work around this by making a "
                         "copy of your array  with array.copy().) ")
    return wrap(nd.from_numpy(a), d)
