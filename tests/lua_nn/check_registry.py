"""Lists appendix A's class names (torch7-inventory.md) and reports those the Lua runtime cannot construct by name.
Run: python tests/lua_nn/check_registry.py  (also used by test_registry.py)."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

INVENTORY = "/work/shared/reference/torch7-inventory.md"


def appendix_a_names(path=INVENTORY):
    text = open(path).read()
    start = text.index("## Appendix A")
    end = text.index("## Appendix B", start)
    return sorted(set(re.findall(r"`((?:nn|nngraph|graph|optim|torch)\.[A-Za-z0-9_]+)\(", text[start:end])))


def missing(names):
    from bridge import runtime as _rt_mod  # noqa: F401
    from bridge.runtime import LuaRuntime
    rt = LuaRuntime()
    rt.execute("require 'nn'; require 'nngraph'; require 'optim'")
    out = []
    for n in names:
        ok = rt.eval("torch.getmetatable('%s') ~= nil" % n)
        if not ok:
            out.append(n)
    return out


if __name__ == "__main__":
    names = appendix_a_names()
    miss = missing(names)
    print(len(names), "classes in appendix A;", len(miss), "missing")
    for n in miss:
        print("  ", n)
