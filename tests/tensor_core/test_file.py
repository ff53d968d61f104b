"""tc_file: the byte-level primitives under torch.DiskFile / MemoryFile (binary and ascii
encodings, byte order, long size, positions, errors), checked against the bytes Torch7 writes."""
import gc
import os
import struct

import numpy as np
import pytest

from tensor_core import ffi, lib, TensorCoreError, check

# element code -> (numpy dtype of the in-memory array, little-endian on-disk dtype)
ELEMS = {
    lib.TC_FILE_BYTE: (np.uint8, "<u1"),
    lib.TC_FILE_CHAR: (np.int8, "<i1"),
    lib.TC_FILE_SHORT: (np.int16, "<i2"),
    lib.TC_FILE_INT: (np.int32, "<i4"),
    lib.TC_FILE_INT64: (np.int64, "<i8"),
    lib.TC_FILE_HALF: (np.float16, "<f2"),
    lib.TC_FILE_FLOAT: (np.float32, "<f4"),
    lib.TC_FILE_DOUBLE: (np.float64, "<f8"),
    lib.TC_FILE_BOOL: (np.bool_, "<u1"),
    lib.TC_FILE_LONG: (np.int64, "<i8"),
}


def sample(elem, n=13):
    dtype = ELEMS[elem][0]
    rng = np.random.default_rng(elem)
    if dtype == np.bool_:
        return rng.integers(0, 2, n).astype(np.bool_)
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        return rng.integers(info.min, info.max, n, dtype=np.int64, endpoint=True).astype(dtype)
    return (rng.standard_normal(n) * 1e3).astype(dtype)


class F:
    """A tiny owner of a tc_file for the tests."""

    def __init__(self, ptr):
        check(ptr)
        self.p = ffi.gc(ptr, lib.tc_file_free)

    @classmethod
    def memory(cls, mode="rw", data=None):
        if data is None:
            return cls(lib.tc_file_memory_new(mode.encode()))
        return cls(lib.tc_file_memory_from(data, len(data), mode.encode()))

    @classmethod
    def disk(cls, path, mode, quiet=False):
        return cls(lib.tc_file_open(str(path).encode(), mode.encode(), quiet))

    def write(self, elem, arr):
        arr = np.ascontiguousarray(arr)
        return check_count(lib.tc_file_write(self.p, elem, ffi.from_buffer(arr) if arr.size else ffi.NULL, arr.size))

    def read(self, elem, n):
        out = np.zeros(n, ELEMS[elem][0])
        got = check_count(lib.tc_file_read(self.p, elem, ffi.from_buffer(out) if n else ffi.NULL, n))
        return out[:got]

    def data(self):
        ptr = ffi.new("const uint8_t **")
        size = ffi.new("int64_t *")
        check(lib.tc_file_memory_data(self.p, ptr, size))
        return bytes(ffi.buffer(ptr[0], size[0]))

    def __getattr__(self, name):   # f.binary() -> lib.tc_file_set_binary(f.p, ...) and friends
        fn = getattr(lib, "tc_file_" + name)
        return lambda *a: fn(self.p, *a)


def check_count(n):
    if n == -1:
        raise TensorCoreError(error_text())
    return n


def error_text():
    return ffi.string(lib.tc_last_error()).decode("utf-8")   # messages are always text


# ---- binary --------------------------------------------------------------------------------------

@pytest.mark.parametrize("elem", sorted(ELEMS))
@pytest.mark.parametrize("endian", ["native", "big"])
def test_binary_round_trip_and_bytes(elem, endian):
    a = sample(elem)
    f = F.memory()
    f.set_binary(1)
    if endian == "big":
        check(f.set_endian(lib.TC_FILE_BIG_ENDIAN))
    assert f.write(elem, a) == a.size
    disk_dtype = np.dtype(ELEMS[elem][1])
    if endian == "big":
        disk_dtype = disk_dtype.newbyteorder(">")
    assert f.data() == a.astype(disk_dtype).tobytes()
    check(f.seek(0))
    np.testing.assert_array_equal(f.read(elem, a.size), a)
    assert f.position() == f.length() == a.size * disk_dtype.itemsize


def test_little_endian_encoding_is_native_here():
    assert lib.tc_file_is_little_endian_cpu() == 1
    f = F.memory()
    f.set_binary(1)
    check(f.set_endian(lib.TC_FILE_LITTLE_ENDIAN))
    f.write(lib.TC_FILE_INT, np.array([1, -2], np.int32))
    assert f.data() == struct.pack("<ii", 1, -2)


@pytest.mark.parametrize("endian", ["native", "big"])
def test_four_byte_longs(endian):
    values = np.array([1, -1, 2**31 - 1, -(2**31), 7], np.int64)
    f = F.memory()
    f.set_binary(1)
    check(f.set_long_size(4))
    assert f.long_size() == 4 and f.element_size(lib.TC_FILE_LONG) == 4
    if endian == "big":
        f.set_endian(lib.TC_FILE_BIG_ENDIAN)
    f.write(lib.TC_FILE_LONG, values)
    assert f.data() == struct.pack((">" if endian == "big" else "<") + "5i", *values.tolist())
    check(f.seek(0))
    np.testing.assert_array_equal(f.read(lib.TC_FILE_LONG, 5), values)   # sign-extended back
    # values beyond int32 are truncated, as Torch7 does with longSize(4)
    g = F.memory()
    g.set_binary(1)
    g.set_long_size(4)
    g.write(lib.TC_FILE_LONG, np.array([2**32 + 5], np.int64))
    assert g.data() == struct.pack("<i", 5)
    # 0 means native (8 bytes); anything else is refused
    check(g.set_long_size(0))
    assert g.long_size() == 8
    with pytest.raises(TensorCoreError, match="Invalid long size"):
        check(g.set_long_size(2))


def test_long_writes_larger_than_one_conversion_chunk():
    values = np.arange(-5000, 5000, dtype=np.int64) * 3
    for long_size, endian in [(4, lib.TC_FILE_NATIVE_ENDIAN), (8, lib.TC_FILE_BIG_ENDIAN)]:
        f = F.memory()
        f.set_binary(1)
        f.set_long_size(long_size)
        f.set_endian(endian)
        f.write(lib.TC_FILE_LONG, values)
        assert len(f.data()) == values.size * long_size
        f.seek(0)
        np.testing.assert_array_equal(f.read(lib.TC_FILE_LONG, values.size), values)


def test_torch7_save_of_a_double_tensor_byte_for_byte():
    """Inventory §3.4: torch.save('a.t7', torch.Tensor{1,2}) is exactly these 127 bytes."""
    expected = bytes.fromhex(
        "04000000" "01000000" "03000000") + b"V 1" + bytes.fromhex("12000000") + b"torch.DoubleTensor" + \
        bytes.fromhex("01000000" "0200000000000000" "0100000000000000" "0100000000000000"
                      "04000000" "02000000" "03000000") + b"V 1" + bytes.fromhex("13000000") + \
        b"torch.DoubleStorage" + bytes.fromhex("0200000000000000" "000000000000F03F" "0000000000000040")
    assert len(expected) == 127
    f = F.memory("w")
    f.set_binary(1)
    write_save_of_tensor_1_2(f)
    assert f.data() == expected


def write_save_of_tensor_1_2(f):
    """What Torch7's writeObject does for torch.Tensor{1,2}, spelled out in primitives."""
    I, L, D, C = lib.TC_FILE_INT, lib.TC_FILE_LONG, lib.TC_FILE_DOUBLE, lib.TC_FILE_CHAR

    def string(s):
        f.write(I, np.array([len(s)], np.int32))
        f.write(C, np.frombuffer(s, np.int8))

    f.write(I, np.array([4, 1], np.int32)[:1])
    f.write(I, np.array([1], np.int32))
    string(b"V 1")
    string(b"torch.DoubleTensor")
    f.write(I, np.array([1], np.int32))
    f.write(L, np.array([2], np.int64))
    f.write(L, np.array([1], np.int64))
    f.write(L, np.array([1], np.int64))
    f.write(I, np.array([4], np.int32))
    f.write(I, np.array([2], np.int32))
    string(b"V 1")
    string(b"torch.DoubleStorage")
    f.write(L, np.array([2], np.int64))
    f.write(D, np.array([1.0, 2.0]))


# ---- ascii ---------------------------------------------------------------------------------------

def test_torch7_save_of_a_double_tensor_in_ascii():
    """Inventory §3.4: the same object in ascii: one item per line, the doubles on one line."""
    f = F.memory("w")
    write_save_of_tensor_1_2(f)
    assert f.data() == b"4\n1\n3\nV 1\n18\ntorch.DoubleTensor\n1\n2\n1\n1\n4\n2\n3\nV 1\n19\ntorch.DoubleStorage\n2\n1 2\n"


@pytest.mark.parametrize("elem, values, text", [
    (lib.TC_FILE_DOUBLE, [0.1, -2.5, 1e300], b"0.10000000000000001 -2.5 1.0000000000000001e+300\n"),
    (lib.TC_FILE_DOUBLE, [float("inf"), float("-inf"), float("nan")], b"inf -inf nan\n"),
    (lib.TC_FILE_FLOAT, [0.1, 3.0, -1e-8], b"0.100000001 3 -9.99999994e-09\n"),
    (lib.TC_FILE_HALF, [0.1, 65504.0], b"0.0999755859 65504\n"),
    (lib.TC_FILE_SHORT, [-32768, 7], b"-32768 7\n"),
    (lib.TC_FILE_INT, [2147483647, -1], b"2147483647 -1\n"),
    (lib.TC_FILE_LONG, [-(2**63), 2**62], b"-9223372036854775808 4611686018427387904\n"),
    (lib.TC_FILE_INT64, [5], b"5\n"),
    (lib.TC_FILE_BYTE, [104, 105, 10, 32], b"hi\n \n"),
    (lib.TC_FILE_CHAR, [97, 0, 98], b"a\x00b\n"),
])
def test_ascii_formats_and_round_trip(elem, values, text):
    a = np.array(values, dtype=ELEMS[elem][0])
    f = F.memory()
    f.write(elem, a)
    assert f.data() == text
    f.seek(0)
    back = f.read(elem, a.size)
    np.testing.assert_array_equal(back, a)
    assert f.position() == len(text)   # the newline was swallowed


@pytest.mark.parametrize("elem", sorted(ELEMS))
def test_ascii_round_trip_every_type_and_empty_arrays(elem):
    a = sample(elem, 7)
    f = F.memory()
    f.write(elem, a[:0])
    assert f.data() == b""                 # ascii mode writes nothing for an empty array
    f.write(elem, a)
    f.write(elem, a[:0])
    f.write(elem, a[:2])
    f.seek(0)
    np.testing.assert_array_equal(f.read(elem, 7), a)
    assert f.read(elem, 0).size == 0
    np.testing.assert_array_equal(f.read(elem, 2), a[:2])
    assert f.remaining() == 0


def test_ascii_without_auto_spacing_and_whitespace_tolerant_reading():
    f = F.memory()
    f.set_auto_spacing(0)
    assert f.is_auto_spacing() == 0
    f.write(lib.TC_FILE_INT, np.array([1, 2], np.int32))
    f.write(lib.TC_FILE_CHAR, np.frombuffer(b"ab", np.int8))
    assert f.data() == b"12ab"
    g = F.memory("r", b"  7\n\n  -3\t 12\nxyz\n")
    np.testing.assert_array_equal(g.read(lib.TC_FILE_INT, 3), [7, -3, 12])
    assert bytes(g.read(lib.TC_FILE_CHAR, 3).tobytes()) == b"xyz"
    assert g.remaining() == 0


def test_ascii_read_of_garbage_fails_with_the_token():
    f = F.memory("r", b"1 2 oops 4\n")
    with pytest.raises(TensorCoreError, match="expected a number.*oops"):
        f.read(lib.TC_FILE_DOUBLE, 4)
    assert f.has_error()


# ---- errors, quiet mode, hostile lengths ------------------------------------------------------------

def test_truncated_binary_read_names_the_position():
    f = F.memory("r", struct.pack("<iid", 1, 2, 3.0)[:14])
    f.set_binary(1)
    np.testing.assert_array_equal(f.read(lib.TC_FILE_INT, 2), [1, 2])
    with pytest.raises(TensorCoreError, match=r"read 0 double blocks instead of 1 at byte 8 of <memory>"):
        f.read(lib.TC_FILE_DOUBLE, 1)
    assert f.has_error()
    f.clear_error()
    assert not f.has_error()


def test_quiet_short_reads_return_the_count():
    f = F.memory("r", np.arange(5, dtype=np.int32).tobytes())
    f.set_binary(1)
    f.set_quiet(1)
    assert f.is_quiet()
    got = f.read(lib.TC_FILE_INT, 8)
    np.testing.assert_array_equal(got, np.arange(5))
    assert f.has_error()
    g = F.memory("r", b"1 2")
    g.set_quiet(1)
    np.testing.assert_array_equal(g.read(lib.TC_FILE_LONG, 3), [1, 2])


def test_hostile_lengths_fail_before_allocating():
    f = F.memory("r", b"\x00" * 40)
    f.set_binary(1)
    check(f.check_available(lib.TC_FILE_DOUBLE, 5))
    with pytest.raises(TensorCoreError, match=r"6 double elements need 48 bytes at byte 0 of <memory>, but only 40"):
        check(f.check_available(lib.TC_FILE_DOUBLE, 6))
    with pytest.raises(TensorCoreError, match="only 40 remain"):
        check(f.check_available(lib.TC_FILE_LONG, 2**62))
    with pytest.raises(TensorCoreError, match="negative element count"):
        check(f.check_available(lib.TC_FILE_INT, -1))
    f.seek(36)
    with pytest.raises(TensorCoreError, match="at byte 36"):
        check(f.check_available(lib.TC_FILE_INT, 2))
    g = F.memory("r", b"1 2 3\n")          # ascii: at least one byte per element
    check(g.check_available(lib.TC_FILE_INT, 3))
    with pytest.raises(TensorCoreError, match="at least"):
        check(g.check_available(lib.TC_FILE_INT, 7))


def test_misuse_fails_even_when_quiet(tmp_path):
    w = F.memory("w")
    w.set_quiet(1)
    with pytest.raises(TensorCoreError, match="write-only"):
        w.read(lib.TC_FILE_INT, 1)
    r = F.memory("r", b"")
    with pytest.raises(TensorCoreError, match="read-only"):
        r.write(lib.TC_FILE_INT, np.array([1], np.int32))
    with pytest.raises(TensorCoreError, match="unknown element type"):
        check_count(lib.tc_file_read(r.p, 42, ffi.NULL, 0))
    check(r.close())
    assert not r.is_open()
    with pytest.raises(TensorCoreError, match="closed file"):
        r.read(lib.TC_FILE_INT, 1)
    with pytest.raises(TensorCoreError, match="closed file"):
        check(r.close())
    with pytest.raises(TensorCoreError, match="file mode"):
        F.memory("x")
    with pytest.raises(TensorCoreError, match="cannot open"):
        F.disk(tmp_path / "missing" / "x.t7", "r")


# ---- positions, strings, memory files -------------------------------------------------------------------

def test_positions_and_seeks_on_memory_files():
    f = F.memory("rw", b"hello world")
    assert f.position() == 0 and f.length() == 11 and f.remaining() == 11
    check(f.seek(6))
    assert bytes(f.read(lib.TC_FILE_CHAR, 5).tobytes()) == b"world"
    check(f.seek_end())
    assert f.position() == 11
    with pytest.raises(TensorCoreError, match="unable to seek"):
        check(f.seek(12))
    check(f.seek(6))
    f.set_binary(1)
    f.write(lib.TC_FILE_CHAR, np.frombuffer(b"there!", np.int8))   # overwrite and extend
    assert f.data() == b"hello there!"
    assert f.is_readable() and f.is_writable() and f.is_binary() and f.is_memory()


def test_read_string_all_and_lines():
    f = F.memory("r", b"first line\nsecond\n\nlast")
    out = ffi.new("const char **")

    def rs(all_):
        n = check_count(lib.tc_file_read_string(f.p, all_, out))
        return ffi.buffer(out[0], n)[:]

    assert rs(0) == b"first line"
    assert rs(0) == b"second"
    assert rs(0) == b""
    assert rs(1) == b"last"
    with pytest.raises(TensorCoreError, match="read 0 blocks"):
        rs(1)
    f.set_quiet(1)
    f.clear_error()
    assert rs(0) == b"" and f.has_error()
    g = F.memory("w")
    assert check_count(lib.tc_file_write_string(g.p, b"abc\x00def", 7)) == 7
    assert g.data() == b"abc\x00def"


def test_memory_file_grows_and_serializes():
    f = F.memory("w")
    f.set_binary(1)
    big = np.arange(100_000, dtype=np.float64)
    f.write(lib.TC_FILE_DOUBLE, big)
    f.write(lib.TC_FILE_INT, np.array([7], np.int32))
    data = f.data()
    assert len(data) == 800_004
    g = F.memory("r", data)
    g.set_binary(1)
    np.testing.assert_array_equal(g.read(lib.TC_FILE_DOUBLE, 100_000), big)
    assert g.read(lib.TC_FILE_INT, 1)[0] == 7
    check(f.close())
    with pytest.raises(TensorCoreError, match="closed file"):
        f.data()


# ---- disk files ---------------------------------------------------------------------------------------

def test_disk_round_trip_modes(tmp_path):
    path = tmp_path / "a.bin"
    w = F.disk(path, "w")
    w.set_binary(1)
    w.write(lib.TC_FILE_DOUBLE, np.array([1.5, 2.5]))
    assert w.position() == 16 and w.length() == 16
    check(w.close())
    assert path.read_bytes() == struct.pack("<dd", 1.5, 2.5)
    a = F.disk(path, "a")
    a.set_binary(1)
    a.write(lib.TC_FILE_INT, np.array([9], np.int32))
    check(a.close())
    rw = F.disk(path, "rw")
    rw.set_binary(1)
    np.testing.assert_array_equal(rw.read(lib.TC_FILE_DOUBLE, 2), [1.5, 2.5])
    rw.write(lib.TC_FILE_INT, np.array([10], np.int32))      # switching read -> write
    check(rw.seek(0))
    np.testing.assert_array_equal(rw.read(lib.TC_FILE_DOUBLE, 1), [1.5])
    check(rw.seek_end())
    assert rw.position() == 20
    check(rw.close())
    assert path.read_bytes()[16:] == struct.pack("<i", 10)
    r = F.disk(path, "r", quiet=True)
    r.set_binary(1)
    assert r.read(lib.TC_FILE_DOUBLE, 5).size == 2 and r.has_error()
    newfile = tmp_path / "new.bin"
    F.disk(newfile, "rw").close()      # "rw" creates a missing file
    assert newfile.exists()


def test_disk_ascii_matches_memory_ascii(tmp_path):
    path = tmp_path / "a.txt"
    f = F.disk(path, "w")
    write_save_of_tensor_1_2(f)
    check(f.close())
    m = F.memory("w")
    write_save_of_tensor_1_2(m)
    assert path.read_bytes() == m.data()
    r = F.disk(path, "r")
    assert r.read(lib.TC_FILE_INT, 1)[0] == 4
    r.seek(path.read_bytes().index(b"1 2"))
    np.testing.assert_array_equal(r.read(lib.TC_FILE_DOUBLE, 2), [1.0, 2.0])


def test_disk_truncated_read_and_hostile_length(tmp_path):
    path = tmp_path / "t.bin"
    path.write_bytes(struct.pack("<q", 10) + b"\x00" * 12)
    f = F.disk(path, "r")
    f.set_binary(1)
    n = int(f.read(lib.TC_FILE_LONG, 1)[0])
    with pytest.raises(TensorCoreError, match=r"10 float elements need 40 bytes at byte 8 of .*t.bin, but only 12"):
        check(f.check_available(lib.TC_FILE_FLOAT, n))
    with pytest.raises(TensorCoreError, match=r"read 3 float blocks instead of 10 at byte 8 of .*t.bin"):
        f.read(lib.TC_FILE_FLOAT, n)


def test_atomic_write_replaces_only_on_close(tmp_path):
    path = tmp_path / "model.t7"
    path.write_bytes(b"old contents")
    f = F(lib.tc_file_open_atomic(str(path).encode(), 0))
    f.set_binary(1)
    f.write(lib.TC_FILE_INT, np.array([1, 2, 3], np.int32))
    assert path.read_bytes() == b"old contents"
    check(f.close())
    assert path.read_bytes() == struct.pack("<3i", 1, 2, 3)
    assert sorted(os.listdir(tmp_path)) == ["model.t7"]
    # an abandoned write (error part way, GC) leaves the old file and no temporary behind
    g = F(lib.tc_file_open_atomic(str(path).encode(), 0))
    g.write(lib.TC_FILE_INT, np.array([4], np.int32))
    del g
    gc.collect()    # tc_file_free without tc_file_close
    assert path.read_bytes() == struct.pack("<3i", 1, 2, 3)
    assert sorted(os.listdir(tmp_path)) == ["model.t7"]
    h = F(lib.tc_file_open_atomic(str(path).encode(), 0))
    check(h.abort())
    assert path.read_bytes() == struct.pack("<3i", 1, 2, 3)
    assert sorted(os.listdir(tmp_path)) == ["model.t7"]


# ---- hostile input never crashes -----------------------------------------------------------------------

from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=64), binary=st.booleans(), quiet=st.booleans(),
       ops=st.lists(st.tuples(st.sampled_from(sorted(ELEMS)), st.integers(0, 20)), max_size=8))
def test_reading_arbitrary_bytes_fails_cleanly(data, binary, quiet, ops):
    f = F.memory("r", data)
    f.set_binary(int(binary))
    f.set_quiet(int(quiet))
    for elem, n in ops:
        if lib.tc_file_check_available(f.p, elem, n) != 0:
            assert "remain" in error_text()
            continue
        out = np.zeros(n, ELEMS[elem][0])
        got = lib.tc_file_read(f.p, elem, ffi.from_buffer(out) if n else ffi.NULL, n)
        assert got == -1 or 0 <= got <= n
        if got == -1:
            assert not quiet and error_text()
        assert 0 <= f.position() <= len(data)


def test_atomic_write_gets_ordinary_permissions(tmp_path):
    path = tmp_path / "fresh.t7"
    f = F(lib.tc_file_open_atomic(str(path).encode(), 0))
    check(f.close())
    mask = os.umask(0)
    os.umask(mask)
    assert (path.stat().st_mode & 0o777) == (0o666 & ~mask)


def storage_values(s, dtype):
    return np.frombuffer(ffi.buffer(s.data, s.size * np.dtype(dtype).itemsize), dtype).copy()


@pytest.mark.parametrize("binary", [1, 0])
def test_read_and_write_whole_storages(binary):
    f = F.memory()
    f.set_binary(binary)
    a = np.array([3, -1, 2**40], np.int64)
    src = lib.tc_storage_new(lib.TC_INT64, 3)
    ffi.memmove(src.data, a.tobytes(), 24)
    assert lib.tc_file_write_storage(f.p, lib.TC_FILE_LONG, src) == 3
    with pytest.raises(TensorCoreError, match="int64 storage cannot be written as double"):
        check_count(lib.tc_file_write_storage(f.p, lib.TC_FILE_DOUBLE, src))
    lib.tc_storage_release(src)
    f.seek(0)
    s = lib.tc_file_read_storage(f.p, lib.TC_FILE_LONG, 3)
    check(s)
    assert s.dtype == lib.TC_INT64 and s.size == 3
    np.testing.assert_array_equal(storage_values(s, np.int64), a)
    lib.tc_storage_release(s)
    f.seek(0)
    with pytest.raises(TensorCoreError, match="remain"):
        check(lib.tc_file_read_storage(f.p, lib.TC_FILE_LONG, 10**15))
    f.set_quiet(1)
    s = lib.tc_file_read_storage(f.p, lib.TC_FILE_LONG, 3 if binary else 4)
    check(s)
    assert s.size == 3 and f.has_error() == (not binary)   # quiet: shrunk to what was read
    lib.tc_storage_release(s)


def _byte_storage(content: bytes, dtype=None):
    dtype = lib.TC_INT8 if dtype is None else dtype
    s = lib.tc_storage_new(dtype, len(content))
    assert s != ffi.NULL
    ffi.memmove(s.data, content, len(content))
    return s


def test_memory_file_on_a_storage_writes_into_it():
    s = _byte_storage(b"ab\0")
    f = check(lib.tc_file_memory_on_storage(s, b"rw"))
    assert lib.tc_file_length(f) == 2                      # the trailing 0 is not content
    check(lib.tc_file_seek_end(f))
    payload = b"-0123456789" * 20
    assert lib.tc_file_write_string(f, payload, len(payload)) == len(payload)
    # the caller's storage grew and holds the content (the file's buffer is the storage)
    assert s.size >= 2 + len(payload) + 1
    assert ffi.buffer(ffi.cast("char *", s.data), 2 + len(payload))[:] == b"ab" + payload
    same = lib.tc_file_memory_storage(f)
    assert same == s and s.size == 2 + len(payload) + 1
    assert ffi.cast("char *", s.data)[s.size - 1] == b"\0"
    # a storage shrunk behind the file's back: the file follows it instead of reading past its end
    check(lib.tc_storage_resize(s, 4))
    check(lib.tc_file_seek(f, 0))
    assert lib.tc_file_length(f) == 3
    out = ffi.new("char[16]")
    assert lib.tc_file_read(f, lib.TC_FILE_CHAR, out, 3) == 3
    assert ffi.buffer(out, 3)[:] == b"ab-"
    with pytest.raises(TensorCoreError):
        check_count(lib.tc_file_read(f, lib.TC_FILE_CHAR, out, 1))
    lib.tc_file_close(f)
    lib.tc_file_free(f)
    assert s.refcount == 1, "the file released its reference"
    lib.tc_storage_release(s)


def test_memory_file_storage_is_shared_and_checked():
    f = check(lib.tc_file_memory_new(b"rw"))
    a = lib.tc_file_memory_storage(f)
    lib.tc_storage_retain(a)
    assert lib.tc_file_write_string(f, b"xyz", 3) == 3
    b = lib.tc_file_memory_storage(f)
    assert a == b and b.size == 4 and ffi.buffer(ffi.cast("char *", b.data), 4)[:] == b"xyz\0"
    lib.tc_file_close(f)
    lib.tc_file_free(f)
    assert ffi.buffer(ffi.cast("char *", a.data), 3)[:] == b"xyz", "the storage outlives the file"
    lib.tc_storage_release(a)
    no_zero = _byte_storage(b"abc")
    with pytest.raises(TensorCoreError, match="terminated by 0"):
        check(lib.tc_file_memory_on_storage(no_zero, b"r"))
    floats = lib.tc_storage_new(lib.TC_FLOAT32, 2)
    with pytest.raises(TensorCoreError, match="CharStorage or ByteStorage"):
        check(lib.tc_file_memory_on_storage(floats, b"r"))
    with pytest.raises(TensorCoreError, match="mode"):
        check(lib.tc_file_memory_on_storage(_byte_storage(b"\0"), b"a"))
    assert no_zero.refcount == 1
    for st in (no_zero, floats):
        lib.tc_storage_release(st)
