"""Linear algebra on the core's LAPACK entry points (tc_blas.h): the 2-D primitives are declared ops with
their gradients (inverse, det, slogdet, solve, cholesky, symmetric eigen, svd); batched inputs are looped
over matrices with differentiable unbind/stack; everything else (pinv, matrix_rank, lstsq, norms,
matrix_power, matrix_exp, ...) is composed from declared ops so its gradient comes for free.
`torch.linalg` is the namespace module `pytorch_api/linalg.py` over these functions."""
from __future__ import annotations

import builtins
import math

from tensor_core import ffi, lib
from . import _dtype as D
from ._tensor import Tensor, wrap, new_out, _err
from ._registry import op, register
from .autograd.grad_mode import ENABLED


def _chk(rc):
    if rc:
        msg = _err()
        raise RuntimeError(msg)


def _float_check(a, name):
    if not isinstance(a, Tensor):
        raise TypeError(f"{name}(): argument 'input' must be Tensor, not {type(a).__name__}")
    if a._dtype not in (D.float32, D.float64):
        raise RuntimeError(f"{name}: Expected a floating point tensor as input. Got {a._dtype}")


def _square_check(a, name):
    _float_check(a, name)
    if a.dim() < 2:
        raise RuntimeError(f"{name}: The input tensor A must have at least 2 dimensions.")
    if a.shape[-1] != a.shape[-2]:
        raise RuntimeError(f"{name}: A must be batches of square matrices, but they are "
                           f"{a.shape[-2]} by {a.shape[-1]} matrices")


def _per_matrix(fn, a, *rest):
    """Applies a 2-D fn to each matrix of a batch (differentiably: unbind + stack)."""
    if a.dim() == 2:
        return fn(a, *rest)
    from ._ops import stack
    batch = a.shape[:-2]
    flat = a.reshape(-1, a.shape[-2], a.shape[-1])
    outs = [fn(m, *rest) for m in flat.unbind(0)]
    if not outs:
        raise RuntimeError("linalg: empty batches are not supported")
    if isinstance(outs[0], tuple):
        return tuple(stack([o[i] for o in outs]).reshape(*batch, *outs[0][i].shape)
                     for i in range(len(outs[0])))
    return stack(outs).reshape(*batch, *outs[0].shape)


def _mT(x):
    return x.transpose(-2, -1)


# ---- 2-D primitives --------------------------------------------------------------------------------
# Under create_graph (ENABLED in a backward) a formula needs the op's result *with* its history, so that its
# own dependence on the input is differentiated too: it is recomputed from the saved input then (the saved
# copy is a constant, kept outside the graph to avoid reference cycles).
def _inverse_grad(g, s, c):
    a, r = s
    rt = _mT(_inverse2d(a) if ENABLED[0] else r)
    return (-(rt.mm(g).mm(rt)),)


@op("_inverse2d", grad=_inverse_grad, method=False)
def _inverse2d(a):
    out = new_out(a._dtype)
    _chk(lib.tc_inverse(out, a._c))
    r = wrap(out, a._dtype)
    from ._registry import saved_output
    return r, (a,), (a, saved_output(r)), None


def _det_grad(g, s, c):
    a, d = s
    if ENABLED[0]:
        d = _det2d(a)
    return ((g * d) * _mT(inv(a)),)


@op("_det2d", grad=_det_grad, method=False)
def _det2d(a):
    r = ffi.new("double *")
    _chk(lib.tc_det(a._c, r))
    from ._creation import tensor
    d = tensor(r[0], dtype=a._dtype)
    return d, (a,), (a, d.detach()), None


@op("_logabsdet2d", grad=lambda g, s, c: (g * _mT(inv(s[0])),), method=False)
def _logabsdet2d(a):
    sign, lad = ffi.new("double *"), ffi.new("double *")
    _chk(lib.tc_slogdet(a._c, sign, lad))
    from ._creation import tensor
    return tensor(lad[0], dtype=a._dtype), (a,), (a,), sign[0]


def _solve_grad(g, s, c):
    a, x = s
    gb = solve(_mT(a), g)
    ga = -(gb.unsqueeze(-1).mm(x.unsqueeze(0)) if x.dim() == 1 else gb.mm(_mT(x)))
    return (ga if c[0] else None, gb if c[1] else None)


@op("_solve2d", grad=_solve_grad, method=False)
def _solve2d(a, b):
    out = new_out(a._dtype)
    _chk(lib.tc_gesv(out, ffi.NULL, b._c, a._c))
    x = wrap(out, a._dtype)
    return x, (a, b), (a, x.detach()), (a._requires_grad, b._requires_grad)


def _phi(x):
    """Lower triangle with the diagonal halved."""
    return x.tril() - 0.5 * x.diagonal().diag()


def _cholesky_grad(g, s, c):
    l, a = s
    if ENABLED[0]:
        l = _cholesky2d(a)
    # gA = L^-T phi(L^T gL) L^-1, symmetrised
    p = _phi(_mT(l).mm(g))
    lt_inv = _tri_inv_upper(_mT(l))
    ga = lt_inv.mm(p).mm(_mT(lt_inv))
    return (0.5 * (ga + _mT(ga)),)


def _tri_inv_upper(u):
    return inv(u)


@op("_cholesky2d", grad=_cholesky_grad, method=False)
def _cholesky2d(a):
    out = new_out(a._dtype)
    _chk(lib.tc_potrf(out, a._c, 0))
    l = wrap(out, a._dtype)
    return l, (a,), (l.detach(), a), None


def _eigh_grad(g, s, c):
    gl, gv = g if isinstance(g, tuple) else (g, None)
    e, v = s
    inner = None
    if gl is not None:
        inner = gl.diag()
    if gv is not None and c:
        diff = e.unsqueeze(0) - e.unsqueeze(1)          # e_j - e_i
        n = e.shape[0]
        from ._creation import eye
        f = 1.0 / (diff + eye(n, dtype=e.dtype)) - eye(n, dtype=e.dtype)
        vtg = _mT(v).mm(gv)
        term = f * vtg
        inner = term if inner is None else inner + term
    if inner is None:
        return (None,)
    ga = v.mm(inner).mm(_mT(v))
    return (0.5 * (ga + _mT(ga)),)


def _symeig(a, vectors, upper):
    e, v = new_out(a._dtype), new_out(a._dtype)
    _chk(lib.tc_symeig(e, v, a._c, 1 if vectors else 0, 1 if upper else 0))
    return wrap(e, a._dtype), wrap(v, a._dtype)


@op("_eigvalsh2d", grad=lambda g, s, c: _eigh_grad((g, None), s, False), method=False)
def _eigvalsh2d(a, upper):
    e, v = _symeig(a, True, upper)
    return e, (a,), (e, v), None


def _svdvals_grad(g, s, c):
    u, v, a = s
    if ENABLED[0]:
        u, _, vh = _svd2d(a, False)
        v = _mT(vh)
    return (u.mul(g.unsqueeze(0)).mm(_mT(v)),)


@op("_svdvals2d", grad=_svdvals_grad, method=False)
def _svdvals2d(a):
    u, s, v = _svd_raw(a, True)
    return s, (a,), (u, v, a), None


def _svd_raw(a, some):
    u, s, v = new_out(a._dtype), new_out(a._dtype), new_out(a._dtype)
    _chk(lib.tc_svd(u, s, v, a._c, 1 if some else 0))
    return wrap(u, a._dtype), wrap(s, a._dtype), wrap(v, a._dtype)


# ---- public functions --------------------------------------------------------------------------------
def inv(A):
    _square_check(A, "linalg.inv")
    return _per_matrix(_inverse2d, A)


def det(A):
    _square_check(A, "linalg.det")
    return _per_matrix(_det2d, A)


def _slogdet2d(a):
    lad = _logabsdet2d(a)
    sign = ffi.new("double *"), ffi.new("double *")
    _chk(lib.tc_slogdet(a._c, sign[0], sign[1]))
    from ._creation import tensor
    return tensor(sign[0][0], dtype=a._dtype), lad


def slogdet(A):
    _square_check(A, "linalg.slogdet")
    r = _per_matrix(_slogdet2d, A)
    return _SignLogAbsDet(r)


class _SignLogAbsDet(tuple):
    def __new__(cls, r):
        return tuple.__new__(cls, r)

    sign = property(lambda self: self[0])
    logabsdet = property(lambda self: self[1])


def logdet(A):
    s, l = slogdet(A)
    return _logdet_combine(s, l)


def _logdet_combine(s, l):
    nan = s.lt(0)
    ninf = s.eq(0)
    out = l
    if bool(nan.any()):
        out = out.masked_fill(nan, float("nan"))
    if bool(ninf.any()):
        out = out.masked_fill(ninf, float("-inf"))
    return out


def solve(A, B, *, left=True):
    _square_check(A, "linalg.solve")
    if not left:
        return _mT(solve(_mT(A), _mT(B)))
    if B._dtype != A._dtype:
        raise RuntimeError(f"linalg.solve: Expected A and B to have the same dtype, but found A of type "
                           f"{A._dtype} and B of type {B._dtype} instead")
    if A.dim() == 2:
        if B.shape[0] != A.shape[0]:
            raise RuntimeError(f"linalg.solve: Incompatible shapes of A and B for the equation AX = B "
                               f"({A.shape[0]}x{A.shape[1]} and {B.shape[0]}x{B.shape[-1]})")
        return _solve2d(A, B)
    vec = B.dim() == A.dim() - 1
    Bm = B.unsqueeze(-1) if vec else B
    from ._ops import broadcast_tensors, stack
    batch = _broadcast_batch(A.shape[:-2], Bm.shape[:-2])
    Ae = A.expand(*batch, *A.shape[-2:]).reshape(-1, *A.shape[-2:])
    Be = Bm.expand(*batch, *Bm.shape[-2:]).reshape(-1, *Bm.shape[-2:])
    X = stack([_solve2d(a, b) for a, b in zip(Ae.unbind(0), Be.unbind(0))]).reshape(*batch, *Bm.shape[-2:])
    return X.squeeze(-1) if vec else X


def _broadcast_batch(a, b):
    from ._pointwise import broadcast_shapes
    return tuple(broadcast_shapes(tuple(a), tuple(b)))


def cholesky(A, *, upper=False):
    _square_check(A, "linalg.cholesky")
    L = _per_matrix(_cholesky2d, A)
    return _mT(L) if upper else L


def eigvalsh(A, UPLO="L"):
    _square_check(A, "linalg.eigvalsh")
    return _per_matrix(lambda a: _eigvalsh2d(a, UPLO == "U"), A)


class _EighNode:
    pass


def _eigh2d(a, upper):
    """Eigenvalues and vectors; the gradient flows through both by a custom Function."""
    from .autograd import Function

    class _Eigh(Function):
        @staticmethod
        def forward(ctx, x):
            e, v = _symeig(x, True, upper)
            ctx.save_for_backward(e, v)
            return e, v

        @staticmethod
        def backward(ctx, ge, gv):
            e, v = ctx.saved_tensors
            return _eigh_grad((ge, gv), (e, v), True)[0]

    return _Eigh.apply(a)


class _EigResult(tuple):
    def __new__(cls, r):
        return tuple.__new__(cls, r)

    eigenvalues = property(lambda self: self[0])
    eigenvectors = property(lambda self: self[1])


def eigh(A, UPLO="L"):
    _square_check(A, "linalg.eigh")
    return _EigResult(_per_matrix(lambda a: _eigh2d(a, UPLO == "U"), A))


def _svd2d(a, full_matrices):
    from .autograd import Function
    m, n = a.shape

    class _Svd(Function):
        @staticmethod
        def forward(ctx, x):
            u, s, v = _svd_raw(x, not full_matrices)
            ctx.save_for_backward(u, s, v)
            return u, s, _mT(v).contiguous()

        @staticmethod
        def backward(ctx, gu, gs, gvh):
            u, s, v = ctx.saved_tensors
            k = s.shape[0]
            u, v = u[:, :k], v[:, :k]
            from ._creation import zeros_like, eye
            gu = zeros_like(u) if gu is None else gu[:, :k]
            gv = zeros_like(v) if gvh is None else _mT(gvh)[:, :k]
            gs = zeros_like(s) if gs is None else gs
            # real SVD gradient (Townsend / PyTorch's svd_backward, real case)
            s2 = s * s
            diff = s2.unsqueeze(0) - s2.unsqueeze(1)        # s_j^2 - s_i^2
            I = eye(k, dtype=s.dtype)
            f = 1.0 / (diff + I) - I
            ut_gu = _mT(u).mm(gu)
            vt_gv = _mT(v).mm(gv)
            J = f * (ut_gu - _mT(ut_gu))
            K = f * (vt_gv - _mT(vt_gv))
            # standard formula: gA = U [ (F∘(UᵀgU − gUᵀU)) S + diag(gS) + S (F∘(VᵀgV − gVᵀV)) ] Vᵀ + extra
            Sd = s.diag()
            core = J.mm(Sd) + gs.diag() + Sd.mm(K)
            ga = u.mm(core).mm(_mT(v))
            sinv = 1.0 / s
            if m > k:
                ga = ga + (gu - u.mm(ut_gu)).mul(sinv.unsqueeze(0)).mm(_mT(v))
            if n > k:
                ga = ga + u.mul(sinv.unsqueeze(0)).mm(_mT(gv - v.mm(vt_gv)))
            return ga

    return _Svd.apply(a)


class _SvdResult(tuple):
    def __new__(cls, r):
        return tuple.__new__(cls, r)

    U = property(lambda self: self[0])
    S = property(lambda self: self[1])
    Vh = property(lambda self: self[2])
    V = property(lambda self: self[2])


def svd(A, full_matrices=True):
    _float_check(A, "linalg.svd")
    return _SvdResult(_per_matrix(lambda a: _svd2d(a, full_matrices), A))


def svdvals(A):
    _float_check(A, "linalg.svdvals")
    return _per_matrix(_svdvals2d, A)


def qr(A, mode="reduced"):
    _float_check(A, "linalg.qr")
    if mode not in ("reduced", "complete", "r"):
        raise RuntimeError(f"qr received unrecognized mode '{mode}' but expected one of 'reduced' "
                           f"(default), 'r', or 'complete'")

    def one(a):
        q, r = new_out(a._dtype), new_out(a._dtype)
        _chk(lib.tc_qr(q, r, a._c))
        return wrap(q, a._dtype), wrap(r, a._dtype)
    if mode == "complete" and A.shape[-2] > A.shape[-1]:
        raise NotImplementedError("linalg.qr: mode='complete' with m > n is not implemented")
    q, r = _per_matrix(one, A.detach() if A._requires_grad else A)
    if mode == "r":
        from ._creation import empty
        return _QrResult((empty(0, dtype=A.dtype), r))
    return _QrResult((q, r))


class _QrResult(tuple):
    def __new__(cls, r):
        return tuple.__new__(cls, r)

    Q = property(lambda self: self[0])
    R = property(lambda self: self[1])


def pinv(A, *, atol=None, rtol=None, hermitian=False):
    _float_check(A, "linalg.pinv")
    U, S, Vh = svd(A, full_matrices=False)
    smax = S.amax(dim=-1, keepdim=True) if S.shape[-1] else S
    if rtol is None:
        rtol = (max(A.shape[-2], A.shape[-1]) * _eps(A)) if atol is None else 0.0
    tol = smax.detach() * rtol
    if atol is not None:
        tol = tol.clamp(min=atol)
    keep = S.gt(tol)
    from ._creation import zeros_like
    sinv = (1.0 / S.masked_fill(keep.logical_not(), 1.0)).masked_fill(keep.logical_not(), 0.0)
    return _mT(Vh).mul(sinv.unsqueeze(-2)).matmul(_mT(U))


def _eps(A):
    return 1.1920928955078125e-07 if A._dtype == D.float32 else 2.220446049250313e-16


def matrix_rank(A, *, atol=None, rtol=None, hermitian=False, tol=None):
    _float_check(A, "linalg.matrix_rank")
    S = svdvals(A.detach())
    if tol is not None:
        atol, rtol = tol, 0.0
    smax = S.amax(dim=-1, keepdim=True)
    if rtol is None:
        rtol = (max(A.shape[-2], A.shape[-1]) * _eps(A)) if atol is None or atol == 0 else 0.0
    thr = smax * rtol
    if atol is not None:
        thr = thr.clamp(min=atol)
    return S.gt(thr).sum(-1)


class _LstsqResult(tuple):
    def __new__(cls, r):
        return tuple.__new__(cls, r)

    solution = property(lambda self: self[0])
    residuals = property(lambda self: self[1])
    rank = property(lambda self: self[2])
    singular_values = property(lambda self: self[3])


def lstsq(A, B, rcond=None, *, driver=None):
    _float_check(A, "linalg.lstsq")
    vec = B.dim() == A.dim() - 1
    Bm = B.unsqueeze(-1) if vec else B
    X = pinv(A).matmul(Bm)
    from ._creation import empty
    e = empty(0, dtype=A.dtype)
    return _LstsqResult((X.squeeze(-1) if vec else X, e, empty(0, dtype=D.int64), e))


def vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None):
    _float_check(x, "linalg.vector_norm")
    if dtype is not None:
        x = x.to(dtype)
    if isinstance(dim, int):
        dim = (dim,)
    kw = {} if dim is None else {"dim": tuple(dim)}
    a = x.abs()
    if ord == float("inf"):
        return a.amax(**kw, keepdim=keepdim) if dim is not None else a.amax()
    if ord == float("-inf"):
        return a.amin(**kw, keepdim=keepdim) if dim is not None else a.amin()
    if ord == 0:
        return x.ne(0).to(x.dtype).sum(**kw, keepdim=keepdim) if dim is not None else x.ne(0).to(x.dtype).sum()
    if ord == 2:
        s = (x * x).sum(**kw, keepdim=keepdim) if dim is not None else (x * x).sum()
        return s.sqrt()
    if ord == 1:
        return a.sum(**kw, keepdim=keepdim) if dim is not None else a.sum()
    s = a.pow(ord).sum(**kw, keepdim=keepdim) if dim is not None else a.pow(ord).sum()
    return s.pow(1.0 / ord)


def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None):
    _float_check(A, "linalg.matrix_norm")
    if A.dim() < 2:
        raise RuntimeError(f"linalg.matrix_norm: The input tensor A must have at least 2 dimensions.")
    if dtype is not None:
        A = A.to(dtype)
    d0, d1 = (d % A.dim() for d in dim)
    if ord == "fro":
        return vector_norm(A, 2, (d0, d1), keepdim)
    if ord == "nuc" or ord in (2, -2):
        M = A.movedim((d0, d1), (-2, -1))
        S = svdvals(M)
        r = S.sum(-1) if ord == "nuc" else (S.amax(-1) if ord == 2 else S.amin(-1))
        if keepdim:
            r = r.unsqueeze(-1).unsqueeze(-1).movedim((-2, -1), (d0, d1)) if False else _keep(r, A, d0, d1)
        return r
    if ord in (1, -1, float("inf"), float("-inf")):
        sum_dim, red_dim = (d0, d1) if ord in (1, -1) else (d1, d0)
        s = A.abs().sum(sum_dim, keepdim=True)
        r = s.amax(red_dim, keepdim=True) if ord in (1, float("inf")) else s.amin(red_dim, keepdim=True)
        return r if keepdim else r.squeeze(max(d0, d1)).squeeze(min(d0, d1))
    raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")


def _keep(r, A, d0, d1):
    for d in sorted((d0, d1)):
        r = r.unsqueeze(d)
    return r


def norm(A, ord=None, dim=None, keepdim=False, *, dtype=None):
    if isinstance(dim, int):
        dim = (dim,)
    if ord is None:
        if dim is not None and len(dim) == 2:
            return matrix_norm(A, "fro", dim, keepdim, dtype=dtype)
        if dim is None and A.dim() == 2:
            return vector_norm(A, 2, None, keepdim, dtype=dtype)
        return vector_norm(A, 2, dim, keepdim, dtype=dtype)
    if dim is None:
        if A.dim() == 2:
            return matrix_norm(A, ord, (-2, -1), keepdim, dtype=dtype)
        if A.dim() != 1:
            raise RuntimeError("linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. "
                               f"Got {A.dim()}D.")
        return vector_norm(A, ord, None, keepdim, dtype=dtype)
    if len(dim) == 2:
        return matrix_norm(A, ord, dim, keepdim, dtype=dtype)
    return vector_norm(A, ord, dim, keepdim, dtype=dtype)


def cross(input, other, *, dim=-1):
    if input.shape[dim] != 3 or other.shape[dim] != 3:
        raise RuntimeError(f"linalg.cross: inputs dimension {dim} must have length 3. Got "
                           f"{input.shape[dim]} and {other.shape[dim]}")
    a0, a1, a2 = input.unbind(dim)
    b0, b1, b2 = other.unbind(dim)
    from ._ops import stack
    return stack([a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0], dim=dim)


def matrix_power(A, n):
    _square_check(A, "linalg.matrix_power")
    if n < 0:
        A, n = inv(A), -n
    from ._creation import eye
    result = None
    base = A
    while n:
        if n & 1:
            result = base if result is None else result.matmul(base)
        n >>= 1
        if n:
            base = base.matmul(base)
    if result is None:
        result = eye(A.shape[-1], dtype=A.dtype).expand(A.shape).clone()
    return result


def matrix_exp(A):
    _square_check(A, "linalg.matrix_exp")
    # scaling and squaring with a degree-18 Taylor series; all declared ops, so differentiable
    nrm = float(A.detach().abs().sum(-2).amax()) if A.numel() else 0.0
    s = max(0, int(math.ceil(math.log2(nrm))) + 1) if nrm > 0.5 else 0
    X = A / (2.0 ** s)
    from ._creation import eye
    I = eye(A.shape[-1], dtype=A.dtype).expand(A.shape)
    term = I
    result = I
    for k in range(1, 19):
        term = term.matmul(X) / k
        result = result + term
    for _ in range(s):
        result = result.matmul(result)
    return result


def multi_dot(tensors):
    r = tensors[0]
    for t in tensors[1:]:
        r = r.matmul(t)
    return r


# ---- torch.* and Tensor forms (PyTorch's older names) ------------------------------------------------
class _SvdOld(tuple):
    def __new__(cls, r):
        return tuple.__new__(cls, r)

    U = property(lambda self: self[0])
    S = property(lambda self: self[1])
    V = property(lambda self: self[2])


def _torch_svd(input, some=True, compute_uv=True):
    U, S, Vh = svd(input, full_matrices=not some)
    return _SvdOld((U, S, _mT(Vh)))


def _torch_cholesky(input, upper=False):
    return cholesky(input, upper=upper)


def _pinverse(input, rcond=1e-15):
    return pinv(input, rtol=rcond)


TORCH_FUNCTIONS = {
    "det": det, "logdet": logdet, "slogdet": slogdet, "inverse": inv, "pinverse": _pinverse,
    "svd": _torch_svd, "cholesky": _torch_cholesky, "matrix_power": matrix_power, "matrix_exp": matrix_exp,
    "chain_matmul": lambda *ms: multi_dot(ms), "qr": lambda input, some=True: qr(input, "reduced" if some else "complete"),
}
for _name, _fn in TORCH_FUNCTIONS.items():
    register(_name, _fn, method=True)
Tensor.svd = lambda self, some=True, compute_uv=True: _torch_svd(self, some, compute_uv)
Tensor.cholesky = lambda self, upper=False: _torch_cholesky(self, upper)
Tensor.pinverse = lambda self, rcond=1e-15: _pinverse(self, rcond)
Tensor.qr = lambda self, some=True: qr(self, "reduced" if some else "complete")


# ---- LU with partial pivoting, written with declared ops (differentiable through L and U) --------------------
def _lu2d(a):
    from ._ops import stack, cat
    from ._creation import zeros, ones, tensor
    m, n = a.shape
    k_max = min(m, n)
    perm = list(range(m))
    pivots = []
    M = a
    cols = []                                   # L's columns, each of length m
    for k in range(k_max):
        col = M[k:, k].detach().abs()
        piv = k + int(col.argmax()) if col.numel() else k
        pivots.append(piv + 1)
        if piv != k:
            order = list(range(m))
            order[k], order[piv] = piv, k
            idx = tensor(order)
            M = M.index_select(0, idx)
            cols = [c.index_select(0, idx) for c in cols]
            perm[k], perm[piv] = perm[piv], perm[k]
        p = M[k, k]
        below = M[k + 1:, k]
        l = below / p if float(p.detach()) != 0.0 else below * 0
        cols.append(cat([zeros(k, dtype=a.dtype), ones(1, dtype=a.dtype), l]))
        if k + 1 < m:
            M = cat([M[:k + 1], M[k + 1:] - l.unsqueeze(1) * M[k].unsqueeze(0)])
    L = stack(cols, 1) if cols else zeros(m, 0, dtype=a.dtype)
    U = M[:k_max].triu()
    P = zeros(m, m, dtype=a.dtype)
    P[tensor(perm), tensor(list(range(m)))] = 1.0
    from . import _dtype as _D
    return P, L, U, tensor(pivots, dtype=_D.int32)


def lu(A, *, pivot=True):
    _float_check(A, "linalg.lu")
    if not pivot:
        raise RuntimeError("linalg.lu_factor: LU without pivoting is not implemented on CPU")
    P, L, U, _ = _per_matrix(_lu2d, A)
    return _PLU((P, L, U))


class _PLU(tuple):
    def __new__(cls, r):
        return tuple.__new__(cls, r)

    P = property(lambda self: self[0])
    L = property(lambda self: self[1])
    U = property(lambda self: self[2])


def lu_factor(A, *, pivot=True):
    _float_check(A, "linalg.lu_factor")
    P, L, U, piv = _per_matrix(_lu2d, A)
    m, n = A.shape[-2], A.shape[-1]
    k = min(m, n)
    LU = L[..., :, :k].tril(-1)
    if n > k:
        from ._ops import cat
        from ._creation import zeros
        LU = cat([LU, zeros(*LU.shape[:-1], n - k, dtype=LU.dtype)], -1)
    LU = LU + _pad_rows(U, m)
    return LU, piv


def _pad_rows(U, m):
    k = U.shape[-2]
    if k == m:
        return U
    from ._ops import cat
    from ._creation import zeros
    return cat([U, zeros(*U.shape[:-2], m - k, U.shape[-1], dtype=U.dtype)], -2)


def _torch_lu(A, pivot=True, get_infos=False):
    LU, piv = lu_factor(A, pivot=pivot)
    if get_infos:
        from ._creation import zeros
        from . import _dtype as _D
        return LU, piv, zeros(A.shape[:-2], dtype=_D.int32)
    return LU, piv


register("lu", _torch_lu, method=True)
