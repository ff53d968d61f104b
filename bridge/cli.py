"""Command line: `luatorch run script.lua [args]` and `th [options] [script.lua [args]]` (trepl's launcher).

Other packages add `luatorch` subcommands with `register_subcommand(name, help, setup, run)`:
`setup(parser)` declares the arguments, `run(args)` does the work and returns the exit status.
"""
from __future__ import annotations

import argparse
import os
import sys

_SUBCOMMANDS: dict = {}

TH_USAGE = """Usage: th [options] [script.lua [arguments]]

Options:
  -l name            require library name
  -e statement       execute statement
  -i,--interactive   enter the REPL after executing a script
  -h,--help          print this help
"""


def register_subcommand(name, help, setup, run):
    """Adds `luatorch <name>`; setup(parser) declares its arguments, run(namespace) -> exit status."""
    _SUBCOMMANDS[name] = (help, setup, run)


def _new_runtime(script=None):
    from .runtime import LuaRuntime
    rt = LuaRuntime(script_dir=os.path.dirname(os.path.abspath(script)) if script else os.getcwd())
    rt.execute("require('trepl').install()")
    return rt


def _set_arg(rt, script, args, interpreter="th"):
    tbl = rt.table()
    tbl[-1] = interpreter
    if script is not None:
        tbl[0] = script
    for i, a in enumerate(args, 1):
        tbl[i] = a
    rt.globals().arg = tbl


def _report(e):
    from .runtime import LuaError
    msg = str(e) if isinstance(e, LuaError) else f"{type(e).__name__}: {e}"
    sys.stdout.flush()
    sys.stderr.write(msg.rstrip("\n") + "\n")
    sys.stderr.flush()


def _flush_lua(rt):
    try:
        rt.execute("io.stdout:flush()")
    except Exception:  # noqa: BLE001 - flushing must never mask the real error
        pass
    sys.stdout.flush()


def _run_script(rt, script, args):
    from .runtime import LuaError
    if not os.path.exists(script):
        sys.stderr.write(f"cannot open {script}: No such file or directory\n")
        return 1
    _set_arg(rt, script, args)
    try:
        rt.execute("local p = ... local f, e = loadfile(p) if not f then error(e, 0) end return f(select(2, ...))",
                   script, *args, name="=th")
    except LuaError as e:
        _flush_lua(rt)
        _report(e)
        return 1
    finally:
        _flush_lua(rt)
    return 0


# ---- REPL ---------------------------------------------------------------------------------------
_REPL_LUA = r"""
local trepl = require 'trepl'
local function show(n, ...)
   if n > 0 then trepl.print(...) end
end
return function(code)
   local src = code
   if src:sub(1, 1) == '=' then src = 'return ' .. src:sub(2) end
   local f, err = loadstring('return ' .. src, '=stdin')
   if not f then f, err = loadstring(src, '=stdin') end
   if not f then
      if err:find("<eof>", 1, true) then return 'incomplete' end
      return 'error', err
   end
   local r = { xpcall(f, debug.traceback) }
   if not r[1] then return 'error', tostring(r[2]) end
   show(table.maxn(r) - 1, unpack(r, 2, table.maxn(r)))
   return 'ok'
end
"""


def repl(rt, stdin=None):
    try:
        import readline  # noqa: F401 - line editing and history for input()
    except ImportError:
        pass
    step = rt.execute(_REPL_LUA, name="=repl")
    interactive = sys.stdin.isatty()
    if interactive:
        print("luatorch  |  LuaJIT 2.1 + Torch7 tensors.  Type an expression, '=expr' or 'exit'.")
    buf = ""
    while True:
        try:
            line = input("> " if not buf else ">> ") if interactive else sys.stdin.readline()
        except EOFError:
            break
        if not interactive:
            if line == "":
                break
            line = line.rstrip("\n")
        if not buf and line.strip() in ("exit", "quit", "os.exit()"):
            break
        code = (buf + "\n" + line) if buf else line
        if not code.strip():
            continue
        status, err = _unpack(step(code))
        if status == "incomplete":
            buf = code
            continue
        buf = ""
        _flush_lua(rt)
        if status == "error":
            sys.stderr.write(str(err) + "\n")
            sys.stderr.flush()
        sys.stdout.flush()
    return 0


def _unpack(r):
    if isinstance(r, tuple):
        return (r[0], r[1] if len(r) > 1 else None)
    return (r, None)


# ---- th -----------------------------------------------------------------------------------------
def th_main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    libs, stmts, interactive = [], [], False
    script, script_args = None, []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("-h", "--help"):
            sys.stdout.write(TH_USAGE)
            return 0
        if a == "-l" and i + 1 < len(argv):
            libs.append(("lib", argv[i + 1])); i += 2; continue
        if a.startswith("-l") and len(a) > 2:          # th -lnn, as Torch7's th accepted
            libs.append(("lib", a[2:])); i += 1; continue
        if a == "-e" and i + 1 < len(argv):
            libs.append(("stmt", argv[i + 1])); i += 2; continue
        if a in ("-i", "--interactive"):
            interactive = True; i += 1; continue
        if a.startswith("-") and a != "-":
            sys.stderr.write(f"th: unknown option {a}\n" + TH_USAGE)
            return 2
        script, script_args = a, argv[i + 1:]
        break
    from .runtime import LuaError
    rt = _new_runtime(script)
    _set_arg(rt, script, script_args)
    for kind, val in libs:
        try:
            if kind == "lib":
                rt.execute("local name = ... local m = require(name) "
                           "if rawget(_G, name) == nil and type(m) == 'table' then _G[name] = m end",
                           val, name="=th")
            else:
                rt.execute(val, name="=(command line)")
        except LuaError as e:
            _flush_lua(rt)
            _report(e)
            return 1
        finally:
            _flush_lua(rt)
    status = 0
    if script is not None:
        status = _run_script(rt, script, script_args)
    if script is None and not libs or interactive:
        status = repl(rt) or status
    return status


# ---- luatorch -----------------------------------------------------------------------------------
def _setup_run(p):
    p.add_argument("script", help="Lua script to run")
    p.add_argument("args", nargs=argparse.REMAINDER, help="arguments passed to the script as `arg`")


def _do_run(ns):
    rt = _new_runtime(ns.script)
    return _run_script(rt, ns.script, ns.args)


register_subcommand("run", "run a Lua Torch7 script (like `th script.lua args`)", _setup_run, _do_run)
register_subcommand("th", "the th launcher: options, REPL", lambda p: p.add_argument("rest", nargs=argparse.REMAINDER),
                    lambda ns: th_main(ns.rest))


def build_parser():
    parser = argparse.ArgumentParser(prog="luatorch", description="Classic Lua Torch7 on a modern stack")
    sub = parser.add_subparsers(dest="command", metavar="command")
    for name, (help_, setup, _run) in _SUBCOMMANDS.items():
        setup(sub.add_parser(name, help=help_))
    return parser


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    # subcommands defined by other packages register themselves on import
    for mod in ("migration_tools.cli",):
        try:
            __import__(mod)
        except ImportError:
            pass
    parser = build_parser()
    if not argv:
        parser.print_help()
        return 2
    # `luatorch th ...` takes th's own options (-l, -e, -i) untouched
    if argv[0] == "th":
        return th_main(argv[1:])
    # `luatorch run script.lua -lr 0.1`: everything after the script belongs to the script
    if argv[0] == "run" and len(argv) >= 2 and not argv[1].startswith("-"):
        return _do_run(argparse.Namespace(script=argv[1], args=argv[2:]))
    ns = parser.parse_args(argv)
    if ns.command is None:
        parser.print_help()
        return 2
    return _SUBCOMMANDS[ns.command][2](ns)


def _entry(fn):
    code = fn()
    sys.stdout.flush()
    sys.exit(code)


if __name__ == "__main__":
    # run the importable module's main, where other packages' subcommands register
    from bridge import cli as _cli
    _entry(_cli.main)
