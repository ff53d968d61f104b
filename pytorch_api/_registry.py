"""The op registry: every differentiable op is declared once — its forward (a kernel call) next to its
gradient formula — and Tensor methods, `torch.*` functions, operators and in-place variants are generated
from the declarations (the role of native_functions.yaml + derivatives.yaml in PyTorch).

A declaration is `@op(name, grad=formula, method=..., inplace=..., operators=...)` on a forward function
that returns `(outputs, inputs, saved, ctx)`: the wrapper records a node only when grad mode is on and an
input requires grad, so the forward never pays for autograd bookkeeping it does not need.
`formula(grad_output(s), saved_tensors, ctx)` returns one gradient per input (None where not needed).
"""
from __future__ import annotations

from .autograd.graph import Node, make_node
from .autograd.grad_mode import ENABLED
from ._tensor import Tensor, _alias

OPS = {}            # name -> declaration record (for introspection / docs / the Lua side)
FUNCTIONS = {}      # name -> function exported as torch.<name>
METHODS = {}        # name -> Tensor method


class OpDecl:
    __slots__ = ("name", "forward", "formula", "node_cls", "method", "inplace", "function", "operators")

    def __repr__(self):
        return f"<op {self.name}>"


def node_class(backward_name, formula, n_outputs=1, base=Node):
    return type(backward_name, (base,), {"__slots__": (), "formula": staticmethod(formula),
                                          "n_outputs": n_outputs})


def record(out, node_cls, inputs, saved, ctx, n_diff=1):
    """Attaches a new node to `out` (a Tensor, or a tuple whose first n_diff entries are differentiable)."""
    node = make_node(node_cls, inputs, saved, ctx)
    if isinstance(out, (tuple, list)):
        for i in range(n_diff):
            o = out[i]
            o._grad_fn = node
            o._out_idx = i
            o._requires_grad = True
    else:
        out._grad_fn = node
        out._requires_grad = True
    return out


def saved_output(t):
    """What a node keeps of its own output: an alias outside the graph (no reference cycle)."""
    return _alias(t)


def register(name, fn, method=None, function=True, operators=(), inplace=None):
    if function:
        FUNCTIONS[name if function is True else function] = fn
    if method:
        METHODS[name if method is True else method] = fn
        setattr(Tensor, name if method is True else method, fn)
    for o in operators:
        setattr(Tensor, o, fn)
    if inplace:
        from ._inplace import make_inplace
        m = make_inplace(fn, inplace)
        METHODS[inplace] = m
        setattr(Tensor, inplace, m)
        return m


def op(name, grad=None, backward_name=None, method=True, function=True, inplace=None, operators=(),
       n_outputs=1):
    """Declares a differentiable op (see module doc)."""
    def deco(forward):
        # ops returning (values, indices) differentiate the first output only: a one-output node
        cls = node_class(backward_name or _backward_name(name), grad, 1) if grad is not None else None

        if cls is None:
            def wrapper(*args, **kwargs):
                return forward(*args, **kwargs)[0]
        elif n_outputs == 1:
            def wrapper(*args, **kwargs):
                out, inputs, saved, ctx = forward(*args, **kwargs)
                if ENABLED[0]:
                    for t in inputs:
                        if t is not None and t._requires_grad:
                            return record(out, cls, inputs, saved, ctx)
                return out
        else:
            def wrapper(*args, **kwargs):
                out, inputs, saved, ctx = forward(*args, **kwargs)
                if ENABLED[0]:
                    for t in inputs:
                        if t is not None and t._requires_grad:
                            return record(out, cls, inputs, saved, ctx, 1)
                return out
        wrapper.__name__ = name
        wrapper.__qualname__ = name
        wrapper.__doc__ = forward.__doc__
        d = OpDecl()
        d.name, d.forward, d.formula, d.node_cls = name, forward, grad, cls
        d.method, d.inplace, d.function, d.operators = method, inplace, function, operators
        OPS[name] = d
        register(name, wrapper, method, function, operators, inplace)
        return wrapper
    return deco


def _backward_name(name):
    return "".join(p.capitalize() for p in name.strip("_").split("_")) + "Backward0"
