"""The dynamic graph: nodes (one class per differentiable op, named like PyTorch's `AddBackward0`) and the
engine that runs them in dependency order."""
from __future__ import annotations

import heapq
import itertools
import weakref

_seq = itertools.count()

FREED = object()  # marks saved tensors released after a backward pass without retain_graph


class Node:
    """A recorded op.  `next_functions[i]` is the edge (node, output index) of differentiable input i, or
    (None, 0).  Subclasses set `formula(grads, saved, ctx) -> tuple of input grads`."""
    __slots__ = ("next_functions", "saved", "versions", "ctx", "seq", "pre_hooks", "hooks", "out_meta",
                 "__weakref__", "__dict__")
    formula = None
    n_outputs = 1

    def __init__(self, next_functions, saved=(), ctx=None):
        self.next_functions = next_functions
        self.saved = saved
        self.versions = tuple(t._vc[0] for t in saved) if saved else ()
        self.ctx = ctx
        self.seq = next(_seq)
        self.pre_hooks = None
        self.hooks = None

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

    def __init__(self, variable):
        Node.__init__(self, ())
        self.variable = variable

    def apply(self, grads):
        g = grads[0]
        var = self.variable
        if g is None:
            return ()
        from .grad_mode import ENABLED
        if var.grad is None:
            if ENABLED[0]:
                var.grad = g if g.grad_fn is None else g   # create_graph: keep the graph of the gradient
            else:
                var.grad = g.detach().clone()
        elif ENABLED[0]:
            var.grad = var.grad + g
        else:
            var.grad.add_(g)
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
    ref = t._acc
    acc = ref() if ref is not None else None
    if acc is None:
        acc = AccumulateGrad(t)
        t._acc = weakref.ref(acc)
    return acc


def run_backward(roots, root_grads, retain_graph, capture=None):
    """Runs the graph from `roots` [(node, idx)] seeded with `root_grads`.  With `capture` (a list of
    (node, idx)) the gradients arriving there are returned and no leaf `.grad` is touched."""
    deps = {}
    start = [n for n, _ in roots if n is not None]
    seen = set(start)
    stack = list(start)
    while stack:
        n = stack.pop()
        for nxt, _ in n.next_functions:
            if nxt is not None:
                deps[nxt] = deps.get(nxt, 0) + 1
                if nxt not in seen:
                    seen.add(nxt)
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
    if capture is not None:
        captured = [None] * len(capture)
        want = {}
        for k, (n, i) in enumerate(capture):
            want.setdefault(n, []).append((i, k))
    ready = [(-n.seq, id(n), n) for n in set(start) if deps.get(n, 0) == 0]
    heapq.heapify(ready)
    while ready:
        _, _, node = heapq.heappop(ready)
        grads = buffers.pop(node, None)
        if grads is None:
            grads = [None] * node.n_outputs
        if node.pre_hooks:
            for i, fns in node.pre_hooks.items():
                for fn in fns:
                    if grads[i] is not None:
                        r = fn(grads[i])
                        if r is not None:
                            grads[i] = r
        if captured is not None and node in want:
            for i, k in want[node]:
                captured[k] = grads[i]
        if all(g is None for g in grads) or (captured is not None and type(node) is AccumulateGrad):
            outs = (None,) * len(node.next_functions)
        else:
            if node.n_outputs > 1:
                grads = node.fill_missing(grads) if hasattr(node, "fill_missing") else grads
            outs = node.apply(grads)
            if node.hooks:
                for fn in node.hooks:
                    fn(outs, tuple(grads))
            if not retain_graph:
                node.release()
        for (nxt, idx), g in zip(node.next_functions, outs):
            if nxt is None:
                continue
            if g is not None:
                buf = buffers.get(nxt)
                if buf is None:
                    buf = buffers[nxt] = [None] * nxt.n_outputs
                buf[idx] = g if buf[idx] is None else buf[idx] + g
            d = deps[nxt] - 1
            deps[nxt] = d
            if d == 0:
                heapq.heappush(ready, (-nxt.seq, id(nxt), nxt))
    return captured
