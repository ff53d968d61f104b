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
