/* tc_blas.h -- matrix products (OpenBLAS), LAPACK wrappers, Torch7's TH convolution helpers.
 * See tensor_core.h for the rules every section follows.
 *
 * Products accept float32 and float64 (through OpenBLAS) and the integer dtypes uint8, int8,
 * int16, int32, int64 (a plain C kernel, wrapping arithmetic like PyTorch).  All operands share
 * one dtype (the frontend converts).  Any strides are accepted.  Outputs are resized to the
 * result shape; `out` may be the same tensor as the accumulated input `m` (in place) and may even
 * alias a factor (the product then goes through a temporary).  beta == 0 ignores m's contents
 * (NaN and Inf included); m may be NULL, meaning beta = 0.  m must have the result's element
 * count (PyTorch callers pass an expanded view for broadcasting).
 */

/* out[n x p] = beta * m + alpha * a[n x k] @ b[k x p] */
int tc_addmm(tc_tensor *out, double beta, const tc_tensor *m, double alpha, const tc_tensor *a, const tc_tensor *b);
int tc_mm(tc_tensor *out, const tc_tensor *a, const tc_tensor *b);
/* out[n] = beta * v + alpha * mat[n x k] @ vec[k] */
int tc_addmv(tc_tensor *out, double beta, const tc_tensor *v, double alpha, const tc_tensor *mat, const tc_tensor *vec);
int tc_mv(tc_tensor *out, const tc_tensor *mat, const tc_tensor *vec);
/* out[n x p] = beta * m + alpha * outer(u[n], v[p]) */
int tc_addr(tc_tensor *out, double beta, const tc_tensor *m, double alpha, const tc_tensor *u, const tc_tensor *v);
int tc_ger(tc_tensor *out, const tc_tensor *u, const tc_tensor *v);
/* out[B x n x p] = beta * m + alpha * a[B x n x k] @ b[B x k x p] (per batch) */
int tc_baddbmm(tc_tensor *out, double beta, const tc_tensor *m, double alpha, const tc_tensor *a, const tc_tensor *b);
int tc_bmm(tc_tensor *out, const tc_tensor *a, const tc_tensor *b);
/* out[n x p] = beta * m + alpha * sum_b a[b] @ b[b] */
int tc_addbmm(tc_tensor *out, double beta, const tc_tensor *m, double alpha, const tc_tensor *a, const tc_tensor *b);
/* sum(a .* b) over tensors with equal element counts (shapes may differ, Torch7).  Floats are
 * accumulated by BLAS (float32: like Torch7/PyTorch sdot); integers exactly in int64 (wrapping). */
int tc_dot(const tc_tensor *a, const tc_tensor *b, double *result);
int tc_dot_int(const tc_tensor *a, const tc_tensor *b, int64_t *result);
