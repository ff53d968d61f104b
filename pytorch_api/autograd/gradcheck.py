"""Finite-difference checks of analytical gradients (float64 central differences)."""
from __future__ import annotations


def _flat_inputs(inputs):
    from .._tensor import Tensor
    return [x for x in (inputs if isinstance(inputs, (tuple, list)) else (inputs,))
            if isinstance(x, Tensor) and x.requires_grad]


def _outputs(out):
    """The differentiable (floating point) tensor outputs, in order, whether or not they require grad."""
    from .._tensor import Tensor
    return [o for o in (out if isinstance(out, (tuple, list)) else (out,))
            if isinstance(o, Tensor) and o.dtype.is_floating_point]


def gradcheck(func, inputs, *, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True, **_):
    import numpy as np
    from . import grad as autograd_grad
    from .._creation import zeros_like
    inputs = inputs if isinstance(inputs, (tuple, list)) else (inputs,)
    diff = _flat_inputs(inputs)
    for x in diff:
        if x.dtype.name != "float64":
            import warnings
            warnings.warn("Input is not a double precision floating point tensor: gradcheck may fail")
    outs = _outputs(func(*inputs))
    for oi, o in enumerate(outs):
        n_out = o.numel()
        analytic = [np.zeros((x.numel(), n_out)) for x in diff]
        numeric = [np.zeros((x.numel(), n_out)) for x in diff]
        # an output that does not require grad has a zero analytic Jacobian (finite differences must agree)
        for j in range(n_out if o.requires_grad else 0):
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
                # grad mode stays on: func may differentiate internally (gradgradcheck's first-order step)
                flat[i] = orig + eps
                fp = _outputs(func(*inputs))[oi].detach().numpy().reshape(-1).astype(np.float64)
                flat[i] = orig - eps
                fm = _outputs(func(*inputs))[oi].detach().numpy().reshape(-1).astype(np.float64)
                flat[i] = orig
                numeric[k][i, :] = (fp - fm) / (2 * eps)
            if not np.allclose(analytic[k], numeric[k], rtol=rtol, atol=atol):
                if raise_exception:
                    raise RuntimeError(f"Jacobian mismatch for output {oi} with respect to input {k},\n"
                                       f"numerical:{numeric[k]}\nanalytical:{analytic[k]}\n")
                return False
    return True


def gradgradcheck(func, inputs, grad_outputs=None, **kw):
    """Second derivatives, as PyTorch checks them: the first-order gradients for random output gradients
    (which are inputs of the check too) are differentiated again and compared with finite differences."""
    from . import grad as autograd_grad
    from .._creation import zeros_like
    from .._random import randn_like
    inputs = tuple(inputs) if isinstance(inputs, (tuple, list)) else (inputs,)
    n = len(inputs)
    if grad_outputs is None:
        grad_outputs = tuple(randn_like(o).requires_grad_(True) for o in _outputs(func(*inputs))
                             if o.requires_grad)
    grad_outputs = tuple(grad_outputs) if isinstance(grad_outputs, (tuple, list)) else (grad_outputs,)

    def first(*args):
        xs, gos = args[:n], args[n:]
        outs = [o for o in _outputs(func(*xs)) if o.requires_grad]
        d = _flat_inputs(xs)
        gs = autograd_grad(outs, d, list(gos), create_graph=True, allow_unused=True)
        return tuple(g if g is not None else zeros_like(x) for g, x in zip(gs, d))
    return gradcheck(first, inputs + grad_outputs, **kw)
