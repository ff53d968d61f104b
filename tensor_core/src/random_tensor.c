/* random_tensor.c -- tensor fills, randperm, multinomial and the dropout mask, consuming the
 * stream exactly as Torch7's THTensorRandom does: one draw per element, row-major order. */
#include "random_internal.h"

typedef struct fill_ctx {
    tc_rng_state *s;
    double a, b;          /* the distribution's parameters */
    uint64_t range;       /* random_range: b+1-a (0 = all 2^64) */
    int64_t low;          /* random_range: a */
    int p_dtype;          /* bernoulli_tensor: dtype of the probabilities */
} fill_ctx;

/* The iterator must walk elements in row-major order, serially: the stream order is the result. */
static int run_fill(tc_tensor *t, tc_generator *gen, tc_inner_fn inner, fill_ctx *c, const char *fn) {
    tc_iter it;
    tc_tensor *ops[1] = {t};
    if (tc_iter_init(&it, 1, ops, fn) != 0) return -1;
    tc_generator *g = tc_rng_lock(gen);
    c->s = &g->st;
    tc_iter_run(&it, inner, c, 0);
    tc_rng_unlock(g);
    tc_iter_free(&it);
    return 0;
}

/* One inner loop per (distribution, dtype): DRAW is an expression over `s` and `c`. */
#define DEF_INNER(name, sfx, ctype, DRAW)                                               \
    static void name##_##sfx(char **p, const int64_t *st, int64_t n, void *vctx) {      \
        fill_ctx *c = vctx;                                                             \
        tc_rng_state *s = c->s;                                                         \
        (void)c; (void)s;                                                               \
        char *d = p[0];                                                                 \
        int64_t step = st[0];                                                           \
        if (step == (int64_t)sizeof(ctype)) {                                           \
            ctype *o = (ctype *)d;                                                      \
            for (int64_t i = 0; i < n; i++) o[i] = (ctype)(DRAW);                       \
        } else {                                                                        \
            for (int64_t i = 0; i < n; i++, d += step) *(ctype *)d = (ctype)(DRAW);     \
        }                                                                               \
    }

#define DEF_FLOAT_INNERS(name, DRAW) \
    DEF_INNER(name, f32, float, DRAW) \
    DEF_INNER(name, f64, double, DRAW)

/* integer results go through int64 so narrowing wraps modulo 2^bits, as Torch7's casts did */
#define DEF_ALL_INNERS(name, DRAW)                        \
    DEF_INNER(name, u8, uint8_t, (int64_t)(DRAW))         \
    DEF_INNER(name, i8, int8_t, (int64_t)(DRAW))          \
    DEF_INNER(name, i16, int16_t, (int64_t)(DRAW))        \
    DEF_INNER(name, i32, int32_t, (int64_t)(DRAW))        \
    DEF_INNER(name, i64, int64_t, (int64_t)(DRAW))        \
    DEF_INNER(name, f32, float, (int64_t)(DRAW))          \
    DEF_INNER(name, f64, double, (int64_t)(DRAW))         \
    DEF_INNER(name, bool, uint8_t, ((int64_t)(DRAW) != 0))

DEF_FLOAT_INNERS(uniform, rng_uniform(s, c->a, c->b))
DEF_FLOAT_INNERS(normal, rng_normal(s, c->a, c->b))
DEF_FLOAT_INNERS(exponential, rng_exponential(s, c->a))
DEF_FLOAT_INNERS(cauchy, rng_cauchy(s, c->a, c->b))
DEF_FLOAT_INNERS(log_normal, rng_log_normal(s, c->a, c->b))

DEF_ALL_INNERS(geometric, rng_geometric(s, c->a))
DEF_ALL_INNERS(bernoulli, rng_bernoulli(s, c->a))
DEF_ALL_INNERS(random_upto, (uint64_t)rng_u32(s) % c->range + 1u)
DEF_ALL_INNERS(random_range, (c->range ? (uint64_t)rng_u32(s) % c->range : (uint64_t)rng_u32(s)) + (uint64_t)c->low)

/* random() without bounds: Torch7 reduces modulo a per-type maximum + 1 */
DEF_INNER(random, u8, uint8_t, rng_u32(s) % 256u)
DEF_INNER(random, i8, int8_t, rng_u32(s) % 128u)
DEF_INNER(random, i16, int16_t, rng_u32(s) % 32768u)
DEF_INNER(random, i32, int32_t, rng_u32(s) % 2147483648u)
DEF_INNER(random, i64, int64_t, rng_u32(s))
DEF_INNER(random, f32, float, (uint64_t)rng_u32(s) % 16777217u)
DEF_INNER(random, f64, double, rng_u32(s))
DEF_INNER(random, bool, uint8_t, rng_u32(s) % 2u)

#define ALL_INNERS(name) {name##_u8, name##_i8, name##_i16, name##_i32, name##_i64, NULL, name##_f32, name##_f64, name##_bool}
#define FLOAT_INNERS(name) {NULL, NULL, NULL, NULL, NULL, NULL, name##_f32, name##_f64, NULL}

static const tc_inner_fn uniform_fns[TC_NUM_DTYPES] = FLOAT_INNERS(uniform);
static const tc_inner_fn normal_fns[TC_NUM_DTYPES] = FLOAT_INNERS(normal);
static const tc_inner_fn exponential_fns[TC_NUM_DTYPES] = FLOAT_INNERS(exponential);
static const tc_inner_fn cauchy_fns[TC_NUM_DTYPES] = FLOAT_INNERS(cauchy);
static const tc_inner_fn log_normal_fns[TC_NUM_DTYPES] = FLOAT_INNERS(log_normal);
static const tc_inner_fn geometric_fns[TC_NUM_DTYPES] = ALL_INNERS(geometric);
static const tc_inner_fn bernoulli_fns[TC_NUM_DTYPES] = ALL_INNERS(bernoulli);
static const tc_inner_fn random_upto_fns[TC_NUM_DTYPES] = ALL_INNERS(random_upto);
static const tc_inner_fn random_range_fns[TC_NUM_DTYPES] = ALL_INNERS(random_range);
static const tc_inner_fn random_fns[TC_NUM_DTYPES] = ALL_INNERS(random);

static tc_inner_fn pick(const tc_inner_fn *table, const tc_tensor *t, const char *fn, const char *allowed) {
    if (!t) { tc_fail("%s: tensor is NULL", fn); return NULL; }
    if (t->dtype < 0 || t->dtype >= TC_NUM_DTYPES || !table[t->dtype]) {
        tc_fail("%s: unsupported dtype %s (expected %s)", fn, tc_dtype_name(t->dtype), allowed);
        return NULL;
    }
    return table[t->dtype];
}

static const char FLOATS[] = "float32 or float64";
static const char NUMERIC[] = "any dtype but float16";

/* Torch7's cwrap hands real-valued parameters over as `real`: float tensors see them rounded. */
static double param(const tc_tensor *t, double v) {
    return t->dtype == TC_FLOAT32 ? (double)(float)v : v;
}

int tc_fill_uniform(tc_tensor *t, tc_generator *gen, double a, double b) {
    tc_inner_fn f = pick(uniform_fns, t, "uniform", FLOATS);
    if (!f) return -1;
    fill_ctx c = {.a = param(t, a), .b = param(t, b)};
    return run_fill(t, gen, f, &c, "uniform");
}

int tc_fill_normal(tc_tensor *t, tc_generator *gen, double mean, double std) {
    tc_inner_fn f = pick(normal_fns, t, "normal", FLOATS);
    if (!f) return -1;
    if (!(std >= 0)) return tc_fail("normal: standard deviation must be non-negative (got %g)", std);
    fill_ctx c = {.a = param(t, mean), .b = param(t, std)};
    return run_fill(t, gen, f, &c, "normal");
}

int tc_fill_exponential(tc_tensor *t, tc_generator *gen, double lambda) {
    tc_inner_fn f = pick(exponential_fns, t, "exponential", FLOATS);
    if (!f) return -1;
    if (!(lambda > 0)) return tc_fail("exponential: lambda must be positive (got %g)", lambda);
    fill_ctx c = {.a = param(t, lambda)};
    return run_fill(t, gen, f, &c, "exponential");
}

int tc_fill_cauchy(tc_tensor *t, tc_generator *gen, double median, double sigma) {
    tc_inner_fn f = pick(cauchy_fns, t, "cauchy", FLOATS);
    if (!f) return -1;
    fill_ctx c = {.a = param(t, median), .b = param(t, sigma)};
    return run_fill(t, gen, f, &c, "cauchy");
}

int tc_fill_log_normal(tc_tensor *t, tc_generator *gen, double mean, double std) {
    tc_inner_fn f = pick(log_normal_fns, t, "logNormal", FLOATS);
    if (!f) return -1;
    if (!(std >= 0)) return tc_fail("logNormal: standard deviation must be non-negative (got %g)", std);
    fill_ctx c = {.a = param(t, mean), .b = param(t, std)};
    return run_fill(t, gen, f, &c, "logNormal");
}

int tc_fill_geometric(tc_tensor *t, tc_generator *gen, double p) {
    tc_inner_fn f = pick(geometric_fns, t, "geometric", NUMERIC);
    if (!f) return -1;
    if (!(p > 0 && p < 1)) return tc_fail("geometric: p must be > 0 and < 1 (got %g)", p);
    fill_ctx c = {.a = p};
    return run_fill(t, gen, f, &c, "geometric");
}

int tc_fill_bernoulli(tc_tensor *t, tc_generator *gen, double p) {
    tc_inner_fn f = pick(bernoulli_fns, t, "bernoulli", NUMERIC);
    if (!f) return -1;
    if (!(p >= 0 && p <= 1)) return tc_fail("bernoulli: p must be >= 0 and <= 1 (got %g)", p);
    fill_ctx c = {.a = p};
    return run_fill(t, gen, f, &c, "bernoulli");
}

int tc_fill_random(tc_tensor *t, tc_generator *gen) {
    tc_inner_fn f = pick(random_fns, t, "random", NUMERIC);
    if (!f) return -1;
    fill_ctx c = {0};
    return run_fill(t, gen, f, &c, "random");
}

int tc_fill_random_upto(tc_tensor *t, tc_generator *gen, int64_t b) {
    tc_inner_fn f = pick(random_upto_fns, t, "random", NUMERIC);
    if (!f) return -1;
    if (b <= 0) return tc_fail("random: upper bound must be strictly positive (got %lld)", (long long)b);
    fill_ctx c = {.range = (uint64_t)b};
    return run_fill(t, gen, f, &c, "random");
}

int tc_fill_random_range(tc_tensor *t, tc_generator *gen, int64_t a, int64_t b) {
    tc_inner_fn f = pick(random_range_fns, t, "random", NUMERIC);
    if (!f) return -1;
    if (b < a)
        return tc_fail("random: upper bound must be larger than lower bound (got [%lld, %lld])", (long long)a,
                       (long long)b);
    fill_ctx c = {.range = (uint64_t)b + 1u - (uint64_t)a, .low = a};
    return run_fill(t, gen, f, &c, "random");
}

/* ---- bernoulli with a tensor of probabilities ------------------------------------------------ */

#define DEF_BERN_TENSOR(sfx, ctype)                                                           \
    static void bern_tensor_##sfx(char **p, const int64_t *st, int64_t n, void *vctx) {        \
        fill_ctx *c = vctx;                                                                   \
        char *d = p[0];                                                                       \
        const char *q = p[1];                                                                 \
        if (c->p_dtype == TC_FLOAT32)                                                         \
            for (int64_t i = 0; i < n; i++, d += st[0], q += st[1])                           \
                *(ctype *)d = (ctype)rng_bernoulli(c->s, (double)*(const float *)q);          \
        else                                                                                  \
            for (int64_t i = 0; i < n; i++, d += st[0], q += st[1])                           \
                *(ctype *)d = (ctype)rng_bernoulli(c->s, *(const double *)q);                 \
    }
DEF_BERN_TENSOR(u8, uint8_t) DEF_BERN_TENSOR(i8, int8_t) DEF_BERN_TENSOR(i16, int16_t)
DEF_BERN_TENSOR(i32, int32_t) DEF_BERN_TENSOR(i64, int64_t) DEF_BERN_TENSOR(f32, float)
DEF_BERN_TENSOR(f64, double) DEF_BERN_TENSOR(bool, uint8_t)
static const tc_inner_fn bern_tensor_fns[TC_NUM_DTYPES] = ALL_INNERS(bern_tensor);

/* checks every probability before drawing anything, so a bad one leaves the stream untouched */
#define DEF_P_CHECK(sfx, ctype)                                                               \
    static void p_check_##sfx(char **p, const int64_t *st, int64_t n, void *vctx) {            \
        int *bad = vctx;                                                                      \
        const char *q = p[0];                                                                 \
        for (int64_t i = 0; i < n; i++, q += st[0]) {                                         \
            double v = *(const ctype *)q;                                                     \
            if (!(v >= 0 && v <= 1)) *bad = 1;                                                \
        }                                                                                     \
    }
DEF_P_CHECK(f32, float) DEF_P_CHECK(f64, double)

int tc_fill_bernoulli_tensor(tc_tensor *t, tc_generator *gen, const tc_tensor *p) {
    tc_inner_fn f = pick(bern_tensor_fns, t, "bernoulli", NUMERIC);
    if (!f) return -1;
    if (!p) return tc_fail("bernoulli: probability tensor is NULL");
    if (p->dtype != TC_FLOAT32 && p->dtype != TC_FLOAT64)
        return tc_fail("bernoulli: probability tensor must be float32 or float64 (got %s)", tc_dtype_name(p->dtype));
    if (tc_tensor_numel(p) != tc_tensor_numel(t))
        return tc_fail("bernoulli: probability tensor has %lld elements, the result %lld",
                       (long long)tc_tensor_numel(p), (long long)tc_tensor_numel(t));
    tc_iter chk;
    tc_tensor *pops[1] = {(tc_tensor *)p};
    if (tc_iter_init(&chk, 1, pops, "bernoulli") != 0) return -1;
    int bad = 0;
    tc_iter_run(&chk, p->dtype == TC_FLOAT32 ? p_check_f32 : p_check_f64, &bad, 0);
    tc_iter_free(&chk);
    if (bad) return tc_fail("bernoulli: every probability must be >= 0 and <= 1");

    tc_iter it;
    tc_tensor *ops[2] = {t, (tc_tensor *)p};
    if (tc_iter_init(&it, 2, ops, "bernoulli") != 0) return -1;
    fill_ctx c = {.p_dtype = p->dtype};
    tc_generator *g = tc_rng_lock(gen);
    c.s = &g->st;
    tc_iter_run(&it, f, &c, 0);
    tc_rng_unlock(g);
    tc_iter_free(&it);
    return 0;
}

/* ---- randperm --------------------------------------------------------------------------------- */

int tc_randperm(tc_tensor *out, tc_generator *gen, int64_t n, int64_t index_base) {
    if (!out) return tc_fail("randperm: output tensor is NULL");
    if (out->dtype == TC_FLOAT16 || out->dtype == TC_BOOL || out->dtype < 0 || out->dtype >= TC_NUM_DTYPES)
        return tc_fail("randperm: unsupported output dtype %s", tc_dtype_name(out->dtype));
    if (n < 0) return tc_fail("randperm: n must be non-negative (got %lld)", (long long)n);
    if ((uint64_t)n > SIZE_MAX / sizeof(int64_t)) return tc_fail("randperm: n too large (%lld)", (long long)n);
    if (tc_tensor_resize(out, 1, &n) != 0) return -1;
    if (n == 0) return 0;
    int64_t *perm = malloc((size_t)n * sizeof *perm);
    if (!perm) return tc_fail("randperm: out of memory for %lld elements", (long long)n);
    for (int64_t i = 0; i < n; i++) perm[i] = i;
    tc_generator *g = tc_rng_lock(gen);
    /* Torch7: for i = 0..n-2 swap(i, i + u32 % (n-i)) */
    for (int64_t i = 0; i < n - 1; i++) {
        int64_t z = (int64_t)((uint64_t)rng_u32(&g->st) % (uint64_t)(n - i));
        int64_t sav = perm[i];
        perm[i] = perm[z + i];
        perm[z + i] = sav;
    }
    tc_rng_unlock(g);
    char *base = tc_tensor_data(out);
    int64_t es = tc_dtype_size(out->dtype), stride = out->strides[0] * es;
    for (int64_t i = 0; i < n; i++) tc_write_from_int64(base + i * stride, out->dtype, perm[i] + index_base);
    free(perm);
    return 0;
}

/* ---- multinomial ------------------------------------------------------------------------------- */

static double prob_at(const tc_tensor *prob, const char *base, int64_t row, int64_t col) {
    int64_t off = row * prob->strides[0] + col * prob->strides[1];
    return prob->dtype == TC_FLOAT32 ? (double)((const float *)base)[off] : ((const double *)base)[off];
}

int tc_multinomial(tc_tensor *out, tc_generator *gen, const tc_tensor *prob, int64_t n_sample,
                   int with_replacement, int64_t index_base) {
    if (!out) return tc_fail("multinomial: output tensor is NULL");
    if (!prob) return tc_fail("multinomial: probability tensor is NULL");
    if (out->dtype != TC_INT64) return tc_fail("multinomial: output must be int64 (got %s)", tc_dtype_name(out->dtype));
    if (prob->dtype != TC_FLOAT32 && prob->dtype != TC_FLOAT64)
        return tc_fail("multinomial: probabilities must be float32 or float64 (got %s)", tc_dtype_name(prob->dtype));
    if (prob->ndim != 1 && prob->ndim != 2)
        return tc_fail("multinomial: probabilities must be 1-D or 2-D (got %d dims)", prob->ndim);
    if (out == prob) return tc_fail("multinomial: output and probabilities must be different tensors");
    int64_t n_dist = prob->ndim == 1 ? 1 : prob->sizes[0];
    int64_t n_cat = prob->sizes[prob->ndim - 1];
    int64_t pstrides[2] = {prob->ndim == 1 ? 0 : prob->strides[0], prob->strides[prob->ndim - 1]};
    tc_tensor view = *prob;          /* a 2-D description for prob_at; never retained or released */
    view.ndim = 2;
    view.strides[0] = pstrides[0];
    view.strides[1] = pstrides[1];
    if (n_sample <= 0) return tc_fail("multinomial: cannot sample n_sample <= 0 samples (got %lld)", (long long)n_sample);
    if (n_cat <= 0) return tc_fail("multinomial: the distribution has no categories");
    if (!with_replacement && n_sample > n_cat)
        return tc_fail("multinomial: cannot sample n_sample > prob_dist:size(%d) samples without replacement "
                       "(%lld > %lld)", prob->ndim, (long long)n_sample, (long long)n_cat);
    const char *pbase = n_dist > 0 ? tc_tensor_data(prob) : NULL;
    /* validate every row first, so an error leaves the output and the stream untouched */
    for (int64_t i = 0; i < n_dist; i++) {
        double sum = 0;
        int64_t positive = 0;
        for (int64_t j = 0; j < n_cat; j++) {
            double v = prob_at(&view, pbase, i, j);
            if (!(v >= 0) || isinf(v))
                return tc_fail("multinomial: invalid probability %g at row %lld, category %lld", v,
                               (long long)(i + index_base), (long long)(j + index_base));
            sum += v;
            positive += v > 0;
        }
        if (!(sum > 0))
            return tc_fail("multinomial: invalid multinomial distribution (sum of probabilities <= 0) in row %lld",
                           (long long)(i + index_base));
        if (!with_replacement && n_sample > positive)
            return tc_fail("multinomial: cannot sample %lld categories without replacement from row %lld with only "
                           "%lld non-zero probabilities", (long long)n_sample, (long long)(i + index_base),
                           (long long)positive);
    }
    int64_t sizes[2] = {n_dist, n_sample};
    if (prob->ndim == 1) {
        if (tc_tensor_resize(out, 1, &n_sample) != 0) return -1;
    } else if (tc_tensor_resize(out, 2, sizes) != 0) {
        return -1;
    }
    if (n_dist == 0) return 0;
    double *cum = malloc((size_t)n_cat * sizeof *cum);
    if (!cum) return tc_fail("multinomial: out of memory for %lld categories", (long long)n_cat);
    int64_t *obase = tc_tensor_data(out);
    int64_t os0 = prob->ndim == 1 ? 0 : out->strides[0], os1 = out->strides[out->ndim - 1];

    tc_generator *g = tc_rng_lock(gen);
    for (int64_t i = 0; i < n_dist; i++) {
        double sum = 0;
        for (int64_t j = 0; j < n_cat; j++) {
            sum += prob_at(&view, pbase, i, j);
            cum[j] = sum;
        }
        for (int64_t j = 0; j < n_cat; j++) cum[j] /= sum;   /* the last bucket need not sum to 1 */
        for (int64_t j = 0; j < n_sample; j++) {
            double u = rng_uniform(&g->st, 0, 1);
            cum[n_cat - 1] = 1;
            /* first slot with cum >= u */
            int64_t left = 0, right = n_cat;
            while (right - left > 0) {
                int64_t mid = left + (right - left) / 2;
                if (cum[mid] < u) left = mid + 1;
                else right = mid;
            }
            int64_t k = left;
            obase[i * os0 + j * os1] = k + index_base;
            if (!with_replacement) {
                /* remove k's mass from the later cumulative values and renormalise */
                double below = k > 0 ? cum[k - 1] : 0;
                double diff = cum[k] - below;
                double rest = 1.0 - diff;
                for (int64_t q = 0; q < n_cat; q++) {
                    double v = cum[q];
                    if (q >= k) v -= diff;
                    cum[q] = v / rest;
                }
            }
        }
    }
    tc_rng_unlock(g);
    free(cum);
    return 0;
}

/* ---- dropout ------------------------------------------------------------------------------------- */

#define DEF_DROPOUT(sfx, ctype)                                                                \
    static void dropout_##sfx(char **p, const int64_t *st, int64_t n, void *vctx) {             \
        fill_ctx *c = vctx;                                                                    \
        ctype scale = (ctype)1 / (ctype)c->a;   /* nn.Dropout: noise:div(1-p) in the tensor type */ \
        int zero = c->b != 0;                                                                  \
        char *d = p[0];                                                                        \
        for (int64_t i = 0; i < n; i++, d += st[0]) {                                          \
            int keep = rng_bernoulli(c->s, c->a);                                              \
            *(ctype *)d = (keep && !zero) ? scale : (ctype)0;                                  \
        }                                                                                      \
    }
DEF_DROPOUT(f32, float) DEF_DROPOUT(f64, double)
static const tc_inner_fn dropout_fns[TC_NUM_DTYPES] = FLOAT_INNERS(dropout);

int tc_dropout_mask(tc_tensor *mask, tc_generator *gen, double p) {
    tc_inner_fn f = pick(dropout_fns, mask, "dropout", FLOATS);
    if (!f) return -1;
    if (!(p >= 0 && p <= 1)) return tc_fail("dropout: p must be >= 0 and <= 1 (got %g)", p);
    fill_ctx c = {.a = 1 - p, .b = p == 1};
    return run_fill(mask, gen, f, &c, "dropout");
}
