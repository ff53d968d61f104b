"""Python source for a described Lua model: one nn.Module class with named submodules and a
straight-line forward that mirrors the Lua structure.

Values flowing through forward are tracked statically: a tensor is the name of a local variable,
a Lua table of tensors is a Python tuple of such values.  Containers expand into statements;
leaf modules become PyTorch modules (or functional calls) through the converter registry.
"""
from __future__ import annotations

import keyword
import re

from .loader import ConversionError, LuaModule
from .prelude import DEPENDS, HELPERS


class Builder:
    """The class being generated: constructor lines, forward lines, weights, helpers used."""

    def __init__(self):
        self.init_lines: list[str] = []
        self.forward_lines: list[str] = []
        self.state: dict = {}
        self.helpers: set = set()
        self.unsupported: list = []
        self._names: dict = {}
        self._nvars = 0

    # ---- names ----------------------------------------------------------------------------------
    def attr(self, m: LuaModule, hint: str | None = None) -> str:
        base = hint or re.sub(r"(?<!^)(?=[A-Z])", "_", m.short).lower()
        base = re.sub(r"\W", "_", base).strip("_") or "layer"
        if keyword.iskeyword(base) or base[0].isdigit():
            base = "m_" + base
        self._names[base] = self._names.get(base, 0) + 1
        return f"{base}{self._names[base]}"

    def var(self) -> str:
        self._nvars += 1
        return f"x{self._nvars}"

    # ---- emission -------------------------------------------------------------------------------
    def use(self, helper: str):
        for dep in DEPENDS.get(helper, []):
            self.use(dep)
        self.helpers.add(helper)

    def module(self, m: LuaModule, ctor: str, state: dict | None = None, hint: str | None = None) -> str:
        """Declares self.<name> = ctor with its weights; returns 'self.<name>'."""
        name = self.attr(m, hint)
        self.init_lines.append(f"self.{name} = {ctor}  # {m.cls}")
        for key, arr in (state or {}).items():
            if arr is not None:
                self.state[f"{name}.{key}"] = arr
        return f"self.{name}"

    def assign(self, expr: str, comment: str | None = None) -> str:
        v = self.var()
        self.forward_lines.append(f"{v} = {expr}" + (f"  # {comment}" if comment else ""))
        return v

    def comment(self, text: str):
        self.forward_lines.append(f"# {text}")


def expr_of(v) -> str:
    """Python expression for a tracked value (tuples written out)."""
    if isinstance(v, tuple):
        inner = ", ".join(expr_of(x) for x in v)
        return f"({inner},)" if len(v) == 1 else f"({inner})"
    return v


def as_list(v, what: str) -> tuple:
    if not isinstance(v, tuple):
        raise ConversionError(f"{what} expects a table of tensors, but the model feeds it a single tensor.")
    return v


def emit(m: LuaModule, b: Builder, x):
    """Generates the code applying module m to value x; returns the output value."""
    from .converters import CONVERTERS
    conv = CONVERTERS.get(m.cls) or CONVERTERS.get(_alias(m.cls))
    if conv is None:
        b.unsupported.append((m.cls, m.path))
        b.use("T7Missing")
        mod = b.module(m, f"T7Missing({m.cls!r}, {m.path!r})", hint="missing")
        return b.assign(f"{mod}({expr_of(x)})")
    return conv(m, b, x)


_CRITERIA_NAMED_OTHERWISE = {"nn.L1Cost"}      # nn.Criterion subclasses whose name does not say so


def is_criterion(cls: str) -> bool:
    return _alias(cls).endswith("Criterion") or _alias(cls) in _CRITERIA_NAMED_OTHERWISE


def _alias(cls: str) -> str:
    # cudnn / cunn / legacy names saved from GPU runs map to the nn classes
    for prefix in ("cudnn.", "cunn.", "nn.Cuda"):
        if cls.startswith(prefix):
            return "nn." + cls[len(prefix):]
    return cls


def generate(model: LuaModule, target: str = "pytorch_api", class_name: str = "Model",
             allow_missing: bool = False):
    """(source, state_dict as {key: ndarray}) for the model."""
    b = Builder()
    n_inputs = model.graph.n_inputs if model.graph is not None else 1
    args = ["x"] if n_inputs == 1 else [f"x{i + 1}_in" for i in range(n_inputs)]
    x_in = args[0] if n_inputs == 1 else tuple(args)
    if is_criterion(model.cls):
        # a criterion becomes a module computing the loss: forward(input, target)
        args = ["input", "target"]
        x_in = ("input", "target")
    out = emit(model, b, x_in)
    if b.unsupported and not allow_missing:
        where = "; ".join(f"{cls} at {path}" for cls, path in b.unsupported)
        names = sorted({cls for cls, _ in b.unsupported})
        raise ConversionError(
            f"the model uses {len(names)} module class(es) the converter does not support: "
            f"{', '.join(names)} ({where}). Use --allow-missing to write placeholders that raise "
            "when called.")
    return _source(b, target, class_name, args, out, model), b.state


def _source(b: Builder, target, class_name, args, out, model) -> str:
    lib = "pytorch_api" if target == "pytorch_api" else "torch"
    lines = [
        f'"""{class_name}: converted from the Lua Torch7 model {model.cls} by luatorch convert.',
        "",
        "Load the weights with model.load_state_dict(torch.load(path)).",
        '"""',
        f"import {lib} as torch",
        f"import {lib}.nn as nn",
        f"import {lib}.nn.functional as F",
        "",
    ]
    for name in _ordered_helpers(b.helpers):
        lines.append(HELPERS_ALL[name].strip("\n"))
        lines.append("")
        lines.append("")
    lines.append(f"class {class_name}(nn.Module):")
    lines.append("    def __init__(self):")
    lines.append("        super().__init__()")
    for ln in b.init_lines or ["pass"]:
        lines.append("        " + ln)
    lines.append("")
    lines.append(f"    def forward(self, {', '.join(args)}):")
    for ln in b.forward_lines:
        lines.append("        " + ln)
    lines.append(f"        return {expr_of(out)}")
    lines.append("")
    return "\n".join(lines)


HELPERS_ALL = dict(HELPERS)
HELPERS_ALL["T7Missing"] = '''
class T7Missing(nn.Module):
    """Placeholder for a Lua module the converter does not support (written with --allow-missing)."""

    def __init__(self, lua_class, where):
        super().__init__()
        self.lua_class, self.where = lua_class, where

    def forward(self, *inputs):
        raise NotImplementedError(f"{self.lua_class} at {self.where} was not converted")
'''


def _ordered_helpers(names):
    # dependencies first, then alphabetical
    order = []
    for n in sorted(names):
        for d in DEPENDS.get(n, []):
            if d not in order:
                order.append(d)
        if n not in order:
            order.append(n)
    return order
