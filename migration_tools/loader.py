"""Loading Lua models through the bridge and describing them as Python data (the converter's IR).

The .t7 file is read by the one codec (Lua's torch.load) in safe mode: serialized functions are
refused.  The model description keeps every tensor as a numpy copy, so the Lua state can go away.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

import numpy as np


class ConversionError(Exception):
    """A user-facing failure: the message is one paragraph saying what was wrong and what to do."""


@dataclass
class GraphNode:
    inputs: list            # forward-node positions (0-based) feeding this node, in argument order
    module: "LuaModule | None"
    selectindex: int | None = None
    n_split: int | None = None
    name: str | None = None


@dataclass
class Graph:
    nodes: list             # GraphNode in topological order
    innode: int
    outputs: list           # node positions giving the outputs, in order
    n_inputs: int


@dataclass
class LuaModule:
    cls: str
    fields: dict
    tensors: dict           # name -> np.ndarray
    children: list
    path: str
    graph: Graph | None = None
    wrapped: str | None = None
    parts: dict | None = None    # named inner modules (meanestimator, stdestimator, normalizer)

    @property
    def short(self):
        return self.cls.split(".", 1)[-1]

    def tensor(self, name):
        t = self.tensors.get(name)
        return None if t is None or t.size == 0 else t

    def walk(self):
        """Every module in the tree, depth first (graph modules in forward order)."""
        yield self
        children = self.children
        if self.graph is not None:
            children = [n.module for n in self.graph.nodes if n.module is not None]
        for c in children:
            yield from c.walk()


_runtime = None


def runtime():
    """One LuaRuntime with nn, nngraph and the walker loaded (created on first use)."""
    global _runtime
    if _runtime is None:
        from bridge.runtime import LuaRuntime
        rt = LuaRuntime()
        # The converter's runtime loads and walks many models and never needs speed: it runs interpreted.
        # (An intermittent LuaJIT crash -- a closed upvalue found on the open list during a GC sweep -- was
        # seen only in this long-lived runtime; see the session notes.  The JIT stays on everywhere else.)
        rt.execute("jit.off(); jit.flush(); require 'nn'; pcall(require, 'nngraph')")
        here = os.path.dirname(os.path.abspath(__file__))
        rt.globals()._migration_walk = rt.run_file(os.path.join(here, "walk.lua"))
        _runtime = rt
    return _runtime


def _lua_error_text(e):
    msg = str(e).strip().splitlines()
    return msg[0] if msg else repr(e)


def load_lua_object(path: str):
    """torch.load of a .t7 file (binary, falling back to ascii), functions refused."""
    if not os.path.exists(path):
        raise ConversionError(f"{path}: no such file.")
    rt = runtime()
    from bridge.runtime import LuaError
    errors = []
    for fmt in ("binary", "ascii"):
        try:
            return rt.eval("torch.load(...)", path, fmt)
        except LuaError as e:
            errors.append(f"{fmt}: {_lua_error_text(e)}")
    raise ConversionError(
        f"{path} could not be read as a Torch7 file ({'; '.join(errors)}). Check that it was written "
        "by torch.save; a file that stores Lua functions must be trusted and loaded with allowFunctions.")


def find_model(obj, where: str = "checkpoint"):
    rt = runtime()
    result = rt.eval("_migration_walk.find_model(...)", obj, where)
    model, found = result if isinstance(result, tuple) else (result, where)
    if model is None:
        raise ConversionError(
            f"{where} holds no nn module (looked in the object itself and in tables such as "
            "checkpoint.model or checkpoint.protos). Pass a file saved with torch.save(path, model).")
    return model, found


def _py(v):
    """Lua value -> Python (tables with 1..n keys become lists)."""
    from lupa.luajit21 import lua_type
    if lua_type(v) == "table":
        items = dict(v.items())
        if items and all(isinstance(k, (int, float)) for k in items):
            n = len(items)
            if all(int(k) == k and 1 <= k <= n for k in items):
                return [_py(items[i]) for i in range(1, n + 1)]
        return {k: _py(x) for k, x in items.items()}
    return v


def describe(lua_module, path="model") -> LuaModule:
    rt = runtime()
    desc = rt.eval("_migration_walk.describe(...)", lua_module, path)
    return _to_ir(desc)


def _to_ir(d) -> LuaModule:
    rt = runtime()
    tensors = {}
    for k, t in d.tensors.items():
        tensors[k] = np.array(rt.numpy(t), copy=True)
    children = [_to_ir(c) for _, c in sorted(d.children.items())] if d.children else []
    m = LuaModule(cls=d["class"], fields=_py(d.fields) if d.fields else {}, tensors=tensors,
                  children=children, path=d.path, wrapped=d.wrapped)
    if m.fields == []:
        m.fields = {}
    if d.parts:
        m.parts = {k: _to_ir(v) for k, v in d.parts.items()}
    g = d.graph
    if g is not None:
        nodes = []
        for _, n in sorted(g.nodes.items()):
            inputs = [int(i) - 1 for _, i in sorted(n.inputs.items())] if n.inputs else []
            nodes.append(GraphNode(inputs=inputs, module=_to_ir(n.module) if n.module else None,
                                   selectindex=n.selectindex, n_split=n.nSplitOutputs, name=n.name))
        outputs = [int(i) - 1 for _, i in sorted(g.outputs.items())]
        m.graph = Graph(nodes=nodes, innode=int(g.innode) - 1, outputs=outputs, n_inputs=int(g.nInputs))
    return m


def inspect_text(path: str) -> str:
    obj = load_lua_object(path)
    lines = runtime().eval("_migration_walk.inspect(...)", obj)
    return "\n".join(lines[i] for i in range(1, len(lines) + 1))
