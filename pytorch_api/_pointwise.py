"""Pointwise ops: declared in two tables (binary, unary) of (name, kernel, gradient formula, rules).

Binary ops promote (PyTorch's result_type), broadcast by expanding stride-0 views so the kernel sees equal
shapes, and reduce each gradient back to its input's shape and dtype.
"""
from __future__ import annotations

import builtins
import math

from tensor_core import ffi, lib
from . import _dtype as D
from . import _kernels as K
from ._tensor import Tensor, wrap, new_out, _err, Size
from .autograd.grad_mode import ENABLED
from .autograd.graph import Node, make_node, grad_accumulator
from ._registry import register, node_class, saved_output, OPS, OpDecl
from ._inplace import apply_inplace

_gc = ffi.gc
_release = lib.tc_tensor_release
_new = lib.tc_tensor_new
_I64 = "int64_t[]"
_float32 = D.float32


def broadcast_shapes(*shapes):
    n = max(len(s) for s in shapes)
    out = [1] * n
    for s in shapes:
        off = n - len(s)
        for i, v in enumerate(s):
            o = out[off + i]
            if o == 1:
                out[off + i] = v
            elif v != 1 and v != o:
                raise RuntimeError(f"The size of tensor a ({o}) must match the size of tensor b ({v}) at "
                                   f"non-singleton dimension {off + i - n + n}")
    return Size(out)


def expand_c(c, shape):
    v = lib.tc_view_expand(c, len(shape), ffi.new(_I64, list(shape) or [0]))
    if v == ffi.NULL:
        raise RuntimeError(_err())
    return _gc(v, _release)


def to_dtype_c(c, d):
    v = lib.tc_tensor_to_dtype(c, d.code)
    if v == ffi.NULL:
        raise RuntimeError(_err())
    return _gc(v, _release)


_scalar_cache = {}


def scalar_c(value, d):
    """A 0-d core tensor holding `value` (cached: the per-op path must not allocate for constants)."""
    key = (value, type(value), d.code)
    c = _scalar_cache.get(key)
    if c is None:
        c = _gc(lib.tc_tensor_empty(d.code, 0, ffi.NULL), _release)
        if d is D.int64 and isinstance(value, int):
            lib.tc_fill_int(c, value)
        else:
            lib.tc_fill(c, float(value))
        if len(_scalar_cache) > 256:
            _scalar_cache.clear()
        _scalar_cache[key] = c
    return c


def sum_to(g, shape):
    """Sums a broadcast gradient back to `shape`."""
    gs = g.shape
    if gs == shape:
        return g
    lead = len(gs) - len(shape)
    dims = list(range(lead))
    for i, s in enumerate(shape):
        if s == 1 and gs[lead + i] != 1:
            dims.append(lead + i)
    if dims:
        g = g.sum(dims, keepdim=True)
    if lead:
        g = g.reshape(shape)
    return g


class BinaryNode(Node):
    """ctx = (shape_a, shape_b, dtype_a, dtype_b, alpha); formula(g, a, b, result, alpha) -> (ga, gb)."""
    __slots__ = ()

    def apply(self, grads):
        g = grads[0]
        saved = self.unpack_saved()
        sa, sb, da, db, alpha = self.ctx
        a, b, r = (saved + (None,))[:3] if saved else (None, None, None)
        ga, gb = self.formula(g, a, b, r, alpha)
        na, nb = self.next_functions
        if na[0] is None:
            ga = None
        elif ga is not None:
            ga = sum_to(ga, sa)
            if ga._dtype is not da:
                ga = ga.to(da)
        if nb[0] is None:
            gb = None
        elif gb is not None:
            gb = sum_to(gb, sb)
            if gb._dtype is not db:
                gb = gb.to(db)
        return ga, gb


_object_new = object.__new__


def _is_bool(x):
    return isinstance(x, bool) or (isinstance(x, Tensor) and x._dtype is D.bool_)


def _edge(t):
    if not t._requires_grad:
        return (None, 0)
    if t._grad_fn is not None:
        return (t._grad_fn, t._out_idx)
    return (grad_accumulator(t), 0)


def _operand(x, d):
    if isinstance(x, Tensor):
        return x
    return None


def binary(name, kernel, formula=None, *, kind="arith", saves=True, alpha=False, method=True, inplace=True,
           operators=(), rname=None):
    """kind: 'arith' (result of promotion), 'true_div' (integers give the default float), 'compare'
    (bool result computed in the promoted type), 'logical' (bool result), 'integral' (int/bool only)."""
    cls = node_class(_bname(name), formula, base=BinaryNode) if formula else None
    out_bool = kind in ("compare", "logical")

    def fn(input, other, *, alpha=1, out=None):
        # fast path: two plain tensors of one dtype and shape that the C kernel takes as they are
        if type(input) is Tensor and type(other) is Tensor and out is None:
            d = input._dtype
            if d is other._dtype and fast_ok[d.code]:
                sa = input._shape or input.shape
                if sa == (other._shape or other.shape):
                    oc = _gc(_new(8 if out_bool else d.code), _release)
                    if (cfn(oc, input._c, other._c, alpha) if alpha_arg else cfn(oc, input._c, other._c)):
                        raise RuntimeError(_err())
                    r = _object_new(Tensor)
                    r._c = oc
                    r._dtype = D.bool_ if out_bool else d
                    r._shape = sa
                    r._vc = [0]
                    r._requires_grad = False
                    r._grad_fn = None
                    if cls is not None and ENABLED[0] and (input._requires_grad or other._requires_grad):
                        r._grad_fn = cls((_edge(input), _edge(other)), (input, other) if saves else (),
                                         (sa, sa, d, d, alpha))
                        r._requires_grad = True
                    return r
        a, b = input, other
        if is_sub and (_is_bool(a) or _is_bool(b)):
            raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. If you are "
                               "trying to invert a mask, use the `~` or `logical_not()` operator instead.")
        if type(a) is not Tensor and not isinstance(a, Tensor):
            a = _wrap_scalar_first(a, b)
        if isinstance(b, Tensor):
            da = a._dtype
            db = b._dtype
            if da is db:
                d = da
            else:
                na, nb = a._c.ndim, b._c.ndim
                d = D.result_dtype([x._dtype for x in (a, b) if x._c.ndim], [x._dtype for x in (a, b) if not x._c.ndim], ())
            bc = b._c
            sb = b.shape
        else:
            da = a._dtype
            d = da if (D.scalar_dtype(b).category <= da.category) else D.result_dtype((da,) if a._c.ndim else (), () if a._c.ndim else (da,), (b,))
            db = d
            bc = None
            sb = ()
        if kind == "true_div" and d.category < 2:
            d = D.get_default_dtype()
        elif kind == "integral" and d.category == 2:
            raise RuntimeError(f"\"{name}_cpu\" not implemented for '{_TN[d.name]}'")
        ac = a._c if a._dtype is d else to_dtype_c(a._c, d)
        if bc is None:
            if scalar_kernel is not None and d.code in scalar_ok:
                # a Python number: the core's _scalar form, no operand tensor at all
                oc = _gc(_new(D.bool_.code if out_bool else d.code), _release)
                if scalar_kernel(oc, ac, b * alpha if alpha_arg and alpha != 1 else b):
                    raise RuntimeError(_err())
                od = D.bool_ if out_bool else d
                r = wrap(oc, od)
                r._shape = a._shape
                if cls is not None and ENABLED[0] and a._requires_grad:
                    saved = ((a, _const(b, d), saved_output(r)) if saves == "abr" else (a, _const(b, d))) if saves else ()
                    r._grad_fn = make_node(cls, (a, None), saved, (a.shape, (), a._dtype, db, alpha))
                    r._requires_grad = True
                if out is not None:
                    from ._inplace import write_result
                    return write_result(out, r, False)
                return r
            bc = scalar_c(b, d)
        elif db is not d:
            bc = to_dtype_c(bc, d)
        sa = a.shape
        if sa != sb:
            shape = broadcast_shapes(sa, sb)
            if sa != shape:
                ac = expand_c(ac, shape)
            if sb != shape:
                bc = expand_c(bc, shape)
        else:
            shape = sa
        od = D.bool_ if out_bool else d
        oc = _gc(_new(od.code), _release)
        if alpha_arg:
            rc = kernel(oc, ac, bc, alpha)
        else:
            rc = kernel(oc, ac, bc)
        if rc:
            raise RuntimeError(_err())
        r = wrap(oc, od)
        r._shape = shape
        if cls is not None and ENABLED[0] and (a._requires_grad or (type(b) is not float and type(b) is not int
                                                                     and isinstance(b, Tensor) and b._requires_grad)):
            bt = b if isinstance(b, Tensor) else None
            saved = ((a, bt if bt is not None else _const(b, d), saved_output(r)) if saves == "abr" else
                     (a, bt if bt is not None else _const(b, d))) if saves else ()
            node = make_node(cls, (a, bt), saved, (sa, sb, a._dtype, db, alpha))
            r._grad_fn = node
            r._requires_grad = True
        if out is not None:
            from ._inplace import write_result
            return write_result(out, r, False)
        return r

    alpha_arg = alpha
    is_sub = name == "sub"
    cfn, c_ok = K.DIRECT.get(name, (None, ()))
    fast_ok = [cfn is not None and c in c_ok and not (kind == "true_div" and c not in (6, 7)) and c != 5
               and not (kind == "integral" and c in (6, 7)) for c in range(9)]
    if saves == "abr":
        fast_ok = [False] * 9
    scalar_kernel, scalar_ok = K.SCALAR.get(name, (None, ()))
    if kind == "true_div":
        scalar_ok = tuple(c for c in scalar_ok if c in (5, 6, 7))
    fn.__name__ = name

    def fn_(self, other, *, alpha=1):
        """In place: the kernel writes into self when no autograd is involved and no promotion is needed."""
        if ENABLED[0] and (self._requires_grad or (isinstance(other, Tensor) and other._requires_grad)):
            return apply_inplace(self, fn, (other,), {"alpha": alpha} if alpha_arg else {})
        d = self._dtype
        if out_bool or (kind == "true_div" and d.category < 2):
            return apply_inplace(self, fn, (other,), {"alpha": alpha} if alpha_arg else {})
        if isinstance(other, Tensor):
            if other._dtype is not d:
                return apply_inplace(self, fn, (other,), {"alpha": alpha} if alpha_arg else {})
            bc = other._c
            sb = other.shape
            ss = self.shape
            if sb != ss:
                if broadcast_shapes(ss, sb) != ss:
                    raise RuntimeError(f"output with shape {list(ss)} doesn't match the broadcast shape "
                                       f"{list(broadcast_shapes(ss, sb))}")
                bc = expand_c(bc, ss)
        else:
            if D.scalar_dtype(other).category > d.category:
                return apply_inplace(self, fn, (other,), {"alpha": alpha} if alpha_arg else {})
            if scalar_kernel is not None and d.code in scalar_ok:
                if scalar_kernel(self._c, self._c, other * alpha if alpha_arg and alpha != 1 else other):
                    raise RuntimeError(_err())
                self._vc[0] += 1
                return self
            bc = expand_c(scalar_c(other, d), self.shape)
        rc = kernel(self._c, self._c, bc, alpha) if alpha_arg else kernel(self._c, self._c, bc)
        if rc:
            raise RuntimeError(_err())
        self._vc[0] += 1
        return self
    d = OpDecl()
    d.name, d.forward, d.formula, d.node_cls = name, fn, formula, cls
    d.method, d.inplace, d.function, d.operators = method, inplace, True, operators
    OPS[name] = d
    register(name, fn, method, True, (), None)
    if inplace:
        fn_.__name__ = name + "_"
        setattr(Tensor, name + "_", fn_)
    def operator(self, other):
        """`a op b`: the same fast path as fn without keyword handling (operators are the hot path)."""
        if type(other) is Tensor and type(self) is Tensor:
            d = self._dtype
            if d is other._dtype and fast_ok[d.code]:
                sa = self._shape or self.shape
                if sa == (other._shape or other.shape):
                    oc = _gc(_new(8 if out_bool else d.code), _release)
                    if (cfn(oc, self._c, other._c, 1.0) if alpha_arg else cfn(oc, self._c, other._c)):
                        raise RuntimeError(_err())
                    r = _object_new(Tensor)
                    r._c = oc
                    r._dtype = D.bool_ if out_bool else d
                    r._shape = sa
                    r._vc = [0]
                    if cls is not None and ENABLED[0] and (self._requires_grad or other._requires_grad):
                        r._grad_fn = cls((_edge(self), _edge(other)), (self, other) if saves else (),
                                         (sa, sa, d, d, 1))
                        r._requires_grad = True
                    else:
                        r._requires_grad = False
                        r._grad_fn = None
                    return r
        return fn(self, other)

    for o in operators:
        setattr(Tensor, o, operator if o in ("__add__", "__sub__", "__mul__", "__truediv__", "__lt__", "__le__",
                                             "__gt__", "__ge__", "__eq__", "__ne__") else fn)
    if rname:
        def rfn(self, other):
            return fn(other, self)
        setattr(Tensor, rname, rfn)
    return fn


def _const(v, d):
    from ._creation import full
    return full((), v, dtype=d)


def _wrap_scalar_first(a, b):
    if not isinstance(b, Tensor):
        raise TypeError("expected at least one tensor argument")
    d = D.result_dtype((), (), (a,))
    return wrap(scalar_c(a, d), d)


_TN = {"float32": "Float", "float64": "Double", "float16": "Half", "int64": "Long", "int32": "Int",
       "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool"}


def _bname(name):
    return "".join(p.capitalize() for p in name.split("_")) + "Backward0"


# ---- the binary table: name, kernel, gradient (g, a, b, result, alpha) -> (grad_a, grad_b) ----------
add = binary("add", K.add, lambda g, a, b, r, al: (g, g if al == 1 else g * al), alpha=True, saves=False,
             operators=("__add__", "__radd__"))
sub = binary("sub", K.sub, lambda g, a, b, r, al: (g, -g if al == 1 else g * -al), alpha=True, saves=False,
             operators=("__sub__",), rname="__rsub__")
mul = binary("mul", K.mul, lambda g, a, b, r, al: (g * b, g * a), operators=("__mul__", "__rmul__"))
div = binary("div", K.div, lambda g, a, b, r, al: (g / b, -g * a / (b * b)), kind="true_div",
             operators=("__truediv__",), rname="__rtruediv__")
pow = binary("pow", K.pow, lambda g, a, b, r, al: (g * b * a.pow(b - 1), g * r * a.log()), saves="abr",
             operators=("__pow__",), rname="__rpow__")
maximum = binary("maximum", K.maximum,
                 lambda g, a, b, r, al: (g * (a > b) + g * (a == b) * 0.5, g * (a < b) + g * (a == b) * 0.5))
minimum = binary("minimum", K.minimum,
                 lambda g, a, b, r, al: (g * (a < b) + g * (a == b) * 0.5, g * (a > b) + g * (a == b) * 0.5))
fmod = binary("fmod", K.fmod, lambda g, a, b, r, al: (g, None))
remainder = binary("remainder", K.remainder, lambda g, a, b, r, al: (g, -g * (a / b).floor()),
                   operators=("__mod__",), rname="__rmod__")
atan2 = binary("atan2", K.atan2, lambda g, a, b, r, al: (g * b / (a * a + b * b), -g * a / (a * a + b * b)),
               kind="true_div")
floor_divide = binary("floor_divide", K.floor_divide, operators=("__floordiv__",), rname="__rfloordiv__")
for _n, _op in (("eq", "__eq__"), ("ne", "__ne__"), ("lt", "__lt__"), ("le", "__le__"), ("gt", "__gt__"),
                ("ge", "__ge__")):
    globals()[_n] = binary(_n, getattr(K, _n), kind="compare", operators=(_op,))
greater, less, greater_equal, less_equal, not_equal = gt, lt, ge, le, ne
for _n in ("greater", "less", "greater_equal", "less_equal", "not_equal"):
    register(_n, globals()[_n], True)
logical_and = binary("logical_and", K.logical_and, kind="logical")
logical_or = binary("logical_or", K.logical_or, kind="logical")
logical_xor = binary("logical_xor", K.logical_xor, kind="logical")
bitwise_and = binary("bitwise_and", K.bitwise_and, kind="integral", operators=("__and__", "__rand__"))
bitwise_or = binary("bitwise_or", K.bitwise_or, kind="integral", operators=("__or__", "__ror__"))
bitwise_xor = binary("bitwise_xor", K.bitwise_xor, kind="integral", operators=("__xor__", "__rxor__"))
multiply, divide, subtract, true_divide = mul, div, sub, div
for _n in ("multiply", "divide", "subtract", "true_divide"):
    register(_n, globals()[_n], True)


def _iop(name):
    m = getattr(Tensor, name + "_")

    def iop(self, other):
        return m(self, other)
    return iop


for _n, _o in (("add", "__iadd__"), ("sub", "__isub__"), ("mul", "__imul__"), ("div", "__itruediv__"),
               ("pow", "__ipow__"), ("bitwise_and", "__iand__"), ("bitwise_or", "__ior__"),
               ("bitwise_xor", "__ixor__"), ("remainder", "__imod__"), ("floor_divide", "__ifloordiv__")):
    setattr(Tensor, _o, _iop(_n))


# ---- unary -------------------------------------------------------------------------------------
class UnaryNode(Node):
    """saved = (input, result); formula(g, x, result) -> grad_x."""
    __slots__ = ()

    def apply(self, grads):
        x, r = self.unpack_saved()
        return (self.formula(grads[0], x, r),)


def unary(name, kernel, formula=None, *, to_float=True, keep_int=False, bool_out=False, method=True,
          inplace=True, operators=()):
    """to_float: integer inputs give the default float dtype (exp, sin, ...); keep_int: integer allowed and
    kept (neg, abs); bool_out: result is bool (isnan...)."""
    if formula is not None:
        first_order = formula

        def formula(g, x, r):
            # create_graph: the saved result is outside the graph; recompute it from x so that formulas
            # written with the result (tanh, sigmoid, exp, ...) stay differentiable
            return first_order(g, x, fn(x) if ENABLED[0] else r)
    cls = node_class(_bname(name), formula, base=UnaryNode) if formula else None

    def fn(input, *, out=None):
        a = input
        d = a._dtype
        if out is None and ufast_ok[d.code] and type(a) is Tensor:
            oc = _gc(_new(8 if bool_out else d.code), _release)
            if ucfn(oc, a._c):
                raise RuntimeError(_err())
            r = _object_new(Tensor)
            r._c = oc
            r._dtype = D.bool_ if bool_out else d
            r._shape = a._shape
            r._vc = [0]
            r._requires_grad = False
            r._grad_fn = None
            if cls is not None and a._requires_grad and ENABLED[0]:
                r._grad_fn = cls(((a._grad_fn, a._out_idx) if a._grad_fn is not None else (grad_accumulator(a), 0),),
                                 (a, saved_output(r)))
                r._requires_grad = True
            return r
        ac = a._c
        if bool_out:
            od = D.bool_
        elif d.category < 2 and to_float and not keep_int:
            od = D.get_default_dtype()
            ac = to_dtype_c(ac, od)
        else:
            od = d
        oc = _gc(_new(od.code), _release)
        if kernel(oc, ac):
            raise RuntimeError(_err())
        r = wrap(oc, od)
        r._shape = a._shape
        if cls is not None and a._requires_grad and ENABLED[0]:
            node = make_node(cls, (a,), (a, saved_output(r)))
            r._grad_fn = node
            r._requires_grad = True
        if out is not None:
            from ._inplace import write_result
            return write_result(out, r, False)
        return r

    ucfn, u_ok = K.DIRECT.get(name, (None, ()))
    ufast_ok = [ucfn is not None and c in u_ok and not (bool_out or (c not in (6, 7) and to_float and not keep_int))
                for c in range(9)]
    fn.__name__ = name
    d = OpDecl()
    d.name, d.forward, d.formula, d.node_cls = name, fn, formula, cls
    d.method, d.inplace, d.function, d.operators = method, inplace, True, operators
    OPS[name] = d
    register(name, fn, method, True, operators, (name + "_") if inplace else None)
    return fn


_SQRT_2_OVER_PI = 2.0 / math.sqrt(math.pi)

neg = unary("neg", K.neg, lambda g, x, r: -g, keep_int=True, operators=("__neg__",))
negative = neg
abs = unary("abs", K.abs, lambda g, x, r: g * x.sign(), keep_int=True, operators=("__abs__",))
absolute = abs
exp = unary("exp", K.exp, lambda g, x, r: g * r)
log = unary("log", K.log, lambda g, x, r: g / x)
log2 = unary("log2", K.log2, lambda g, x, r: g / (x * math.log(2.0)))
log10 = unary("log10", K.log10, lambda g, x, r: g / (x * math.log(10.0)))
log1p = unary("log1p", K.log1p, lambda g, x, r: g / (x + 1))
expm1 = unary("expm1", K.expm1, lambda g, x, r: g * (r + 1))
sqrt = unary("sqrt", K.sqrt, lambda g, x, r: g / (2 * r))
rsqrt = unary("rsqrt", K.rsqrt, lambda g, x, r: g * -0.5 * r * r * r)
sin = unary("sin", K.sin, lambda g, x, r: g * x.cos())
cos = unary("cos", K.cos, lambda g, x, r: -g * x.sin())
tan = unary("tan", K.tan, lambda g, x, r: g * (1 + r * r))
asin = unary("asin", K.asin, lambda g, x, r: g * (1 - x * x).rsqrt())
acos = unary("acos", K.acos, lambda g, x, r: -g * (1 - x * x).rsqrt())
atan = unary("atan", K.atan, lambda g, x, r: g / (1 + x * x))
sinh = unary("sinh", K.sinh, lambda g, x, r: g * x.cosh())
cosh = unary("cosh", K.cosh, lambda g, x, r: g * x.sinh())
tanh = unary("tanh", K.tanh, lambda g, x, r: g * (1 - r * r))
sigmoid = unary("sigmoid", K.sigmoid, lambda g, x, r: g * r * (1 - r))
relu = unary("relu", K.relu, lambda g, x, r: g * (r > 0), keep_int=True)
erf = unary("erf", K.erf, lambda g, x, r: g * _SQRT_2_OVER_PI * (-x * x).exp())
reciprocal = unary("reciprocal", K.reciprocal, lambda g, x, r: -g * r * r)
floor = unary("floor", K.floor, lambda g, x, r: g * 0, keep_int=True)
ceil = unary("ceil", K.ceil, lambda g, x, r: g * 0, keep_int=True)
round = unary("round", K.round, lambda g, x, r: g * 0, keep_int=True)
trunc = unary("trunc", K.trunc, lambda g, x, r: g * 0, keep_int=True)
sign = unary("sign", K.sign, lambda g, x, r: g * 0, keep_int=True)
logical_not = unary("logical_not", K.logical_not, bool_out=True)
bitwise_not = unary("bitwise_not", K.bitwise_not, keep_int=True, operators=("__invert__",))
isnan = unary("isnan", K.isnan, bool_out=True, inplace=False)
isinf = unary("isinf", K.isinf, bool_out=True, inplace=False)
isfinite = unary("isfinite", K.isfinite, bool_out=True, inplace=False)
for _n in ("negative", "absolute"):
    register(_n, globals()[_n], True)
