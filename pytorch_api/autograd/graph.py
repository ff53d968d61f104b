"""The dynamic graph: nodes (one class per differentiable op, named like PyTorch's `AddBackward0`) and the
engine that runs them in dependency order."""
from __future__ import annotations

import heapq
import itertools
import weakref

from .grad_mode import ENABLED

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
            var._grad = g.detach().clone()  # never alias a gradient another node also received
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
    while ready:
        node = ready.pop()
        grads = buffers.pop(node, None)
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
        nexts = node.next_functions
        if grads is None or (want is not None and type(node) is AccumulateGrad):
            outs = None
        else:
            if node.n_outputs > 1 and node.out_meta is not None and type(node).formula is not None:
                grads = _fill_missing(grads, node.out_meta)
            outs = node.apply(grads)
            if node.hooks:
                for fn in node.hooks:
                    fn(outs, tuple(grads))
            if not retain_graph:
                node.release()
        k = 0
        for nxt, idx in nexts:
            if nxt is not None:
                g = outs[k] if outs is not None else None
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
            k += 1
    return captured


def _seq_key(n):
    return n.seq


def _fill_missing(grads, meta):
    if all(g is not None for g in grads):
        return grads
    from .._creation import zeros
    return [g if g is not None else zeros(s, dtype=d) for g, (s, d) in zip(grads, meta)]
