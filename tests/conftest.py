"""Collects Lua test files (`test_*.lua`) and runs each test function in them through the bridge.

A Lua test file returns a table of test functions (a plain table or a torch.TestSuite). Each function
becomes one pytest item; a Lua error or a failed `tester` assertion fails the item with the Lua
traceback. Every file gets a fresh LuaJIT state with `torch` loaded and a global `tester`
(a torch.Tester that raises on the first failed assertion).
"""
import os

import pytest

# The shared data (Torch7-written files and golden outputs) lies beside the checkout as ../shared;
# LUATORCH_SHARED overrides. Every test reads this one setting (Lua tests: os.getenv('LUATORCH_SHARED')).
_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.abspath(os.environ.get("LUATORCH_SHARED") or os.path.join(_ROOT, "..", "shared"))
os.environ["LUATORCH_SHARED"] = SHARED


def pytest_configure(config):
    if not os.path.isdir(os.path.join(SHARED, "data")):
        raise pytest.UsageError(f"the shared test data is missing: expected {SHARED}/data (the ../shared folder "
                                "beside the checkout, or set LUATORCH_SHARED)")

_PRELUDE = r"""
local path = ...
tester = torch.Tester()
tester:setRethrowErrors(true)
local chunk, err = loadfile(path)
if not chunk then error(err, 0) end
local tests = chunk()
if torch.typename(tests) == 'torch.TestSuite' then tests = tests:_tests() end
if type(tests) ~= 'table' then error(path .. ': a Lua test file must return a table of test functions', 0) end
local names = {}
for k, v in pairs(tests) do
   if type(v) == 'function' then names[#names + 1] = k end
end
table.sort(names)
return tests, names
"""


class LuaTestError(Exception):
    pass


def pytest_collect_file(parent, file_path):
    if file_path.suffix == ".lua" and file_path.name.startswith("test_"):
        return LuaFile.from_parent(parent, path=file_path)


class LuaFile(pytest.File):
    def collect(self):
        from bridge.runtime import LuaRuntime
        self.runtime = LuaRuntime(script_dir=os.path.dirname(str(self.path)))
        tests, names = self.runtime.execute(_PRELUDE, str(self.path), name="=collector")
        for i in range(1, len(names) + 1):
            name = names[i]
            yield LuaItem.from_parent(self, name=name, fn=tests[name])


class LuaItem(pytest.Item):
    def __init__(self, *, fn, **kw):
        super().__init__(**kw)
        self.fn = fn

    def runtest(self):
        from bridge.runtime import LuaError
        try:
            self.parent.runtime.call(self.fn)
        except LuaError as e:
            raise LuaTestError(str(e)) from None

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, LuaTestError):
            return f"Lua test {self.name} failed:\n{excinfo.value}"
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, 0, f"lua: {self.name}"
