"""Elementwise kernels of the C core (tc_math.h) against numpy / scipy / torch.

Every op runs on several layouts: contiguous, transposed, sliced with steps, expanded (stride 0), and
in place (out is the input).  The ops are enumerated from the core's own op table.
"""
import numpy as np
import pytest
import scipy.special as sp

from tensor_core import ffi, lib, TensorCoreError, check
from tensor_core.nd import from_numpy, to_numpy, dtype_code

FLOATS = [np.float32, np.float64]
INTS = [np.uint8, np.int8, np.int16, np.int32, np.int64]
ALL = FLOATS + INTS + [np.bool_]
LAYOUTS = ["contiguous", "transposed", "stepped", "expanded"]


def new(dtype):
    t = lib.tc_tensor_new(dtype_code(dtype))
    return ffi.gc(t, lib.tc_tensor_release)


def table():
    ops = {}
    for i in range(lib.tc_op_count()):
        info = lib.tc_op_get(i)
        ops[ffi.string(info.name).decode()] = (info.kind, info.arity, info.flags)
    return ops


OPS = table()


def accepts(name, dtype):
    return bool(lib.tc_op_accepts(lib.tc_op_find(name.encode()), dtype_code(dtype)))


def make(shape, dtype, layout, rng, lo=-3.0, hi=3.0):
    """An array of `shape` in the given memory layout (values uniform in [lo, hi] or random ints)."""
    def raw(s):
        if np.dtype(dtype) == np.bool_:
            return rng.integers(0, 2, s).astype(np.bool_)
        if np.dtype(dtype).kind in "iu":
            info = np.iinfo(dtype)
            return rng.integers(max(info.min, -100), min(info.max, 100) + 1, s).astype(dtype)
        return rng.uniform(lo, hi, s).astype(dtype)

    if layout == "contiguous":
        return raw(shape)
    if layout == "transposed":
        return raw(shape[::-1]).T
    if layout == "stepped":
        big = raw(tuple(2 * s + 1 for s in shape))
        return big[tuple(slice(1, None, 2) for _ in shape)]
    if layout == "expanded":
        row = raw((1,) + tuple(shape[1:]))
        return np.broadcast_to(row, shape)
    raise ValueError(layout)


# ---- the op table ------------------------------------------------------------------------------------
def test_op_table_lists_every_entry_point_once():
    names = list(OPS)
    assert len(names) == len(set(names)) == lib.tc_op_count()
    for name, (kind, arity, flags) in OPS.items():
        assert hasattr(lib, "tc_" + name), name
        if kind in (lib.TC_OPK_BINARY, lib.TC_OPK_BINARY_ALPHA):
            assert hasattr(lib, f"tc_{name}_scalar") and hasattr(lib, f"tc_{name}_rscalar")
        if kind == lib.TC_OPK_COMPARE:
            assert hasattr(lib, f"tc_{name}_scalar")
        assert flags in (1, 2, 3, 6, 7)
    assert OPS["exp"][0] == lib.TC_OPK_UNARY and OPS["add"][0] == lib.TC_OPK_BINARY_ALPHA
    assert accepts("abs", np.int32) and not accepts("exp", np.int32) and not accepts("exp", np.float16)
    assert lib.tc_op_find(b"no_such_op") == ffi.NULL
    assert lib.tc_op_get(10 ** 6) == ffi.NULL


# ---- unary ----------------------------------------------------------------------------------------------
def round_half_away(x):
    return np.sign(x) * np.floor(np.abs(x) + 0.5)


UNARY_REF = {
    "exp": (np.exp, -80, 80), "exp2": (np.exp2, -100, 100), "expm1": (np.expm1, -5, 5),
    "log": (np.log, 1e-30, 1e30), "log2": (np.log2, 1e-5, 1e5), "log10": (np.log10, 1e-5, 1e5),
    "log1p": (np.log1p, -0.99, 5), "sqrt": (np.sqrt, 0, 100), "rsqrt": (lambda x: 1 / np.sqrt(x), 0.01, 100),
    "sin": (np.sin, -6, 6), "cos": (np.cos, -6, 6), "tan": (np.tan, -1.5, 1.5), "asin": (np.arcsin, -1, 1),
    "acos": (np.arccos, -1, 1), "atan": (np.arctan, -10, 10), "sinh": (np.sinh, -5, 5), "cosh": (np.cosh, -5, 5),
    "tanh": (np.tanh, -12, 12), "sigmoid": (sp.expit, -30, 30), "reciprocal": (lambda x: 1 / x, 0.1, 10),
    "round": (round_half_away, -5, 5), "round_half_even": (np.round, -5, 5), "ceil": (np.ceil, -5, 5),
    "floor": (np.floor, -5, 5), "trunc": (np.trunc, -5, 5), "frac": (lambda x: x - np.trunc(x), -5, 5),
    "erf": (sp.erf, -3, 3), "erfc": (sp.erfc, -3, 3), "erfinv": (sp.erfinv, -0.999, 0.999),
    "lgamma": (sp.gammaln, 0.1, 20), "digamma": (sp.psi, 0.1, 20),
    "abs": (np.abs, -5, 5), "neg": (np.negative, -5, 5), "sign": (np.sign, -5, 5), "square": (np.square, -5, 5),
    "bitwise_not": (np.invert, 0, 0),
}


def test_every_unary_op_has_a_reference():
    unary = {n for n, (k, _, _) in OPS.items() if k == lib.TC_OPK_UNARY}
    assert unary - {"logical_not"} == set(UNARY_REF)


@pytest.mark.parametrize("name", sorted(UNARY_REF))
@pytest.mark.parametrize("layout", LAYOUTS + ["inplace"])
def test_unary(name, layout):
    ref, lo, hi = UNARY_REF[name]
    rng = np.random.default_rng(abs(hash((name, layout))) % 2 ** 32)
    for dtype in ALL:
        if not accepts(name, dtype):
            continue
        x = make((7, 9), dtype, "contiguous" if layout == "inplace" else layout, rng, lo, hi)
        if name == "neg" and dtype == np.uint8:
            expected = (0 - x.astype(np.int64)).astype(np.uint8)
        elif np.dtype(dtype).kind == "f":
            expected = ref(x.astype(np.float64)).astype(dtype)
        else:
            expected = ref(x)
        if layout == "inplace":
            x = x.copy()
            t = from_numpy(x)
            check(getattr(lib, "tc_" + name)(t, t))
            got = x
        else:
            out = new(dtype)
            check(getattr(lib, "tc_" + name)(out, from_numpy(x)))
            got = to_numpy(out)
        assert got.shape == x.shape and got.dtype == np.dtype(dtype)
        if np.dtype(dtype).kind == "f":
            rtol = 4e-6 if dtype == np.float32 else 1e-12
            # lgamma and digamma have roots (1, 2; 1.46...): relative error is unbounded there
            atol = (1e-6 if dtype == np.float32 else 1e-13) if name in ("lgamma", "digamma") else 1e-30
            np.testing.assert_allclose(got, expected, rtol=rtol, atol=atol, err_msg=f"{name} {dtype}")
        else:
            np.testing.assert_array_equal(got, expected.astype(dtype), err_msg=f"{name} {dtype}")


SPECIALS = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, 1e-40, -1e-40, 88.7, 89.0, -87.5, -103.5, -200.0,
                     1e30, -1e30, 0.5, -0.5, 2.5, -2.5])


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("name", ["exp", "log", "tanh", "sigmoid", "sqrt", "round", "round_half_even", "sign",
                                  "frac", "erfinv", "digamma", "abs", "reciprocal", "lgamma"])
def test_unary_special_values_match_torch(name, dtype):
    torch = pytest.importorskip("torch")
    x = SPECIALS.astype(dtype)
    if name == "digamma":
        x = x[x != 0]  # the sign of digamma's infinity at +-0 differs between libraries
    out = new(dtype)
    check(getattr(lib, "tc_" + name)(out, from_numpy(x)))
    with np.errstate(all="ignore"):
        if name == "round":  # Torch7's round (halves away from zero); torch.round rounds halves to even
            expected = round_half_away(x)
        else:
            expected = getattr(torch, "round" if name == "round_half_even" else name)(torch.from_numpy(x)).numpy()
    # sigmoid(-103.5) is 1.3e-45 in float32: we keep the subnormal where torch flushes to 0
    atol = 2e-45 if name == "sigmoid" and dtype == np.float32 else 0
    np.testing.assert_allclose(to_numpy(out), expected, rtol=4e-6 if dtype == np.float32 else 1e-12, atol=atol,
                               equal_nan=True, err_msg=name)


def ulp_error(got, ref64, dtype):
    ref = ref64.astype(dtype)
    finite = np.isfinite(ref)
    assert np.array_equal(np.isnan(got), np.isnan(ref)), "NaN positions differ"
    assert np.array_equal(got[~finite & ~np.isnan(ref)], ref[~finite & ~np.isnan(ref)]), "infinities differ"
    spacing = np.spacing(np.abs(ref[finite])).astype(np.float64)
    return np.max(np.abs(got[finite].astype(np.float64) - ref64[finite]) / spacing)


@pytest.mark.parametrize("name,ref,lo,hi,bound", [
    ("exp", np.exp, -110.0, 95.0, 2.0), ("log", np.log, None, None, 2.0),
    # tanh = m / (m + 2) with m = e^{2|x|} - 1: three roundings after m, one division instead of a
    # polynomial plus exp plus a division -- about twice the speed for half an ulp more
    ("tanh", np.tanh, -12.0, 12.0, 2.5), ("sigmoid", sp.expit, -110.0, 40.0, 3.0)])
def test_vectorised_float32_functions_ulp_error(name, ref, lo, hi, bound):
    rng = np.random.default_rng(1)
    if lo is None:  # log: every binade from subnormals to the largest float
        x = np.concatenate([np.exp(rng.uniform(-103, 88.7, 400000)), rng.uniform(0.5, 2, 100000),
                            [1e-45, 1e-40, 1.17549435e-38, 3.4e38, 1.0]]).astype(np.float32)
    else:
        x = np.concatenate([rng.uniform(lo, hi, 400000), rng.uniform(-1, 1, 100000)]).astype(np.float32)
    out = new(np.float32)
    check(getattr(lib, "tc_" + name)(out, from_numpy(x)))
    with np.errstate(all="ignore"):
        err = ulp_error(to_numpy(out), ref(x.astype(np.float64)), np.float32)
    assert err <= bound, f"{name}: {err:.2f} ulp"


def _sigmoid_ld(x):
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-x))


@pytest.mark.parametrize("name,ref,bound", [
    ("exp", np.exp, 1.5), ("log", np.log, 1.5), ("tanh", np.tanh, 3.0), ("sigmoid", _sigmoid_ld, 3.0)])
def test_vectorised_float64_functions_ulp_error(name, ref, bound):
    """float64 exp/log/tanh/sigmoid are vectorised polynomial code too (Torch7's default tensor type):
    checked against numpy's long double (64-bit mantissa) over the whole range, subnormals included."""
    rng = np.random.default_rng(2)
    if name == "log":
        x = np.concatenate([np.exp(rng.uniform(-744, 709.7, 300000)), rng.uniform(0.5, 2, 100000),
                            [5e-324, 1e-310, 2.2250738585072014e-308, 1.7976931348623157e308, 1.0]])
    elif name == "exp":
        x = np.concatenate([rng.uniform(-750, 712, 300000), rng.uniform(-2, 2, 100000),
                            [709.78, 709.79, -745.13, -745.14, -740.0, 1e-310, -0.0]])
    else:
        x = np.concatenate([rng.uniform(-30, 30, 200000), rng.uniform(-1, 1, 100000),
                            np.exp(rng.uniform(-740, -1, 50000)) * rng.choice([-1, 1], 50000),
                            [19.0, 19.2, -19.2, 5e-324, -740.0] if name == "tanh" else [-745.0, 700.0]])
    out = new(np.float64)
    check(getattr(lib, "tc_" + name)(out, from_numpy(x)))
    with np.errstate(all="ignore"):
        refl = ref(x.astype(np.longdouble))
    got = to_numpy(out)
    ref64 = refl.astype(np.float64)
    assert np.array_equal(np.isnan(got), np.isnan(ref64))
    big = ~np.isfinite(ref64)
    assert np.array_equal(got[big], ref64[big]), "infinities differ"
    fin = np.isfinite(ref64) & (ref64 != 0)
    assert np.array_equal(got[ref64 == 0], ref64[ref64 == 0])
    err = np.abs((got[fin].astype(np.longdouble) - refl[fin]) / np.spacing(np.abs(ref64[fin])).astype(np.longdouble))
    assert float(err.max()) <= bound, f"{name}: {float(err.max()):.2f} ulp"
    special = np.array([np.inf, -np.inf, np.nan, 0.0])
    check(getattr(lib, "tc_" + name)(out, from_numpy(special)))
    with np.errstate(all="ignore"):
        want = ref(special.astype(np.longdouble)).astype(np.float64)
    np.testing.assert_array_equal(to_numpy(out), want)


# ---- binary ---------------------------------------------------------------------------------------------
def trunc_div(a, b):
    q = np.abs(a.astype(np.int64)) // np.abs(b.astype(np.int64))
    return np.where((a < 0) != (b < 0), -q, q)


def ref_binary(name, x, y, dtype, alpha=1):
    fl = np.dtype(dtype).kind == "f"
    with np.errstate(all="ignore"):
        if name == "add":
            return x + (alpha * y if fl else (np.int64(alpha) * y.astype(np.int64))).astype(dtype)
        if name == "sub":
            return x - (alpha * y if fl else (np.int64(alpha) * y.astype(np.int64))).astype(dtype)
        if name == "mul":
            return x * y
        if name == "div":
            return x / y if fl else trunc_div(x, y).astype(dtype)
        if name == "floor_divide":
            return np.floor_divide(x, y)
        if name == "pow":
            return np.power(x, y) if fl else np.power(x.astype(np.int64), y.astype(np.int64)).astype(dtype)
        if name == "fmod":
            return np.fmod(x, y)
        if name == "remainder":
            return np.remainder(x, y)
        if name == "atan2":
            return np.arctan2(x, y)
        if name == "maximum":
            return np.maximum(x, y)
        if name == "minimum":
            return np.minimum(x, y)
        if name == "bitwise_and":
            return x & y
        if name == "bitwise_or":
            return x | y
        if name == "bitwise_xor":
            return x ^ y
        if name == "lshift":
            return np.left_shift(x, y)
        if name == "rshift":
            return np.right_shift(x, y)
    raise KeyError(name)


BINARY = sorted(n for n, (k, _, _) in OPS.items() if k in (lib.TC_OPK_BINARY, lib.TC_OPK_BINARY_ALPHA))


def binary_operands(name, dtype, layout, rng, shape=(6, 5)):
    x = make(shape, dtype, "contiguous" if layout == "inplace" else layout, rng)
    y = make(shape, dtype, "stepped" if layout == "contiguous" else "contiguous", rng)
    kind = np.dtype(dtype).kind
    if name in ("div", "floor_divide", "fmod", "remainder") and kind != "f":
        y = np.where(y == 0, 3, y).astype(dtype)
    if name == "pow":
        if kind == "f":
            x = np.abs(x) + 0.1
        else:
            x = (np.abs(x.astype(np.int64)) % 4).astype(dtype)
            y = (np.abs(y.astype(np.int64)) % 5).astype(dtype)
    if name in ("lshift", "rshift"):
        y = (np.abs(y.astype(np.int64)) % (8 * np.dtype(dtype).itemsize - 1)).astype(dtype)
        if name == "lshift":
            x = np.abs(x.astype(np.int64)).astype(dtype) % 4
    return np.ascontiguousarray(x) if layout == "inplace" else x, y


def check_equal(got, expected, dtype, msg):
    if np.dtype(dtype).kind == "f":
        np.testing.assert_allclose(got, expected, rtol=3e-6 if dtype == np.float32 else 1e-13, atol=1e-37,
                                   equal_nan=True, err_msg=msg)
    else:
        np.testing.assert_array_equal(got, np.asarray(expected).astype(dtype), err_msg=msg)


@pytest.mark.parametrize("name", BINARY)
@pytest.mark.parametrize("layout", LAYOUTS + ["inplace"])
def test_binary_tensor_tensor(name, layout):
    rng = np.random.default_rng(abs(hash((name, layout))) % 2 ** 32)
    for dtype in ALL:
        if not accepts(name, dtype):
            continue
        x, y = binary_operands(name, dtype, layout, rng)
        extra = (2.0,) if OPS[name][0] == lib.TC_OPK_BINARY_ALPHA else ()
        expected = ref_binary(name, x, y, dtype, *(extra or (1,)))
        if layout == "inplace":
            x = x.copy()
            t = from_numpy(x)
            check(getattr(lib, "tc_" + name)(t, t, from_numpy(y), *extra))
            got = x
        else:
            out = new(dtype)
            check(getattr(lib, "tc_" + name)(out, from_numpy(x), from_numpy(y), *extra))
            got = to_numpy(out)
        check_equal(got, expected, dtype, f"{name} {np.dtype(dtype)} {layout}")


@pytest.mark.parametrize("name", BINARY)
def test_binary_with_scalar_on_either_side(name):
    rng = np.random.default_rng(3)
    for dtype in ALL:
        if not accepts(name, dtype):
            continue
        x, y = binary_operands(name, dtype, "transposed", rng)
        s = y.flat[0]
        out = new(dtype)
        check(getattr(lib, f"tc_{name}_scalar")(out, from_numpy(x), float(s)))
        check_equal(to_numpy(out), ref_binary(name, x, np.full_like(y, s), dtype), dtype, f"{name}_scalar {dtype}")
        if name in ("lshift", "rshift", "pow") and np.dtype(dtype).kind != "f":
            s2 = x.flat[1]
        else:
            s2 = x.flat[1] if name not in ("div", "floor_divide", "fmod", "remainder", "pow") else abs(x.flat[1]) + 1
        check(getattr(lib, f"tc_{name}_rscalar")(out, float(s2), from_numpy(y)))
        check_equal(to_numpy(out), ref_binary(name, np.full_like(x, s2), y, dtype), dtype, f"{name}_rscalar {dtype}")


def test_float_special_cases_of_division_and_modulo_match_torch():
    torch = pytest.importorskip("torch")
    vals = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, -1.0, 2.5, -7.0], np.float64)
    x, y = [a.ravel().copy() for a in np.meshgrid(vals, vals)]
    for name, ref in [("floor_divide", torch.floor_divide), ("remainder", torch.remainder), ("fmod", torch.fmod),
                      ("maximum", torch.maximum), ("minimum", torch.minimum), ("div", torch.div),
                      ("pow", torch.pow), ("atan2", torch.atan2)]:
        out = new(np.float64)
        check(getattr(lib, "tc_" + name)(out, from_numpy(x), from_numpy(y)))
        expected = ref(torch.from_numpy(x), torch.from_numpy(y)).numpy()
        np.testing.assert_array_equal(to_numpy(out), expected, err_msg=name)


def test_integer_division_semantics():
    a = np.array([7, -7, 7, -7, -128, 5], np.int8)
    b = np.array([2, 2, -2, -2, -1, 5], np.int8)
    out = new(np.int8)
    check(lib.tc_div(out, from_numpy(a), from_numpy(b)))
    np.testing.assert_array_equal(to_numpy(out), [3, -3, -3, 3, -128, 1])  # C truncation; -128/-1 wraps
    check(lib.tc_floor_divide(out, from_numpy(a), from_numpy(b)))
    np.testing.assert_array_equal(to_numpy(out), [3, -4, -4, 3, -128, 1])
    check(lib.tc_fmod(out, from_numpy(a), from_numpy(b)))
    np.testing.assert_array_equal(to_numpy(out), np.fmod(a, b))
    check(lib.tc_remainder(out, from_numpy(a), from_numpy(b)))
    np.testing.assert_array_equal(to_numpy(out), np.remainder(a, b))
    # Torch7: an integer tensor divided by 2.5 divides by 2 (the scalar is converted to the dtype)
    check(lib.tc_div_scalar(out, from_numpy(a), 2.5))
    np.testing.assert_array_equal(to_numpy(out), trunc_div(a, np.full_like(a, 2)))
    # integer powers: negative exponents give 1/x^n truncated
    x = np.array([2, 1, -1, -1, 3], np.int32)
    e = np.array([-1, -3, -3, -2, 3], np.int32)
    o32 = new(np.int32)
    check(lib.tc_pow(o32, from_numpy(x), from_numpy(e)))
    np.testing.assert_array_equal(to_numpy(o32), [0, 1, -1, 1, 27])


@pytest.mark.parametrize("name", ["div", "floor_divide", "fmod", "remainder"])
def test_integer_division_by_zero_raises(name):
    a = np.arange(6, dtype=np.int32)
    b = np.array([1, 2, 0, 1, 1, 1], np.int32)
    with pytest.raises(TensorCoreError, match="division by zero"):
        check(getattr(lib, "tc_" + name)(new(np.int32), from_numpy(a), from_numpy(b)))
    with pytest.raises(TensorCoreError, match="division by zero"):
        check(getattr(lib, f"tc_{name}_scalar")(new(np.int32), from_numpy(a), 0.0))
    # float division by zero is IEEE
    out = new(np.float64)
    check(getattr(lib, "tc_" + name)(out, from_numpy(a.astype(np.float64)), from_numpy(b.astype(np.float64))))


# ---- comparisons, logical, where --------------------------------------------------------------------------
COMPARE = {"lt": np.less, "le": np.less_equal, "gt": np.greater, "ge": np.greater_equal, "eq": np.equal,
           "ne": np.not_equal}


@pytest.mark.parametrize("name", sorted(COMPARE))
@pytest.mark.parametrize("layout", LAYOUTS)
def test_compare(name, layout):
    rng = np.random.default_rng(abs(hash((name, layout))) % 2 ** 32)
    for dtype in ALL:
        x = make((5, 8), dtype, layout, rng)
        y = make((5, 8), dtype, "contiguous", rng)
        if np.dtype(dtype).kind in "iub":
            y[::2] = x[::2]  # some ties
        else:
            x = x.copy()
            x[0, :3] = [np.nan, np.inf, -np.inf]
        expected = COMPARE[name](x, y)
        for out_dtype in {np.uint8, np.bool_, dtype}:
            out = new(out_dtype)
            check(getattr(lib, "tc_" + name)(out, from_numpy(x), from_numpy(y)))
            np.testing.assert_array_equal(to_numpy(out), expected.astype(out_dtype))
        s = y.flat[3]
        out = new(np.uint8)
        check(getattr(lib, f"tc_{name}_scalar")(out, from_numpy(x), float(s)))
        np.testing.assert_array_equal(to_numpy(out), COMPARE[name](x, s).astype(np.uint8))


def test_compare_integer_tensor_with_fractional_scalar_is_exact():
    x = np.array([1, 2, 3], np.int32)
    out = new(np.bool_)
    check(lib.tc_gt_scalar(out, from_numpy(x), 2.5))
    np.testing.assert_array_equal(to_numpy(out), [False, False, True])
    check(lib.tc_lt_scalar(out, from_numpy(x.astype(np.uint8)), -1.0))
    np.testing.assert_array_equal(to_numpy(out), [False, False, False])


@pytest.mark.parametrize("dtype", ALL)
def test_logical_ops(dtype):
    rng = np.random.default_rng(5)
    x = make((4, 6), dtype, "transposed", rng)
    y = make((4, 6), dtype, "expanded", rng)
    for name, ref in [("logical_and", np.logical_and), ("logical_or", np.logical_or),
                      ("logical_xor", np.logical_xor)]:
        for out_dtype in {np.uint8, np.bool_, dtype}:
            out = new(out_dtype)
            check(getattr(lib, "tc_" + name)(out, from_numpy(x), from_numpy(y)))
            np.testing.assert_array_equal(to_numpy(out), ref(x, y).astype(out_dtype))
    out = new(np.bool_)
    check(lib.tc_logical_not(out, from_numpy(x)))
    np.testing.assert_array_equal(to_numpy(out), np.logical_not(x))


@pytest.mark.parametrize("dtype", ALL)
def test_where(dtype):
    rng = np.random.default_rng(6)
    a = make((5, 7), dtype, "stepped", rng)
    b = make((5, 7), dtype, "expanded", rng)
    for cdtype in (np.uint8, np.bool_):
        cond = make((5, 7), np.bool_, "transposed", rng).astype(cdtype)
        out = new(dtype)
        check(lib.tc_where(out, from_numpy(cond), from_numpy(a), from_numpy(b)))
        np.testing.assert_array_equal(to_numpy(out), np.where(cond != 0, a, b))
    with pytest.raises(TensorCoreError, match="cond"):
        check(lib.tc_where(new(dtype), from_numpy(a.astype(np.float32)), from_numpy(a), from_numpy(b)))


# ---- clamp, lerp, addcmul, addcdiv -----------------------------------------------------------------------
@pytest.mark.parametrize("dtype", FLOATS + INTS)
def test_clamp(dtype):
    rng = np.random.default_rng(7)
    x = make((6, 6), dtype, "transposed", rng)
    lo, hi = -2.0 if np.dtype(dtype).kind != "u" else 20.0, 40.0
    for has_lo, has_hi in [(1, 1), (1, 0), (0, 1), (0, 0)]:
        out = new(dtype)
        check(lib.tc_clamp(out, from_numpy(x), lo, hi, has_lo, has_hi))
        np.testing.assert_array_equal(to_numpy(out), np.clip(x, lo if has_lo else None, hi if has_hi else None)
                                      if has_lo or has_hi else x)
    if np.dtype(dtype).kind == "f":
        y = np.array([np.nan, -np.inf, np.inf, 0.5], dtype)
        out = new(dtype)
        check(lib.tc_clamp(out, from_numpy(y), -1, 1, 1, 1))
        np.testing.assert_array_equal(to_numpy(out), [np.nan, -1, 1, 0.5])
    else:  # bounds outside the dtype's range are no bound
        out = new(dtype)
        check(lib.tc_clamp(out, from_numpy(x), -1e30, 1e30, 1, 1))
        np.testing.assert_array_equal(to_numpy(out), x)


@pytest.mark.parametrize("dtype", FLOATS)
def test_lerp_and_addc(dtype):
    rng = np.random.default_rng(8)
    a, b, c = (make((5, 4), dtype, lay, rng) for lay in ("transposed", "stepped", "expanded"))
    c = np.abs(c) + 0.5
    tol = dict(rtol=1e-6 if dtype == np.float32 else 1e-14, atol=1e-6 if dtype == np.float32 else 1e-14)
    for w in (0.0, 0.3, 0.7, 1.0):
        out = new(dtype)
        check(lib.tc_lerp(out, from_numpy(a), from_numpy(b), w))
        np.testing.assert_allclose(to_numpy(out), a + dtype(w) * (b - a), **tol)
    w = make((5, 4), dtype, "contiguous", rng) / 3
    out = new(dtype)
    check(lib.tc_lerp_tensor(out, from_numpy(a), from_numpy(b), from_numpy(w)))
    np.testing.assert_allclose(to_numpy(out), a + w * (b - a), **tol)
    check(lib.tc_addcmul(out, from_numpy(a), from_numpy(b), from_numpy(c), 0.5))
    np.testing.assert_allclose(to_numpy(out), a + dtype(0.5) * b * c, **tol)
    check(lib.tc_addcdiv(out, from_numpy(a), from_numpy(b), from_numpy(c), -2.0))
    np.testing.assert_allclose(to_numpy(out), a - 2 * b / c, **tol)
    # in place
    x = a.copy()
    t = from_numpy(x)
    check(lib.tc_addcmul(t, t, from_numpy(b), from_numpy(c), 1.0))
    np.testing.assert_allclose(x, a + b * c, **tol)


def test_addcmul_integer():
    a = np.arange(6, dtype=np.int32)
    out = new(np.int32)
    check(lib.tc_addcmul(out, from_numpy(a), from_numpy(a), from_numpy(a), 2.0))
    np.testing.assert_array_equal(to_numpy(out), a + 2 * a * a)
    with pytest.raises(TensorCoreError, match="dtype int32"):
        check(lib.tc_addcdiv(out, from_numpy(a), from_numpy(a), from_numpy(a), 2.0))


# ---- validation --------------------------------------------------------------------------------------------
def test_validation_errors():
    f32 = from_numpy(np.ones((2, 3), np.float32))
    f64 = from_numpy(np.ones((2, 3), np.float64))
    i32 = from_numpy(np.ones((2, 3), np.int32))
    h = from_numpy(np.ones((2, 3), np.float16))
    with pytest.raises(TensorCoreError, match=r"tc_add: size mismatch, 'b' has 4 elements but 'a' has 6"):
        check(lib.tc_add(new(np.float32), f32, from_numpy(np.ones(4, np.float32)), 1.0))
    with pytest.raises(TensorCoreError, match=r"tc_mul: argument 'b' has dtype float64 but 'a' has float32"):
        check(lib.tc_mul(new(np.float32), f32, f64))
    with pytest.raises(TensorCoreError, match=r"tc_exp: argument 'a' has dtype int32; expected float32 or float64"):
        check(lib.tc_exp(new(np.int32), i32))
    with pytest.raises(TensorCoreError, match=r"argument 'a' has dtype float16"):
        check(lib.tc_abs(new(np.float16), h))
    with pytest.raises(TensorCoreError, match=r"tc_exp: argument 'out' has dtype float64"):
        check(lib.tc_exp(new(np.float64), f32))
    with pytest.raises(TensorCoreError, match=r"tc_lshift: argument 'a' has dtype float32"):
        check(lib.tc_lshift(new(np.float32), f32, f32))
    with pytest.raises(TensorCoreError, match=r"argument 'out' is NULL"):
        check(lib.tc_sub(ffi.NULL, f32, f32, 1.0))
    with pytest.raises(TensorCoreError, match=r"argument 'a' is NULL"):
        check(lib.tc_sin(new(np.float32), ffi.NULL))
    with pytest.raises(TensorCoreError, match=r"tc_lt: argument 'out' has dtype int32"):
        check(lib.tc_lt(new(np.int32), f32, f32))
    with pytest.raises(TensorCoreError, match=r"size mismatch"):
        check(lib.tc_where(new(np.float32), from_numpy(np.ones(5, np.bool_)), f32, f32))
    # a failed call leaves out untouched
    out = new(np.float32)
    with pytest.raises(TensorCoreError):
        check(lib.tc_add(out, f32, from_numpy(np.ones(4, np.float32)), 1.0))
    assert lib.tc_tensor_numel(out) == 0


def test_out_is_resized_to_the_first_input_shape():
    a = np.arange(6.0).reshape(2, 3)
    b = np.arange(6.0)  # Torch7: equal numel, other shape
    out = from_numpy(np.zeros((7, 7)))  # preallocated with another shape
    check(lib.tc_add(out, from_numpy(a), from_numpy(b), 1.0))
    assert [out.sizes[i] for i in range(out.ndim)] == [2, 3]
    np.testing.assert_array_equal(to_numpy(out), a + b.reshape(2, 3))


def test_large_parallel_path_matches():
    rng = np.random.default_rng(9)
    a = rng.standard_normal((300, 700)).astype(np.float32)
    b = rng.standard_normal((700, 300)).astype(np.float32).T
    out = new(np.float32)
    check(lib.tc_mul(out, from_numpy(a), from_numpy(b)))
    np.testing.assert_array_equal(to_numpy(out), a * b)
    check(lib.tc_sigmoid(out, from_numpy(a)))
    np.testing.assert_allclose(to_numpy(out), sp.expit(a.astype(np.float64)), rtol=1e-6)


def test_table_flags_match_what_each_kernel_accepts():
    """The op table is what frontends generate from: its dtype flags must be the truth."""
    for name, (kind, arity, flags) in OPS.items():
        fn = getattr(lib, "tc_" + name)
        for dtype in ALL + [np.float16]:
            x = from_numpy(np.ones((2, 2), dtype))
            if kind == lib.TC_OPK_UNARY:
                out_dtype = np.bool_ if name == "logical_not" else dtype
                rc = fn(new(out_dtype), x)
            elif kind == lib.TC_OPK_BINARY_ALPHA:
                rc = fn(new(dtype), x, x, 1.0)
            elif kind in (lib.TC_OPK_COMPARE, lib.TC_OPK_LOGICAL):
                rc = fn(new(np.bool_), x, x)
            elif kind == lib.TC_OPK_REDUCE:
                out_dtype = np.bool_ if name in ("all", "any") else (dtype if dtype != np.float16 else np.float32)
                rc = fn(new(out_dtype), x, 0, 1)
            else:
                rc = fn(new(dtype), x, x)
            assert (rc == 0) == accepts(name, dtype), (name, np.dtype(dtype).name, last_error_text())


def last_error_text():
    return ffi.string(lib.tc_last_error()).decode()


def test_in_place_clamp_where_lerp_and_compare():
    rng = np.random.default_rng(12)
    x = rng.standard_normal((5, 6))
    y = x.copy()
    t = from_numpy(y)
    check(lib.tc_clamp(t, t, -0.5, 0.5, 1, 1))
    np.testing.assert_array_equal(y, np.clip(x, -0.5, 0.5))
    z = rng.standard_normal((5, 6))
    y = x.copy()
    t = from_numpy(y)
    check(lib.tc_where(t, from_numpy(x > 0), t, from_numpy(z)))
    np.testing.assert_array_equal(y, np.where(x > 0, x, z))
    y = x.copy()
    t = from_numpy(y)
    check(lib.tc_lerp(t, t, from_numpy(z), 0.25))
    np.testing.assert_allclose(y, x + 0.25 * (z - x), rtol=1e-15, atol=1e-15)
    y = x.copy()
    t = from_numpy(y)
    check(lib.tc_gt_scalar(t, t, 0.0))  # Torch7: r:gt(a, b) with r of a's type fills 0/1
    np.testing.assert_array_equal(y, (x > 0).astype(np.float64))


def test_large_results_take_the_streaming_store_path():
    """Results over 16 MB are written with non-temporal stores: check them, with an unaligned start,
    an odd length, in place, and both float dtypes."""
    rng = np.random.default_rng(14)
    saved = lib.tc_get_num_threads()
    lib.tc_set_num_threads(1)  # one run of the whole length
    try:
        for dtype in FLOATS:
            n = (1 << 24) // np.dtype(dtype).itemsize + 37
            base = rng.standard_normal(n + 1).astype(dtype)
            a, b = base[1:], rng.standard_normal(n).astype(dtype)
            out = new(dtype)
            check(lib.tc_add(out, from_numpy(a), from_numpy(b), 0.5))
            np.testing.assert_array_equal(to_numpy(out), a + dtype(0.5) * b)
            check(lib.tc_mul_scalar(out, from_numpy(a), 3.0))
            np.testing.assert_array_equal(to_numpy(out), a * dtype(3))
            c = a.copy()
            t = from_numpy(c)
            check(lib.tc_exp(t, t))
            np.testing.assert_allclose(c, np.exp(a.astype(np.float64)), rtol=3e-7 if dtype == np.float32 else 1e-15)
    finally:
        lib.tc_set_num_threads(saved)
