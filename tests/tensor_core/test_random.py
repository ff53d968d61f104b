"""MT19937 generator and distributions of the C core: Torch7-exact streams, state bytes,
distribution properties, error paths."""
import struct

import numpy as np
import pytest

from tensor_core import ffi, lib, TensorCoreError, check
from tensor_core.nd import from_numpy, to_numpy, empty

FLOATS = [np.float32, np.float64]
INTS = [np.uint8, np.int8, np.int16, np.int32, np.int64]


@pytest.fixture
def gen():
    g = lib.tc_generator_new()
    assert g != ffi.NULL
    yield g
    lib.tc_generator_free(g)


def seeded(gen, seed):
    check(lib.tc_generator_manual_seed(gen, seed))
    return gen


def draw(fn, gen, *args):
    out = ffi.new("double *")
    check(fn(gen, *args, out))
    return out[0]


def draw_int(fn, gen, *args):
    out = ffi.new("int64_t *")
    check(fn(gen, *args, out))
    return out[0]


def u32s(gen, n):
    return np.array([lib.tc_draw_u32(gen) for _ in range(n)], dtype=np.uint64)


# ---- the values quoted in the issue (Torch7 after manualSeed(1)) ---------------------------------

def test_issue_uniform_after_seed_1(gen):
    seeded(gen, 1)
    got = [lib.tc_draw_uniform(gen, 0, 1) for _ in range(5)]
    assert got == [0.41702199843712151, 0.99718480813317001, 0.72032448928803205, 0.93255736120045185,
                   0.00011438108049333096]


def test_issue_normal_after_seed_1(gen):
    seeded(gen, 1)
    got = [draw(lib.tc_draw_normal, gen, 0.0, 1.0) for _ in range(5)]
    assert got == [-2.9718290309304063, 1.7069510634116105, -0.43049897103891599, -2.2820224170301482,
                   0.52365734937443909]


def test_issue_raw_draws_after_seed_1(gen):
    seeded(gen, 1)
    assert [lib.tc_draw_u32(gen) for _ in range(5)] == [1791095845, 4282876139, 3093770124, 4005303368, 491263]


def test_issue_random_1_to_10_after_seed_1(gen):
    seeded(gen, 1)
    assert [draw_int(lib.tc_draw_random_upto, gen, 10) for _ in range(5)] == [6, 10, 5, 9, 4]
    seeded(gen, 1)
    assert [draw_int(lib.tc_draw_random_range, gen, 1, 10) for _ in range(5)] == [6, 10, 5, 9, 4]


def test_issue_randperm_10_after_seed_1(gen):
    seeded(gen, 1)
    t = empty((0,), np.int64)
    check(lib.tc_randperm(t, gen, 10, 1))
    assert to_numpy(t).tolist() == [6, 7, 2, 3, 1, 9, 10, 4, 8, 5]


def test_torch7_doc_example_seed_123(gen):
    seeded(gen, 123)
    assert lib.tc_draw_uniform(gen, 0, 1) == pytest.approx(0.69646918727085, abs=5e-15)  # printed to 14 digits


# ---- the raw stream against numpy's legacy MT19937 (same init_genrand seeding) ---------------------

@pytest.mark.parametrize("seed", [0, 1, 42, 12345, 2**32 - 1])
def test_raw_stream_matches_numpy_legacy_mt19937(gen, seed):
    seeded(gen, seed)
    rs = np.random.RandomState(seed)
    expected = np.frombuffer(rs.bytes(4 * 1500), "<u4")  # crosses two regenerations of the state
    np.testing.assert_array_equal(u32s(gen, 1500), expected)


def test_seeds_of_2_to_the_32_use_the_low_bits(gen):
    big = 2**32 + 7
    seeded(gen, big)
    a = u32s(gen, 10)
    assert lib.tc_generator_initial_seed(gen) == big
    seeded(gen, 7)
    np.testing.assert_array_equal(a, u32s(gen, 10))
    assert lib.tc_generator_initial_seed(gen) == 7
    seeded(gen, 2**64 - 1)
    assert lib.tc_generator_initial_seed(gen) == 2**64 - 1


def test_seed_from_entropy_differs_and_is_reported(gen):
    s1 = lib.tc_generator_seed(gen)
    assert lib.tc_generator_initial_seed(gen) == s1
    a = u32s(gen, 4)
    seeded(gen, s1)
    np.testing.assert_array_equal(a, u32s(gen, 4))
    s2 = lib.tc_generator_seed(gen)
    assert s1 != s2


# ---- state bytes ---------------------------------------------------------------------------------------

def get_state(gen):
    buf = ffi.new("uint8_t[]", lib.TC_RNG_STATE_SIZE)
    check(lib.tc_generator_get_state(gen, buf, lib.TC_RNG_STATE_SIZE))
    return bytes(ffi.buffer(buf))


def set_state(gen, raw):
    check(lib.tc_generator_set_state(gen, raw, len(raw)))


def parse_state(raw):
    seed, left, seeded_, nxt = struct.unpack_from("<QiiQ", raw, 0)
    words = struct.unpack_from("<624Q", raw, 24)
    x, y, rho, valid, pad = struct.unpack_from("<dddii", raw, 5016)
    return dict(seed=seed, left=left, seeded=seeded_, next=nxt, words=words, x=x, y=y, rho=rho, valid=valid, pad=pad)


def test_state_is_the_5048_byte_th_generator_struct(gen):
    assert lib.TC_RNG_STATE_SIZE == 5048 and ffi.sizeof("tc_rng_state") == 5048
    seeded(gen, 2**32 + 1)
    s = parse_state(get_state(gen))
    assert s["seed"] == 2**32 + 1 and s["left"] == 1 and s["seeded"] == 1 and s["next"] == 0
    key = np.random.RandomState(1).get_state()[1]
    assert list(s["words"]) == [int(k) for k in key]
    assert s["valid"] == 0 and s["pad"] == 0 and s["x"] == 0 and s["rho"] == 0
    # a normal draw fills the Box-Muller cache: x and y are the first two uniforms
    seeded(gen, 1)
    draw(lib.tc_draw_normal, gen, 0.0, 1.0)
    s = parse_state(get_state(gen))
    assert s["valid"] == 1 and s["x"] == 0.41702199843712151 and s["y"] == 0.99718480813317001
    assert s["left"] == 623 and s["next"] == 2   # the first draw regenerated the 624 words
    assert s["rho"] == np.sqrt(-2.0 * np.log(1.0 - s["y"]))


def test_state_round_trip_includes_the_normal_cache(gen):
    seeded(gen, 5)
    draw(lib.tc_draw_normal, gen, 0.0, 1.0)          # leaves the sin half cached
    saved = get_state(gen)
    a = [draw(lib.tc_draw_normal, gen, 0.0, 1.0) for _ in range(7)] + [lib.tc_draw_uniform(gen, 0, 1)]
    set_state(gen, saved)
    b = [draw(lib.tc_draw_normal, gen, 0.0, 1.0) for _ in range(7)] + [lib.tc_draw_uniform(gen, 0, 1)]
    assert a == b
    assert get_state(gen) != saved


def test_state_through_a_byte_tensor_and_between_generators(gen):
    seeded(gen, 3)
    u32s(gen, 700)
    t = empty((0,), np.uint8)
    check(lib.tc_generator_get_state_tensor(gen, t))
    assert to_numpy(t).shape == (5048,)
    other = lib.tc_generator_new()
    try:
        check(lib.tc_generator_set_state_tensor(other, t))
        np.testing.assert_array_equal(u32s(gen, 50), u32s(other, 50))
        copy = lib.tc_generator_copy(gen)
        np.testing.assert_array_equal(u32s(gen, 50), u32s(copy, 50))
        lib.tc_generator_free(copy)
    finally:
        lib.tc_generator_free(other)


def test_reseeding_clears_the_normal_cache(gen):
    seeded(gen, 1)
    draw(lib.tc_draw_normal, gen, 0.0, 1.0)
    seeded(gen, 1)
    assert draw(lib.tc_draw_normal, gen, 0.0, 1.0) == -2.9718290309304063


def test_invalid_states_are_refused(gen):
    seeded(gen, 1)
    good = bytearray(get_state(gen))
    with pytest.raises(TensorCoreError, match="wrong size"):
        check(lib.tc_generator_set_state(gen, bytes(good[:100]), 100))
    for changes in [[(12, "<i", 0)],                   # not seeded
                    [(8, "<i", 0)], [(8, "<i", 625)],    # left out of range
                    [(16, "<Q", 625)],                   # next out of range
                    [(8, "<i", 5), (16, "<Q", 624)],     # draws before regeneration would pass the array
                    [(24, "<Q", 2**40)]]:                # a word wider than 32 bits
        bad = bytearray(good)
        for off, fmt, value in changes:
            struct.pack_into(fmt, bad, off, value)
        with pytest.raises(TensorCoreError, match="Invalid RNG state"):
            set_state(gen, bytes(bad))
    seeded(gen, 1)
    assert lib.tc_draw_u32(gen) == 1791095845  # refused states left the generator alone
    t = empty((10,), np.uint8)
    with pytest.raises(TensorCoreError, match="wrong size"):
        check(lib.tc_generator_set_state_tensor(gen, t))
    f = empty((5048,), np.float32)
    with pytest.raises(TensorCoreError, match="uint8"):
        check(lib.tc_generator_set_state_tensor(gen, f))


def test_default_generator_is_shared(gen):
    d = lib.tc_generator_default()
    check(lib.tc_generator_manual_seed(ffi.NULL, 1))
    assert lib.tc_generator_initial_seed(d) == 1
    assert lib.tc_draw_u32(ffi.NULL) == 1791095845
    assert lib.tc_draw_u32(d) == 4282876139
    lib.tc_generator_free(d)   # never frees the default one
    assert lib.tc_draw_u32(ffi.NULL) == 3093770124


# ---- tensor fills: Torch7's transforms, row-major order over any layout -----------------------------

def uniforms(gen, seed, n):
    seeded(gen, seed)
    return u32s(gen, n).astype(np.float64) / 2**32


def strided_target(dtype, shape=(4, 5)):
    """A transposed, non-contiguous view: its row-major order differs from memory order."""
    base = np.zeros(shape[::-1] + (2,), dtype)
    return base[:, :, 0].T


@pytest.mark.parametrize("dtype", FLOATS)
def test_uniform_fill_transform_and_order(gen, dtype):
    a, b = -2.0, 3.0
    u = uniforms(gen, 11, 20)
    arr = strided_target(dtype)
    seeded(gen, 11)
    check(lib.tc_fill_uniform(from_numpy(arr), gen, a, b))
    ca, cb = (np.float32(a), np.float32(b)) if dtype == np.float32 else (a, b)
    expected = (u * (float(cb) - float(ca)) + float(ca)).astype(dtype).reshape(4, 5)
    np.testing.assert_array_equal(arr, expected)


@pytest.mark.parametrize("dtype", FLOATS)
def test_normal_fill_is_box_muller_pairs(gen, dtype):
    n = 9
    u = uniforms(gen, 2, 10)
    rho = np.sqrt(-2.0 * np.log(1.0 - u[1::2]))
    vals = np.empty(10)
    vals[0::2] = rho * np.cos(2 * np.pi * u[0::2])
    vals[1::2] = rho * np.sin(2 * np.pi * u[0::2])
    mean, std = 1.5, 0.25
    arr = np.zeros(n, dtype)[::-1]
    seeded(gen, 2)
    check(lib.tc_fill_normal(from_numpy(arr), gen, mean, std))
    np.testing.assert_allclose(arr, (vals[:n] * std + mean).astype(dtype), rtol=1e-14 if dtype == np.float64 else 1e-6)
    # the odd length leaves the sin half cached for the next draw
    assert draw(lib.tc_draw_normal, gen, 0.0, 1.0) == pytest.approx(vals[9], rel=1e-14)


@pytest.mark.parametrize("dtype", FLOATS)
def test_other_float_transforms(gen, dtype):
    n = 12
    u = uniforms(gen, 9, n)
    tol = dict(rtol=1e-13 if dtype == np.float64 else 1e-6)
    cases = [
        (lambda t: lib.tc_fill_exponential(t, gen, 1.5), -1.0 / 1.5 * np.log(1 - u)),
        (lambda t: lib.tc_fill_cauchy(t, gen, 0.5, 2.0), 0.5 + 2.0 * np.tan(np.pi * (u - 0.5))),
    ]
    for fill, expected in cases:
        arr = np.zeros((3, 4), dtype)
        seeded(gen, 9)
        check(fill(from_numpy(arr)))
        np.testing.assert_allclose(arr.ravel(), expected.astype(dtype), **tol)
    # logNormal(mean, std) = exp(normal(mean, std))
    normals = np.zeros(n)
    seeded(gen, 9)
    check(lib.tc_fill_normal(from_numpy(normals), gen, 1.0, 0.5))
    arr = np.zeros(n, dtype)
    seeded(gen, 9)
    check(lib.tc_fill_log_normal(from_numpy(arr), gen, 1.0, 0.5))
    np.testing.assert_allclose(arr, np.exp(normals).astype(dtype), **tol)


@pytest.mark.parametrize("dtype", INTS + FLOATS)
def test_integer_valued_fills_every_dtype(gen, dtype):
    n = 30
    seeded(gen, 4)
    r = u32s(gen, n)
    u = r.astype(np.float64) / 2**32
    arr = np.zeros((5, 6), dtype).T  # non-contiguous
    seeded(gen, 4)
    check(lib.tc_fill_random_range(from_numpy(arr), gen, -5, 5))
    np.testing.assert_array_equal(arr.ravel(), (r % 11).astype(np.int64) - 5 if dtype != np.uint8
                                  else ((r % 11).astype(np.int64) - 5).astype(np.uint8))
    seeded(gen, 4)
    check(lib.tc_fill_random_upto(from_numpy(arr), gen, 6))
    np.testing.assert_array_equal(arr.ravel(), r % 6 + 1)
    seeded(gen, 4)
    check(lib.tc_fill_bernoulli(from_numpy(arr), gen, 0.3))
    np.testing.assert_array_equal(arr.ravel(), (u <= 0.3).astype(dtype))
    seeded(gen, 4)
    check(lib.tc_fill_geometric(from_numpy(arr), gen, 0.2))
    np.testing.assert_array_equal(arr.ravel(), (np.log(1 - u) / np.log(0.2)).astype(np.int64) + 1)


@pytest.mark.parametrize("dtype, modulus", [(np.uint8, 256), (np.int8, 128), (np.int16, 32768),
                                            (np.int32, 2**31), (np.int64, 2**32), (np.float32, 2**24 + 1),
                                            (np.float64, 2**32), (np.bool_, 2)])
def test_random_without_bounds_uses_torch7_per_type_modulus(gen, dtype, modulus):
    seeded(gen, 8)
    r = u32s(gen, 40)
    arr = np.zeros(40, dtype)
    seeded(gen, 8)
    check(lib.tc_fill_random(from_numpy(arr), gen))
    np.testing.assert_array_equal(arr, (r % modulus).astype(dtype))


@pytest.mark.parametrize("pdtype", FLOATS)
def test_bernoulli_with_probability_tensor(gen, pdtype):
    p = np.array([[0.1, 0.9, 0.5], [0.5, 0.0, 1.0]], pdtype)
    u = uniforms(gen, 6, 6)
    out = np.zeros(6, np.float64)      # another shape with the same element count
    seeded(gen, 6)
    check(lib.tc_fill_bernoulli_tensor(from_numpy(out), gen, from_numpy(p.T.copy().T)))
    np.testing.assert_array_equal(out, (u <= p.ravel().astype(np.float64)).astype(np.float64))
    with pytest.raises(TensorCoreError, match="probabilit"):
        check(lib.tc_fill_bernoulli_tensor(from_numpy(out), gen, from_numpy(np.full(6, 1.5, pdtype))))
    with pytest.raises(TensorCoreError, match="elements"):
        check(lib.tc_fill_bernoulli_tensor(from_numpy(out), gen, from_numpy(np.full(5, 0.5, pdtype))))
    with pytest.raises(TensorCoreError, match="float32 or float64"):
        check(lib.tc_fill_bernoulli_tensor(from_numpy(out), gen, from_numpy(np.zeros(6, np.int32))))


def test_expanded_output_is_written_in_order(gen):
    base = np.zeros(3)
    t = lib.tc_view_expand(from_numpy(base), 2, ffi.new("int64_t[]", [4, 3]))
    check(t)
    u = uniforms(gen, 1, 12)
    seeded(gen, 1)
    check(lib.tc_fill_uniform(t, gen, 0, 1))
    lib.tc_tensor_release(t)
    np.testing.assert_array_equal(base, u[-3:])  # the last row's draws win, as in TH_TENSOR_APPLY


# ---- distribution properties (1e5 draws) -----------------------------------------------------------

N = 100_000


def filled(fill, dtype=np.float64):
    arr = np.zeros(N, dtype)
    check(fill(from_numpy(arr)))
    return arr.astype(np.float64)


def test_moments(gen):
    seeded(gen, 1234)
    x = filled(lambda t: lib.tc_fill_uniform(t, gen, -1, 3))
    assert abs(x.mean() - 1) < 0.02 and abs(x.var() - 16 / 12) < 0.03 and x.min() >= -1 and x.max() < 3
    x = filled(lambda t: lib.tc_fill_normal(t, gen, 2, 3), np.float32)
    assert abs(x.mean() - 2) < 0.05 and abs(x.std() - 3) < 0.05
    x = filled(lambda t: lib.tc_fill_exponential(t, gen, 2))
    assert abs(x.mean() - 0.5) < 0.01 and abs(x.var() - 0.25) < 0.01
    x = filled(lambda t: lib.tc_fill_geometric(t, gen, 0.25))
    # Torch7's geometric: P(k) = (1-p) p^(k-1), k >= 1
    assert x.min() == 1 and abs(x.mean() - 1 / 0.75) < 0.02
    x = filled(lambda t: lib.tc_fill_bernoulli(t, gen, 0.3))
    assert set(np.unique(x)) == {0.0, 1.0} and abs(x.mean() - 0.3) < 0.01
    x = filled(lambda t: lib.tc_fill_log_normal(t, gen, 0.5, 0.4))
    assert abs(np.log(x).mean() - 0.5) < 0.01 and abs(np.log(x).std() - 0.4) < 0.01
    x = filled(lambda t: lib.tc_fill_cauchy(t, gen, 1, 2))
    q1, med, q3 = np.percentile(x, [25, 50, 75])
    assert abs(med - 1) < 0.05 and abs((q3 - q1) - 4) < 0.1
    x = filled(lambda t: lib.tc_fill_random_range(t, gen, -3, 4), np.int64)
    counts = np.bincount((x + 3).astype(int), minlength=8)
    assert counts.min() > N / 8 * 0.95 and counts.max() < N / 8 * 1.05


def test_dropout_mask(gen):
    for dtype in FLOATS:
        p = 0.3
        seeded(gen, 21)
        u = uniforms(gen, 21, 1000)
        arr = np.zeros(1000, dtype)
        seeded(gen, 21)
        check(lib.tc_dropout_mask(from_numpy(arr), gen, p))
        scale = dtype(1) / dtype(1 - p)
        np.testing.assert_array_equal(arr, np.where(u <= 1 - p, scale, dtype(0)).astype(dtype))
    arr = np.ones(10)
    check(lib.tc_dropout_mask(from_numpy(arr), gen, 1.0))
    assert not arr.any()
    check(lib.tc_dropout_mask(from_numpy(arr), gen, 0.0))
    assert (arr == 1).all()
    with pytest.raises(TensorCoreError, match="p must be"):
        check(lib.tc_dropout_mask(from_numpy(arr), gen, 1.5))


# ---- randperm and multinomial ---------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.float64, np.float32, np.uint8])
@pytest.mark.parametrize("base", [0, 1])
def test_randperm_is_a_permutation(gen, dtype, base):
    seeded(gen, 17)
    t = empty((0,), dtype)
    check(lib.tc_randperm(t, gen, 200, base))
    got = to_numpy(t).astype(np.int64)
    np.testing.assert_array_equal(np.sort(got), np.arange(200) + base if dtype != np.uint8
                                  else np.sort((np.arange(200) + base).astype(np.uint8)).astype(np.int64))
    # Torch7's forward swap loop, replayed from the raw draws
    seeded(gen, 17)
    r = u32s(gen, 199)
    perm = list(range(200))
    for i in range(199):
        z = int(r[i] % (200 - i))
        perm[i], perm[i + z] = perm[i + z], perm[i]
    np.testing.assert_array_equal(got, (np.array(perm) + base).astype(dtype).astype(np.int64))


def test_randperm_edges(gen):
    t = empty((5,), np.int64)
    check(lib.tc_randperm(t, gen, 0, 0))
    assert to_numpy(t).shape == (0,)
    check(lib.tc_randperm(t, gen, 1, 1))
    assert to_numpy(t).tolist() == [1]
    with pytest.raises(TensorCoreError, match="non-negative"):
        check(lib.tc_randperm(t, gen, -1, 0))
    with pytest.raises(TensorCoreError, match="dtype"):
        check(lib.tc_randperm(empty((0,), np.bool_), gen, 3, 0))


def multinomial(gen, prob, n, replacement, base=0):
    out = empty((0,), np.int64)
    check(lib.tc_multinomial(out, gen, from_numpy(prob), n, replacement, base))
    return to_numpy(out).copy()


def reference_multinomial(u_iter, probs, n, replacement):
    """Torch7's algorithm (THTensorRandom.c), written out in Python."""
    cum = np.cumsum(probs.astype(np.float64))
    cum = cum / cum[-1]
    out = []
    for _ in range(n):
        u = next(u_iter)
        cum[-1] = 1
        k = int(np.searchsorted(cum, u, side="left"))
        out.append(k)
        if not replacement:
            diff = cum[k] - (cum[k - 1] if k > 0 else 0)
            cum = np.where(np.arange(len(cum)) >= k, cum - diff, cum) / (1 - diff)
    return out


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("replacement", [True, False])
def test_multinomial_matches_torch7_algorithm(gen, dtype, replacement):
    prob = np.array([[0.1, 0.2, 0.3, 0.15, 0.25, 0, 0.5, 0.05], [3, 1, 0, 0, 2, 2, 1, 1]], dtype)
    n = 5
    u = iter(uniforms(gen, 3, 100))
    expected = [reference_multinomial(u, row, n, replacement) for row in prob]
    seeded(gen, 3)
    got = multinomial(gen, prob.T.copy().T, n, replacement, 1)   # non-contiguous rows
    np.testing.assert_array_equal(got, np.array(expected) + 1)
    seeded(gen, 3)
    got1d = multinomial(gen, prob[0], n, replacement)
    np.testing.assert_array_equal(got1d, expected[0])


def test_multinomial_frequencies_and_without_replacement_properties(gen):
    seeded(gen, 99)
    p = np.array([1.0, 2.0, 0.0, 7.0])     # unnormalised
    x = multinomial(gen, p, 50_000, True)
    freq = np.bincount(x, minlength=4) / 50_000
    np.testing.assert_allclose(freq, p / p.sum(), atol=0.01)
    rows = np.tile(np.array([[0.5, 0.0, 1.0, 2.0, 0.25]]), (200, 1))
    x = multinomial(gen, rows, 4, False)
    assert x.shape == (200, 4)
    for r in x:
        assert len(set(r)) == 4 and 1 not in r      # distinct, never the zero-probability category
    first = np.bincount(x[:, 0], minlength=5) / 200
    assert first[3] > first[2] > first[0] > first[4] - 0.05


def test_multinomial_errors(gen):
    p = np.array([0.2, 0.8, 0.0])
    with pytest.raises(TensorCoreError, match="without replacement"):
        multinomial(gen, p, 4, False)
    with pytest.raises(TensorCoreError, match="non-zero"):
        multinomial(gen, p, 3, False)
    with pytest.raises(TensorCoreError, match="n_sample <= 0"):
        multinomial(gen, p, 0, True)
    with pytest.raises(TensorCoreError, match="sum of probabilities"):
        multinomial(gen, np.zeros(3), 1, True)
    with pytest.raises(TensorCoreError, match="invalid probability"):
        multinomial(gen, np.array([0.5, -0.1, 0.6]), 1, True)
    with pytest.raises(TensorCoreError, match="invalid probability"):
        multinomial(gen, np.array([0.5, np.nan]), 1, True)
    with pytest.raises(TensorCoreError, match="1-D or 2-D"):
        multinomial(gen, np.ones((2, 2, 2)), 1, True)
    with pytest.raises(TensorCoreError, match="float32 or float64"):
        multinomial(gen, np.ones(3, np.int64), 1, True)
    out = empty((0,), np.int32)
    with pytest.raises(TensorCoreError, match="int64"):
        check(lib.tc_multinomial(out, gen, from_numpy(p), 1, 1, 0))


# ---- validation -----------------------------------------------------------------------------------------

def test_parameter_errors(gen):
    f = from_numpy(np.zeros(4))
    i = from_numpy(np.zeros(4, np.int32))
    cases = [
        (lambda: lib.tc_fill_uniform(i, gen, 0, 1), "float32 or float64"),
        (lambda: lib.tc_fill_normal(f, gen, 0, -1), "standard deviation"),
        (lambda: lib.tc_fill_log_normal(f, gen, 0, -1), "standard deviation"),
        (lambda: lib.tc_fill_exponential(f, gen, 0), "lambda"),
        (lambda: lib.tc_fill_geometric(f, gen, 1.0), "p must be > 0 and < 1"),
        (lambda: lib.tc_fill_geometric(f, gen, 0.0), "p must be > 0 and < 1"),
        (lambda: lib.tc_fill_bernoulli(f, gen, 1.5), "p must be >= 0 and <= 1"),
        (lambda: lib.tc_fill_bernoulli(f, gen, float("nan")), "p must be >= 0 and <= 1"),
        (lambda: lib.tc_fill_random_upto(f, gen, 0), "strictly positive"),
        (lambda: lib.tc_fill_random_range(f, gen, 5, 4), "larger than lower bound"),
        (lambda: lib.tc_fill_random(from_numpy(np.zeros(2, np.float16)), gen), "float16"),
        (lambda: lib.tc_fill_uniform(ffi.NULL, gen, 0, 1), "NULL"),
        (lambda: lib.tc_draw_random_upto(gen, -3, ffi.new("int64_t *")), "strictly positive"),
        (lambda: lib.tc_draw_random_range(gen, 2, 1, ffi.new("int64_t *")), "larger than lower bound"),
        (lambda: lib.tc_draw_geometric(gen, 2.0, ffi.new("double *")), "p must be"),
        (lambda: lib.tc_draw_bernoulli(gen, -0.5, ffi.new("double *")), "p must be"),
        (lambda: lib.tc_draw_normal(gen, 0, -2, ffi.new("double *")), "standard deviation"),
        (lambda: lib.tc_draw_exponential(gen, -1, ffi.new("double *")), "lambda"),
    ]
    for call, msg in cases:
        seeded(gen, 1)
        with pytest.raises(TensorCoreError, match=msg):
            check(call())
        assert lib.tc_draw_u32(gen) == 1791095845   # a refused call consumed nothing


def test_scalar_draws(gen):
    seeded(gen, 1)
    u = uniforms(gen, 1, 6)
    seeded(gen, 1)
    assert draw(lib.tc_draw_exponential, gen, 1.5) == -1.0 / 1.5 * np.log(1 - u[0])
    assert draw(lib.tc_draw_cauchy, gen, 0.0, 1.0) == np.tan(np.pi * (u[1] - 0.5))
    assert draw(lib.tc_draw_geometric, gen, 0.2) == int(np.log(1 - u[2]) / np.log(0.2)) + 1
    assert draw(lib.tc_draw_bernoulli, gen, 0.3) == float(u[3] <= 0.3)
    assert draw_int(lib.tc_draw_random_range, gen, -(2**62), 2**62) == int(
        (int(u[4] * 2**32) % (2**63 + 1)) - 2**62)
    # the full 64-bit range (b+1-a wraps to 0) must not divide by zero
    draw_int(lib.tc_draw_random_range, gen, -(2**63), 2**63 - 1)


def test_a_shared_generator_serialises_concurrent_calls():
    import threading
    check(lib.tc_generator_manual_seed(ffi.NULL, 77))
    chunks = []

    def worker():
        for _ in range(50):
            t = empty((200,), np.int64)
            check(lib.tc_fill_random(t, ffi.NULL))     # cffi releases the GIL during the call
            chunks.append(to_numpy(t).copy())
        for _ in range(2000):
            chunks.append(np.array([lib.tc_draw_u32(ffi.NULL)], np.int64))

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    total = sum(c.size for c in chunks)
    check(lib.tc_generator_manual_seed(ffi.NULL, 77))
    stream = u32s(ffi.NULL, total).astype(np.int64)
    # every fill is one contiguous slice of the stream, and all draws together are the stream
    np.testing.assert_array_equal(np.sort(np.concatenate(chunks)), np.sort(stream))
    for c in chunks:
        if c.size > 1:
            starts = np.flatnonzero(stream == c[0])
            assert any(np.array_equal(c, stream[i:i + c.size]) for i in starts)


def test_scalar_and_empty_tensors(gen):
    seeded(gen, 1)
    t = empty((), np.float64)                      # a 0-dim (PyTorch scalar) tensor: one draw
    check(lib.tc_fill_uniform(t, gen, 0, 1))
    assert to_numpy(t)[()] == 0.41702199843712151
    e = empty((3, 0), np.float32)                  # no elements: nothing consumed
    for call in (lambda: lib.tc_fill_normal(e, gen, 0, 1), lambda: lib.tc_fill_random(e, gen),
                 lambda: lib.tc_fill_bernoulli(e, gen, 0.5), lambda: lib.tc_dropout_mask(e, gen, 0.5)):
        check(call())
    assert lib.tc_draw_uniform(gen, 0, 1) == 0.99718480813317001
