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

/* ---- LAPACK (float32 / float64 matrices; inputs any strides, never modified) -------------------
 * Outputs are resized and may be the same tensors as inputs.  A LAPACK failure (singular matrix,
 * not positive definite, no convergence) is reported with the function's name and LAPACK's info.
 * B arguments may be vectors (one right-hand side); X then comes back as a vector too. */
/* solves A X = B (A n x n).  lu (may be NULL) receives the LU factors of A. */
int tc_gesv(tc_tensor *x, tc_tensor *lu, const tc_tensor *b, const tc_tensor *a);
/* least squares / minimum norm solution of A X = B (A m x n of full rank).  x has max(m, n) rows
 * as in Torch7 (the first n are the solution); qr (may be NULL) receives LAPACK's factorisation. */
int tc_gels(tc_tensor *x, tc_tensor *qr, const tc_tensor *b, const tc_tensor *a);
/* solves op(A) X = B with A triangular: upper or lower, transposed or not, unit diagonal or not */
int tc_trtrs(tc_tensor *x, const tc_tensor *b, const tc_tensor *a, int upper, int transpose, int unit_diagonal);
int tc_inverse(tc_tensor *out, const tc_tensor *a);
/* Cholesky factor: upper gives U with A = U^T U, lower L with A = L L^T (other triangle zero) */
int tc_potrf(tc_tensor *out, const tc_tensor *a, int upper);
/* solves A X = B given A's Cholesky factor */
int tc_potrs(tc_tensor *x, const tc_tensor *b, const tc_tensor *factor, int upper);
/* inverse of A given its Cholesky factor (full symmetric result) */
int tc_potri(tc_tensor *out, const tc_tensor *factor, int upper);
/* QR of A (m x n), k = min(m, n): q m x k with orthonormal columns, r k x n upper triangular */
int tc_qr(tc_tensor *q, tc_tensor *r, const tc_tensor *a);
/* LAPACK's compact QR (Householder vectors below the diagonal, R on and above) and its tau */
int tc_geqrf(tc_tensor *a_out, tc_tensor *tau, const tc_tensor *a);
/* the m x min(m, n) Q from geqrf's output */
int tc_orgqr(tc_tensor *q, const tc_tensor *a, const tc_tensor *tau);
/* A = U diag(S) V^T.  some: U m x k, V n x k (k = min(m, n)); otherwise U m x m, V n x n. */
int tc_svd(tc_tensor *u, tc_tensor *s, tc_tensor *v, const tc_tensor *a, int some);
/* symmetric A (only the upper or lower triangle read): ascending eigenvalues e, eigenvectors as
 * the columns of v (v may be NULL, or is left untouched, when eigenvectors == 0) */
int tc_symeig(tc_tensor *e, tc_tensor *v, const tc_tensor *a, int eigenvectors, int upper);
/* general A: e is n x 2 (real, imaginary parts, Torch7); v the right eigenvectors (LAPACK's real
 * layout: a complex pair occupies two columns, real and imaginary parts) */
int tc_eig(tc_tensor *e, tc_tensor *v, const tc_tensor *a, int eigenvectors);
int tc_det(const tc_tensor *a, double *result);
/* sign (-1, 0 or 1) and log|det| */
int tc_slogdet(const tc_tensor *a, double *sign, double *logabsdet);

/* ---- Torch7's TH convolution helpers (torch.conv2/xcorr2/conv3/xcorr3; nn has its own) -------
 * full: 'F' (output = input + kernel - 1) instead of 'V' (valid: output = input - kernel + 1).
 * flip: true convolution (kernel reversed), otherwise cross-correlation.  float32/float64;
 * computed in double; out takes the input's dtype.
 * conv2: 2-D input with 2-D kernel -> 2-D; input p x h x w with kernel p x kh x kw -> p planes,
 *        each with its own kernel; input p x h x w with kernel q x p x kh x kw -> q x oh x ow
 *        (sum over p).  conv3: the same one dimension up (3-D/3-D, 4-D/4-D, 4-D/5-D). */
int tc_conv2(tc_tensor *out, const tc_tensor *input, const tc_tensor *kernel, int full, int flip);
int tc_conv3(tc_tensor *out, const tc_tensor *input, const tc_tensor *kernel, int full, int flip);
