/* lapack.c -- linear algebra through OpenBLAS's LAPACKE (Torch7's torch.gesv, svd, qr, ...).
 *
 * Each routine copies its inputs into dense row-major work buffers (LAPACK overwrites them),
 * calls LAPACKE in row-major mode, and copies the results into the resized outputs.  Working on
 * copies makes every argument combination safe, including outputs that alias inputs.
 */
#include <lapacke.h>
#include "tc_internal.h"

/* one call site for both precisions; work buffers are void * and convert implicitly */
#define LAPACK(dt, name, ...) ((dt) == TC_FLOAT32 ? scipy_LAPACKE_s##name(__VA_ARGS__) : scipy_LAPACKE_d##name(__VA_ARGS__))
#define ROW LAPACK_ROW_MAJOR

static int lapack_error(const char *fn, const char *routine, lapack_int info, const char *meaning) {
    if (info < 0)
        return tc_fail("%s: LAPACK %s rejected argument %d (info %d; NaN or Inf in the input?)", fn, routine, (int)-info,
                       (int)info);
    return tc_fail("%s: %s (LAPACK %s info %d)", fn, meaning, routine, (int)info);
}

static int check_float(const char *fn, const char *what, const tc_tensor *t, int dtype) {
    if (!t) return tc_fail("%s: argument '%s' is NULL", fn, what);
    if (t->dtype != TC_FLOAT32 && t->dtype != TC_FLOAT64)
        return tc_fail("%s: %s must be float32 or float64, got %s", fn, what, tc_dtype_name(t->dtype));
    if (dtype >= 0 && t->dtype != dtype)
        return tc_fail("%s: %s is %s but the matrix is %s", fn, what, tc_dtype_name(t->dtype), tc_dtype_name(dtype));
    if (t->storage && t->storage->device != TC_DEVICE_CPU) return tc_fail("%s: %s must be on the CPU", fn, what);
    return 0;
}

static int check_matrix(const char *fn, const char *what, const tc_tensor *t, int square) {
    if (check_float(fn, what, t, -1)) return -1;
    if (t->ndim != 2) return tc_fail("%s: %s should be 2 dimensional, got %dD", fn, what, t->ndim);
    if (square && t->sizes[0] != t->sizes[1])
        return tc_fail("%s: %s must be a square matrix, got %lld x %lld", fn, what, (long long)t->sizes[0],
                       (long long)t->sizes[1]);
    if (t->sizes[0] > INT32_MAX / 2 || t->sizes[1] > INT32_MAX / 2) return tc_fail("%s: %s is too large", fn, what);
    return 0;
}

/* A dense row-major copy of t (rows x cols, padded to `rows_alloc` rows, zero-filled). */
static tc_tensor *work_copy(const tc_tensor *t, int64_t rows_alloc, int64_t cols) {
    int64_t sz[2] = {rows_alloc, cols};
    tc_tensor *w = tc_tensor_zeros(t->dtype, 2, sz);
    if (!w) return NULL;
    if (tc_tensor_numel(t) > 0) {
        tc_tensor top = *w;
        top.sizes[0] = t->ndim == 2 ? t->sizes[0] : t->sizes[0];
        if (t->ndim == 1) top.sizes[1] = 1;
        if (tc_copy(&top, t)) { tc_tensor_release(w); return NULL; }
    }
    return w;
}

static tc_tensor *work_new(int dtype, int64_t rows, int64_t cols) {
    int64_t sz[2] = {rows, cols};
    return tc_tensor_zeros(dtype, 2, sz);
}

/* out = the top-left rows x cols block of w (as a vector when as_vector) */
static int store(tc_tensor *out, const tc_tensor *w, int64_t rows, int64_t cols, int as_vector) {
    if (!out) return 0;
    if (out->dtype != w->dtype)
        return tc_fail("output is %s but the input is %s", tc_dtype_name(out->dtype), tc_dtype_name(w->dtype));
    tc_tensor block = *w;
    block.sizes[0] = rows;
    block.sizes[1] = cols;
    int64_t sz[2] = {rows, cols};
    if (tc_tensor_resize(out, as_vector ? 1 : 2, sz)) return -1;
    return rows * cols > 0 ? tc_copy(out, &block) : 0;
}

static int check_rhs(const char *fn, const tc_tensor *b, const tc_tensor *a, int64_t rows) {
    if (check_float(fn, "B", b, a->dtype)) return -1;
    if (b->ndim != 1 && b->ndim != 2) return tc_fail("%s: B should be 1 or 2 dimensional, got %dD", fn, b->ndim);
    if (b->sizes[0] != rows)
        return tc_fail("%s: A has %lld rows but B has %lld", fn, (long long)rows, (long long)b->sizes[0]);
    return 0;
}

static void *data(tc_tensor *t) { return tc_tensor_data(t); }

/* ---- solvers ------------------------------------------------------------------------------------------- */

int tc_gesv(tc_tensor *x, tc_tensor *lu, const tc_tensor *b, const tc_tensor *a) {
    const char *fn = "gesv";
    if (!x) return tc_fail("%s: argument 'x' is NULL", fn);
    if (check_matrix(fn, "A", a, 1) || check_rhs(fn, b, a, a->sizes[0])) return -1;
    int dt = a->dtype;
    int64_t n = a->sizes[0], k = b->ndim == 2 ? b->sizes[1] : 1;
    tc_tensor *A = work_copy(a, n, n), *B = work_copy(b, n, k);
    lapack_int *ipiv = malloc(sizeof(lapack_int) * (size_t)TC_MAX(n, 1));
    int rc = (A && B && ipiv) ? 0 : tc_fail("%s: out of memory", fn);
    if (rc == 0 && n > 0 && k > 0) {
        lapack_int info = LAPACK(dt, gesv, ROW, (lapack_int)n, (lapack_int)k, data(A), (lapack_int)n, ipiv, data(B),
                                 (lapack_int)TC_MAX(k, 1));
        if (info) rc = lapack_error(fn, "gesv", info, "the matrix is singular");
    }
    if (rc == 0) rc = store(x, B, n, k, b->ndim == 1);
    if (rc == 0) rc = store(lu, A, n, n, 0);
    free(ipiv);
    tc_tensor_release(A);
    tc_tensor_release(B);
    return rc;
}

int tc_gels(tc_tensor *x, tc_tensor *qr, const tc_tensor *b, const tc_tensor *a) {
    const char *fn = "gels";
    if (!x) return tc_fail("%s: argument 'x' is NULL", fn);
    if (check_matrix(fn, "A", a, 0) || check_rhs(fn, b, a, a->sizes[0])) return -1;
    int dt = a->dtype;
    int64_t m = a->sizes[0], n = a->sizes[1], k = b->ndim == 2 ? b->sizes[1] : 1, rows = TC_MAX(m, n);
    tc_tensor *A = work_copy(a, m, n), *B = work_copy(b, rows, k);
    int rc = (A && B) ? 0 : tc_fail("%s: out of memory", fn);
    if (rc == 0 && m > 0 && n > 0 && k > 0) {
        lapack_int info = LAPACK(dt, gels, ROW, 'N', (lapack_int)m, (lapack_int)n, (lapack_int)k, data(A),
                                 (lapack_int)n, data(B), (lapack_int)k);
        if (info) rc = lapack_error(fn, "gels", info, "the matrix does not have full rank");
    }
    if (rc == 0) rc = store(x, B, rows, k, b->ndim == 1);
    if (rc == 0) rc = store(qr, A, m, n, 0);
    tc_tensor_release(A);
    tc_tensor_release(B);
    return rc;
}

int tc_trtrs(tc_tensor *x, const tc_tensor *b, const tc_tensor *a, int upper, int transpose, int unit_diagonal) {
    const char *fn = "trtrs";
    if (!x) return tc_fail("%s: argument 'x' is NULL", fn);
    if (check_matrix(fn, "A", a, 1) || check_rhs(fn, b, a, a->sizes[0])) return -1;
    int dt = a->dtype;
    int64_t n = a->sizes[0], k = b->ndim == 2 ? b->sizes[1] : 1;
    tc_tensor *A = work_copy(a, n, n), *B = work_copy(b, n, k);
    int rc = (A && B) ? 0 : tc_fail("%s: out of memory", fn);
    if (rc == 0 && n > 0 && k > 0) {
        lapack_int info = LAPACK(dt, trtrs, ROW, upper ? 'U' : 'L', transpose ? 'T' : 'N', unit_diagonal ? 'U' : 'N',
                                 (lapack_int)n, (lapack_int)k, data(A), (lapack_int)n, data(B), (lapack_int)k);
        if (info) rc = lapack_error(fn, "trtrs", info, "the triangular matrix is singular");
    }
    if (rc == 0) rc = store(x, B, n, k, b->ndim == 1);
    tc_tensor_release(A);
    tc_tensor_release(B);
    return rc;
}

int tc_inverse(tc_tensor *out, const tc_tensor *a) {
    const char *fn = "inverse";
    if (!out) return tc_fail("%s: argument 'out' is NULL", fn);
    if (check_matrix(fn, "A", a, 1)) return -1;
    int dt = a->dtype;
    int64_t n = a->sizes[0];
    tc_tensor *A = work_copy(a, n, n);
    lapack_int *ipiv = malloc(sizeof(lapack_int) * (size_t)TC_MAX(n, 1));
    int rc = (A && ipiv) ? 0 : tc_fail("%s: out of memory", fn);
    if (rc == 0 && n > 0) {
        lapack_int info = LAPACK(dt, getrf, ROW, (lapack_int)n, (lapack_int)n, data(A), (lapack_int)n, ipiv);
        if (info) rc = lapack_error(fn, "getrf", info, "the matrix is singular");
        if (rc == 0 && (info = LAPACK(dt, getri, ROW, (lapack_int)n, data(A), (lapack_int)n, ipiv)))
            rc = lapack_error(fn, "getri", info, "the matrix is singular");
    }
    if (rc == 0) rc = store(out, A, n, n, 0);
    free(ipiv);
    tc_tensor_release(A);
    return rc;
}

/* ---- Cholesky ---------------------------------------------------------------------------------------- */

/* zero the triangle LAPACK did not write (upper: below the diagonal) */
static void clear_other_triangle(tc_tensor *w, int64_t n, int upper) {
    int64_t es = tc_dtype_size(w->dtype);
    char *p = tc_tensor_data(w);
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j < n; j++)
            if (upper ? j < i : j > i) memset(p + (i * n + j) * es, 0, (size_t)es);
}

int tc_potrf(tc_tensor *out, const tc_tensor *a, int upper) {
    const char *fn = "potrf";
    if (!out) return tc_fail("%s: argument 'out' is NULL", fn);
    if (check_matrix(fn, "A", a, 1)) return -1;
    int64_t n = a->sizes[0];
    tc_tensor *A = work_copy(a, n, n);
    int rc = A ? 0 : -1;
    if (rc == 0 && n > 0) {
        lapack_int info = LAPACK(a->dtype, potrf, ROW, upper ? 'U' : 'L', (lapack_int)n, data(A), (lapack_int)n);
        if (info) rc = lapack_error(fn, "potrf", info, "the matrix is not positive definite");
    }
    if (rc == 0) {
        clear_other_triangle(A, n, upper);
        rc = store(out, A, n, n, 0);
    }
    tc_tensor_release(A);
    return rc;
}

int tc_potrs(tc_tensor *x, const tc_tensor *b, const tc_tensor *factor, int upper) {
    const char *fn = "potrs";
    if (!x) return tc_fail("%s: argument 'x' is NULL", fn);
    if (check_matrix(fn, "the factor", factor, 1) || check_rhs(fn, b, factor, factor->sizes[0])) return -1;
    int64_t n = factor->sizes[0], k = b->ndim == 2 ? b->sizes[1] : 1;
    tc_tensor *A = work_copy(factor, n, n), *B = work_copy(b, n, k);
    int rc = (A && B) ? 0 : tc_fail("%s: out of memory", fn);
    if (rc == 0 && n > 0 && k > 0) {
        lapack_int info = LAPACK(factor->dtype, potrs, ROW, upper ? 'U' : 'L', (lapack_int)n, (lapack_int)k, data(A),
                                 (lapack_int)n, data(B), (lapack_int)k);
        if (info) rc = lapack_error(fn, "potrs", info, "failed");
    }
    if (rc == 0) rc = store(x, B, n, k, b->ndim == 1);
    tc_tensor_release(A);
    tc_tensor_release(B);
    return rc;
}

int tc_potri(tc_tensor *out, const tc_tensor *factor, int upper) {
    const char *fn = "potri";
    if (!out) return tc_fail("%s: argument 'out' is NULL", fn);
    if (check_matrix(fn, "the factor", factor, 1)) return -1;
    int64_t n = factor->sizes[0];
    tc_tensor *A = work_copy(factor, n, n);
    int rc = A ? 0 : -1;
    if (rc == 0 && n > 0) {
        lapack_int info = LAPACK(factor->dtype, potri, ROW, upper ? 'U' : 'L', (lapack_int)n, data(A), (lapack_int)n);
        if (info) rc = lapack_error(fn, "potri", info, "the factor is singular");
    }
    if (rc == 0) {
        /* LAPACK wrote one triangle: mirror it */
        int64_t es = tc_dtype_size(A->dtype);
        char *p = data(A);
        for (int64_t i = 0; i < n; i++)
            for (int64_t j = 0; j < i; j++) {
                if (upper) memcpy(p + (i * n + j) * es, p + (j * n + i) * es, (size_t)es);
                else memcpy(p + (j * n + i) * es, p + (i * n + j) * es, (size_t)es);
            }
        rc = store(out, A, n, n, 0);
    }
    tc_tensor_release(A);
    return rc;
}

/* ---- QR ------------------------------------------------------------------------------------------------ */

int tc_geqrf(tc_tensor *a_out, tc_tensor *tau, const tc_tensor *a) {
    const char *fn = "geqrf";
    if (check_matrix(fn, "A", a, 0)) return -1;
    int64_t m = a->sizes[0], n = a->sizes[1], k = TC_MIN(m, n);
    tc_tensor *A = work_copy(a, m, n), *T = work_new(a->dtype, TC_MAX(k, 1), 1);
    int rc = (A && T) ? 0 : -1;
    if (rc == 0 && k > 0) {
        lapack_int info = LAPACK(a->dtype, geqrf, ROW, (lapack_int)m, (lapack_int)n, data(A), (lapack_int)n, data(T));
        if (info) rc = lapack_error(fn, "geqrf", info, "failed");
    }
    if (rc == 0) rc = store(a_out, A, m, n, 0);
    if (rc == 0) rc = store(tau, T, k, 1, 1);
    tc_tensor_release(A);
    tc_tensor_release(T);
    return rc;
}

/* Q (m x k) from the first k columns of a geqrf result held in the dense work matrix A (m x n). */
static tc_tensor *q_from_reflectors(const char *fn, const tc_tensor *A, const tc_tensor *T, int64_t m, int64_t n,
                                    int64_t k) {
    tc_tensor *Q = work_new(A->dtype, m, TC_MAX(k, 1));
    if (!Q) return NULL;
    if (k == 0) return Q;
    tc_tensor left = *A;
    left.sizes[1] = k;
    tc_tensor qv = *Q;
    qv.sizes[1] = k;
    if (tc_copy(&qv, &left)) { tc_tensor_release(Q); return NULL; }
    (void)n;
    lapack_int info = LAPACK(A->dtype, orgqr, ROW, (lapack_int)m, (lapack_int)k, (lapack_int)k, data(Q), (lapack_int)k,
                             tc_tensor_data(T));
    if (info) {
        lapack_error(fn, "orgqr", info, "failed");
        tc_tensor_release(Q);
        return NULL;
    }
    return Q;
}

int tc_orgqr(tc_tensor *q, const tc_tensor *a, const tc_tensor *tau) {
    const char *fn = "orgqr";
    if (!q) return tc_fail("%s: argument 'q' is NULL", fn);
    if (check_matrix(fn, "A", a, 0) || check_float(fn, "tau", tau, a->dtype)) return -1;
    int64_t m = a->sizes[0], n = a->sizes[1], k = TC_MIN(m, n);
    if (tc_tensor_numel(tau) < k)
        return tc_fail("%s: tau has %lld elements, expected at least %lld", fn, (long long)tc_tensor_numel(tau), (long long)k);
    tc_tensor *A = work_copy(a, m, n), *T = work_new(a->dtype, TC_MAX(k, 1), 1);
    int rc = (A && T) ? 0 : -1;
    if (rc == 0 && k > 0) {
        tc_tensor tv = *T, src = *tau;
        tv.ndim = 1;
        tv.sizes[0] = k;
        tv.strides[0] = 1;
        if (src.ndim != 1) rc = tc_fail("%s: tau must be a vector", fn);
        else {
            src.sizes[0] = k;
            rc = tc_copy(&tv, &src);
        }
    }
    tc_tensor *Q = rc == 0 ? q_from_reflectors(fn, A, T, m, n, k) : NULL;
    if (rc == 0 && !Q) rc = -1;
    if (rc == 0) rc = store(q, Q, m, k, 0);
    tc_tensor_release(Q);
    tc_tensor_release(A);
    tc_tensor_release(T);
    return rc;
}

int tc_qr(tc_tensor *q, tc_tensor *r, const tc_tensor *a) {
    const char *fn = "qr";
    if (!q || !r) return tc_fail("%s: outputs q and r are required", fn);
    if (check_matrix(fn, "A", a, 0)) return -1;
    int64_t m = a->sizes[0], n = a->sizes[1], k = TC_MIN(m, n);
    tc_tensor *A = work_copy(a, m, n), *T = work_new(a->dtype, TC_MAX(k, 1), 1), *Q = NULL;
    int rc = (A && T) ? 0 : -1;
    if (rc == 0 && k > 0) {
        lapack_int info = LAPACK(a->dtype, geqrf, ROW, (lapack_int)m, (lapack_int)n, data(A), (lapack_int)n, data(T));
        if (info) rc = lapack_error(fn, "geqrf", info, "failed");
    }
    if (rc == 0 && !(Q = q_from_reflectors(fn, A, T, m, n, k))) rc = -1;
    if (rc == 0) {
        /* R: the upper triangle of the first k rows */
        int64_t es = tc_dtype_size(A->dtype);
        char *p = data(A);
        for (int64_t i = 0; i < k; i++)
            for (int64_t j = 0; j < TC_MIN(i, n); j++) memset(p + (i * n + j) * es, 0, (size_t)es);
        rc = store(r, A, k, n, 0);
    }
    if (rc == 0) rc = store(q, Q, m, k, 0);
    tc_tensor_release(Q);
    tc_tensor_release(A);
    tc_tensor_release(T);
    return rc;
}

/* ---- decompositions ------------------------------------------------------------------------------------- */

int tc_svd(tc_tensor *u, tc_tensor *s, tc_tensor *v, const tc_tensor *a, int some) {
    const char *fn = "svd";
    if (!u || !s || !v) return tc_fail("%s: outputs u, s and v are required", fn);
    if (check_matrix(fn, "A", a, 0)) return -1;
    int dt = a->dtype;
    int64_t m = a->sizes[0], n = a->sizes[1], k = TC_MIN(m, n);
    int64_t ucols = some ? k : m, vtrows = some ? k : n;
    tc_tensor *A = work_copy(a, m, n), *S = work_new(dt, TC_MAX(k, 1), 1);
    tc_tensor *U = work_new(dt, TC_MAX(m, 1), TC_MAX(ucols, 1)), *VT = work_new(dt, TC_MAX(vtrows, 1), TC_MAX(n, 1));
    int rc = (A && S && U && VT) ? 0 : tc_fail("%s: out of memory", fn);
    if (rc == 0 && k > 0) {
        lapack_int info = LAPACK(dt, gesdd, ROW, some ? 'S' : 'A', (lapack_int)m, (lapack_int)n, data(A),
                                 (lapack_int)n, data(S), data(U), (lapack_int)TC_MAX(ucols, 1), data(VT),
                                 (lapack_int)TC_MAX(n, 1));
        if (info) rc = lapack_error(fn, "gesdd", info, "the decomposition did not converge");
    } else if (rc == 0) {
        /* an empty matrix: U and V are identities in the full case */
        for (int64_t i = 0; i < TC_MIN(m, ucols); i++) tc_set_flat(U, i * TC_MAX(ucols, 1) + i, 1.0);
        for (int64_t i = 0; i < TC_MIN(n, vtrows); i++) tc_set_flat(VT, i * TC_MAX(n, 1) + i, 1.0);
    }
    if (rc == 0) rc = store(u, U, m, ucols, 0);
    if (rc == 0) rc = store(s, S, k, 1, 1);
    if (rc == 0) {
        /* V = VT^T */
        tc_tensor vt = *VT;
        vt.sizes[0] = n;
        vt.sizes[1] = vtrows;
        vt.strides[0] = 1;
        vt.strides[1] = VT->sizes[1];
        int64_t sz[2] = {n, vtrows};
        if (v->dtype != dt) rc = tc_fail("%s: v is %s but A is %s", fn, tc_dtype_name(v->dtype), tc_dtype_name(dt));
        if (rc == 0) rc = tc_tensor_resize(v, 2, sz);
        if (rc == 0 && n * vtrows > 0) rc = tc_copy(v, &vt);
    }
    tc_tensor_release(A);
    tc_tensor_release(S);
    tc_tensor_release(U);
    tc_tensor_release(VT);
    return rc;
}

int tc_symeig(tc_tensor *e, tc_tensor *v, const tc_tensor *a, int eigenvectors, int upper) {
    const char *fn = "symeig";
    if (!e) return tc_fail("%s: argument 'e' is NULL", fn);
    if (eigenvectors && !v) return tc_fail("%s: eigenvectors requested but 'v' is NULL", fn);
    if (check_matrix(fn, "A", a, 1)) return -1;
    int64_t n = a->sizes[0];
    tc_tensor *A = work_copy(a, n, n), *W = work_new(a->dtype, TC_MAX(n, 1), 1);
    int rc = (A && W) ? 0 : -1;
    if (rc == 0 && n > 0) {
        lapack_int info = LAPACK(a->dtype, syevd, ROW, eigenvectors ? 'V' : 'N', upper ? 'U' : 'L', (lapack_int)n,
                                 data(A), (lapack_int)n, data(W));
        if (info) rc = lapack_error(fn, "syevd", info, "the eigenvalue algorithm did not converge");
    }
    if (rc == 0) rc = store(e, W, n, 1, 1);
    if (rc == 0 && eigenvectors) rc = store(v, A, n, n, 0);
    tc_tensor_release(A);
    tc_tensor_release(W);
    return rc;
}

int tc_eig(tc_tensor *e, tc_tensor *v, const tc_tensor *a, int eigenvectors) {
    const char *fn = "eig";
    if (!e) return tc_fail("%s: argument 'e' is NULL", fn);
    if (eigenvectors && !v) return tc_fail("%s: eigenvectors requested but 'v' is NULL", fn);
    if (check_matrix(fn, "A", a, 1)) return -1;
    int dt = a->dtype;
    int64_t n = a->sizes[0], n1 = TC_MAX(n, 1);
    tc_tensor *A = work_copy(a, n, n), *WR = work_new(dt, n1, 1), *WI = work_new(dt, n1, 1);
    tc_tensor *VL = work_new(dt, 1, 1), *VR = work_new(dt, n1, n1);
    int rc = (A && WR && WI && VL && VR) ? 0 : tc_fail("%s: out of memory", fn);
    if (rc == 0 && n > 0) {
        lapack_int info = LAPACK(dt, geev, ROW, 'N', eigenvectors ? 'V' : 'N', (lapack_int)n, data(A), (lapack_int)n,
                                 data(WR), data(WI), data(VL), (lapack_int)n1, data(VR), (lapack_int)n1);
        if (info) rc = lapack_error(fn, "geev", info, "the QR algorithm did not converge");
    }
    if (rc == 0) {
        tc_tensor *E = work_new(dt, n1, 2);
        if (!E) rc = -1;
        for (int64_t i = 0; rc == 0 && i < n; i++) {
            double re, im;
            tc_get_flat(WR, i, &re);
            tc_get_flat(WI, i, &im);
            tc_set_flat(E, 2 * i, re);
            tc_set_flat(E, 2 * i + 1, im);
        }
        if (rc == 0) rc = store(e, E, n, 2, 0);
        tc_tensor_release(E);
    }
    if (rc == 0 && eigenvectors) rc = store(v, VR, n, n, 0);
    tc_tensor_release(A);
    tc_tensor_release(WR);
    tc_tensor_release(WI);
    tc_tensor_release(VL);
    tc_tensor_release(VR);
    return rc;
}

/* ---- determinants ----------------------------------------------------------------------------------------- */

int tc_slogdet(const tc_tensor *a, double *sign, double *logabsdet) {
    const char *fn = "slogdet";
    if (!sign || !logabsdet) return tc_fail("%s: result pointers are NULL", fn);
    if (check_matrix(fn, "A", a, 1)) return -1;
    int64_t n = a->sizes[0];
    *sign = 1;
    *logabsdet = 0;
    if (n == 0) return 0;
    tc_tensor *A = work_copy(a, n, n);
    lapack_int *ipiv = malloc(sizeof(lapack_int) * (size_t)n);
    int rc = (A && ipiv) ? 0 : tc_fail("%s: out of memory", fn);
    if (rc == 0) {
        lapack_int info = LAPACK(a->dtype, getrf, ROW, (lapack_int)n, (lapack_int)n, data(A), (lapack_int)n, ipiv);
        if (info < 0) rc = lapack_error(fn, "getrf", info, "failed");
        else if (info > 0) { *sign = 0; *logabsdet = -INFINITY; }
        else {
            double sg = 1, la = 0;
            for (int64_t i = 0; i < n; i++) {
                double d;
                tc_get_flat(A, i * n + i, &d);
                if (d < 0) sg = -sg;
                la += log(fabs(d));
                if (ipiv[i] != (lapack_int)(i + 1)) sg = -sg;  /* a row swap flips the sign */
            }
            *sign = sg;
            *logabsdet = la;
        }
    }
    free(ipiv);
    tc_tensor_release(A);
    return rc;
}

int tc_det(const tc_tensor *a, double *result) {
    if (!result) return tc_fail("det: argument 'result' is NULL");
    double sign, la;
    if (tc_slogdet(a, &sign, &la)) return -1;
    *result = sign == 0 ? 0.0 : sign * exp(la);
    return 0;
}
