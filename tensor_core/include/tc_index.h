/* tc_index.h -- indexing, sorting and selection, concatenation and construction helpers.
 * See tensor_core.h for the rules every section follows.
 *
 * Index tensors are int64.  `index_base` is 1 for Lua callers (Torch7) and 0 for Python callers:
 * indices read are taken relative to it, indices written are offset by it.  Every index is
 * checked against its dimension before any memory is written; the error names the bad value
 * (as the caller gave it) and its position.  Data-movement kernels (select, copy, fill, gather,
 * scatter, masked ops, take/put) accept every dtype; accumulating ones (index_add, scatter_add,
 * put with accumulate) every dtype but float16 and bool.  Source and destination share one dtype.
 */

/* ---- slices selected by a 1-D index along `dim` ---------------------------------------------- */
/* out = src with dimension dim replaced by src[..., index[i], ...] (Torch7 index, PyTorch index_select) */
int tc_index_select(tc_tensor *out, const tc_tensor *src, int dim, const tc_tensor *index, int64_t index_base);
/* dst[..., index[i], ...] = src[..., i, ...]  (later duplicates win) */
int tc_index_copy(tc_tensor *dst, int dim, const tc_tensor *index, const tc_tensor *src, int64_t index_base);
/* dst[..., index[i], ...] += alpha * src[..., i, ...] */
int tc_index_add(tc_tensor *dst, int dim, const tc_tensor *index, const tc_tensor *src, double alpha,
                 int64_t index_base);
int tc_index_fill(tc_tensor *dst, int dim, const tc_tensor *index, double value, int64_t index_base);

/* ---- element-wise gather / scatter along `dim` (index has src's ndim) ------------------------- */
/* out[i][j][k] = src[index[i][j][k]][j][k] (dim 0); out takes index's shape */
int tc_gather(tc_tensor *out, const tc_tensor *src, int dim, const tc_tensor *index, int64_t index_base);
/* dst[index[i][j][k]][j][k] = src[i][j][k] (dim 0); applied in row-major order of index */
int tc_scatter(tc_tensor *dst, int dim, const tc_tensor *index, const tc_tensor *src, int64_t index_base);
int tc_scatter_value(tc_tensor *dst, int dim, const tc_tensor *index, double value, int64_t index_base);
int tc_scatter_add(tc_tensor *dst, int dim, const tc_tensor *index, const tc_tensor *src, int64_t index_base);

/* ---- masks (uint8 or bool, same element count as the data; shapes may differ) ----------------- */
/* out (1-D) = the elements of src where mask is non-zero, in row-major order */
int tc_masked_select(tc_tensor *out, const tc_tensor *src, const tc_tensor *mask);
int tc_masked_fill(tc_tensor *dst, const tc_tensor *mask, double value);
/* Torch7 maskedCopy / PyTorch masked_scatter: masked positions of dst take src's elements in order */
int tc_masked_scatter(tc_tensor *dst, const tc_tensor *mask, const tc_tensor *src);
/* out = int64 [count x ndim] subscripts of the non-zero elements of src, row-major order */
int tc_nonzero(tc_tensor *out, const tc_tensor *src, int64_t index_base);

/* ---- flat indexing (row-major element numbers) ----------------------------------------------- */
/* out (index's shape) = src.flat[index]; negative indices count from the end when index_base == 0 */
int tc_take(tc_tensor *out, const tc_tensor *src, const tc_tensor *index, int64_t index_base);
/* dst.flat[index] = src (or += with accumulate); src has index's element count */
int tc_put(tc_tensor *dst, const tc_tensor *index, const tc_tensor *src, int accumulate, int64_t index_base);

/* ---- sorting and selection along `dim` ------------------------------------------------------------
 * values take src's dtype, indices are int64 (positions along dim, offset by index_base).  Either
 * output may be NULL when the caller does not want it (not both).  Every dtype but float16.
 * NaN orders above every number (PyTorch): last ascending, first descending.  Equal elements keep
 * their original order (the sort is stable).  The reductions (kthvalue/median/mode) keep `dim` as
 * size 1 when keepdim (Torch7) and drop it otherwise (PyTorch default). */
int tc_sort(tc_tensor *values, tc_tensor *indices, const tc_tensor *src, int dim, int descending,
            int64_t index_base);
/* the k largest (largest != 0) or smallest along dim; sorted or not, the result is in sorted order
 * (largest first / smallest first), which satisfies both contracts */
int tc_topk(tc_tensor *values, tc_tensor *indices, const tc_tensor *src, int64_t k, int dim, int largest,
            int sorted, int64_t index_base);
/* the k-th smallest, k counted from 1 */
int tc_kthvalue(tc_tensor *values, tc_tensor *indices, const tc_tensor *src, int64_t k, int dim, int keepdim,
                int64_t index_base);
/* the lower median (element (n-1)/2 of the sorted slice); a slice holding NaN gives NaN */
int tc_median(tc_tensor *values, tc_tensor *indices, const tc_tensor *src, int dim, int keepdim,
              int64_t index_base);
/* the most frequent value (the smallest among equally frequent ones) and the position of its last
 * occurrence */
int tc_mode(tc_tensor *values, tc_tensor *indices, const tc_tensor *src, int dim, int keepdim,
            int64_t index_base);

/* ---- concatenation and construction ---------------------------------------------------------------
 * Outputs are resized.  Every dtype is accepted except where noted (cross and trace: no float16
 * or bool). */
enum { TC_DIM_AUTO = -1000 };  /* tc_cross: the first dimension of size 3 (Torch7's default) */

/* out = inputs joined along dim.  Inputs with no elements and one dimension are skipped (Torch7's
 * empty tensors, PyTorch's legacy rule); the rest must agree on every other dimension.  Inputs
 * may have other dtypes than out (converted) and out may be one of them.  A dim equal to the
 * inputs' ndim (Torch7's "new last dim") is for the frontend to express by viewing first. */
int tc_cat(tc_tensor *out, tc_tensor *const *inputs, int count, int dim);
/* 1-D src: a square matrix with src on diagonal k (k > 0 above); 2-D src: its k-th diagonal */
int tc_diag(tc_tensor *out, const tc_tensor *src, int64_t k);
/* lower / upper triangle (relative to diagonal k) of the last two dims; the rest zeroed */
int tc_tril(tc_tensor *out, const tc_tensor *src, int64_t k);
int tc_triu(tc_tensor *out, const tc_tensor *src, int64_t k);
/* n x m identity (m < 0: n x n) */
int tc_eye(tc_tensor *out, int64_t n, int64_t m);
/* steps points from start to end inclusive (steps == 1 gives start) */
int tc_linspace(tc_tensor *out, double start, double end, int64_t steps);
/* base ** linspace(start, end, steps) */
int tc_logspace(tc_tensor *out, double start, double end, int64_t steps, double base);
/* Torch7 range: start, start+step, ... up to end inclusive: floor((end-start)/step)+1 elements */
int tc_range(tc_tensor *out, double start, double end, double step);
/* PyTorch arange: [start, end) in steps: ceil((end-start)/step) elements */
int tc_arange(tc_tensor *out, double start, double end, double step);
/* cross product of 3-vectors along dim (TC_DIM_AUTO: the first dim of size 3) */
int tc_cross(tc_tensor *out, const tc_tensor *a, const tc_tensor *b, int dim);
/* sum of the main diagonal of a matrix */
int tc_trace(const tc_tensor *src, double *result);
/* Torch7 repeatTensor / PyTorch repeat: src (padded with leading size-1 dims) tiled repeats[i]
 * times along dim i; count >= src->ndim, count <= 12 */
int tc_repeat(tc_tensor *out, const tc_tensor *src, int count, const int64_t *repeats);
/* src reversed along the given dims (every dtype) */
int tc_flip(tc_tensor *out, const tc_tensor *src, int count, const int *dims);
/* src rotated by shifts[i] along dims[i] (every dtype) */
int tc_roll(tc_tensor *out, const tc_tensor *src, int count, const int64_t *shifts, const int *dims);
