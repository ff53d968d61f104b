"""migration_tools: Lua Torch7 nn models -> readable Python modules with their weights, verified.

    source, state_dict = migration_tools.convert("model.t7", target="pytorch_api")   # or "torch"
    module = migration_tools.load_as_module("model.t7")        # a live nn.Module, no files written

The .t7 file is read by the Lua codec through the bridge with serialized functions refused.
"""
from __future__ import annotations

import importlib
import os
import sys
import types

import numpy as np

from .codegen import generate
from .loader import ConversionError, LuaModule, describe, find_model, inspect_text, load_lua_object, runtime

__all__ = ["convert", "load_as_module", "verify", "inspect_text", "ConversionError", "describe_model",
           "write_outputs"]

TARGETS = ("pytorch_api", "torch")



def _lua_message(err) -> str:
    """The informative line of a Lua error: nn containers put the failing module's error on a later
    line ("...Container.lua:34: \nIn 1 module of nn.Sequential:\n<the error>"); tracebacks are dropped."""
    lines = [ln.strip() for ln in str(err).splitlines()]
    lines = [ln for ln in lines if ln and not ln.startswith(("stack traceback", "[C]:", "In "))
             and not ln.endswith(":")]
    for ln in lines:
        if not ln.startswith("/") or ": " in ln:
            return ln
    return lines[0] if lines else str(err)

def _target_lib(target):
    if target not in TARGETS:
        raise ConversionError(f"unknown target {target!r}: choose 'pytorch_api' or 'torch'.")
    try:
        return importlib.import_module(target)
    except ImportError as e:
        raise ConversionError(f"the target library {target!r} is not installed ({e}).") from None


_models: dict = {}


def describe_model(source, entry: str | None = None, args: str | None = None):
    """(lua model object, LuaModule description) from a .t7 path, a Lua builder file, or a Lua module.
    A file is read (or a builder run) once per version of the file, so conversion and verification
    see the same weights."""
    if isinstance(source, (str, os.PathLike)):
        path = os.path.abspath(os.fspath(source))
        key = (path, os.path.getmtime(path) if os.path.exists(path) else None, entry, args)
        if key not in _models:
            _models[key] = _describe_model(path, entry, args)
        return _models[key]
    return _describe_model(source, entry, args)


def _describe_model(source, entry, args):
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        if path.endswith(".lua"):
            lua_obj = _build_from_lua(path, entry, args)
        else:
            lua_obj = load_lua_object(path)
        model, where = find_model(lua_obj, os.path.basename(path))
    else:
        model, where = source, "model"
    return model, describe(model, where)


def _build_from_lua(path, entry, args):
    """Runs Lua model-building code: the file's return value, or its function `entry`(args...)."""
    rt = runtime()
    from bridge.runtime import LuaError
    try:
        result = rt.run_file(path)
        fn = rt.globals()[entry] if entry else None
        if entry and fn is None and result is not None:
            fn = result[entry] if hasattr(result, "__getitem__") else None
        if entry:
            if fn is None:
                raise ConversionError(f"{path} defines no function {entry!r} (neither global nor in the returned table).")
            call_args = rt.eval(f"{{{args}}}") if args else rt.table()
            return rt.eval("(...)(unpack(select(2, ...)))", fn, call_args)
        if result is None:
            raise ConversionError(f"{path} returned nothing: return the model, or name a builder with --entry.")
        return result
    except LuaError as e:
        raise ConversionError(f"running {path} failed: {_lua_message(e)}") from None


def convert(source, target: str = "pytorch_api", class_name: str = "Model", allow_missing: bool = False,
            entry: str | None = None, args: str | None = None):
    """(Python source, state_dict of `target` tensors) for a .t7 file, a Lua builder file or a Lua module."""
    lib = _target_lib(target)
    _, desc = describe_model(source, entry, args)
    src, state = generate(desc, target, class_name, allow_missing)
    return src, _state_dict(lib, state)


def _state_dict(lib, state):
    out = {}
    for k, arr in state.items():
        a = np.array(arr, order="C")   # (ascontiguousarray would turn a 0-d buffer into 1-d)
        if a.dtype.kind == "f":
            a = a.astype(np.float32)
        out[k] = lib.from_numpy(a.copy())
    return out


def module_from_source(src: str, class_name: str = "Model", name: str = "luatorch_converted"):
    mod = types.ModuleType(name)
    mod.__file__ = f"<{name}>"
    code = compile(src, mod.__file__, "exec")
    exec(code, mod.__dict__)  # noqa: S102 - our own generated source, compiled to build the module
    return getattr(mod, class_name)


def load_as_module(source, target: str = "pytorch_api", **kw):
    """A live nn.Module (eval mode) with the converted weights, without writing files."""
    src, state = convert(source, target, **kw)
    cls = module_from_source(src, kw.get("class_name", "Model"))
    model = cls()
    model.load_state_dict(state)
    model.eval()
    return model


# ---- verification -------------------------------------------------------------------------------
def _first_leaf(m: LuaModule):
    for x in m.walk():
        if x.graph is None and not x.children:
            return x
    return None


def _input_candidates(desc: LuaModule):
    """Plausible input shapes for the model, from its first layer (batch of 2)."""
    leaf = _first_leaf(desc)
    cls = leaf.cls.split(".", 1)[-1] if leaf else ""
    fields = leaf.fields if leaf else {}
    if cls in ("Linear",):
        return [(2, leaf.tensors["weight"].shape[1])]
    if cls == "LookupTable":
        return [("index", leaf.tensors["weight"].shape[0], (2, 5))]
    if cls == "TemporalConvolution":
        return [(2, t, int(fields["inputFrameSize"])) for t in (16, 32, 64)]
    if "Volumetric" in cls and "nInputPlane" in fields:
        return [(2, int(fields["nInputPlane"]), s, s, s) for s in (8, 16, 32)]
    if "nInputPlane" in fields:
        return [(2, int(fields["nInputPlane"]), s, s) for s in (32, 64, 96, 128, 224)]
    if cls in ("BatchNormalization",):
        return [(2, leaf.tensors["running_mean"].shape[0])]
    if cls in ("SpatialBatchNormalization",):
        return [(2, leaf.tensors["running_mean"].shape[0], s, s) for s in (16, 32)]
    return []


def _prepare(source, target, src, state, kw):
    """The Lua model (as _verify_model, in evaluation mode) and the converted module with its weights,
    for the checks below; returns (runtime, target library, description, module, Lua tensor type)."""
    rt = runtime()
    lib = _target_lib(target)
    lua_model, desc = describe_model(source, kw.get("entry"), kw.get("args"))
    if src is None:
        src, raw = generate(desc, target, kw.get("class_name", "Model"), kw.get("allow_missing", False))
        state = _state_dict(lib, raw)
    model = module_from_source(src, kw.get("class_name", "Model"))()
    model.load_state_dict(state)
    model.eval()
    rt.globals()._verify_model = lua_model
    rt.execute("_verify_model:evaluate()")
    # the type its tensors really have: a GPU checkpoint says torch.CudaTensor but loads as Float
    lua_type = rt.eval("""(function(m)
        local p = (m:parameters() or {})[1]
        if p then return torch.type(p) end
        local t = m:type()
        if type(t) ~= 'string' then return nil end
        return (t:gsub('^torch%.Cuda(%a*)Tensor$', function(k) return 'torch.' .. (k == '' and 'Float' or k) .. 'Tensor' end))
     end)(_verify_model)""") or "torch.DoubleTensor"
    # files that mix Float and Double parameters (early Torch7) ran only after :float() / :double(); the
    # check runs the Lua model in the type of its first parameter, as their owners did
    mixed = rt.eval("""(function(m)
        local params, types, n = m:parameters() or {}, {}, 0
        for _, t in ipairs(params) do
           if not types[torch.type(t)] then types[torch.type(t)] = true; n = n + 1 end
        end
        if n > 1 then return torch.type(params[1]) end
     end)(_verify_model)""")
    if mixed:
        rt.execute("_verify_model:type(...)", mixed)
        lua_type = mixed
    return rt, lib, desc, model, lua_type


def verify(source, target: str = "pytorch_api", input_shape=None, tol: float = 1e-5, seed: int = 0,
           src: str | None = None, state=None, **kw):
    """Runs random inputs through the Lua model and the converted one; returns the largest absolute
    difference of outputs.  Raises ConversionError above tol (relative to the output's scale)."""
    rt, lib, desc, model, lua_type = _prepare(source, target, src, state, kw)
    rng = np.random.default_rng(seed)
    shapes = [tuple(input_shape)] if input_shape is not None else _input_candidates(desc)
    if not shapes:
        raise ConversionError("cannot infer the model's input shape from its first layer; pass --input-shape.")
    from bridge.runtime import LuaError
    last_err = None
    dt = np.float32 if "Float" in str(lua_type) else np.float64

    def one_input(shape):
        """(Lua tensor, Python tensor) for a shape, or for ("index", n, shape): 1-based class indices."""
        if shape and shape[0] == "index":
            x = rng.integers(1, shape[1] + 1, size=shape[2]).astype(np.int64)
            return rt.from_numpy(x), lib.from_numpy(x)
        x = rng.standard_normal(shape)
        return rt.from_numpy(x.astype(dt)), lib.from_numpy(x.astype(np.float32))

    for shape in shapes:
        # several inputs (a gModule with several input nodes): a list of shapes, a Lua table of tensors
        multi = bool(shape) and isinstance(shape[0], (tuple, list))
        pairs = [one_input(tuple(s)) for s in shape] if multi else [one_input(shape)]
        lua_x = rt.table(*[p[0] for p in pairs]) if multi else pairs[0][0]
        try:
            lua_out = rt.eval("_verify_model:forward(...)", lua_x)
        except LuaError as e:
            last_err = e
            continue
        ref = _flatten_outputs(rt, lua_out)
        with _no_grad(lib):
            out = model(*[p[1] for p in pairs])
        got = _flatten_outputs(None, out)
        if len(got) != len(ref):
            raise ConversionError(f"the converted model returns {len(got)} outputs, the Lua model {len(ref)}.")
        diff = 0.0
        for a, r in zip(got, ref):
            if a.shape != r.shape:
                raise ConversionError(f"output shape {a.shape} differs from the Lua model's {r.shape}.")
            scale = max(1.0, float(np.abs(r).max()) if r.size else 1.0)
            diff = max(diff, float(np.abs(a.astype(np.float64) - r).max() / scale) if r.size else 0.0)
        if diff > tol:
            raise ConversionError(f"verification failed: outputs differ by {diff:.3g} (relative), above the "
                                  f"tolerance {tol:g}, for input shape {shape}.")
        return diff, shape
    raise ConversionError(f"the Lua model rejected every input shape tried ({shapes}); pass --input-shape "
                          f"(last error: {_lua_message(last_err) if last_err else '?'}).")


def verify_gradients(source, input_shape, target: str = "torch", tol: float = 1e-4, seed: int = 0,
                     src: str | None = None, state=None, **kw):
    """The backward check: for a random input and a random gradient of the output, the converted
    module's input gradient (autograd) against the Lua model's updateGradInput, in evaluation mode.
    Returns the largest difference relative to the gradient's scale; raises ConversionError above tol.
    Single-tensor inputs and outputs only."""
    rt, lib, desc, model, lua_type = _prepare(source, target, src, state, kw)
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(tuple(input_shape))
    dt = np.float32 if "Float" in str(lua_type) else np.float64
    from bridge.runtime import LuaError
    try:
        lua_out = rt.eval("_verify_model:forward(...)", rt.from_numpy(x.astype(dt)))
    except LuaError as e:
        raise ConversionError(f"the Lua model rejected input shape {tuple(input_shape)}: {_lua_message(e)}") from None
    ref_out = _flatten_outputs(rt, lua_out)
    if len(ref_out) != 1:
        raise ConversionError("verify_gradients handles models with one output tensor.")
    go = rng.standard_normal(ref_out[0].shape)
    ref = np.array(rt.numpy(rt.eval("_verify_model:updateGradInput(...)", rt.from_numpy(x.astype(dt)),
                                    rt.from_numpy(go.astype(dt)))), dtype=np.float64)
    py_x = lib.from_numpy(x.astype(np.float32))
    py_x.requires_grad_(True)
    out = model(py_x)
    out.backward(lib.from_numpy(go.astype(np.float32)))
    got = py_x.grad.detach().numpy().astype(np.float64)
    if got.shape != ref.shape:
        raise ConversionError(f"input gradient shape {got.shape} differs from the Lua model's {ref.shape}.")
    scale = max(1.0, float(np.abs(ref).max()) if ref.size else 1.0)
    diff = float(np.abs(got - ref).max() / scale) if ref.size else 0.0
    if diff > tol:
        raise ConversionError(f"gradient check failed: input gradients differ by {diff:.3g} (relative), above "
                              f"the tolerance {tol:g}.")
    if kw.get("parameters", True):
        _check_training_step(rt, lib, model, x, go, dt, tol)
    return diff


def _check_training_step(rt, lib, model, x, go, dt, tol, lr=1e-2):
    """The parameter gradients, compared through what they do: one SGD step (p -= lr * dL/dp for the loss
    <output, go>) in the Lua model (zeroGradParameters, backward, updateParameters) and in the converted
    module (autograd), then the change of the output on the same input.  A converted weight that is a
    reshape or permutation of the Lua one takes the same step, so any gradient error shows; a parameter
    the converter handles differently (or a gradient reaching weights the Lua module does not have)
    shows as well, which is the point: the converted model must keep training like the Lua one."""
    params = [p for p in model.parameters() if p.requires_grad]
    if not params:
        return
    lua_x, lua_go = rt.from_numpy(x.astype(dt)), rt.from_numpy(go.astype(dt))
    before = _flatten_outputs(rt, rt.eval("_verify_model:forward(...)", lua_x))[0]
    # on a clone: the loaded model is cached and must stay as the file has it
    after = _flatten_outputs(rt, rt.execute(
        "local x, go, lr = ...; local m = _verify_model:clone(); m:zeroGradParameters(); m:forward(x); "
        "m:backward(x, go); m:updateParameters(lr); return m:forward(x)", lua_x, lua_go, lr))[0]
    ref = after - before
    for p in params:
        p.grad = None
    py_x = lib.from_numpy(x.astype(np.float32))
    out = model(py_x)
    out.backward(lib.from_numpy(go.astype(np.float32)))
    with _no_grad(lib):
        saved = [p.detach().clone() for p in params]     # the weights may share memory with the caller's state
        for p in params:
            if p.grad is not None:
                p.sub_(p.grad * lr)
        got = _flatten_outputs(None, model(py_x))[0] - _flatten_outputs(None, out)[0]
        for p, v in zip(params, saved):
            p.copy_(v)
            p.grad = None
    scale = float(np.abs(ref).max()) if ref.size else 0.0
    if scale == 0.0:
        return
    diff = float(np.abs(got - ref).max() / scale)
    if diff > max(tol, 1e-3):     # the change is small next to the outputs: float32 noise is larger here
        raise ConversionError(f"training check failed: after one SGD step (lr {lr:g}) the converted model's output "
                              f"moved differently from the Lua model's (relative difference {diff:.3g}): its "
                              "parameter gradients do not match.")


def _no_grad(lib):
    return lib.no_grad() if hasattr(lib, "no_grad") else _Null()


class _Null:
    def __enter__(self):
        return self

    def __exit__(self, *a):
        return False


def _flatten_outputs(rt, out):
    if rt is not None:
        from lupa.luajit21 import lua_type
        if lua_type(out) == "table":
            return [a for _, v in sorted(out.items()) for a in _flatten_outputs(rt, v)]
        return [np.array(rt.numpy(out), dtype=np.float64)]
    if isinstance(out, (tuple, list)):
        return [a for v in out for a in _flatten_outputs(None, v)]
    return [np.asarray(out.detach().numpy(), dtype=np.float64)]


# ---- files ----------------------------------------------------------------------------------------
def write_outputs(src: str, state, out_py: str, target: str, weights_path: str | None = None):
    """Writes the source and the weights atomically; returns the weights path."""
    lib = _target_lib(target)
    weights_path = weights_path or os.path.splitext(out_py)[0] + ".pth"
    _atomic_write_text(out_py, src)
    tmp = weights_path + ".tmp"
    lib.save(state, tmp)
    os.replace(tmp, weights_path)
    return weights_path


def _atomic_write_text(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)
