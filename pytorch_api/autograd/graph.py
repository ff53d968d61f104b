"""The dynamic graph: nodes (one class per differentiable op, named like PyTorch's `AddBackward0`) and the
engine that runs them in dependency order."""
from __future__ import annotations

import heapq
import itertools
import weakref

from .grad_mode import ENABLED

from sys import getrefcount as _getrefcount
from tensor_core import lib as _lib

_is_contig = _lib.tc_tensor_is_contiguous
_Tensor = [None]   # set by the package (graph.py is imported before the Tensor class exists)

_seq = itertools.count()

FREED = object()  # marks saved tensors released after a backward pass without retain_graph


class Node:
    """A recorded op.  `next_functions[i]` is the edge (node, output index) of differentiable input i, or
    (None, 0).  Subclasses set `formula(grads, saved, ctx) -> tuple of input grads`."""
    __slots__ = ("next_functions", "saved", "versions", "ctx", "seq", "__weakref__", "__dict__")
    pre_hooks = None   # rarely set: instance dict only when used
    hooks = None
    out_meta = None
    formula = None
    n_outputs = 1
    custom_release = False   # Function nodes free their ctx instead of `saved`

    def __init__(self, next_functions, saved=(), ctx=None):
        self.next_functions = next_functions
        self.saved = saved
        self.versions = [t._vc[0] for t in saved] if saved else ()
        self.ctx = ctx
        self.seq = next(_seq)

    def name(self):
        return type(self).__name__

    def unpack_saved(self):
        saved = self.saved
        if saved is FREED:
            raise RuntimeError(
                "Trying to backward through the graph a second time (or directly access saved tensors after "
                "they have already been freed). Saved intermediate values of the graph are freed when you call "
                ".backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the "
                "graph a second time or if you need to access saved tensors after calling backward.")
        for t, v in zip(saved, self.versions):
            if t._vc[0] != v:
                raise RuntimeError(
                    "one of the variables needed for gradient computation has been modified by an inplace "
                    f"operation: [{t.type()} {list(t.shape)}], which is output 0 of {self.name()}, is at "
                    f"version {t._vc[0]}; expected version {v} instead. Hint: enable anomaly detection to find "
                    "the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).")
        return saved

    def apply(self, grads):
        saved = self.unpack_saved()
        out = self.formula(grads[0] if self.n_outputs == 1 else grads, saved, self.ctx)
        return out if type(out) is tuple else (out,)

    def release(self):
        if self.saved:
            self.saved = FREED

    def register_hook(self, fn):
        if self.hooks is None:
            self.hooks = []
        self.hooks.append(fn)

    def register_prehook(self, fn):
        self.add_pre_hook(0, fn)

    def add_pre_hook(self, idx, fn):
        if self.pre_hooks is None:
            self.pre_hooks = {}
        self.pre_hooks.setdefault(idx, []).append(fn)

    def __call__(self, *grads):
        return self.apply(grads)

    def __repr__(self):
        return f"<{self.name()} object at {hex(id(self))}>"


class AccumulateGrad(Node):
    """The sink for a leaf: adds the incoming gradient into `variable.grad`."""
    __slots__ = ("variable",)

    def __init__(self, variable_ref):
        Node.__init__(self, ())
        self.variable = variable_ref   # weak: the leaf owns its accumulator, not the reverse (no cycle)

    def apply(self, grads):
        g = grads[0]
        var = self.variable()
        if g is None or var is None:
            return ()
        old = var._grad
        if ENABLED[0]:                      # create_graph: the gradient keeps its own graph
            var._grad = g if old is None else old + g
        elif old is None:
            # Steal the buffer when nothing else can see it (PyTorch checks use_count the same way): only the
            # engine's buffer list, our local and getrefcount's argument refer to it, it is no view, and it
            # is contiguous.  Otherwise copy, so .grad never aliases another gradient or a user's tensor.
            if _getrefcount(g) <= 3 and g._base is None and type(g) is _Tensor[0] and _is_contig(g._c):
                var._grad = g
            else:
                var._grad = g.detach().clone()
        else:
            old.add_(g)
        return ()


def make_node(cls, inputs, saved=(), ctx=None):
    """A node of class `cls` whose edges point at the given input tensors (None allowed)."""
    edges = []
    for t in inputs:
        if t is None or not t._requires_grad:
            edges.append((None, 0))
        elif t._grad_fn is not None:
            edges.append((t._grad_fn, t._out_idx))
        else:
            edges.append((grad_accumulator(t), 0))
    return cls(tuple(edges), saved, ctx)


def grad_accumulator(t):
    acc = t._acc
    if acc is None:
        acc = t._acc = AccumulateGrad(weakref.ref(t))
    return acc


def run_backward(roots, root_grads, retain_graph, capture=None):
    """Runs the graph from `roots` [(node, idx)] seeded with `root_grads`.  With `capture` (a list of
    (node, idx)) the gradients arriving there are returned and no leaf `.grad` is touched.
    Nodes run once all their consumers have run (dependency counts from one walk of the graph)."""
    deps = {}
    stack = []
    for n, _ in roots:
        if n is not None and n not in deps:
            deps[n] = 0
            stack.append(n)
    while stack:
        for nxt, _ in stack.pop().next_functions:
            if nxt is not None:
                if nxt in deps:
                    deps[nxt] += 1
                else:
                    deps[nxt] = 1
                    stack.append(nxt)
    buffers = {}
    for (n, i), g in zip(roots, root_grads):
        if n is None:
            continue
        buf = buffers.get(n)
        if buf is None:
            buf = buffers[n] = [None] * n.n_outputs
        buf[i] = g if buf[i] is None else buf[i] + g
    captured = None
    want = None
    if capture is not None:
        captured = [None] * len(capture)
        want = {}
        for k, (n, i) in enumerate(capture):
            want.setdefault(n, []).append((i, k))
    if len(roots) == 1:
        ready = [roots[0][0]] if roots[0][0] is not None else []
    else:
        ready = sorted({n for n, _ in roots if n is not None and deps[n] == 0}, key=_seq_key)
    pop_buffer = buffers.pop
    while ready:
        node = ready.pop()
        grads = pop_buffer(node, None)
        if want is None and type(node) is AccumulateGrad and not node.pre_hooks and not node.hooks:
            if grads is not None:
                node.apply(grads)
            continue
        if node.pre_hooks and grads is not None:
            for i, fns in node.pre_hooks.items():
                for fn in fns:
                    if grads[i] is not None:
                        r = fn(grads[i])
                        if r is not None:
                            grads[i] = r
        if want is not None and node in want:
            for i, k in want[node]:
                captured[k] = grads[i] if grads is not None else None
        if grads is None or (want is not None and type(node) is AccumulateGrad):
            for nxt, _ in node.next_functions:
                if nxt is not None:
                    d = deps[nxt] - 1
                    deps[nxt] = d
                    if d == 0:
                        ready.append(nxt)
            continue
        if node.n_outputs > 1 and node.out_meta is not None and type(node).formula is not None:
            grads = _fill_missing(grads, node.out_meta)
        outs = node.apply(grads)
        if node.hooks:
            for fn in node.hooks:
                fn(outs, tuple(grads))
        if not retain_graph:
            if node.custom_release:
                node.release()
            elif node.saved:
                node.saved = FREED
        for (nxt, idx), g in zip(node.next_functions, outs):
            if nxt is None:
                continue
            if g is not None:
                buf = buffers.get(nxt)
                if buf is None:
                    if nxt.n_outputs == 1:
                        buffers[nxt] = [g]
                    else:
                        buf = buffers[nxt] = [None] * nxt.n_outputs
                        buf[idx] = g
                elif buf[idx] is None:
                    buf[idx] = g
                else:
                    buf[idx] = buf[idx] + g
            d = deps[nxt] - 1
            deps[nxt] = d
            if d == 0:
                ready.append(nxt)
        outs = g = None   # the engine keeps no reference to a gradient it handed on (see AccumulateGrad)
    return captured


def _seq_key(n):
    return n.seq


def _fill_missing(grads, meta):
    if all(g is not None for g in grads):
        return grads
    from .._creation import zeros
    return [g if g is not None else zeros(s, dtype=d) for g, (s, d) in zip(grads, meta)]
