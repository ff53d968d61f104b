/* math_unary.c -- one-operand elementwise math.  Each op is an expression per dtype family; the
 * generator makes a contiguous (vectorisable) and a strided loop per dtype. */
#include "math_common.h"

static double erfinv_d(double y);
static double digamma_d(double x);

/* ---- the expressions: F_op(x) for float32/float64, I_op(T, x) for integer (and bool) dtypes ------ */
/* float32 and float64 exp, log, tanh and sigmoid: the vectorisable versions of math_fast.h */
#define FAST(name, x) _Generic((x), float: tc_##name##f_fast, double: tc_##name##_fast)(x)
#define F_exp(x) FAST(exp, x)
#define F_exp2(x) GM(exp2, x)
#define F_expm1(x) GM(expm1, x)
#define F_log(x) FAST(log, x)
#define F_log2(x) GM(log2, x)
#define F_log10(x) GM(log10, x)
#define F_log1p(x) GM(log1p, x)
#define F_sqrt(x) GM(sqrt, x)
#define F_rsqrt(x) (1 / GM(sqrt, x))
#define F_sin(x) GM(sin, x)
#define F_cos(x) GM(cos, x)
#define F_tan(x) GM(tan, x)
#define F_asin(x) GM(asin, x)
#define F_acos(x) GM(acos, x)
#define F_atan(x) GM(atan, x)
#define F_sinh(x) GM(sinh, x)
#define F_cosh(x) GM(cosh, x)
#define F_tanh(x) FAST(tanh, x)
#define F_sigmoid(x) FAST(sigmoid, x)
#define F_reciprocal(x) (1 / (x))
#define F_round(x) GM(round, x)               /* halves away from zero (Torch7) */
#define F_round_half_even(x) GM(nearbyint, x) /* default rounding mode: halves to even (PyTorch) */
#define F_ceil(x) GM(ceil, x)
#define F_floor(x) GM(floor, x)
#define F_trunc(x) GM(trunc, x)
#define F_frac(x) ((x) - GM(trunc, x))
#define F_erf(x) GM(erf, x)
#define F_erfc(x) GM(erfc, x)
#define F_erfinv(x) (__typeof__(x))erfinv_d((double)(x))
#define F_lgamma(x) GM(lgamma, x)
#define F_digamma(x) (__typeof__(x))digamma_d((double)(x))
#define F_abs(x) GM(fabs, x)
#define F_neg(x) (-(x))
#define F_sign(x) (__typeof__(x))(((x) > 0) - ((x) < 0))   /* NaN gives 0, as in Torch7 and PyTorch */
#define F_square(x) ((x) * (x))
#define I_abs(T, x) ((T)((x) < 0 ? 0ull - (uint64_t)(int64_t)(x) : (uint64_t)(int64_t)(x)))
#define I_neg(T, x) ((T)(0ull - (uint64_t)(int64_t)(x)))
#define I_sign(T, x) ((T)(((x) > 0) - ((x) < 0)))
#define I_square(T, x) ((T)((uint64_t)(int64_t)(x) * (uint64_t)(int64_t)(x)))
#define I_bitwise_not(T, x) ((T)~(x))
#define B_bitwise_not(T, x) ((T)!(x))

#define DEF_UN(sfx, T, op, EXPR)                                                                      \
    static void op##_##sfx(char **p, const int64_t *st, int64_t n, void *vc) {                       \
        (void)vc;                                                                                     \
        if (st[0] == sizeof(T) && st[1] == sizeof(T)) {                                               \
            T *o = (T *)p[0];                                                                         \
            const T *A = (const T *)p[1];                                                             \
            CONTIG_STORE(T, o, n, i, ({ T x = A[i]; EXPR; }));                                       \
        } else {                                                                                      \
            char *o = p[0];                                                                           \
            const char *A = p[1];                                                                     \
            for (int64_t i = 0; i < n; i++, o += st[0], A += st[1]) {                                 \
                T x = *(const T *)A;                                                                  \
                *(T *)o = EXPR;                                                                       \
            }                                                                                         \
        }                                                                                             \
    }
#define DEF_UN_F(sfx, T, op) DEF_UN(sfx, T, op, F_##op(x))
#define DEF_UN_I(sfx, T, op) DEF_UN(sfx, T, op, I_##op(T, x))
#define DEF_UN_B(sfx, T, op) DEF_UN(sfx, T, op, B_##op(T, x))
#define UN_ENTRY(sfx, T, op) [DT_##sfx] = op##_##sfx,

#define UGEN_F(op) FAM_F(DEF_UN_F, op) static const tc_inner_fn op##_loops[TC_NUM_DTYPES] = {FAM_F(UN_ENTRY, op)};
#define UGEN_FI(op) FAM_F(DEF_UN_F, op) FAM_I(DEF_UN_I, op) \
    static const tc_inner_fn op##_loops[TC_NUM_DTYPES] = {FAM_F(UN_ENTRY, op) FAM_I(UN_ENTRY, op)};
#define UGEN_IB(op) FAM_I(DEF_UN_I, op) FAM_B(DEF_UN_B, op) \
    static const tc_inner_fn op##_loops[TC_NUM_DTYPES] = {FAM_I(UN_ENTRY, op) FAM_B(UN_ENTRY, op)};
#define UGEN_FIB(op)  /* logical_not: written by hand below (its output dtype differs) */
#define UGEN(name, fam) UGEN_##fam(name)
TC_UNARY_OPS(UGEN)

static int unary_run(const char *fn, const tc_inner_fn *loops, int flags, tc_tensor *out, const tc_tensor *a) {
    if (check_input(a, "a", flags, fn)) return -1;
    if (!out) return tc_fail("%s: argument 'out' is NULL", fn);
    if (check_same_dtype(out, "out", a, "a", fn)) return -1;
    if (prepare_out(out, a, fn)) return -1;
    tc_tensor *ops[2] = {out, (tc_tensor *)a};
    return run_inner(fn, 2, ops, loops[a->dtype], NULL);
}

#define DEFINE_UNARY_F(name) \
    int tc_##name(tc_tensor *out, const tc_tensor *a) { return unary_run("tc_" #name, name##_loops, TC_OPF_F, out, a); }
#define DEFINE_UNARY_FI(name) \
    int tc_##name(tc_tensor *out, const tc_tensor *a) { return unary_run("tc_" #name, name##_loops, TC_OPF_FI, out, a); }
#define DEFINE_UNARY_IB(name) \
    int tc_##name(tc_tensor *out, const tc_tensor *a) { return unary_run("tc_" #name, name##_loops, TC_OPF_IB, out, a); }
#define DEFINE_UNARY_FIB(name)
#define DEFINE_UNARY(name, fam) DEFINE_UNARY_##fam(name)
TC_UNARY_OPS(DEFINE_UNARY)

/* ---- erfinv and digamma (no libm function) ------------------------------------------------------- */
/* Winitzki's closed-form approximation (about 2e-3 relative) polished by Newton steps on erf, or on
 * erfc near +-1 where erf has no digits left. */
static double erfinv_d(double y) {
    if (y != y || y < -1 || y > 1) return NAN;
    if (y == 1) return INFINITY;
    if (y == -1) return -INFINITY;
    if (y == 0) return y;
    double ay = fabs(y);
    const double a = 0.147, two_over_pi_a = 2.0 / (M_PI * 0.147);
    double l = log1p(-ay) + log1p(ay);              /* log(1 - y^2) without cancellation */
    double t = two_over_pi_a + 0.5 * l;
    double x = sqrt(sqrt(t * t - l / a) - t);
    const double two_over_sqrt_pi = 1.1283791670955126;
    for (int it = 0; it < 3; it++) {
        double f = ay < 0.5 ? erf(x) - ay : (1 - ay) - erfc(x);
        double d = two_over_sqrt_pi * exp(-x * x);
        x -= f / d;   /* f is erf(x) - |y| in both forms */
    }
    return y < 0 ? -x : x;
}

/* psi(x): reflection for x < 0, recurrence up to x >= 10, then the asymptotic series. */
static double digamma_d(double x) {
    if (x != x || x == INFINITY) return x;
    if (x == 0) return copysign(INFINITY, -x);
    if (x < 0) {
        if (x == floor(x)) return NAN;
        /* psi(1 - x) - pi / tan(pi x); tan has period pi, and x - round(x) is exact, which keeps the
         * accuracy for large |x| and for x close to an integer */
        double r = x - round(x);
        return digamma_d(1 - x) - M_PI / tan(M_PI * r);
    }
    double acc = 0;
    while (x < 10) {
        acc -= 1 / x;
        x += 1;
    }
    double inv = 1 / x, inv2 = inv * inv;
    /* Bernoulli terms B_2k / (2k x^2k) */
    double series = inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 * (1.0 / 240 - inv2 * (1.0 / 132)))));
    return acc + log(x) - 0.5 * inv - series;
}

/* ---- comparisons and logical ops: the output is 0/1 in uint8, bool, or the input dtype ------------ */
#define CMP_lt(x, y) ((x) < (y))
#define CMP_le(x, y) ((x) <= (y))
#define CMP_gt(x, y) ((x) > (y))
#define CMP_ge(x, y) ((x) >= (y))
#define CMP_eq(x, y) ((x) == (y))
#define CMP_ne(x, y) ((x) != (y))
#define CMP_logical_and(x, y) (((x) != 0) & ((y) != 0))
#define CMP_logical_or(x, y) (((x) != 0) | ((y) != 0))
#define CMP_logical_xor(x, y) (((x) != 0) ^ ((y) != 0))
#define CMP_logical_not(x, y) ((void)sizeof(y), (x) == 0)   /* unary: y is never read */

/* out type OT: uint8_t (variant b, also serves int8 and bool) or T (variant t) */
#define DEF_CMP_LOOPS(sfx, T, op, OT, var)                                                           \
    static void op##_##sfx##_##var##_tt(char **p, const int64_t *st, int64_t n, void *vc) {          \
        (void)vc;                                                                                     \
        if (st[0] == sizeof(OT) && st[1] == sizeof(T) && st[2] == sizeof(T)) {                       \
            OT *o = (OT *)p[0];                                                                       \
            const T *A = (const T *)p[1], *B = (const T *)p[2];                                      \
            for (int64_t i = 0; i < n; i++) o[i] = (OT)CMP_##op(A[i], B[i]);                         \
        } else {                                                                                      \
            char *o = p[0];                                                                           \
            const char *A = p[1], *B = p[2];                                                          \
            for (int64_t i = 0; i < n; i++, o += st[0], A += st[1], B += st[2])                       \
                *(OT *)o = (OT)CMP_##op(*(const T *)A, *(const T *)B);                                \
        }                                                                                             \
    }                                                                                                 \
    static void op##_##sfx##_##var##_ts(char **p, const int64_t *st, int64_t n, void *vc) {          \
        T y = *(const T *)vc;                                                                         \
        if (st[0] == sizeof(OT) && st[1] == sizeof(T)) {                                              \
            OT *o = (OT *)p[0];                                                                       \
            const T *A = (const T *)p[1];                                                             \
            for (int64_t i = 0; i < n; i++) o[i] = (OT)CMP_##op(A[i], y);                            \
        } else {                                                                                      \
            char *o = p[0];                                                                           \
            const char *A = p[1];                                                                     \
            for (int64_t i = 0; i < n; i++, o += st[0], A += st[1]) *(OT *)o = (OT)CMP_##op(*(const T *)A, y); \
        }                                                                                             \
    }
#define DEF_CMP(sfx, T, op) DEF_CMP_LOOPS(sfx, T, op, uint8_t, b) DEF_CMP_LOOPS(sfx, T, op, T, t)
#define CMP_ENTRY(sfx, T, op, var, mode) [DT_##sfx] = op##_##sfx##_##var##_##mode,
#define FAMS_ALL(M, ...) FAM_F(M, __VA_ARGS__) FAM_I(M, __VA_ARGS__) FAM_B(M, __VA_ARGS__)
/* [variant b/t][mode tt/ts][dtype] */
#define CGEN(op, fam)                                                                                 \
    FAMS_ALL(DEF_CMP, op)                                                                             \
    static const tc_inner_fn op##_loops[2][2][TC_NUM_DTYPES] = {                                      \
        {{FAMS_ALL(CMP_ENTRY, op, b, tt)}, {FAMS_ALL(CMP_ENTRY, op, b, ts)}},                        \
        {{FAMS_ALL(CMP_ENTRY, op, t, tt)}, {FAMS_ALL(CMP_ENTRY, op, t, ts)}}};
TC_COMPARE_OPS(CGEN)
TC_LOGICAL_OPS(CGEN)
CGEN(logical_not, FIB)

/* b may be NULL (scalar form, or a unary op) */
static int compare_run(const char *fn, const tc_inner_fn loops[2][2][TC_NUM_DTYPES], tc_tensor *out,
                       const tc_tensor *a, const tc_tensor *b, double scalar, int logical) {
    if (check_input(a, "a", TC_OPF_FIB, fn)) return -1;
    if (b && (check_input(b, "b", TC_OPF_FIB, fn) || check_numel(b, "b", a, "a", fn))) return -1;
    if (b && !logical && check_same_dtype(b, "b", a, "a", fn)) return -1;
    if (b && logical && b->dtype != a->dtype)
        return tc_fail("%s: argument 'b' has dtype %s but 'a' has %s (convert operands to one dtype first)", fn,
                       tc_dtype_name(b->dtype), tc_dtype_name(a->dtype));
    if (!out) return tc_fail("%s: argument 'out' is NULL", fn);
    int var;
    if (out->dtype == TC_UINT8 || out->dtype == TC_BOOL || out->dtype == TC_INT8) var = 0;
    else if (out->dtype == a->dtype) var = 1;
    else
        return tc_fail("%s: argument 'out' has dtype %s; expected uint8, bool or the input dtype %s", fn,
                       tc_dtype_name(out->dtype), tc_dtype_name(a->dtype));
    char sval[8] = {0};
    int scalar_form = !b && !logical;
    if (scalar_form) {
        /* float tensors compare against the scalar rounded to their dtype (Torch7 and PyTorch); an
         * integer tensor against a scalar it cannot hold (2.5, 1e30) compares exactly, in double */
        tc_write_from_double(sval, a->dtype, scalar);
        if (!tc_dtype_is_floating(a->dtype) && tc_read_as_double(sval, a->dtype) != scalar) {
            tc_tensor *ad = tc_tensor_to_dtype(a, TC_FLOAT64);
            if (!ad) return -1;
            int r = compare_run(fn, loops, out, ad, NULL, scalar, 0);
            tc_tensor_release(ad);
            return r;
        }
    }
    if (prepare_out(out, a, fn)) return -1;
    tc_tensor *ops[3] = {out, (tc_tensor *)a, (tc_tensor *)b};
    int mode = scalar_form ? 1 : 0;
    return run_inner(fn, b ? 3 : 2, ops, loops[var][mode][a->dtype], sval);
}

#define DEFINE_COMPARE(name, fam)                                                                     \
    int tc_##name(tc_tensor *out, const tc_tensor *a, const tc_tensor *b) {                          \
        if (!b) return tc_fail("tc_" #name ": argument 'b' is NULL");                                 \
        return compare_run("tc_" #name, name##_loops, out, a, b, 0, 0);                              \
    }                                                                                                 \
    int tc_##name##_scalar(tc_tensor *out, const tc_tensor *a, double b) {                           \
        return compare_run("tc_" #name "_scalar", name##_loops, out, a, NULL, b, 0);                 \
    }
TC_COMPARE_OPS(DEFINE_COMPARE)
#define DEFINE_LOGICAL(name, fam)                                                                     \
    int tc_##name(tc_tensor *out, const tc_tensor *a, const tc_tensor *b) {                          \
        if (!b) return tc_fail("tc_" #name ": argument 'b' is NULL");                                 \
        return compare_run("tc_" #name, name##_loops, out, a, b, 0, 1);                              \
    }
TC_LOGICAL_OPS(DEFINE_LOGICAL)
int tc_logical_not(tc_tensor *out, const tc_tensor *a) {
    return compare_run("tc_logical_not", logical_not_loops, out, a, NULL, 0, 1);
}

/* ---- where: only the element size matters ---------------------------------------------------------- */
#define DEF_WHERE(W, T)                                                                               \
    static void where_##W(char **p, const int64_t *st, int64_t n, void *vc) {                        \
        (void)vc;                                                                                     \
        if (st[0] == W && st[1] == 1 && st[2] == W && st[3] == W) {                                   \
            T *o = (T *)p[0];                                                                         \
            const uint8_t *c = (const uint8_t *)p[1];                                                 \
            const T *A = (const T *)p[2], *B = (const T *)p[3];                                      \
            for (int64_t i = 0; i < n; i++) o[i] = c[i] ? A[i] : B[i];                               \
        } else {                                                                                      \
            for (int64_t i = 0; i < n; i++)                                                           \
                *(T *)(p[0] + i * st[0]) = *(const uint8_t *)(p[1] + i * st[1]) ? *(const T *)(p[2] + i * st[2]) \
                                                                                 : *(const T *)(p[3] + i * st[3]); \
        }                                                                                             \
    }
DEF_WHERE(1, uint8_t)
DEF_WHERE(2, uint16_t)
DEF_WHERE(4, uint32_t)
DEF_WHERE(8, uint64_t)

int tc_where(tc_tensor *out, const tc_tensor *cond, const tc_tensor *a, const tc_tensor *b) {
    const char *fn = "tc_where";
    if (check_input(cond, "cond", TC_OPF_FIB, fn) || check_input(a, "a", TC_OPF_FIB, fn) ||
        check_input(b, "b", TC_OPF_FIB, fn))
        return -1;
    if (cond->dtype != TC_UINT8 && cond->dtype != TC_BOOL)
        return tc_fail("%s: argument 'cond' has dtype %s; expected uint8 or bool", fn, tc_dtype_name(cond->dtype));
    if (check_same_dtype(b, "b", a, "a", fn) || check_numel(cond, "cond", a, "a", fn) || check_numel(b, "b", a, "a", fn))
        return -1;
    if (!out) return tc_fail("%s: argument 'out' is NULL", fn);
    if (check_same_dtype(out, "out", a, "a", fn) || prepare_out(out, a, fn)) return -1;
    tc_tensor *ops[4] = {out, (tc_tensor *)cond, (tc_tensor *)a, (tc_tensor *)b};
    int64_t es = tc_dtype_size(a->dtype);
    tc_inner_fn f = es == 1 ? where_1 : es == 2 ? where_2 : es == 4 ? where_4 : where_8;
    return run_inner(fn, 4, ops, f, NULL);
}

/* ---- clamp ---------------------------------------------------------------------------------------- */
typedef struct { char lo[8], hi[8]; int has_lo, has_hi; } clamp_ctx;
/* comparisons written so a NaN input falls through both and stays NaN */
#define DEF_CLAMP(sfx, T, unused)                                                                     \
    static void clamp_##sfx(char **p, const int64_t *st, int64_t n, void *vc) {                      \
        const clamp_ctx *c = vc;                                                                      \
        T lo, hi;                                                                                     \
        memcpy(&lo, c->lo, sizeof(T));                                                                \
        memcpy(&hi, c->hi, sizeof(T));                                                                \
        int hl = c->has_lo, hh = c->has_hi;                                                           \
        if (st[0] == sizeof(T) && st[1] == sizeof(T) && hl && hh) {                                   \
            T *o = (T *)p[0];                                                                         \
            const T *A = (const T *)p[1];                                                             \
            for (int64_t i = 0; i < n; i++) { T v = A[i] < lo ? lo : A[i]; o[i] = v > hi ? hi : v; }  \
        } else {                                                                                      \
            for (int64_t i = 0; i < n; i++) {                                                         \
                T v = *(const T *)(p[1] + i * st[1]);                                                 \
                if (hl) v = v < lo ? lo : v;                                                          \
                if (hh) v = v > hi ? hi : v;                                                          \
                *(T *)(p[0] + i * st[0]) = v;                                                         \
            }                                                                                         \
        }                                                                                             \
    }
FAM_F(DEF_CLAMP, 0)
FAM_I(DEF_CLAMP, 0)
static const tc_inner_fn clamp_loops[TC_NUM_DTYPES] = {FAM_F(UN_ENTRY, clamp) FAM_I(UN_ENTRY, clamp)};

int tc_clamp(tc_tensor *out, const tc_tensor *a, double lo, double hi, int32_t has_lo, int32_t has_hi) {
    const char *fn = "tc_clamp";
    if (check_input(a, "a", TC_OPF_FI, fn)) return -1;
    if (!out) return tc_fail("%s: argument 'out' is NULL", fn);
    if (check_same_dtype(out, "out", a, "a", fn)) return -1;
    clamp_ctx c;
    memset(&c, 0, sizeof c);
    c.has_lo = has_lo != 0;
    c.has_hi = has_hi != 0;
    /* integer tensors: bounds are truncated like every scalar (Torch7), and bounds beyond the dtype's
     * range are no bound at all (rather than wrapping around) */
    if (!tc_dtype_is_floating(a->dtype)) {
        lo = trunc(lo);
        hi = trunc(hi);
        char tmp[8];
        tc_write_from_double(tmp, a->dtype, lo);
        if (c.has_lo && tc_read_as_double(tmp, a->dtype) != lo && lo < 0) c.has_lo = 0;
        tc_write_from_double(tmp, a->dtype, hi);
        if (c.has_hi && tc_read_as_double(tmp, a->dtype) != hi && hi > 0) c.has_hi = 0;
    }
    tc_write_from_double(c.lo, a->dtype, lo);
    tc_write_from_double(c.hi, a->dtype, hi);
    if (prepare_out(out, a, fn)) return -1;
    tc_tensor *ops[2] = {out, (tc_tensor *)a};
    return run_inner(fn, 2, ops, clamp_loops[a->dtype], &c);
}

/* ---- lerp, addcmul, addcdiv -------------------------------------------------------------------------- */
/* lerp in the two-sided form (exact at w = 0 and w = 1) */
#define LERP(T, a, b, w) ((w) < (T)0.5 ? (a) + (w) * ((b) - (a)) : (b) - ((b) - (a)) * ((T)1 - (w)))
#define DEF_LERP(sfx, T, unused)                                                                      \
    static void lerp_##sfx(char **p, const int64_t *st, int64_t n, void *vc) {                       \
        T w = (T)(*(const double *)vc);                                                               \
        for (int64_t i = 0; i < n; i++) {                                                             \
            T a = *(const T *)(p[1] + i * st[1]), b = *(const T *)(p[2] + i * st[2]);                 \
            *(T *)(p[0] + i * st[0]) = LERP(T, a, b, w);                                              \
        }                                                                                             \
    }                                                                                                 \
    static void lerpt_##sfx(char **p, const int64_t *st, int64_t n, void *vc) {                      \
        (void)vc;                                                                                     \
        for (int64_t i = 0; i < n; i++) {                                                             \
            T a = *(const T *)(p[1] + i * st[1]), b = *(const T *)(p[2] + i * st[2]);                 \
            T w = *(const T *)(p[3] + i * st[3]);                                                     \
            *(T *)(p[0] + i * st[0]) = LERP(T, a, b, w);                                              \
        }                                                                                             \
    }
FAM_F(DEF_LERP, 0)

#define DEF_ADDC(sfx, T, name, OPER)                                                                  \
    static void name##_##sfx(char **p, const int64_t *st, int64_t n, void *vc) {                     \
        T v;                                                                                          \
        memcpy(&v, vc, sizeof(T));                                                                    \
        if (st[0] == sizeof(T) && st[1] == sizeof(T) && st[2] == sizeof(T) && st[3] == sizeof(T)) {  \
            T *o = (T *)p[0];                                                                         \
            const T *A = (const T *)p[1], *B = (const T *)p[2], *C = (const T *)p[3];               \
            for (int64_t i = 0; i < n; i++) o[i] = (T)(A[i] + v * (B[i] OPER C[i]));                 \
        } else {                                                                                      \
            for (int64_t i = 0; i < n; i++) {                                                         \
                T a = *(const T *)(p[1] + i * st[1]), b = *(const T *)(p[2] + i * st[2]);             \
                T c = *(const T *)(p[3] + i * st[3]);                                                 \
                *(T *)(p[0] + i * st[0]) = (T)(a + v * (b OPER c));                                   \
            }                                                                                         \
        }                                                                                             \
    }
#define WRAP_MUL(T, a, b) ((T)((uint64_t)(int64_t)(a) * (uint64_t)(int64_t)(b)))
#define DEF_ADDCMUL_I(sfx, T, unused)                                                                 \
    static void addcmul_##sfx(char **p, const int64_t *st, int64_t n, void *vc) {                   \
        T v;                                                                                          \
        memcpy(&v, vc, sizeof(T));                                                                    \
        for (int64_t i = 0; i < n; i++) {                                                             \
            T a = *(const T *)(p[1] + i * st[1]), b = *(const T *)(p[2] + i * st[2]);                 \
            T c = *(const T *)(p[3] + i * st[3]);                                                     \
            *(T *)(p[0] + i * st[0]) = (T)((uint64_t)(int64_t)a + (uint64_t)(int64_t)WRAP_MUL(T, v, WRAP_MUL(T, b, c))); \
        }                                                                                             \
    }
FAM_F(DEF_ADDC, addcmul, *)
FAM_I(DEF_ADDCMUL_I, 0)
FAM_F(DEF_ADDC, addcdiv, /)
static const tc_inner_fn addcmul_loops[TC_NUM_DTYPES] = {FAM_F(UN_ENTRY, addcmul) FAM_I(UN_ENTRY, addcmul)};
static const tc_inner_fn addcdiv_loops[TC_NUM_DTYPES] = {FAM_F(UN_ENTRY, addcdiv)};

/* a, b, c (c may be NULL) of one dtype in flags, equal numel; out resized to a's shape */
static int ternary_prepare(const char *fn, int flags, tc_tensor *out, const tc_tensor *a, const tc_tensor *b,
                           const char *bn, const tc_tensor *c, const char *cn) {
    if (check_input(a, "a", flags, fn) || check_input(b, bn, flags, fn)) return -1;
    if (check_same_dtype(b, bn, a, "a", fn) || check_numel(b, bn, a, "a", fn)) return -1;
    if (c && (check_input(c, cn, flags, fn) || check_same_dtype(c, cn, a, "a", fn) || check_numel(c, cn, a, "a", fn)))
        return -1;
    if (!out) return tc_fail("%s: argument 'out' is NULL", fn);
    if (check_same_dtype(out, "out", a, "a", fn)) return -1;
    return prepare_out(out, a, fn);
}

static const tc_inner_fn lerp_loops[TC_NUM_DTYPES] = {FAM_F(UN_ENTRY, lerp)};
static const tc_inner_fn lerpt_loops[TC_NUM_DTYPES] = {FAM_F(UN_ENTRY, lerpt)};

int tc_lerp(tc_tensor *out, const tc_tensor *a, const tc_tensor *b, double weight) {
    if (ternary_prepare("tc_lerp", TC_OPF_F, out, a, b, "b", NULL, NULL)) return -1;
    tc_tensor *ops[3] = {out, (tc_tensor *)a, (tc_tensor *)b};
    return run_inner("tc_lerp", 3, ops, lerp_loops[a->dtype], &weight);
}

int tc_lerp_tensor(tc_tensor *out, const tc_tensor *a, const tc_tensor *b, const tc_tensor *weight) {
    if (!weight) return tc_fail("tc_lerp_tensor: argument 'weight' is NULL");
    if (ternary_prepare("tc_lerp_tensor", TC_OPF_F, out, a, b, "b", weight, "weight")) return -1;
    tc_tensor *ops[4] = {out, (tc_tensor *)a, (tc_tensor *)b, (tc_tensor *)weight};
    return run_inner("tc_lerp_tensor", 4, ops, lerpt_loops[a->dtype], NULL);
}

static int addc_run(const char *fn, const tc_inner_fn *loops, int flags, tc_tensor *out, const tc_tensor *a,
                    const tc_tensor *b, const tc_tensor *c, double value) {
    if (!c) return tc_fail("%s: argument 'c' is NULL", fn);
    if (ternary_prepare(fn, flags, out, a, b, "b", c, "c")) return -1;
    char v[8];
    tc_write_from_double(v, a->dtype, value);
    tc_tensor *ops[4] = {out, (tc_tensor *)a, (tc_tensor *)b, (tc_tensor *)c};
    return run_inner(fn, 4, ops, loops[a->dtype], v);
}

int tc_addcmul(tc_tensor *out, const tc_tensor *a, const tc_tensor *b, const tc_tensor *c, double value) {
    return addc_run("tc_addcmul", addcmul_loops, TC_OPF_FI, out, a, b, c, value);
}

int tc_addcdiv(tc_tensor *out, const tc_tensor *a, const tc_tensor *b, const tc_tensor *c, double value) {
    return addc_run("tc_addcdiv", addcdiv_loops, TC_OPF_F, out, a, b, c, value);
}
