"""`luatorch convert` and `luatorch inspect` (registered with the bridge's command line)."""
from __future__ import annotations

import os
import sys

from bridge.cli import register_subcommand


def _setup_convert(p):
    p.add_argument("source", help="a .t7 checkpoint, or a Lua file that builds the model")
    p.add_argument("-o", "--output", help="Python file to write (default: <source>.py)")
    p.add_argument("--weights", help="weights file (default: the output with .pth)")
    p.add_argument("--target", choices=["pytorch_api", "torch"], default="pytorch_api",
                   help="library the generated code imports (default: pytorch_api)")
    p.add_argument("--class-name", default="Model", help="name of the generated nn.Module class")
    p.add_argument("--entry", help="for a Lua builder file: the function that returns the model")
    p.add_argument("--args", help="for --entry: Lua expressions passed to it, e.g. '10, 20'")
    p.add_argument("--input-shape", help="input shape for verification, e.g. 2,3,32,32; several inputs separated "
                                         "by ';'; 'index:N:8' for 8 class indices in 1..N (e.g. char-rnn's "
                                         "'index:65:8;8,128;8,128')")
    p.add_argument("--tolerance", type=float, default=1e-5, help="largest accepted relative difference")
    p.add_argument("--no-verify", action="store_true", help="skip the numerical check")
    p.add_argument("--gradients", action="store_true",
                   help="also compare gradients with the Lua model's: the input gradient, and the parameter "
                        "gradients through one SGD step taken by both (single tensor in and out)")
    p.add_argument("--allow-missing", action="store_true",
                   help="write placeholders (raising when called) for unsupported modules")


def _parse_shapes(text):
    """'2,3' -> (2, 3); 'index:65:8' -> ('index', 65, (8,)); several separated by ';' -> a list."""
    def one(part):
        part = part.strip()
        if part.startswith("index:"):
            _, n, dims = part.split(":", 2)
            return ("index", int(n), tuple(int(d) for d in dims.split(",")))
        return tuple(int(d) for d in part.split(","))
    parts = [p for p in text.split(";") if p.strip()]
    return one(parts[0]) if len(parts) == 1 else [one(p) for p in parts]


def _fail(msg):
    sys.stderr.write(f"luatorch convert: {msg}\n")
    return 1


def _do_convert(ns):
    import migration_tools as mt
    out = ns.output or os.path.splitext(ns.source)[0] + ".py"
    kw = dict(class_name=ns.class_name, allow_missing=ns.allow_missing, entry=ns.entry, args=ns.args)
    try:
        src, state = mt.convert(ns.source, ns.target, **kw)
        if not ns.no_verify:
            shape = _parse_shapes(ns.input_shape) if ns.input_shape else None
            diff, used = mt.verify(ns.source, ns.target, input_shape=shape, tol=ns.tolerance, src=src,
                                   state=state, **kw)
            print(f"verified: largest relative difference {diff:.3g} on input {used} (tolerance {ns.tolerance:g})")
            if ns.gradients and used and not isinstance(used, list) and used[0] != "index":
                gdiff = mt.verify_gradients(ns.source, used, ns.target, tol=max(ns.tolerance, 1e-4), src=src,
                                            state=state, **kw)
                print(f"gradients verified: input gradient relative difference {gdiff:.3g}; one SGD step moves "
                      "both models' outputs alike (parameter gradients)")
        weights = mt.write_outputs(src, state, out, ns.target, ns.weights)
    except mt.ConversionError as e:
        return _fail(str(e))
    except ValueError as e:
        return _fail(f"bad argument: {e}")
    print(f"wrote {out} and {weights} ({len(state)} tensors)")
    return 0


def _setup_inspect(p):
    p.add_argument("source", help="a .t7 file")


def _do_inspect(ns):
    import migration_tools as mt
    try:
        print(mt.inspect_text(ns.source))
    except mt.ConversionError as e:
        sys.stderr.write(f"luatorch inspect: {e}\n")
        return 1
    return 0


register_subcommand("convert", "convert a Lua nn model (.t7 or builder .lua) into a Python module", _setup_convert,
                    _do_convert)
register_subcommand("inspect", "print the object tree of a .t7 file", _setup_inspect, _do_inspect)
