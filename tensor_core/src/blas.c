/* blas.c -- matrix products over strided tensors.
 *
 * Every product (mm, mv, outer, bmm and their accumulating forms) is reduced to one primitive,
 * C = beta*C + alpha*A@B on three strided matrices (matmul_strided).  For float32/float64 it
 * negotiates a layout OpenBLAS can read directly (row-major, or column-major passed with the
 * transpose flag) and packs a matrix into a contiguous buffer only when neither fits; products
 * with one output column or row go to GEMV, everything else through the core's GEMM door
 * (gemm.c).  Integer dtypes use a plain C kernel with int64 (wrapping) accumulation.
 */
#include <cblas.h>
#include <stdio.h>
#include "tc_internal.h"

#define OB(name) scipy_##name

/* A strided matrix: element (i, j) lives at data + (i*s0 + j*s1) * element size. */
typedef struct {
    char *data;
    int64_t rows, cols;
    int64_t s0, s1;
} mat_t;

/* ---- layout negotiation ----------------------------------------------------------------------- */

/* Can BLAS read `m` in place?  trans 0: row-major with leading dimension ld; trans 1: column-major
 * (BLAS reads the stored transpose).  Size-1 dimensions may carry any stride. */
static int blas_layout(const mat_t *m, int *trans, int64_t *ld) {
    if ((m->s1 == 1 || m->cols == 1) && (m->rows == 1 || m->s0 >= TC_MAX(1, m->cols))) {
        *trans = 0;
        *ld = m->rows == 1 ? TC_MAX(1, m->cols) : m->s0;
        return *ld <= INT32_MAX;
    }
    if ((m->s0 == 1 || m->rows == 1) && (m->cols == 1 || m->s1 >= TC_MAX(1, m->rows))) {
        *trans = 1;
        *ld = m->cols == 1 ? TC_MAX(1, m->rows) : m->s1;
        return *ld <= INT32_MAX;
    }
    return 0;
}

/* Copies a strided matrix to / from a contiguous row-major buffer. */
static void pack(char *dst, const mat_t *m, int64_t es) {
    for (int64_t i = 0; i < m->rows; i++)
        for (int64_t j = 0; j < m->cols; j++)
            memcpy(dst + (i * m->cols + j) * es, m->data + (i * m->s0 + j * m->s1) * es, (size_t)es);
}

static void unpack(const mat_t *m, const char *src, int64_t es) {
    for (int64_t i = 0; i < m->rows; i++)
        for (int64_t j = 0; j < m->cols; j++)
            memcpy(m->data + (i * m->s0 + j * m->s1) * es, src + (i * m->cols + j) * es, (size_t)es);
}

/* ---- float products ----------------------------------------------------------------------------- */

static void zero_strided(const mat_t *c, int64_t es) {
    for (int64_t i = 0; i < c->rows; i++)
        for (int64_t j = 0; j < c->cols; j++) memset(c->data + (i * c->s0 + j * c->s1) * es, 0, (size_t)es);
}

/* y = beta*y + alpha*op(A) x through GEMV when the vectors have positive strides.  Returns 0 when
 * it handled the product, 1 when the caller should use GEMM.  (y is zeroed first for beta == 0:
 * some OpenBLAS versions scale by zero with a multiply, which keeps NaNs.) */
static int try_gemv(int dtype, int64_t M, int64_t N, int64_t K, double beta, double alpha,
                    const mat_t *C, const mat_t *A, const mat_t *B) {
    const mat_t *mat, *x;
    int64_t yinc, xinc, rows_out;
    int flip; /* 1: y^T = x^T B, i.e. GEMV on B transposed */
    if (N == 1) {
        mat = A; x = B; rows_out = M; flip = 0;
        xinc = K == 1 ? 1 : B->s0;
        yinc = M == 1 ? 1 : C->s0;
    } else if (M == 1) {
        mat = B; x = A; rows_out = N; flip = 1;
        xinc = K == 1 ? 1 : A->s1;
        yinc = N == 1 ? 1 : C->s1;
    } else {
        return 1;
    }
    if (xinc <= 0 || yinc <= 0 || xinc > INT32_MAX || yinc > INT32_MAX) return 1;
    int t;
    int64_t ld;
    if (!blas_layout(mat, &t, &ld)) return 1;
    /* In row-major terms the stored matrix is mat (t == 0) or mat^T (t == 1).  Without flip we
     * need op = mat; with flip op = mat^T. */
    int want_trans = flip ^ t;
    int64_t srows = t ? mat->cols : mat->rows, scols = t ? mat->rows : mat->cols;
    int64_t es = tc_dtype_size(dtype);
    if (beta == 0) {
        for (int64_t i = 0; i < rows_out; i++) memset(C->data + i * yinc * es, 0, (size_t)es);
    }
    if (dtype == TC_FLOAT32)
        OB(cblas_sgemv)(CblasRowMajor, want_trans ? CblasTrans : CblasNoTrans, (blasint)srows, (blasint)scols,
                        (float)alpha, (const float *)mat->data, (blasint)ld, (const float *)x->data, (blasint)xinc,
                        (float)beta, (float *)C->data, (blasint)yinc);
    else
        OB(cblas_dgemv)(CblasRowMajor, want_trans ? CblasTrans : CblasNoTrans, (blasint)srows, (blasint)scols,
                        alpha, (const double *)mat->data, (blasint)ld, (const double *)x->data, (blasint)xinc,
                        beta, (double *)C->data, (blasint)yinc);
    return 0;
}

static int matmul_float(int dtype, double beta, double alpha, const mat_t *C, const mat_t *A, const mat_t *B) {
    int64_t M = C->rows, N = C->cols, K = A->cols;
    int64_t es = tc_dtype_size(dtype);
    if (K == 0) {
        /* nothing to multiply: C = beta*C (beta == 0 clears) */
        for (int64_t i = 0; i < M; i++)
            for (int64_t j = 0; j < N; j++) {
                char *p = C->data + (i * C->s0 + j * C->s1) * es;
                if (dtype == TC_FLOAT32) *(float *)p = beta == 0 ? 0.0f : (float)(beta * *(float *)p);
                else *(double *)p = beta == 0 ? 0.0 : beta * *(double *)p;
            }
        return 0;
    }
    if ((N == 1 || M == 1) && try_gemv(dtype, M, N, K, beta, alpha, C, A, B) == 0) return 0;

    int ta, tb, tcl;
    int64_t lda, ldb, ldc;
    char *abuf = NULL, *bbuf = NULL, *cbuf = NULL;
    int rc = 0;
    const char *ap = A->data, *bp = B->data;
    char *cp = C->data;
    if (!blas_layout(A, &ta, &lda)) {
        if (!(abuf = malloc((size_t)(M * K * es)))) goto oom;
        pack(abuf, A, es);
        ap = abuf; ta = 0; lda = K;
    }
    if (!blas_layout(B, &tb, &ldb)) {
        if (!(bbuf = malloc((size_t)(K * N * es)))) goto oom;
        pack(bbuf, B, es);
        bp = bbuf; tb = 0; ldb = N;
    }
    if (!blas_layout(C, &tcl, &ldc)) {
        if (!(cbuf = malloc((size_t)(M * N * es)))) goto oom;
        if (beta != 0) pack(cbuf, C, es);
        cp = cbuf; tcl = 0; ldc = N;
    }
    if (tcl == 0) {
        if (dtype == TC_FLOAT32)
            tc_gemm_f32(ta, tb, M, N, K, (float)alpha, (const float *)ap, lda, (const float *)bp, ldb, (float)beta,
                        (float *)cp, ldc);
        else
            tc_gemm_f64(ta, tb, M, N, K, alpha, (const double *)ap, lda, (const double *)bp, ldb, beta, (double *)cp, ldc);
    } else {
        /* C is column-major: compute C^T = B^T A^T into its row-major reading */
        if (dtype == TC_FLOAT32)
            tc_gemm_f32(!tb, !ta, N, M, K, (float)alpha, (const float *)bp, ldb, (const float *)ap, lda, (float)beta,
                        (float *)cp, ldc);
        else
            tc_gemm_f64(!tb, !ta, N, M, K, alpha, (const double *)bp, ldb, (const double *)ap, lda, beta, (double *)cp, ldc);
    }
    if (cbuf) unpack(C, cbuf, es);
    goto done;
oom:
    rc = tc_fail("matmul: out of memory packing a %lld x %lld operand", (long long)M, (long long)N);
done:
    free(abuf);
    free(bbuf);
    free(cbuf);
    return rc;
}

/* ---- integer products ------------------------------------------------------------------------------- */

/* Integer products wrap like PyTorch's: arithmetic modulo 2^bits, done in the unsigned type of the
 * element's width (well defined in C, and narrow lanes vectorise well).  `x * 1u` keeps narrow
 * operands unsigned after C's promotion to int, where a product could otherwise overflow. */
typedef uint8_t acc_u8;
typedef uint8_t acc_i8;
typedef uint16_t acc_i16;
typedef uint32_t acc_i32;
typedef uint64_t acc_i64;

#define DEFINE_INT_MATMUL(sfx, T, DT, F) DEFINE_INT_MATMUL_ACC(sfx, T, acc_##sfx)
#define DEFINE_INT_MATMUL_ACC(sfx, T, U)                                                                    \
    static int matmul_##sfx(double beta_d, double alpha_d, const mat_t *C, const mat_t *A, const mat_t *B) { \
        int64_t M = C->rows, N = C->cols, K = A->cols;                                                       \
        U beta = (U)(int64_t)beta_d, alpha = (U)(int64_t)alpha_d;                       \
        U *acc = malloc(sizeof(U) * (size_t)TC_MAX(N, 1));                                     \
        if (!acc) return tc_fail("matmul: out of memory");                                                   \
        /* rows of B are streamed: give them unit stride first */                                           \
        T *bpack = NULL;                                                                                     \
        mat_t Bp = *B;                                                                                       \
        if (B->s1 != 1 && N > 1 && K > 0) {                                                                  \
            if (!(bpack = malloc(sizeof(T) * (size_t)(K * N)))) { free(acc); return tc_fail("matmul: out of memory"); } \
            pack((char *)bpack, B, sizeof(T));                                                               \
            Bp.data = (char *)bpack; Bp.s0 = N; Bp.s1 = 1;                                                   \
            B = &Bp;                                                                                         \
        }                                                                                                    \
        for (int64_t i = 0; i < M; i++) {                                                                    \
            memset(acc, 0, sizeof(U) * (size_t)N);                                                    \
            for (int64_t k = 0; k < K; k++) {                                                                \
                U a = (U)((const T *)A->data)[i * A->s0 + k * A->s1];                 \
                if (!a) continue;                                                                            \
                const T *brow = (const T *)B->data + k * B->s0;                                              \
                if (B->s1 == 1)                                                                              \
                    for (int64_t j = 0; j < N; j++) acc[j] += (U)(a * 1u * (U)brow[j]);                \
                else                                                                                         \
                    for (int64_t j = 0; j < N; j++) acc[j] += (U)(a * 1u * (U)brow[j * B->s1]);        \
            }                                                                                                \
            T *crow = (T *)C->data + i * C->s0;                                                              \
            for (int64_t j = 0; j < N; j++) {                                                                \
                U v = (U)(alpha * 1u * acc[j]);                                                                 \
                if (beta) v += (U)(beta * 1u * (U)crow[j * C->s1]);                                    \
                crow[j * C->s1] = (T)v;                                                                      \
            }                                                                                                \
        }                                                                                                    \
        free(acc);                                                                                           \
        free(bpack);                                                                                         \
        return 0;                                                                                            \
    }
TC_FOR_INT_TYPES(DEFINE_INT_MATMUL)

/* C = beta*C + alpha*A@B; C is M x N, A M x K, B K x N (checked by the callers). */
static int matmul_strided(int dtype, double beta, double alpha, const mat_t *C, const mat_t *A, const mat_t *B) {
    if (C->rows == 0 || C->cols == 0) return 0;
    switch (dtype) {
    case TC_FLOAT32:
    case TC_FLOAT64: return matmul_float(dtype, beta, alpha, C, A, B);
#define CASE_INT(sfx, T, DT, F) case DT: return matmul_##sfx(beta, alpha, C, A, B);
    TC_FOR_INT_TYPES(CASE_INT)
#undef CASE_INT
    default: return tc_fail("matmul: unsupported dtype %s", tc_dtype_name(dtype));
    }
}

/* ---- tensor-level driver ------------------------------------------------------------------------------ */

static int product_dtype_ok(int dtype) {
    return dtype == TC_FLOAT32 || dtype == TC_FLOAT64 || (dtype >= TC_UINT8 && dtype <= TC_INT64);
}

static int same_view(const tc_tensor *a, const tc_tensor *b) {
    if (a == b) return 1;
    return a->storage == b->storage && a->offset == b->offset && a->ndim == b->ndim &&
           !memcmp(a->sizes, b->sizes, sizeof(int64_t) * a->ndim) &&
           !memcmp(a->strides, b->strides, sizeof(int64_t) * a->ndim);
}

static int shares_storage(const tc_tensor *a, const tc_tensor *b) {
    return a->storage && a->storage == b->storage;
}

/* A batch of matrices read out of a tensor: matrix b is at data + b*sb (elements). */
typedef struct {
    char *data;
    int64_t batch, rows, cols, sb, s0, s1;
} bmat_t;

static mat_t bmat_at(const bmat_t *m, int64_t b, int64_t es) {
    mat_t r = {m->data + b * m->sb * es, m->rows, m->cols, m->s0, m->s1};
    return r;
}

/* Reads a tensor as a batch of matrices.  kind: 'm' matrix (2-D), 'b' batch (3-D), 'c' vector as a
 * column (n x 1), 'r' vector as a row (1 x n). */
static bmat_t as_bmat(const tc_tensor *t, char kind) {
    bmat_t m = {(char *)tc_tensor_data(t), 1, 1, 1, 0, 1, 1};
    switch (kind) {
    case 'm': m.rows = t->sizes[0]; m.cols = t->sizes[1]; m.s0 = t->strides[0]; m.s1 = t->strides[1]; break;
    case 'b':
        m.batch = t->sizes[0]; m.rows = t->sizes[1]; m.cols = t->sizes[2];
        m.sb = t->strides[0]; m.s0 = t->strides[1]; m.s1 = t->strides[2];
        break;
    case 'c': m.rows = t->sizes[0]; m.s0 = t->strides[0]; break;
    case 'r': m.cols = t->sizes[0]; m.s1 = t->strides[0]; break;
    }
    return m;
}

static int dims_str(char *buf, size_t n, const tc_tensor *t) {
    size_t used = 0;
    buf[0] = 0;
    for (int d = 0; d < t->ndim && used < n; d++)
        used += snprintf(buf + used, n - used, d ? " x %lld" : "%lld", (long long)t->sizes[d]);
    if (t->ndim == 0) snprintf(buf, n, "scalar");
    return 0;
}

/* Checks common to every product: non-NULL, dtypes, CPU. */
static int check_operands(const char *fn, const tc_tensor *out, const tc_tensor *m, const tc_tensor *a,
                          const tc_tensor *b) {
    if (!out) return tc_fail("%s: argument 'out' is NULL", fn);
    if (!a) return tc_fail("%s: first factor is NULL", fn);
    if (!b) return tc_fail("%s: second factor is NULL", fn);
    if (!product_dtype_ok(a->dtype))
        return tc_fail("%s: dtype %s is not supported (float32, float64 and integer dtypes are)", fn,
                       tc_dtype_name(a->dtype));
    if (b->dtype != a->dtype || out->dtype != a->dtype || (m && m->dtype != a->dtype))
        return tc_fail("%s: dtypes differ (out %s, factors %s and %s%s%s)", fn, tc_dtype_name(out->dtype),
                       tc_dtype_name(a->dtype), tc_dtype_name(b->dtype), m ? ", added " : "",
                       m ? tc_dtype_name(m->dtype) : "");
    const tc_tensor *all[4] = {out, m, a, b};
    for (int i = 0; i < 4; i++)
        if (all[i] && all[i]->storage && all[i]->storage->device != TC_DEVICE_CPU)
            return tc_fail("%s: tensors must be on the CPU", fn);
    return 0;
}

/* The common driver.  out gets shape out_sizes[out_ndim] and is read as `okind`; a and b as
 * `akind`/`bkind`.  reduce_batch: the batches of a and b are summed into one output matrix. */
static int run_product(const char *fn, tc_tensor *out, int out_ndim, const int64_t *out_sizes, char okind,
                       double beta, const tc_tensor *m, double alpha, const tc_tensor *a, char akind,
                       const tc_tensor *b, char bkind, int reduce_batch) {
    int64_t n_out = tc_shape_numel(out_ndim, out_sizes);
    if (m && tc_tensor_numel(m) != n_out) {
        char ms[128], os[128];
        dims_str(ms, sizeof ms, m);
        tc_tensor tmp = {0};
        tmp.ndim = out_ndim;
        memcpy(tmp.sizes, out_sizes, sizeof(int64_t) * out_ndim);
        dims_str(os, sizeof os, &tmp);
        return tc_fail("%s: size mismatch, the added tensor is [%s] but the product is [%s]", fn, ms, os);
    }
    if (!m) beta = 0;
    int alias = n_out > 0 && (shares_storage(out, a) || shares_storage(out, b));
    tc_tensor *target = out;
    if (alias) {
        target = tc_tensor_empty(out->dtype, out_ndim, out_sizes);
        if (!target) return -1;
    } else if (tc_tensor_resize(out, out_ndim, out_sizes)) {
        return -1;
    }
    int rc = 0;
    if (beta != 0 && !same_view(m, target) && n_out > 0) rc = tc_copy(target, m);
    if (rc == 0 && n_out > 0) {
        int64_t es = tc_dtype_size(a->dtype);
        bmat_t A = as_bmat(a, akind), B = as_bmat(b, bkind), C = as_bmat(target, okind);
        if (reduce_batch) {
            mat_t c = bmat_at(&C, 0, es);
            if (A.batch == 0) {
                mat_t z = {NULL, c.rows, 0, 0, 0};
                rc = matmul_strided(a->dtype, beta, alpha, &c, &z, &z);
            }
            for (int64_t i = 0; i < A.batch && rc == 0; i++) {
                mat_t ai = bmat_at(&A, i, es), bi = bmat_at(&B, i, es);
                rc = matmul_strided(a->dtype, i == 0 ? beta : 1.0, alpha, &c, &ai, &bi);
            }
        } else {
            for (int64_t i = 0; i < C.batch && rc == 0; i++) {
                mat_t ai = bmat_at(&A, i, es), bi = bmat_at(&B, i, es), ci = bmat_at(&C, i, es);
                rc = matmul_strided(a->dtype, beta, alpha, &ci, &ai, &bi);
            }
        }
    }
    if (alias) {
        if (rc == 0) rc = tc_tensor_resize(out, out_ndim, out_sizes);
        if (rc == 0) rc = tc_copy(out, target);
        tc_tensor_release(target);
    }
    return rc;
}

/* ---- entry points ---------------------------------------------------------------------------------- */

int tc_addmm(tc_tensor *out, double beta, const tc_tensor *m, double alpha, const tc_tensor *a, const tc_tensor *b) {
    const char *fn = "addmm";
    if (check_operands(fn, out, m, a, b)) return -1;
    if (a->ndim != 2 || b->ndim != 2 || a->sizes[1] != b->sizes[0]) {
        char as[128], bs[128];
        dims_str(as, sizeof as, a);
        dims_str(bs, sizeof bs, b);
        if (a->ndim != 2 || b->ndim != 2)
            return tc_fail("%s: matrices expected, got %dD, %dD tensors (m1: [%s], m2: [%s])", fn, a->ndim, b->ndim, as, bs);
        return tc_fail("%s: size mismatch, m1: [%s], m2: [%s]", fn, as, bs);
    }
    int64_t sizes[2] = {a->sizes[0], b->sizes[1]};
    return run_product(fn, out, 2, sizes, 'm', beta, m, alpha, a, 'm', b, 'm', 0);
}

int tc_mm(tc_tensor *out, const tc_tensor *a, const tc_tensor *b) { return tc_addmm(out, 0, NULL, 1, a, b); }

int tc_addmv(tc_tensor *out, double beta, const tc_tensor *v, double alpha, const tc_tensor *mat, const tc_tensor *vec) {
    const char *fn = "addmv";
    if (check_operands(fn, out, v, mat, vec)) return -1;
    if (mat->ndim != 2 || vec->ndim != 1 || mat->sizes[1] != vec->sizes[0]) {
        char as[128], bs[128];
        dims_str(as, sizeof as, mat);
        dims_str(bs, sizeof bs, vec);
        if (mat->ndim != 2 || vec->ndim != 1)
            return tc_fail("%s: matrix and vector expected, got %dD, %dD tensors (mat: [%s], vec: [%s])", fn,
                           mat->ndim, vec->ndim, as, bs);
        return tc_fail("%s: size mismatch, mat: [%s], vec: [%s]", fn, as, bs);
    }
    int64_t sizes[1] = {mat->sizes[0]};
    return run_product(fn, out, 1, sizes, 'c', beta, v, alpha, mat, 'm', vec, 'c', 0);
}

int tc_mv(tc_tensor *out, const tc_tensor *mat, const tc_tensor *vec) { return tc_addmv(out, 0, NULL, 1, mat, vec); }

int tc_addr(tc_tensor *out, double beta, const tc_tensor *m, double alpha, const tc_tensor *u, const tc_tensor *v) {
    const char *fn = "addr";
    if (check_operands(fn, out, m, u, v)) return -1;
    if (u->ndim != 1 || v->ndim != 1)
        return tc_fail("%s: vectors expected, got %dD, %dD tensors", fn, u->ndim, v->ndim);
    int64_t sizes[2] = {u->sizes[0], v->sizes[0]};
    return run_product(fn, out, 2, sizes, 'm', beta, m, alpha, u, 'c', v, 'r', 0);
}

int tc_ger(tc_tensor *out, const tc_tensor *u, const tc_tensor *v) { return tc_addr(out, 0, NULL, 1, u, v); }

static int check_batches(const char *fn, const tc_tensor *a, const tc_tensor *b) {
    if (a->ndim != 3 || b->ndim != 3 || a->sizes[0] != b->sizes[0] || a->sizes[2] != b->sizes[1]) {
        char as[128], bs[128];
        dims_str(as, sizeof as, a);
        dims_str(bs, sizeof bs, b);
        if (a->ndim != 3 || b->ndim != 3)
            return tc_fail("%s: 3D tensors expected, got %dD, %dD tensors (batch1: [%s], batch2: [%s])", fn, a->ndim,
                           b->ndim, as, bs);
        return tc_fail("%s: size mismatch, batch1: [%s], batch2: [%s]", fn, as, bs);
    }
    return 0;
}

int tc_baddbmm(tc_tensor *out, double beta, const tc_tensor *m, double alpha, const tc_tensor *a, const tc_tensor *b) {
    const char *fn = "baddbmm";
    if (check_operands(fn, out, m, a, b) || check_batches(fn, a, b)) return -1;
    int64_t sizes[3] = {a->sizes[0], a->sizes[1], b->sizes[2]};
    return run_product(fn, out, 3, sizes, 'b', beta, m, alpha, a, 'b', b, 'b', 0);
}

int tc_bmm(tc_tensor *out, const tc_tensor *a, const tc_tensor *b) { return tc_baddbmm(out, 0, NULL, 1, a, b); }

int tc_addbmm(tc_tensor *out, double beta, const tc_tensor *m, double alpha, const tc_tensor *a, const tc_tensor *b) {
    const char *fn = "addbmm";
    if (check_operands(fn, out, m, a, b) || check_batches(fn, a, b)) return -1;
    int64_t sizes[2] = {a->sizes[1], b->sizes[2]};
    return run_product(fn, out, 2, sizes, 'm', beta, m, alpha, a, 'b', b, 'b', 1);
}

/* ---- dot ---------------------------------------------------------------------------------------------- */

static int dot_operands(const char *fn, const tc_tensor *a, const tc_tensor *b) {
    if (!a || !b) return tc_fail("%s: tensor is NULL", fn);
    if (a->dtype != b->dtype)
        return tc_fail("%s: dtypes differ (%s and %s)", fn, tc_dtype_name(a->dtype), tc_dtype_name(b->dtype));
    if (!product_dtype_ok(a->dtype)) return tc_fail("%s: dtype %s is not supported", fn, tc_dtype_name(a->dtype));
    if (tc_tensor_numel(a) != tc_tensor_numel(b))
        return tc_fail("%s: inconsistent tensor size, %lld and %lld elements", fn, (long long)tc_tensor_numel(a),
                       (long long)tc_tensor_numel(b));
    return 0;
}

/* A flat (1-D, positive stride) reading of t, or a contiguous copy in *tmp. */
static const char *flat_view(const tc_tensor *t, int64_t *inc, tc_tensor **tmp) {
    *tmp = NULL;
    if (t->ndim == 1 && t->strides[0] > 0 && t->strides[0] <= INT32_MAX) {
        *inc = t->strides[0];
        return tc_tensor_data(t);
    }
    *inc = 1;
    if (tc_tensor_is_contiguous(t)) return tc_tensor_data(t);
    *tmp = tc_tensor_clone(t);
    return *tmp ? tc_tensor_data(*tmp) : NULL;
}

int tc_dot(const tc_tensor *a, const tc_tensor *b, double *result) {
    if (!result) return tc_fail("dot: argument 'result' is NULL");
    if (dot_operands("dot", a, b)) return -1;
    if (a->dtype != TC_FLOAT32 && a->dtype != TC_FLOAT64) {
        int64_t r;
        if (tc_dot_int(a, b, &r)) return -1;
        *result = (double)r;
        return 0;
    }
    int64_t n = tc_tensor_numel(a);
    *result = 0;
    if (n == 0) return 0;
    if (n > INT32_MAX) return tc_fail("dot: %lld elements exceed BLAS's 32-bit length", (long long)n);
    int64_t ia, ib;
    tc_tensor *ta, *tb;
    const char *pa = flat_view(a, &ia, &ta), *pb = flat_view(b, &ib, &tb);
    int rc = 0;
    if (!pa || !pb) rc = -1;
    else if (a->dtype == TC_FLOAT32)
        *result = OB(cblas_sdot)((blasint)n, (const float *)pa, (blasint)ia, (const float *)pb, (blasint)ib);
    else
        *result = OB(cblas_ddot)((blasint)n, (const double *)pa, (blasint)ia, (const double *)pb, (blasint)ib);
    tc_tensor_release(ta);
    tc_tensor_release(tb);
    return rc;
}

int tc_dot_int(const tc_tensor *a, const tc_tensor *b, int64_t *result) {
    if (!result) return tc_fail("dot: argument 'result' is NULL");
    if (dot_operands("dot", a, b)) return -1;
    if (a->dtype == TC_FLOAT32 || a->dtype == TC_FLOAT64) return tc_fail("dot: tc_dot_int takes integer tensors");
    int64_t ia, ib;
    tc_tensor *ta, *tb;
    int64_t n = tc_tensor_numel(a);
    *result = 0;
    if (n == 0) return 0;
    const char *pa = flat_view(a, &ia, &ta), *pb = flat_view(b, &ib, &tb);
    if (!pa || !pb) {
        tc_tensor_release(ta);
        tc_tensor_release(tb);
        return -1;
    }
    uint64_t acc = 0;
    switch (a->dtype) {
#define CASE_DOT(sfx, T, DT, F) \
    case DT: for (int64_t i = 0; i < n; i++) acc += (uint64_t)(int64_t)((const T *)pa)[i * ia] * (uint64_t)(int64_t)((const T *)pb)[i * ib]; break;
    TC_FOR_INT_TYPES(CASE_DOT)
#undef CASE_DOT
    }
    *result = (int64_t)acc;
    tc_tensor_release(ta);
    tc_tensor_release(tb);
    return 0;
}
