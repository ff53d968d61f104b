"""Torch7's own numbers: every entry of shared/data/torch7-golden/rng/rng.t7 (made by a real
Torch7 with torch.manualSeed(seed); value = loadstring(src)()) is recomputed with the core's
generator and kernels and must match bit for bit.

The file is read with a minimal binary .t7 reader written on the tc_file primitives (the full
codec lives in Lua); it is also a test of those primitives on a real Torch7 file."""
import os

import numpy as np
import pytest

from tensor_core import ffi, lib, check, TensorCoreError
from tensor_core.nd import from_numpy, to_numpy, empty

GOLDEN = os.path.join(os.environ.get("LUATORCH_SHARED", os.path.join(os.path.dirname(__file__), "..", "..", "..",
                                                                      "shared")),
                      "data", "torch7-golden", "rng", "rng.t7")
if not os.path.exists(GOLDEN):
    GOLDEN = "/work/shared/data/torch7-golden/rng/rng.t7"

STORAGE_TYPES = {  # class prefix -> (tc_file element, numpy dtype)
    "Double": (lib.TC_FILE_DOUBLE, np.float64), "Float": (lib.TC_FILE_FLOAT, np.float32),
    "Long": (lib.TC_FILE_LONG, np.int64), "Int": (lib.TC_FILE_INT, np.int32),
    "Short": (lib.TC_FILE_SHORT, np.int16), "Char": (lib.TC_FILE_CHAR, np.int8),
    "Byte": (lib.TC_FILE_BYTE, np.uint8),
}


class T7Reader:
    """Just enough of File:readObject for this file: numbers, strings, booleans, tables, tensors, storages."""

    def __init__(self, path):
        f = lib.tc_file_open(path.encode(), b"r", 0)
        check(f)
        self.f = ffi.gc(f, lib.tc_file_free)
        check(lib.tc_file_set_binary(self.f, 1))
        self.objects = {}

    def read(self, elem, n, dtype):
        check(lib.tc_file_check_available(self.f, elem, n))   # never allocate what the file cannot hold
        out = np.zeros(n, dtype)
        if n:
            got = lib.tc_file_read(self.f, elem, ffi.from_buffer(out), n)
            if got != n:
                raise TensorCoreError(ffi.string(lib.tc_last_error()).decode())
        return out

    def int(self):
        return int(self.read(lib.TC_FILE_INT, 1, np.int32)[0])

    def long(self):
        return int(self.read(lib.TC_FILE_LONG, 1, np.int64)[0])

    def string(self):
        return self.read(lib.TC_FILE_CHAR, self.int(), np.int8).tobytes().decode("latin-1")

    def object(self):
        tag = self.int()
        if tag == 0:
            return None
        if tag == 1:
            return float(self.read(lib.TC_FILE_DOUBLE, 1, np.float64)[0])
        if tag == 2:
            return self.string()
        if tag == 5:
            return self.int() == 1
        index = self.int()
        if index in self.objects:
            return self.objects[index]
        if tag == 3:
            table = {}
            self.objects[index] = table
            for _ in range(self.int()):
                key = self.object()
                table[key] = self.object()
            return table
        assert tag == 4, f"unexpected tag {tag}"
        version = self.string()
        cls = self.string() if version.startswith("V ") else version
        kind = cls[len("torch."):]
        if kind.endswith("Storage"):
            elem, dtype = STORAGE_TYPES[kind[:-len("Storage")]]
            data = self.read(elem, self.long(), dtype)
            self.objects[index] = data
            return data
        assert kind.endswith("Tensor"), cls
        nd = self.int()
        sizes = [self.long() for _ in range(nd)]
        strides = [self.long() for _ in range(nd)]
        offset = self.long() - 1
        storage = self.object()
        item = storage.itemsize
        value = np.lib.stride_tricks.as_strided(storage[offset:], sizes, [s * item for s in strides]).copy()
        self.objects[index] = value
        return value


def lua_value(v):
    """Lua tables with keys 1..n become lists."""
    if isinstance(v, dict):
        keys = list(v)
        if all(isinstance(k, float) for k in keys) and sorted(keys) == [float(i) for i in range(1, len(keys) + 1)]:
            return [lua_value(v[float(i)]) for i in range(1, len(keys) + 1)]
        return {k: lua_value(x) for k, x in v.items()}
    return v


def load_cases():
    return [lua_value(e) for e in lua_value(T7Reader(GOLDEN).object())]


# ---- a few torch.* functions on the core, enough to replay the entries -------------------------------

class Torch:
    def __init__(self, gen):
        self.g = gen

    def fill(self, dtype, shape, fn, *args, gen=None):
        t = empty(shape, dtype)
        check(fn(t, gen or self.g, *args))
        return to_numpy(t).copy()

    def rand(self, *shape, dtype=np.float64, gen=None):
        return self.fill(dtype, shape, lib.tc_fill_uniform, 0.0, 1.0, gen=gen)

    def randn(self, *shape, dtype=np.float64, gen=None):
        return self.fill(dtype, shape, lib.tc_fill_normal, 0.0, 1.0, gen=gen)

    def randperm(self, n, dtype=np.float64):
        t = empty((0,), dtype)
        check(lib.tc_randperm(t, self.g, n, 1))
        return to_numpy(t).copy()

    def multinomial(self, probs, n, replacement=False, dtype=np.float64):
        out = empty((0,), np.int64)
        check(lib.tc_multinomial(out, self.g, from_numpy(np.array(probs, dtype)), n, replacement, 1))
        return to_numpy(out).copy()

    def bernoulli_p(self, p, dtype=np.float64, pdtype=np.float64):
        t = empty((len(p),), dtype)
        check(lib.tc_fill_bernoulli_tensor(t, self.g, from_numpy(np.array(p, pdtype))))
        return to_numpy(t).copy()

    def scalar(self, fn, *args, n=20, kind="double"):
        out = ffi.new(kind + " *")
        r = []
        for _ in range(n):
            check(fn(self.g, *args, out))
            r.append(float(out[0]))
        return r

    def state(self, gen=None):
        t = empty((0,), np.uint8)
        check(lib.tc_generator_get_state_tensor(gen or self.g, t))
        return to_numpy(t).copy()


def normal(T, mean=0.0, std=1.0):
    return T.scalar(lib.tc_draw_normal, mean, std, n=1)[0]


def random_u32(T):
    return float(lib.tc_draw_u32(T.g))


def case_table(T):
    D, F = np.float64, np.float32
    P = [0.1, 0.2, 0.3, 0.15, 0.25, 0, 0.5, 0.05]
    P2 = [[0.1, 0.2, 0.7, 0], [1, 1, 1, 1], [0, 0, 5, 1]]
    fill = T.fill
    cases = {
        "rand": lambda: T.rand(20), "rand_2d": lambda: T.rand(3, 4),
        "randn": lambda: T.randn(20), "randn_odd": lambda: T.randn(7),
        "randperm": lambda: T.randperm(20),
        "bernoulli": lambda: fill(D, (20,), lib.tc_fill_bernoulli, 0.3),
        "bernoulli_default": lambda: fill(D, (20,), lib.tc_fill_bernoulli, 0.5),
        "bernoulli_probtensor": lambda: T.bernoulli_p([0.1, 0.9, 0.5, 0.5, 0.2, 0.7, 0, 1]),
        "uniform": lambda: fill(D, (20,), lib.tc_fill_uniform, -2.0, 3.0),
        "uniform_default": lambda: fill(D, (20,), lib.tc_fill_uniform, 0.0, 1.0),
        "normal": lambda: fill(D, (20,), lib.tc_fill_normal, 1.0, 2.0),
        "normal_default": lambda: fill(D, (20,), lib.tc_fill_normal, 0.0, 1.0),
        "exponential": lambda: fill(D, (20,), lib.tc_fill_exponential, 1.5),
        "geometric": lambda: fill(D, (20,), lib.tc_fill_geometric, 0.2),
        "cauchy": lambda: fill(D, (20,), lib.tc_fill_cauchy, 0.5, 2.0),
        "cauchy_default": lambda: fill(D, (20,), lib.tc_fill_cauchy, 0.0, 1.0),
        "logNormal": lambda: fill(D, (20,), lib.tc_fill_log_normal, 1.0, 0.5),
        "random_tensor": lambda: fill(D, (20,), lib.tc_fill_random),
        "random_tensor_range": lambda: fill(D, (20,), lib.tc_fill_random_range, 1, 100),
        "random_tensor_n": lambda: fill(D, (20,), lib.tc_fill_random_upto, 6),
        "multinomial_replacement": lambda: T.multinomial(P, 10, True),
        "multinomial_noreplacement": lambda: T.multinomial(P, 4, False),
        "multinomial_noreplacement_default": lambda: T.multinomial(P, 3),
        "multinomial_2d_replacement": lambda: T.multinomial(P2, 6, True),
        "multinomial_2d_noreplacement": lambda: T.multinomial(P2, 2),
        "rand_Float": lambda: T.rand(20, dtype=F), "randn_Float": lambda: T.randn(20, dtype=F),
        "uniform_Float": lambda: fill(F, (20,), lib.tc_fill_uniform, -2.0, 3.0),
        "normal_Float": lambda: fill(F, (20,), lib.tc_fill_normal, 1.0, 2.0),
        "exponential_Float": lambda: fill(F, (20,), lib.tc_fill_exponential, 1.5),
        "geometric_Float": lambda: fill(F, (20,), lib.tc_fill_geometric, 0.2),
        "cauchy_Float": lambda: fill(F, (20,), lib.tc_fill_cauchy, 0.5, 2.0),
        "logNormal_Float": lambda: fill(F, (20,), lib.tc_fill_log_normal, 1.0, 0.5),
        "bernoulli_Float": lambda: fill(F, (20,), lib.tc_fill_bernoulli, 0.3),
        "bernoulli_Float_probtensor": lambda: T.bernoulli_p([0.1, 0.9, 0.5, 0.5, 0.2, 0.7], F, F),
        "random_Float": lambda: fill(F, (20,), lib.tc_fill_random_range, 1, 100),
        "multinomial_Float": lambda: T.multinomial(P, 10, True, F),
        "multinomial_Float_noreplacement": lambda: T.multinomial(P, 4, False, F),
        "random_Byte": lambda: fill(np.uint8, (20,), lib.tc_fill_random),
        "random_Char": lambda: fill(np.int8, (20,), lib.tc_fill_random),
        "random_Short": lambda: fill(np.int16, (20,), lib.tc_fill_random),
        "random_Int": lambda: fill(np.int32, (20,), lib.tc_fill_random),
        "random_Long": lambda: fill(np.int64, (20,), lib.tc_fill_random),
        "random_Int_range": lambda: fill(np.int32, (20,), lib.tc_fill_random_range, -5, 5),
        "random_Long_range": lambda: fill(np.int64, (20,), lib.tc_fill_random_range, 1, 6),
        "bernoulli_Byte": lambda: fill(np.uint8, (20,), lib.tc_fill_bernoulli, 0.3),
        "geometric_Int": lambda: fill(np.int32, (20,), lib.tc_fill_geometric, 0.2),
        "randperm_Long": lambda: T.randperm(20, np.int64),
        "scalar_random": lambda: [random_u32(T) for _ in range(20)],
        "scalar_random_range": lambda: T.scalar(lib.tc_draw_random_range, 1, 100, kind="int64_t"),
        "scalar_random_n": lambda: T.scalar(lib.tc_draw_random_upto, 6, kind="int64_t"),
        "scalar_uniform": lambda: [lib.tc_draw_uniform(T.g, 0, 1) for _ in range(20)],
        "scalar_uniform_range": lambda: [lib.tc_draw_uniform(T.g, -2, 3) for _ in range(20)],
        "scalar_normal": lambda: T.scalar(lib.tc_draw_normal, 0.0, 1.0),
        "scalar_normal_params": lambda: T.scalar(lib.tc_draw_normal, 1.0, 2.0),
        "scalar_exponential": lambda: T.scalar(lib.tc_draw_exponential, 1.5),
        "scalar_geometric": lambda: T.scalar(lib.tc_draw_geometric, 0.2),
        "scalar_cauchy": lambda: T.scalar(lib.tc_draw_cauchy, 0.0, 1.0),
        "scalar_logNormal": lambda: T.scalar(lib.tc_draw_log_normal, 1.0, 0.5),
        "scalar_bernoulli": lambda: T.scalar(lib.tc_draw_bernoulli, 0.3),
        "sequence_mixed": lambda: [T.randn(3), T.rand(2), normal(T), T.randn(1), random_u32(T),
                                   lib.tc_draw_uniform(T.g, 0, 1), normal(T), normal(T), T.randperm(5),
                                   fill(D, (4,), lib.tc_fill_bernoulli, 0.5), T.randn(3, dtype=F),
                                   T.scalar(lib.tc_draw_random_range, 1, 10, n=1, kind="int64_t")[0]],
        "sequence_randn_twice": lambda: [T.randn(20), T.randn(20)],
        "sequence_rand_randn_rand": lambda: [T.rand(5), T.randn(5), T.rand(5)],
        "initialSeed": lambda: float(lib.tc_generator_initial_seed(T.g)),
        "rng_state_size": lambda: float(T.state().size),
        "rng_state_after_seed": lambda: T.state(),
        "rng_state_after_draws": lambda: (T.randn(3), T.rand(2), T.state())[-1],
        "rng_state_roundtrip": lambda: roundtrip(T),
        "generator_object": lambda: generator_object(T),
    }
    return cases


def roundtrip(T):
    T.randn(3)
    s = T.state()
    a, b = T.randn(5), T.rand(3)
    check(lib.tc_generator_set_state_tensor(T.g, from_numpy(s)))
    return [a, b, T.randn(5), T.rand(3)]


def generator_object(T):
    g = lib.tc_generator_new()
    try:
        check(lib.tc_generator_manual_seed(g, 99))
        return [T.rand(4, gen=g), T.rand(4), T.randn(4, gen=g)]
    finally:
        lib.tc_generator_free(g)


def same(got, want, where):
    if isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), where
        for i, (a, b) in enumerate(zip(got, want)):
            same(a, b, f"{where}[{i + 1}]")
    elif isinstance(want, np.ndarray):
        got = np.asarray(got)
        assert got.dtype == want.dtype and got.shape == want.shape, f"{where}: {got.dtype}{got.shape} vs {want.dtype}{want.shape}"
        np.testing.assert_array_equal(got, want, err_msg=where)
    else:
        assert got == want, f"{where}: {got!r} != {want!r}"


CASES = load_cases() if os.path.exists(GOLDEN) else []


def test_golden_file_was_read():
    assert len(CASES) == 207
    assert {c["seed"] for c in CASES} == {1.0, 42.0, 12345.0}


@pytest.mark.parametrize("case", CASES, ids=[f"{c['name']}-{int(c['seed'])}" for c in CASES])
def test_torch7_golden(case):
    g = lib.tc_generator_new()
    try:
        check(lib.tc_generator_manual_seed(g, int(case["seed"])))
        T = Torch(g)
        fn = case_table(T)[case["name"]]
        same(fn(), case["value"], case["name"])
    finally:
        lib.tc_generator_free(g)
