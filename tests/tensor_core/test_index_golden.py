"""Indexing, construction, sorting and selection kernels against a real Torch7 run (golden file).

Each case replays the Torch7 call (`fn` in tensor_ops_cases.lua) directly on the C kernels with
index_base 1, the way the Lua frontend calls them.  (indexCopy/indexAdd/indexFill/maskedFill cases
are not replayed here: Torch7 returns their source or fill value, so the golden output says nothing
about the kernel.)"""
import numpy as np
import pytest

from tensor_core import ffi, lib, check
from tensor_core.nd import from_numpy, to_numpy, owned, dtype_code

from golden_torch7 import golden_cases


def new(dtype):
    return owned(lib.tc_tensor_new(dtype_code(dtype)))


def run(fn, *args, out_dtypes):
    outs = [new(d) for d in out_dtypes]
    check(fn(*outs, *args))
    return [to_numpy(o).copy() for o in outs]


def t(a):
    return from_numpy(np.ascontiguousarray(a) if isinstance(a, np.ndarray) else np.asarray(a))


def one(fn, dtype, *args):
    return run(fn, *args, out_dtypes=[dtype])[0]


def two(fn, x, *args):
    return run(fn, *args, out_dtypes=[x.dtype, np.int64])


def inplace(fn, x, *args):
    x = x.copy()
    check(fn(from_numpy(x), *args))
    return x


def cat(*arrays, dim):
    ts = [t(a) for a in arrays]
    return one(lib.tc_cat, arrays[0].dtype, ffi.new("tc_tensor *[]", ts), len(ts), dim)


CASES = {
    "range_int_step": lambda I: one(lib.tc_range, np.float64, 1, 10, 1),
    "range_step3": lambda I: one(lib.tc_range, np.float64, 2, 13, 3),
    "range_negative_step": lambda I: one(lib.tc_range, np.float64, 5, 1, -1.5),
    "range_fractional_step": lambda I: one(lib.tc_range, np.float64, 0, 1, 0.1),
    "range_Int": lambda I: one(lib.tc_range, np.int32, 1, 10, 2),
    "linspace": lambda I: one(lib.tc_linspace, np.float64, 0, 1, 5),
    "linspace_neg_Float": lambda I: one(lib.tc_linspace, np.float32, -2, 3, 7),
    "logspace": lambda I: one(lib.tc_logspace, np.float64, 0, 2, 5, 10.0),
    "logspace_neg": lambda I: one(lib.tc_logspace, np.float64, -1, 1, 4, 10.0),
    "eye_square": lambda I: one(lib.tc_eye, np.float64, 3, -1),
    "eye_rect": lambda I: one(lib.tc_eye, np.float64, 3, 5),
    "eye_Int": lambda I: one(lib.tc_eye, np.int32, 4, 2),
    "diag_vec": lambda I: one(lib.tc_diag, I[0].dtype, t(I[0]), 0),
    "diag_vec_k": lambda I: one(lib.tc_diag, I[0].dtype, t(I[0]), 1),
    "diag_mat": lambda I: one(lib.tc_diag, I[0].dtype, t(I[0]), 0),
    "diag_mat_kneg": lambda I: one(lib.tc_diag, I[0].dtype, t(I[0]), -1),
    "diag_Long": lambda I: one(lib.tc_diag, I[0].dtype, t(I[0]), -2),
    "tril": lambda I: one(lib.tc_tril, I[0].dtype, t(I[0]), 0),
    "triu_k": lambda I: one(lib.tc_triu, I[0].dtype, t(I[0]), 1),
    "tril_kneg": lambda I: one(lib.tc_tril, I[0].dtype, t(I[0]), -1),
    "triu_Int": lambda I: one(lib.tc_triu, I[0].dtype, t(I[0]), -1),
    "cat_dim1": lambda I: cat(I[0], I[1], dim=0),
    "cat_dim2": lambda I: cat(I[0], I[1], dim=1),
    "cat_table": lambda I: cat(I[0], I[1], I[2], dim=1),
    "cat_1d_Int": lambda I: cat(I[0], I[1], dim=0),
    "cat_Byte_3d": lambda I: cat(I[0], I[1], dim=2),
    "repeatTensor": lambda I: one(lib.tc_repeat, I[0].dtype, t(I[0]), 3, ffi.new("int64_t[]", [2, 1, 2])),
    "index_dim1": lambda I: one(lib.tc_index_select, I[0].dtype, t(I[0]), 0, t(I[1]), 1),
    "index_dim2_Int": lambda I: one(lib.tc_index_select, I[0].dtype, t(I[0]), 1, t(I[1]), 1),
    "index_Byte": lambda I: one(lib.tc_index_select, I[0].dtype, t(I[0]), 0, t(I[1]), 1),
    "gather": lambda I: one(lib.tc_gather, I[0].dtype, t(I[0]), 1, t(I[1]), 1),
    "gather_dim1_Long": lambda I: one(lib.tc_gather, I[0].dtype, t(I[0]), 0, t(I[1]), 1),
    "scatter": lambda I: inplace(lib.tc_scatter, I[0][: I[1].shape[0]], 1, t(I[1]), t(I[2]), 1),
    "scatter_value_Int": lambda I: inplace(lib.tc_scatter_value, I[0], 0, t(I[1]), 7.0, 1),
    "maskedSelect": lambda I: one(lib.tc_masked_select, I[0].dtype, t(I[0]), t(I[1])),
    "maskedSelect_Byte": lambda I: one(lib.tc_masked_select, I[0].dtype, t(I[0]), t(I[1])),
    "maskedCopy_Float": lambda I: inplace(lib.tc_masked_scatter, I[0], t(I[1]), t(I[2])),
    "nonzero": lambda I: one(lib.tc_nonzero, np.int64, t(I[0]), 1),
    "nonzero_Byte": lambda I: one(lib.tc_nonzero, np.int64, t(I[0]), 1),
    "median_1d": lambda I: two(lib.tc_median, I[0], t(I[0]), 0, 1, 1),
    "median_dim": lambda I: two(lib.tc_median, I[0], t(I[0]), 1, 1, 1),
    "median_dim_Int_even": lambda I: two(lib.tc_median, I[0], t(I[0]), 1, 1, 1),
    "mode_dim_Int_ties": lambda I: two(lib.tc_mode, np.zeros(0, np.int32),
                                       t(np.array([[1, 2, 2, 3, 3, 3, 1], [5, 5, 4, 4, 9, 4, 5]], np.int32)), 1, 1, 1),
    "mode_Double": lambda I: two(lib.tc_mode, I[0], t(I[0]), 1, 1, 1),
    "kthvalue": lambda I: two(lib.tc_kthvalue, I[0], t(I[0]), 2, 1, 1, 1),
    "kthvalue_dim1_Long": lambda I: two(lib.tc_kthvalue, I[0], t(I[0]), 3, 0, 1, 1),
    "sort_default": lambda I: two(lib.tc_sort, I[0], t(I[0]), 1, 0, 1),
    "sort_dim1_Float": lambda I: two(lib.tc_sort, I[0], t(I[0]), 0, 0, 1),
    "sort_desc_Int": lambda I: two(lib.tc_sort, I[0], t(I[0]), 1, 1, 1),
    "sort_1d_Long": lambda I: two(lib.tc_sort, I[0], t(I[0]), 0, 0, 1),
    "sort_values_with_ties_Byte": lambda I: two(lib.tc_sort, I[0], t(I[0]), 0, 0, 1)[0],
    "sort_noncontiguous": lambda I: two(lib.tc_sort, I[0], from_numpy(I[0].T), 1, 1, 1),
    "topk_smallest_sorted": lambda I: two(lib.tc_topk, I[0], t(I[0]), 3, 0, 0, 1, 1),
    "topk_largest_sorted": lambda I: two(lib.tc_topk, I[0], t(I[0]), 2, 1, 1, 1, 1),
    "topk_dim1_Int": lambda I: two(lib.tc_topk, I[0], t(I[0]), 2, 0, 1, 1, 1),
    "topk_default_args": lambda I: two(lib.tc_topk, I[0], t(I[0]), 3, 0, 0, 0, 1),  # Torch7's unsorted order
    "cross": lambda I: one(lib.tc_cross, I[0].dtype, t(I[0]), t(I[1]), lib.TC_DIM_AUTO),
    "cross_dim2": lambda I: one(lib.tc_cross, I[0].dtype, t(I[0]), t(I[1]), 1),
}


def trace(a):
    r = ffi.new("double *")
    check(lib.tc_trace(t(a), r))
    return r[0]


CASES["trace"] = lambda I: trace(I[0])
CASES["trace_Int"] = lambda I: trace(I[0])


def compare(got, expected, name):
    if isinstance(expected, list):
        assert isinstance(got, list) and len(got) == len(expected), name
        for g, e in zip(got, expected):
            compare(g, e, name)
        return
    if isinstance(expected, np.ndarray):
        got = np.asarray(got)
        assert got.shape == expected.shape, f"{name}: shape {got.shape} vs Torch7 {expected.shape}"
        if expected.dtype.kind == "f":
            np.testing.assert_allclose(got, expected, rtol=1e-5 if expected.dtype == np.float32 else 1e-12,
                                       atol=1e-6 if expected.dtype == np.float32 else 1e-12, err_msg=name)
        else:
            np.testing.assert_array_equal(got, expected, err_msg=name)
        return
    assert got == pytest.approx(expected, rel=1e-12), name


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_torch7(name):
    cases = golden_cases()
    inputs, expected = cases[name]
    got = CASES[name](inputs)
    compare(got, expected, name)
