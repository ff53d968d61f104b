"""torch.autograd.Function: user-defined forward/backward pairs recorded as one node."""
from __future__ import annotations

from .graph import Node, make_node
from .grad_mode import ENABLED, no_grad


class FunctionCtx:
    def __init__(self):
        self.to_save = ()
        self.saved_versions = ()
        self.needs_input_grad = ()
        self.dirty = ()
        self.non_differentiable = ()
        self.materialize_grads = True
        self._freed = False

    def save_for_backward(self, *tensors):
        self.to_save = tensors

    @property
    def saved_tensors(self):
        if self._freed:
            raise RuntimeError("Trying to backward through the graph a second time (or directly access saved tensors "
                               "after they have already been freed). Saved intermediate values of the graph are freed "
                               "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
                               "backward through the graph a second time or if you need to access saved tensors after "
                               "calling backward.")
        for t, v in zip(self.to_save, self.saved_versions):
            if t is not None and t._vc[0] != v:
                raise RuntimeError(
                    "one of the variables needed for gradient computation has been modified by an inplace operation: "
                    f"[{t.type()} {list(t.shape)}] is at version {t._vc[0]}; expected version {v} instead.")
        return self.to_save

    def mark_dirty(self, *tensors):
        self.dirty = tensors

    def mark_non_differentiable(self, *tensors):
        self.non_differentiable = tensors

    def set_materialize_grads(self, value):
        self.materialize_grads = value


class _FunctionNode(Node):
    __slots__ = ()

    def apply(self, grads):
        ctx = self.ctx
        if ctx.materialize_grads:
            from .._creation import zeros
            grads = [g if g is not None else zeros(s, dtype=d) for g, (s, d) in zip(grads, self.out_meta)]
        res = type(self).function.backward(ctx, *grads)
        if not isinstance(res, tuple):
            res = (res,)
        n = len(self.next_functions)
        if len(res) < n:
            raise RuntimeError(f"function {self.name()} returned an incorrect number of gradients (expected {n}, got "
                               f"{len(res)})")
        return tuple(res[:n])

    custom_release = True

    def release(self):
        self.ctx._freed = True


class _FunctionMeta(type):
    def __init__(cls, name, bases, ns):
        super().__init__(name, bases, ns)
        cls._backward_cls = type(name + "Backward", (_FunctionNode,), {"function": cls})


class Function(metaclass=_FunctionMeta):
    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError

    @staticmethod
    def backward(ctx, *grads):
        raise NotImplementedError

    @classmethod
    def apply(cls, *args):
        from .._tensor import Tensor, _alias
        ctx = FunctionCtx()
        tensor_args = [a if isinstance(a, Tensor) else None for a in args]
        ctx.needs_input_grad = tuple(a is not None and a._requires_grad for a in tensor_args)
        with no_grad():
            out = cls.forward(ctx, *args)
        single = not isinstance(out, tuple)
        outs = (out,) if single else out
        if ENABLED[0] and any(ctx.needs_input_grad):
            node = make_node(cls._backward_cls, tensor_args, (), ctx)
            ctx.saved_versions = tuple(t._vc[0] if t is not None else 0 for t in ctx.to_save)
            node.n_outputs = len(outs)
            node.out_meta = [(o.shape, o._dtype) if isinstance(o, Tensor) else ((), None) for o in outs]
            nd = {id(t) for t in ctx.non_differentiable}
            dirty = {id(t) for t in ctx.dirty}
            new = []
            for i, o in enumerate(outs):
                if isinstance(o, Tensor) and id(o) not in nd:
                    if id(o) in dirty:
                        o._vc[0] += 1
                    elif any(o is a for a in args):
                        o = _alias(o)   # returning an input unchanged gives a new handle in the graph
                    o._grad_fn = node
                    o._out_idx = i
                    o._requires_grad = True
                new.append(o)
            outs = tuple(new)
        return outs[0] if single else outs
