/* reduce.c -- reductions over every element or along one dimension.
 *
 * The input is viewed (contiguous, copying first if it is not) as [outer, n, inner] where n is the
 * reduced size.  inner == 1 means each result reduces one contiguous line; otherwise a result row of
 * `inner` accumulators is updated by whole input rows, so memory is always read in order (never down
 * strided columns).  Results are accumulated into a small int64 or float64 tensor and copied into
 * `out` at the end, which converts to out's dtype, honours out's strides, and makes out == a safe. */
#include "math_common.h"

enum { LINE_BLOCK = 2048, COL_CHUNK = 2048 };

typedef struct rplan {
    tc_tensor *src;           /* contiguous, owned reference */
    const char *data;
    int dtype;
    int64_t es, outer, n, inner;
    int out_ndim;
    int64_t out_sizes[TC_MAX_DIMS];
} rplan;

static void plan_free(rplan *p) { tc_tensor_release(p->src); p->src = NULL; }

static int plan_init(rplan *p, const tc_tensor *a, int dim, int keepdim, const char *fn) {
    memset(p, 0, sizeof *p);
    if (!a) return tc_fail("%s: argument 'a' is NULL", fn);
    int all = dim == TC_DIM_ALL;
    if (!all && a->ndim == 0) {
        if (tc_normalize_dim(dim, 0, fn) < 0) return -1;
        all = 1;
    }
    int d = 0;
    if (!all && (d = tc_normalize_dim(dim, a->ndim, fn)) < 0) return -1;
    p->src = tc_tensor_contiguous((tc_tensor *)a);
    if (!p->src) return -1;
    p->data = tc_tensor_numel(a) ? (const char *)tc_tensor_data(p->src) : NULL;
    p->dtype = a->dtype;
    p->es = tc_dtype_size(a->dtype);
    if (all) {
        p->outer = 1;
        p->n = tc_tensor_numel(a);
        p->inner = 1;
        p->out_ndim = keepdim ? a->ndim : 0;
        for (int i = 0; i < p->out_ndim; i++) p->out_sizes[i] = 1;
        return 0;
    }
    p->outer = tc_shape_numel(d, a->sizes);
    p->n = a->sizes[d];
    p->inner = tc_shape_numel(a->ndim - d - 1, a->sizes + d + 1);
    p->out_ndim = 0;
    for (int i = 0; i < a->ndim; i++) {
        if (i == d && !keepdim) continue;
        p->out_sizes[p->out_ndim++] = i == d ? 1 : a->sizes[i];
    }
    return 0;
}

/* the accumulation buffer: 1-D, outer*inner elements of dtype (float64 or int64) */
static tc_tensor *result_buffer(const rplan *p, int dtype) {
    int64_t m = p->outer * p->inner;
    return tc_tensor_empty(dtype, 1, &m);
}

/* resize out to the plan's result shape and copy the accumulated results into it */
static int store_result(tc_tensor *out, const rplan *p, tc_tensor *res) {
    if (tc_tensor_resize(out, p->out_ndim, p->out_sizes)) return -1;
    if (tc_tensor_numel(res) == 0) return 0;
    return tc_copy(out, res);
}

static int check_out_dtype(const tc_tensor *out, int flags, const char *fn) {
    if (!out) return tc_fail("%s: argument 'out' is NULL", fn);
    if (!dtype_in(out->dtype, flags))
        return tc_fail("%s: argument 'out' has dtype %s; expected %s", fn, tc_dtype_name(out->dtype), flags_text(flags));
    return 0;
}

/* ---- typed sum / product: pairwise for float lines (16 independent lanes per block) ------------- */
/* int64 accumulators wrap (in uint64, to stay defined) */
#define OP_sum(a, b) _Generic((a), int64_t: (int64_t)((uint64_t)(a) + (uint64_t)(b)), default: (a) + (b))
#define OP_prod(a, b) _Generic((a), int64_t: (int64_t)((uint64_t)(a) * (uint64_t)(b)), default: (a) * (b))
#define DEF_SUMPROD(sfx, T, ACC, name, INIT, GROUP8)                                                          \
    static ACC name##_line_##sfx(const T *x, int64_t n) {                                             \
        if (n > LINE_BLOCK) {                                                                         \
            int64_t h = (n / 2) & ~(int64_t)15;                                                       \
            return OP_##name(name##_line_##sfx(x, h), name##_line_##sfx(x + h, n - h));               \
        }                                                                                             \
        ACC acc[16];                                                                                  \
        for (int j = 0; j < 16; j++) acc[j] = INIT;                                                   \
        int64_t i = 0;                                                                                \
        for (; i + 16 <= n; i += 16)                                                                  \
            for (int j = 0; j < 16; j++) acc[j] = OP_##name(acc[j], (ACC)x[i + j]);                   \
        ACC s = INIT;                                                                                 \
        for (; i < n; i++) s = OP_##name(s, (ACC)x[i]);                                               \
        for (int w = 8; w >= 1; w /= 2)                                                               \
            for (int j = 0; j < w; j++) acc[j] = OP_##name(acc[j], acc[j + w]);                       \
        return OP_##name(acc[0], s);                                                                  \
    }                                                                                                 \
    static void name##_cols_##sfx(ACC *acc, const T *row, int64_t m) {                               \
        for (int64_t j = 0; j < m; j++) acc[j] = OP_##name(acc[j], (ACC)row[j]);                      \
    }                                                                                                 \
    /* eight rows summed pairwise in T first: an eighth of the accumulator traffic (floats only) */    \
    static void name##_cols8_##sfx(ACC *acc, const T *r, int64_t s, int64_t m) {                     \
        for (int64_t j = 0; j < m; j++) {                                                             \
            T a = (r[j] + r[s + j]) + (r[2 * s + j] + r[3 * s + j]);                                  \
            T b = (r[4 * s + j] + r[5 * s + j]) + (r[6 * s + j] + r[7 * s + j]);                      \
            acc[j] = OP_##name(acc[j], (ACC)(a + b));                                                 \
        }                                                                                             \
    }                                                                                                 \
    /* results [j0, j1) of output row o when inner > 1: whole input rows in order */                 \
    static void name##_colrange_##sfx(const rplan *p, ACC *res, int64_t o, int64_t j0, int64_t j1) { \
        const T *x = (const T *)p->data + o * p->n * p->inner + j0;                                   \
        int64_t n = p->n, inner = p->inner, m = j1 - j0;                                              \
        ACC *r = res + o * inner + j0;                                                                \
        for (int64_t j = 0; j < m; j++) r[j] = INIT;                                                  \
        int64_t k = 0;                                                                                \
        if (GROUP8)                                                                                   \
            for (; k + 8 <= n; k += 8) name##_cols8_##sfx(r, x + k * inner, inner, m);               \
        for (; k < n; k++) name##_cols_##sfx(r, x + k * inner, m);                                    \
    }                                                                                                 \
    /* threads split the results when there are enough of them, otherwise each line or row */        \
    static void name##_run_##sfx(const rplan *p, ACC *res) {                                         \
        const T *x = (const T *)p->data;                                                              \
        int64_t n = p->n, inner = p->inner, outer = p->outer;                                         \
        int nt = tc_threads_for(outer * n * inner);                                                   \
        if (nt > 64) nt = 64;                                                                         \
        if (outer >= nt || (inner == 1 && n < 2 * LINE_BLOCK)) {                                      \
            _Pragma("omp parallel for num_threads(nt) schedule(static) if (nt > 1)")                  \
            for (int64_t o = 0; o < outer; o++) {                                                     \
                if (inner == 1) res[o] = name##_line_##sfx(x + o * n, n);                             \
                else name##_colrange_##sfx(p, res, o, 0, inner);                                      \
            }                                                                                         \
            return;                                                                                   \
        }                                                                                             \
        for (int64_t o = 0; o < outer; o++) {                                                         \
            if (inner == 1) { /* a few long lines: pieces of the line, combined in order */           \
                ACC part[64];                                                                         \
                int64_t step = ((n + nt - 1) / nt + 15) & ~(int64_t)15;                               \
                _Pragma("omp parallel for num_threads(nt) schedule(static)")                          \
                for (int c = 0; c < nt; c++) {                                                        \
                    int64_t b = c * step, e = TC_MIN(n, b + step);                                    \
                    part[c] = b < e ? name##_line_##sfx(x + o * n + b, e - b) : INIT;                 \
                }                                                                                     \
                ACC sacc = INIT;                                                                      \
                for (int c = 0; c < nt; c++) sacc = OP_##name(sacc, part[c]);                         \
                res[o] = sacc;                                                                        \
            } else { /* a few wide rows: column ranges */                                             \
                int64_t step = ((inner + nt - 1) / nt + 15) & ~(int64_t)15;                           \
                _Pragma("omp parallel for num_threads(nt) schedule(static)")                          \
                for (int c = 0; c < nt; c++) {                                                        \
                    int64_t b = c * step, e = TC_MIN(inner, b + step);                                \
                    if (b < e) name##_colrange_##sfx(p, res, o, b, e);                                \
                }                                                                                     \
            }                                                                                         \
        }                                                                                             \
    }

#define DEF_SP_F(sfx, T, name, init) DEF_SUMPROD(sfx, T, double, name, init, init == 0.0)
#define DEF_SP_I(sfx, T, name, init) DEF_SUMPROD(sfx, T, int64_t, name, init, 0)
FAM_F(DEF_SP_F, sum, 0.0)
FAM_I(DEF_SP_I, sum, 0)
FAM_B(DEF_SP_I, sum, 0)
FAM_F(DEF_SP_F, prod, 1.0)
FAM_I(DEF_SP_I, prod, 1)
FAM_B(DEF_SP_I, prod, 1)

#define RUN_CASE_F(sfx, T, name) case DT_##sfx: name##_run_##sfx(p, (double *)tc_tensor_data(res)); break;
#define RUN_CASE_I(sfx, T, name) case DT_##sfx: name##_run_##sfx(p, (int64_t *)tc_tensor_data(res)); break;

/* sum or product of p into a fresh float64 (float input) or int64 (integer/bool input) buffer */
static tc_tensor *sumprod_buffer(const rplan *p, int is_prod) {
    int isf = tc_dtype_is_floating(p->dtype);
    tc_tensor *res = result_buffer(p, isf ? TC_FLOAT64 : TC_INT64);
    if (!res || p->outer * p->inner == 0) return res;
    if (is_prod) {
        switch (p->dtype) { FAM_F(RUN_CASE_F, prod) FAM_I(RUN_CASE_I, prod) FAM_B(RUN_CASE_I, prod) }
    } else {
        switch (p->dtype) { FAM_F(RUN_CASE_F, sum) FAM_I(RUN_CASE_I, sum) FAM_B(RUN_CASE_I, sum) }
    }
    return res;
}

static int sumprod(const char *fn, tc_tensor *out, const tc_tensor *a, int dim, int keepdim, int is_prod, int mean) {
    if (check_input(a, "a", mean ? TC_OPF_F : TC_OPF_FIB, fn) || check_out_dtype(out, mean ? TC_OPF_F : TC_OPF_FIB, fn))
        return -1;
    rplan p;
    if (plan_init(&p, a, dim, keepdim, fn)) return -1;
    tc_tensor *res = sumprod_buffer(&p, is_prod);
    int r = -1;
    if (res) {
        if (mean) {
            double *v = tc_tensor_data(res);
            for (int64_t i = 0; i < p.outer * p.inner; i++) v[i] /= (double)p.n;
        }
        r = store_result(out, &p, res);
    }
    tc_tensor_release(res);
    plan_free(&p);
    return r;
}

int tc_sum(tc_tensor *out, const tc_tensor *a, int32_t dim, int32_t keepdim) {
    return sumprod("tc_sum", out, a, dim, keepdim, 0, 0);
}
int tc_prod(tc_tensor *out, const tc_tensor *a, int32_t dim, int32_t keepdim) {
    return sumprod("tc_prod", out, a, dim, keepdim, 1, 0);
}
int tc_mean(tc_tensor *out, const tc_tensor *a, int32_t dim, int32_t keepdim) {
    return sumprod("tc_mean", out, a, dim, keepdim, 0, 1);
}

/* ---- the double engine: ops that read every element as a double --------------------------------
 * The op keeps one state per result (st[outer*inner]); `cols` folds a chunk of one input row into
 * consecutive states, `line` folds a chunk of a contiguous line into one state. */
typedef struct dop {
    void (*cols)(void *ctx, double *st, const double *v, int64_t m, int64_t oi);
    void (*line)(void *ctx, double *st, const double *v, int64_t m, int64_t oi);
    void *ctx;
} dop;

static void load_f64(double *dst, const char *src, int dtype, int64_t m) {
#define LOAD_CASE(sfx, T, unused) \
    case DT_##sfx: { const T *s = (const T *)src; for (int64_t i = 0; i < m; i++) dst[i] = (double)s[i]; break; }
    switch (dtype) { FAM_F(LOAD_CASE, 0) FAM_I(LOAD_CASE, 0) FAM_B(LOAD_CASE, 0) }
#undef LOAD_CASE
}

/* one result line (inner == 1) or one chunk of result columns: the states it touches belong to it alone,
 * so lines and column chunks run on separate threads with the same summation order as one thread */
static void engine_task(const rplan *p, double *st, const dop *op, int64_t o, int64_t j0) {
    double buf[COL_CHUNK];
    int64_t n = p->n, inner = p->inner;
    if (inner == 1) {
        for (int64_t k0 = 0; k0 < n; k0 += COL_CHUNK) {
            int64_t m = TC_MIN(COL_CHUNK, n - k0);
            load_f64(buf, p->data + (o * n + k0) * p->es, p->dtype, m);
            op->line(op->ctx, st + o, buf, m, o);
        }
        return;
    }
    int64_t m = TC_MIN(COL_CHUNK, inner - j0);
    for (int64_t k = 0; k < n; k++) {
        load_f64(buf, p->data + ((o * n + k) * inner + j0) * p->es, p->dtype, m);
        op->cols(op->ctx, st + o * inner + j0, buf, m, o * inner + j0);
    }
}

static void engine_run(const rplan *p, double *st, const dop *op) {
    const int64_t chunks = p->inner == 1 ? 1 : (p->inner + COL_CHUNK - 1) / COL_CHUNK;
    const int64_t tasks = p->outer * chunks;
    const int par = tasks > 1 && p->outer * p->n * p->inner > TC_PARALLEL_GRAIN && tc_get_num_threads() > 1;
#pragma omp parallel for schedule(static) if (par) num_threads(tc_get_num_threads())
    for (int64_t t = 0; t < tasks; t++) engine_task(p, st, op, t / chunks, (t % chunks) * COL_CHUNK);
}

/* state update expressions: S(state, v, c) with c the op's context */
#define DEF_DOP(name, UPDATE)                                                                         \
    static void name##_cols(void *vc, double *st, const double *v, int64_t m, int64_t oi) {          \
        const double *c = vc;                                                                         \
        (void)c;                                                                                      \
        (void)oi;                                                                                     \
        for (int64_t j = 0; j < m; j++) { double s = st[j], x = v[j]; st[j] = UPDATE(s, x, c, oi + j); } \
    }                                                                                                 \
    static void name##_line(void *vc, double *st, const double *v, int64_t m, int64_t oi) {          \
        const double *c = vc;                                                                         \
        (void)c;                                                                                      \
        (void)oi;                                                                                     \
        double s = *st;                                                                               \
        for (int64_t j = 0; j < m; j++) { double x = v[j]; s = UPDATE(s, x, c, oi); }                \
        *st = s;                                                                                      \
    }                                                                                                 \
    static const dop name##_op = {name##_cols, name##_line, NULL};

/* additive ops: the line fold keeps 8 independent partial sums (vectorisable, and not bound by the latency of
 * one long chain of dependent adds); TERM(x, c, i) is the element's contribution */
#define DEF_DOP_ADD(name, TERM)                                                                       \
    static void name##_cols(void *vc, double *st, const double *v, int64_t m, int64_t oi) {          \
        const double *c = vc;                                                                         \
        (void)c;                                                                                      \
        (void)oi;                                                                                     \
        for (int64_t j = 0; j < m; j++) { double x = v[j]; st[j] += TERM(x, c, oi + j); }           \
    }                                                                                                 \
    static void name##_line(void *vc, double *st, const double *v, int64_t m, int64_t oi) {          \
        const double *c = vc;                                                                         \
        (void)c;                                                                                      \
        (void)oi;                                                                                     \
        double acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};                                                     \
        int64_t j = 0;                                                                                \
        for (; j + 8 <= m; j += 8)                                                                    \
            for (int l = 0; l < 8; l++) { double x = v[j + l]; acc[l] += TERM(x, c, oi); }           \
        double s = 0;                                                                                 \
        for (; j < m; j++) { double x = v[j]; s += TERM(x, c, oi); }                                 \
        *st += ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7])) + s;  \
    }                                                                                                 \
    static const dop name##_op = {name##_cols, name##_line, NULL};

#define T_sum(x, c, i) (x)
#define T_sqdev(x, c, i) (((x) - c[i]) * ((x) - c[i]))
#define T_expdev(x, c, i) exp((x) - c[i])
#define T_nonzero(x, c, i) ((double)((x) != 0))
#define T_abssum(x, c, i) fabs(x)
#define T_sqsum(x, c, i) ((x) * (x))
#define T_powsum(x, c, i) pow(fabs(x), c[0])

/* c: per-result centre (mean or max) for the second passes; c[0] is p for the norms */
#define U_max(s, x, c, i) (((x) > (s) || (x) != (x)) && (s) == (s) ? (x) : (s))
#define U_min(s, x, c, i) (((x) < (s) || (x) != (x)) && (s) == (s) ? (x) : (s))
#define U_absmax(s, x, c, i) U_max(s, fabs(x), c, i)
#define U_absmin(s, x, c, i) U_min(s, fabs(x), c, i)
DEF_DOP_ADD(sum, T_sum)
DEF_DOP_ADD(sqdev, T_sqdev)
DEF_DOP_ADD(expdev, T_expdev)
DEF_DOP(max, U_max)
DEF_DOP_ADD(nonzero, T_nonzero)
DEF_DOP_ADD(abssum, T_abssum)
DEF_DOP_ADD(sqsum, T_sqsum)
DEF_DOP_ADD(powsum, T_powsum)
DEF_DOP(absmax, U_absmax)
DEF_DOP(absmin, U_absmin)

static int engine(const rplan *p, double *st, double init, const dop *op, void *ctx) {
    int64_t m = p->outer * p->inner;
    for (int64_t i = 0; i < m; i++) st[i] = init;
    if (m == 0) return 0;
    dop o = *op;
    o.ctx = ctx;
    engine_run(p, st, &o);
    return 0;
}

/* ---- var / std --------------------------------------------------------------------------------------- */
static int var_std(const char *fn, tc_tensor *out, const tc_tensor *a, int dim, int keepdim, double correction,
                   int take_sqrt) {
    if (check_input(a, "a", TC_OPF_F, fn) || check_out_dtype(out, TC_OPF_F, fn)) return -1;
    rplan p;
    if (plan_init(&p, a, dim, keepdim, fn)) return -1;
    int r = -1;
    tc_tensor *mean = result_buffer(&p, TC_FLOAT64), *res = result_buffer(&p, TC_FLOAT64);
    if (mean && res) {
        double *mu = tc_tensor_data(mean), *v = tc_tensor_data(res);
        int64_t m = p.outer * p.inner;
        engine(&p, mu, 0.0, &sum_op, NULL);
        for (int64_t i = 0; i < m; i++) mu[i] /= (double)p.n;
        engine(&p, v, 0.0, &sqdev_op, mu);   /* two passes: no cancellation of sum(x^2) - n mean^2 */
        double dof = (double)p.n - correction;
        for (int64_t i = 0; i < m; i++) {
            v[i] = v[i] / (dof > 0 ? dof : 0.0);   /* no degrees of freedom left: inf, or NaN for 0/0 */
            if (take_sqrt) v[i] = sqrt(v[i]);
        }
        r = store_result(out, &p, res);
    }
    tc_tensor_release(mean);
    tc_tensor_release(res);
    plan_free(&p);
    return r;
}

int tc_var(tc_tensor *out, const tc_tensor *a, int32_t dim, int32_t keepdim, double correction) {
    return var_std("tc_var", out, a, dim, keepdim, correction, 0);
}
int tc_std(tc_tensor *out, const tc_tensor *a, int32_t dim, int32_t keepdim, double correction) {
    return var_std("tc_std", out, a, dim, keepdim, correction, 1);
}

/* ---- norm, logsumexp, all, any ------------------------------------------------------------------------ */
int tc_norm(tc_tensor *out, const tc_tensor *a, double pnorm, int32_t dim, int32_t keepdim) {
    const char *fn = "tc_norm";
    if (check_input(a, "a", TC_OPF_F, fn) || check_out_dtype(out, TC_OPF_F, fn)) return -1;
    if (pnorm != pnorm) return tc_fail("%s: p is NaN", fn);
    rplan p;
    if (plan_init(&p, a, dim, keepdim, fn)) return -1;
    int r = -1;
    tc_tensor *res = result_buffer(&p, TC_FLOAT64);
    if (res) {
        double *v = tc_tensor_data(res);
        int64_t m = p.outer * p.inner;
        if (pnorm == INFINITY) engine(&p, v, 0.0, &absmax_op, NULL);
        else if (pnorm == -INFINITY) engine(&p, v, INFINITY, &absmin_op, NULL);
        else if (pnorm == 0) engine(&p, v, 0.0, &nonzero_op, NULL);
        else if (pnorm == 1) engine(&p, v, 0.0, &abssum_op, NULL);
        else if (pnorm == 2) {
            engine(&p, v, 0.0, &sqsum_op, NULL);
            for (int64_t i = 0; i < m; i++) v[i] = sqrt(v[i]);
        } else {
            engine(&p, v, 0.0, &powsum_op, &pnorm);
            for (int64_t i = 0; i < m; i++) v[i] = pow(v[i], 1.0 / pnorm);
        }
        r = store_result(out, &p, res);
    }
    tc_tensor_release(res);
    plan_free(&p);
    return r;
}

int tc_logsumexp(tc_tensor *out, const tc_tensor *a, int32_t dim, int32_t keepdim) {
    const char *fn = "tc_logsumexp";
    if (check_input(a, "a", TC_OPF_F, fn) || check_out_dtype(out, TC_OPF_F, fn)) return -1;
    rplan p;
    if (plan_init(&p, a, dim, keepdim, fn)) return -1;
    int r = -1;
    tc_tensor *mx = result_buffer(&p, TC_FLOAT64), *res = result_buffer(&p, TC_FLOAT64);
    if (mx && res) {
        double *c = tc_tensor_data(mx), *v = tc_tensor_data(res);
        int64_t m = p.outer * p.inner;
        engine(&p, c, -INFINITY, &max_op, NULL);
        /* an infinite maximum is the answer itself; shifting by it would make inf - inf */
        for (int64_t i = 0; i < m; i++) if (isinf(c[i])) c[i] = 0;
        engine(&p, v, 0.0, &expdev_op, c);
        for (int64_t i = 0; i < m; i++) v[i] = c[i] + log(v[i]);
        r = store_result(out, &p, res);
    }
    tc_tensor_release(mx);
    tc_tensor_release(res);
    plan_free(&p);
    return r;
}

static int all_any(const char *fn, tc_tensor *out, const tc_tensor *a, int dim, int keepdim, int is_all) {
    if (check_input(a, "a", TC_OPF_FIB, fn)) return -1;
    if (!out) return tc_fail("%s: argument 'out' is NULL", fn);
    if (out->dtype != TC_UINT8 && out->dtype != TC_BOOL)
        return tc_fail("%s: argument 'out' has dtype %s; expected uint8 or bool", fn, tc_dtype_name(out->dtype));
    rplan p;
    if (plan_init(&p, a, dim, keepdim, fn)) return -1;
    int r = -1;
    tc_tensor *res = result_buffer(&p, TC_FLOAT64);
    if (res) {
        double *v = tc_tensor_data(res);
        engine(&p, v, 0.0, &nonzero_op, NULL);
        for (int64_t i = 0; i < p.outer * p.inner; i++) v[i] = is_all ? v[i] == (double)p.n : v[i] > 0;
        r = store_result(out, &p, res);
    }
    tc_tensor_release(res);
    plan_free(&p);
    return r;
}

int tc_all(tc_tensor *out, const tc_tensor *a, int32_t dim, int32_t keepdim) {
    return all_any("tc_all", out, a, dim, keepdim, 1);
}
int tc_any(tc_tensor *out, const tc_tensor *a, int32_t dim, int32_t keepdim) {
    return all_any("tc_any", out, a, dim, keepdim, 0);
}

/* ---- max / min with indices (typed: exact for int64, first occurrence, first NaN wins) ------------ */
#define BETTER_max(v, b) ((v) > (b))
#define BETTER_min(v, b) ((v) < (b))
#define SIMD_REDUCE_max _Pragma("omp simd reduction(max:best) reduction(|:nan)")
#define SIMD_REDUCE_min _Pragma("omp simd reduction(min:best) reduction(|:nan)")
#define DEF_EXTREME(sfx, T, name)                                                                     \
    static void name##_run_##sfx(const rplan *p, T *val, int64_t *idx) {                             \
        const T *x = (const T *)p->data;                                                              \
        int64_t n = p->n, inner = p->inner;                                                           \
        for (int64_t o = 0; o < p->outer; o++) {                                                      \
            if (inner == 1) {                                                                         \
                /* two vectorisable passes over the line: the extreme value (and whether there is a   \
                 * NaN), then the first position holding it */                                      \
                const T *l = x + o * n;                                                               \
                T best = l[0];                                                                        \
                int nan = 0;                                                                          \
                SIMD_REDUCE_##name                                                                    \
                for (int64_t i = 0; i < n; i++) {                                                     \
                    T v = l[i];                                                                       \
                    best = BETTER_##name(v, best) ? v : best;                                         \
                    nan |= v != v;                                                                    \
                }                                                                                     \
                /* the first position: blocks of 32 checked with a vectorisable any-match, then a    \
                 * scalar walk inside the block that matched */                                      \
                int64_t bi = 0;                                                                       \
                if (nan) {                                                                            \
                    for (; bi + 32 <= n; bi += 32) {                                                  \
                        int hit = 0;                                                                  \
                        for (int j = 0; j < 32; j++) hit |= l[bi + j] != l[bi + j];                   \
                        if (hit) break;                                                               \
                    }                                                                                 \
                } else {                                                                              \
                    for (; bi + 32 <= n; bi += 32) {                                                  \
                        int hit = 0;                                                                  \
                        for (int j = 0; j < 32; j++) hit |= l[bi + j] == best;                        \
                        if (hit) break;                                                               \
                    }                                                                                 \
                }                                                                                     \
                if (nan) { while (l[bi] == l[bi]) bi++; }                                             \
                else { while (l[bi] != best) bi++; }                                                  \
                val[o] = l[bi];                                                                       \
                idx[o] = bi;                                                                          \
                continue;                                                                             \
            }                                                                                         \
            T *bv = val + o * inner;                                                                  \
            int64_t *bi = idx + o * inner;                                                            \
            const T *row0 = x + o * n * inner;                                                        \
            for (int64_t j = 0; j < inner; j++) { bv[j] = row0[j]; bi[j] = 0; }                      \
            for (int64_t k = 1; k < n; k++) {                                                         \
                const T *row = row0 + k * inner;                                                      \
                for (int64_t j = 0; j < inner; j++) { /* branch-free, so it vectorises */            \
                    T v = row[j], b = bv[j];                                                          \
                    int take = (b == b) & (BETTER_##name(v, b) | (v != v));                           \
                    bv[j] = take ? v : b;                                                             \
                    bi[j] = take ? k : bi[j];                                                         \
                }                                                                                     \
            }                                                                                         \
        }                                                                                             \
    }
FAM_F(DEF_EXTREME, max) FAM_I(DEF_EXTREME, max) FAM_B(DEF_EXTREME, max)
FAM_F(DEF_EXTREME, min) FAM_I(DEF_EXTREME, min) FAM_B(DEF_EXTREME, min)
#define EXT_CASE(sfx, T, name) case DT_##sfx: name##_run_##sfx(&p, (T *)tc_tensor_data(vals), (int64_t *)tc_tensor_data(idx)); break;

static int extreme(const char *fn, int is_min, tc_tensor *values, tc_tensor *indices, const tc_tensor *a, int dim,
                   int keepdim, int64_t index_base) {
    if (check_input(a, "a", TC_OPF_FIB, fn)) return -1;
    if (!values && !indices) return tc_fail("%s: arguments 'values' and 'indices' are both NULL", fn);
    if (values && values->dtype != a->dtype)
        return tc_fail("%s: argument 'values' has dtype %s but 'a' has %s", fn, tc_dtype_name(values->dtype),
                       tc_dtype_name(a->dtype));
    if (indices && indices->dtype != TC_INT64)
        return tc_fail("%s: argument 'indices' has dtype %s; expected int64", fn, tc_dtype_name(indices->dtype));
    rplan p;
    if (plan_init(&p, a, dim, keepdim, fn)) return -1;
    if (p.n == 0 && p.outer * p.inner > 0) {
        plan_free(&p);
        return tc_fail("%s: cannot reduce an empty dimension (no identity for max/min)", fn);
    }
    int r = -1;
    tc_tensor *vals = result_buffer(&p, a->dtype), *idx = result_buffer(&p, TC_INT64);
    if (vals && idx) {
        if (p.outer * p.inner > 0) {
            if (is_min) { switch (p.dtype) { FAM_F(EXT_CASE, min) FAM_I(EXT_CASE, min) FAM_B(EXT_CASE, min) } }
            else { switch (p.dtype) { FAM_F(EXT_CASE, max) FAM_I(EXT_CASE, max) FAM_B(EXT_CASE, max) } }
            int64_t *ix = tc_tensor_data(idx);
            for (int64_t i = 0; i < p.outer * p.inner; i++) ix[i] += index_base;
        }
        r = 0;
        if (values) r = store_result(values, &p, vals);
        if (!r && indices) r = store_result(indices, &p, idx);
    }
    tc_tensor_release(vals);
    tc_tensor_release(idx);
    plan_free(&p);
    return r;
}

int tc_max(tc_tensor *values, tc_tensor *indices, const tc_tensor *a, int32_t dim, int32_t keepdim, int64_t index_base) {
    return extreme("tc_max", 0, values, indices, a, dim, keepdim, index_base);
}
int tc_min(tc_tensor *values, tc_tensor *indices, const tc_tensor *a, int32_t dim, int32_t keepdim, int64_t index_base) {
    return extreme("tc_min", 1, values, indices, a, dim, keepdim, index_base);
}
int tc_argmax(tc_tensor *indices, const tc_tensor *a, int32_t dim, int32_t keepdim, int64_t index_base) {
    if (!indices) return tc_fail("tc_argmax: argument 'indices' is NULL");
    return extreme("tc_argmax", 0, NULL, indices, a, dim, keepdim, index_base);
}
int tc_argmin(tc_tensor *indices, const tc_tensor *a, int32_t dim, int32_t keepdim, int64_t index_base) {
    if (!indices) return tc_fail("tc_argmin: argument 'indices' is NULL");
    return extreme("tc_argmin", 1, NULL, indices, a, dim, keepdim, index_base);
}

/* ---- cumsum / cumprod: running accumulation in int64 or double, written through a buffer ----------- */
#define DEF_CUM(sfx, T, ACC, name, INIT)                                                              \
    static void cum##name##_run_##sfx(const rplan *p, ACC *res) {                                    \
        const T *x = (const T *)p->data;                                                              \
        int64_t n = p->n, inner = p->inner;                                                           \
        for (int64_t o = 0; o < p->outer; o++) {                                                      \
            const T *l = x + o * n * inner;                                                           \
            ACC *r = res + o * n * inner;                                                             \
            if (inner == 1) {                                                                         \
                ACC s = INIT;                                                                         \
                for (int64_t i = 0; i < n; i++) { s = OP_##name(s, (ACC)l[i]); r[i] = s; }          \
                continue;                                                                             \
            }                                                                                         \
            for (int64_t j = 0; j < inner; j++) r[j] = (ACC)l[j];                                     \
            for (int64_t k = 1; k < n; k++)                                                           \
                for (int64_t j = 0; j < inner; j++)                                                   \
                    r[k * inner + j] = OP_##name(r[(k - 1) * inner + j], (ACC)l[k * inner + j]);      \
        }                                                                                             \
    }
#define DEF_CUM_F(sfx, T, name, init) DEF_CUM(sfx, T, double, name, init)
#define DEF_CUM_I(sfx, T, name, init) DEF_CUM(sfx, T, int64_t, name, init)
FAM_F(DEF_CUM_F, sum, 0.0) FAM_I(DEF_CUM_I, sum, 0) FAM_B(DEF_CUM_I, sum, 0)
FAM_F(DEF_CUM_F, prod, 1.0) FAM_I(DEF_CUM_I, prod, 1) FAM_B(DEF_CUM_I, prod, 1)
#define CUM_CASE_F(sfx, T, name) case DT_##sfx: cum##name##_run_##sfx(&p, (double *)tc_tensor_data(res)); break;
#define CUM_CASE_I(sfx, T, name) case DT_##sfx: cum##name##_run_##sfx(&p, (int64_t *)tc_tensor_data(res)); break;

static int cumulative(const char *fn, tc_tensor *out, const tc_tensor *a, int dim, int is_prod) {
    if (check_input(a, "a", TC_OPF_FIB, fn) || check_out_dtype(out, TC_OPF_FIB, fn)) return -1;
    rplan p;
    if (plan_init(&p, a, dim, 1, fn)) return -1;
    int r = -1;
    int64_t numel = tc_tensor_numel(a);
    tc_tensor *res = tc_tensor_empty(tc_dtype_is_floating(a->dtype) ? TC_FLOAT64 : TC_INT64, 1, &numel);
    if (res) {
        if (numel) {
            if (is_prod) { switch (p.dtype) { FAM_F(CUM_CASE_F, prod) FAM_I(CUM_CASE_I, prod) FAM_B(CUM_CASE_I, prod) } }
            else { switch (p.dtype) { FAM_F(CUM_CASE_F, sum) FAM_I(CUM_CASE_I, sum) FAM_B(CUM_CASE_I, sum) } }
        }
        r = tc_tensor_resize(out, a->ndim, a->sizes);
        if (!r && numel) r = tc_copy(out, res);
    }
    tc_tensor_release(res);
    plan_free(&p);
    return r;
}

int tc_cumsum(tc_tensor *out, const tc_tensor *a, int32_t dim) { return cumulative("tc_cumsum", out, a, dim, 0); }
int tc_cumprod(tc_tensor *out, const tc_tensor *a, int32_t dim) { return cumulative("tc_cumprod", out, a, dim, 1); }

/* ---- dist, histc, renorm ------------------------------------------------------------------------------ */
int tc_dist(tc_tensor *out, const tc_tensor *a, const tc_tensor *b, double p) {
    const char *fn = "tc_dist";
    if (check_input(a, "a", TC_OPF_F, fn) || check_input(b, "b", TC_OPF_F, fn) ||
        check_same_dtype(b, "b", a, "a", fn) || check_numel(b, "b", a, "a", fn) || check_out_dtype(out, TC_OPF_F, fn))
        return -1;
    tc_tensor *d = tc_tensor_new(a->dtype);
    if (!d) return -1;
    int r = tc_sub(d, a, b, 1.0);
    if (!r) r = tc_norm(out, d, p, TC_DIM_ALL, 0);
    tc_tensor_release(d);
    return r;
}

int tc_histc(tc_tensor *out, const tc_tensor *a, int64_t nbins, double lo, double hi) {
    const char *fn = "tc_histc";
    if (check_input(a, "a", TC_OPF_F, fn)) return -1;
    if (!out) return tc_fail("%s: argument 'out' is NULL", fn);
    if (check_same_dtype(out, "out", a, "a", fn)) return -1;
    if (nbins <= 0) return tc_fail("%s: nbins must be positive (got %lld)", fn, (long long)nbins);
    if (lo != lo || hi != hi || isinf(lo) || isinf(hi)) return tc_fail("%s: range [%g, %g] is not finite", fn, lo, hi);
    if (lo > hi) return tc_fail("%s: min %g is larger than max %g", fn, lo, hi);
    rplan p;
    if (plan_init(&p, a, TC_DIM_ALL, 0, fn)) return -1;
    double buf[COL_CHUNK];
    if (lo == hi && p.n > 0) {
        double mn = INFINITY, mx = -INFINITY;
        for (int64_t k0 = 0; k0 < p.n; k0 += COL_CHUNK) {
            int64_t m = TC_MIN(COL_CHUNK, p.n - k0);
            load_f64(buf, p.data + k0 * p.es, p.dtype, m);
            for (int64_t i = 0; i < m; i++) {
                if (buf[i] < mn) mn = buf[i];
                if (buf[i] > mx) mx = buf[i];
            }
        }
        lo = mn;
        hi = mx;
        if (isinf(lo) || isinf(hi)) { plan_free(&p); return tc_fail("%s: data range [%g, %g] is not finite", fn, lo, hi); }
    }
    if (lo == hi) { lo -= 1; hi += 1; }
    tc_tensor *res = tc_tensor_zeros(TC_FLOAT64, 1, &nbins);
    int r = -1;
    if (res) {
        double *h = tc_tensor_data(res);
        for (int64_t k0 = 0; k0 < p.n; k0 += COL_CHUNK) {
            int64_t m = TC_MIN(COL_CHUNK, p.n - k0);
            load_f64(buf, p.data + k0 * p.es, p.dtype, m);
            for (int64_t i = 0; i < m; i++) {
                double x = buf[i];
                if (x >= lo && x <= hi) {
                    int64_t bin = (int64_t)((x - lo) / (hi - lo) * (double)nbins);
                    h[bin < nbins ? bin : nbins - 1] += 1;
                }
            }
        }
        r = tc_tensor_resize(out, 1, &nbins);
        if (!r) r = tc_copy(out, res);
    }
    tc_tensor_release(res);
    plan_free(&p);
    return r;
}

int tc_renorm(tc_tensor *out, const tc_tensor *a, double pnorm, int32_t dim, double maxnorm) {
    const char *fn = "tc_renorm";
    if (check_input(a, "a", TC_OPF_F, fn)) return -1;
    if (!out) return tc_fail("%s: argument 'out' is NULL", fn);
    if (check_same_dtype(out, "out", a, "a", fn)) return -1;
    if (!(pnorm > 0)) return tc_fail("%s: p must be positive (got %g)", fn, pnorm);
    if (!(maxnorm >= 0)) return tc_fail("%s: maxnorm must be non-negative (got %g)", fn, maxnorm);
    if (a->ndim < 1) return tc_fail("%s: argument 'a' must have at least one dimension", fn);
    int d = tc_normalize_dim(dim, a->ndim, fn);
    if (d < 0) return -1;
    /* slices along d become rows of a contiguous copy with d moved to the front */
    tc_tensor *t = tc_view_transpose(a, 0, d);
    if (!t) return -1;
    tc_tensor *rows = tc_tensor_clone(t);
    tc_tensor_release(t);
    if (!rows) return -1;
    int64_t nrows = a->sizes[d], len = nrows ? tc_tensor_numel(a) / nrows : 0;
    rplan p;
    int r = plan_init(&p, rows, TC_DIM_ALL, 0, fn);
    if (!r) {
        /* reuse the norm machinery: one line per row */
        p.outer = nrows;
        p.n = len;
        p.inner = 1;
        double *nrm = malloc(sizeof(double) * (size_t)(nrows ? nrows : 1));
        if (!nrm) r = tc_fail("%s: out of memory", fn);
        else {
            if (pnorm == INFINITY) engine(&p, nrm, 0.0, &absmax_op, NULL);
            else engine(&p, nrm, 0.0, &powsum_op, &pnorm);
            for (int64_t i = 0; i < nrows; i++) {
                double norm = pnorm == INFINITY ? nrm[i] : pow(nrm[i], 1.0 / pnorm);
                double f = norm > maxnorm ? maxnorm / (norm + 1e-7) : 1.0;
                char *row = (char *)p.data + i * len * p.es;
                if (f != 1.0) {
                    if (p.dtype == TC_FLOAT32) for (int64_t k = 0; k < len; k++) ((float *)row)[k] *= (float)f;
                    else for (int64_t k = 0; k < len; k++) ((double *)row)[k] *= f;
                }
            }
            free(nrm);
            r = tc_tensor_resize(out, a->ndim, a->sizes);
            if (!r) {
                tc_tensor *ov = tc_view_transpose(out, 0, d);
                r = ov ? tc_copy(ov, rows) : -1;
                tc_tensor_release(ov);
            }
        }
        plan_free(&p);
    }
    tc_tensor_release(rows);
    return r;
}
