"""torch.autograd: backward, grad, Function, gradcheck, grad modes."""
from __future__ import annotations

from .grad_mode import no_grad, enable_grad, set_grad_enabled, is_grad_enabled, inference_mode, ENABLED
from .graph import Node, run_backward, grad_accumulator
from .function import Function, FunctionCtx
from .gradcheck import gradcheck, gradgradcheck
from . import graph, function

from tensor_core import ffi as _ffi, lib as _lib

_gc, _empty, _release, _fill = _ffi.gc, _lib.tc_tensor_empty, _lib.tc_tensor_release, _lib.tc_fill
_wrap = None

__all__ = ["backward", "grad", "Function", "gradcheck", "no_grad", "enable_grad", "set_grad_enabled"]


def _as_list(x):
    if x is None:
        return None
    if isinstance(x, (list, tuple)):
        return list(x)
    return [x]


def _ones_like(t):
    if t._c.ndim == 0:
        c = _gc(_empty(t._dtype.code, 0, _ffi.NULL), _release)
        _fill(c, 1.0)
        return _wrap(c, t._dtype)
    from .._creation import ones_like
    return ones_like(t)


def _seed(outputs, grad_outputs):
    roots, grads = [], []
    for i, (o, g) in enumerate(zip(outputs, grad_outputs)):
        if not o._requires_grad:
            raise RuntimeError(f"element {i} of tensors does not require grad and does not have a grad_fn")
        if g is None:
            if o.numel() != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            if not o._dtype.is_floating_point:
                raise RuntimeError(f"grad can be implicitly created only for real scalar outputs but got {o._dtype}")
            g = _ones_like(o)
        elif g.shape != o.shape:
            raise RuntimeError(f"Mismatch in shape: grad_output[{i}] has a shape of {g.shape} and output[{i}] has a "
                               f"shape of {o.shape}.")
        if o._grad_fn is not None:
            roots.append((o._grad_fn, o._out_idx))
        else:
            roots.append((grad_accumulator(o), 0))
        grads.append(g)
    return roots, grads


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, inputs=None):
    from .._tensor import Tensor
    if grad_tensors is None and inputs is None and not create_graph and type(tensors) is Tensor \
            and tensors._grad_fn is not None:
        # the common `loss.backward()`: a scalar root, no options
        if tensors._c.ndim and tensors.numel() != 1:
            raise RuntimeError("grad can be implicitly created only for scalar outputs")
        prev = ENABLED[0]
        ENABLED[0] = False
        try:
            run_backward([(tensors._grad_fn, tensors._out_idx)], [_ones_like(tensors)], bool(retain_graph))
        finally:
            ENABLED[0] = prev
        return
    tensors = _as_list(tensors)
    grads = _as_list(grad_tensors) or [None] * len(tensors)
    if retain_graph is None:
        retain_graph = create_graph
    roots, seeds = _seed(tensors, grads)
    with set_grad_enabled(create_graph):
        if inputs is not None:
            inputs = _as_list(inputs)
            res = run_backward(roots, seeds, retain_graph, _capture(inputs))
            for t, g in zip(inputs, res):
                if g is not None:
                    t._grad = g.detach().clone() if t._grad is None else t._grad + g
        else:
            run_backward(roots, seeds, retain_graph)


def _capture(inputs):
    cap = []
    for t in inputs:
        if not t._requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
        cap.append((t._grad_fn, t._out_idx) if t._grad_fn is not None else (grad_accumulator(t), 0))
    return cap


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, only_inputs=True,
         allow_unused=None, is_grads_batched=False, materialize_grads=False):
    outputs = _as_list(outputs)
    single = not isinstance(inputs, (list, tuple))
    inputs = _as_list(inputs)
    gos = _as_list(grad_outputs) or [None] * len(outputs)
    if retain_graph is None:
        retain_graph = create_graph
    roots, seeds = _seed(outputs, gos)
    cap = _capture(inputs)
    keep = [n for n, _ in cap]   # accumulators must outlive the run
    with set_grad_enabled(create_graph):
        res = run_backward(roots, seeds, retain_graph, cap)
    del keep
    out = []
    for i, (t, g) in enumerate(zip(inputs, res)):
        if g is None:
            if materialize_grads:
                from .._creation import zeros_like
                g = zeros_like(t)
            elif not allow_unused:
                raise RuntimeError("One of the differentiated Tensors appears to not have been used in the graph. "
                                   "Set allow_unused=True if this is the desired behavior.")
        out.append(g)
    return tuple(out)


def _late_imports():
    global _wrap
    from .._tensor import wrap
    _wrap = wrap
