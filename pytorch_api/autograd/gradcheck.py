"""Finite-difference checks of analytical gradients (float64 central differences)."""
from __future__ import annotations


def _flat_inputs(inputs):
    from .._tensor import Tensor
    return [x for x in (inputs if isinstance(inputs, (tuple, list)) else (inputs,))
            if isinstance(x, Tensor) and x.requires_grad]


def gradcheck(func, inputs, *, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True, **_):
    import numpy as np
    from . import grad as autograd_grad
    from .grad_mode import no_grad
    from .._tensor import Tensor
    inputs = inputs if isinstance(inputs, (tuple, list)) else (inputs,)
    diff = _flat_inputs(inputs)
    for x in diff:
        if x.dtype.name != "float64":
            import warnings
            warnings.warn("Input is not a double precision floating point tensor: gradcheck may fail")
    out = func(*inputs)
    outs = [o for o in (out if isinstance(out, (tuple, list)) else (out,)) if isinstance(o, Tensor) and o.requires_grad]
    for oi, o in enumerate(outs):
        n_out = o.numel()
        analytic = [np.zeros((x.numel(), n_out)) for x in diff]
        numeric = [np.zeros((x.numel(), n_out)) for x in diff]
        from .._creation import zeros_like
        for j in range(n_out):
            go = zeros_like(o)
            go.view(-1)[j] = 1.0
            gs = autograd_grad(o, diff, go, retain_graph=True, allow_unused=True)
            for k, g in enumerate(gs):
                if g is not None:
                    analytic[k][:, j] = g.detach().numpy().reshape(-1)
        for k, x in enumerate(diff):
            xv = x.detach().numpy()   # a view: perturbations write through
            flat = xv.reshape(-1) if xv.flags.c_contiguous else None
            if flat is None:
                raise ValueError("gradcheck: inputs must be contiguous")
            for i in range(flat.size):
                orig = flat[i]
                with no_grad():
                    flat[i] = orig + eps
                    fp = _pick(func(*inputs), oi).detach().numpy().reshape(-1).astype(np.float64)
                    flat[i] = orig - eps
                    fm = _pick(func(*inputs), oi).detach().numpy().reshape(-1).astype(np.float64)
                    flat[i] = orig
                numeric[k][i, :] = (fp - fm) / (2 * eps)
            if not np.allclose(analytic[k], numeric[k], rtol=rtol, atol=atol):
                if raise_exception:
                    raise RuntimeError(f"Jacobian mismatch for output {oi} with respect to input {k},\n"
                                       f"numerical:{numeric[k]}\nanalytical:{analytic[k]}\n")
                return False
    return True


def _pick(out, i):
    from .._tensor import Tensor
    outs = [o for o in (out if isinstance(out, (tuple, list)) else (out,)) if isinstance(o, Tensor) and o.requires_grad]
    return outs[i] if outs else (out if not isinstance(out, (tuple, list)) else out[i])


def gradgradcheck(func, inputs, **kw):
    from . import grad as autograd_grad
    inputs = inputs if isinstance(inputs, (tuple, list)) else (inputs,)
    diff = _flat_inputs(inputs)

    def first(*xs):
        out = func(*xs)
        d = _flat_inputs(xs)
        return autograd_grad(out.sum(), d, create_graph=True)
    return gradcheck(first, inputs, **kw)
