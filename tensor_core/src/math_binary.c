/* math_binary.c -- two-operand arithmetic: tensor op tensor, tensor op scalar, scalar op tensor.
 *
 * Every op is one expression per dtype family (float, integer, bool), written once as a macro; the
 * generator below turns it into three inner loops per dtype (tensor-tensor, tensor-scalar,
 * scalar-tensor), each with a contiguous loop gcc vectorises and a strided one. */
#include "math_common.h"

typedef struct bin_ctx {
    char scalar[8];   /* the scalar operand, already in the tensor dtype */
    char alpha[8];    /* add/sub's alpha, in the tensor dtype */
    volatile int err; /* set by integer division by zero */
} bin_ctx;

/* ---- the expressions: EX(T, x, y) with c (the bin_ctx) and al (alpha) in scope ------------------- */
#define F_add(T, x, y) ((x) + al * (y))
#define I_add(T, x, y) ((T)((x) + al * (y)))
#define F_sub(T, x, y) ((x) - al * (y))
#define I_sub(T, x, y) ((T)((x) - al * (y)))
#define F_mul(T, x, y) ((x) * (y))
#define I_mul(T, x, y) ((T)((x) * (y)))
#define F_div(T, x, y) ((x) / (y))
/* C truncating division; x / -1 through unsigned negation (INT_MIN / -1 traps on x86) */
#define I_div(T, x, y) ((y) == 0 ? (c->err = 1, (T)0) \
                        : (IS_SIGNED(T) && (y) == (T)-1) ? (T)(0ull - (uint64_t)(x)) : (T)((x) / (y)))
#define F_floor_divide(T, x, y) floordiv_##T(x, y)
#define I_floor_divide(T, x, y) ((y) == 0 ? (c->err = 1, (T)0) \
                        : (IS_SIGNED(T) && (y) == (T)-1) ? (T)(0ull - (uint64_t)(x)) \
                        : (T)((x) / (y) - (((x) % (y) != 0) && (((x) < 0) != ((y) < 0)))))
#define F_pow(T, x, y) GM2(pow, x, y)
#define I_pow(T, x, y) ((T)int_pow((int64_t)(x), (int64_t)(y)))
#define F_fmod(T, x, y) GM2(fmod, x, y)
#define I_fmod(T, x, y) ((y) == 0 ? (c->err = 1, (T)0) : (IS_SIGNED(T) && (y) == (T)-1) ? (T)0 : (T)((x) % (y)))
#define F_remainder(T, x, y) remainder_##T(x, y)
#define I_remainder(T, x, y) ((y) == 0 ? (c->err = 1, (T)0) : (IS_SIGNED(T) && (y) == (T)-1) ? (T)0 \
                        : (T)((x) % (y) + ((((x) % (y)) != 0 && (((x) % (y) < 0) != ((y) < 0))) ? (y) : 0)))
#define F_atan2(T, x, y) GM2(atan2, x, y)
/* NaN-propagating: a NaN in either operand is the result */
#define F_maximum(T, x, y) ((x) > (y) ? (x) : ((x) != (x) ? (x) : (y)))
#define I_maximum(T, x, y) ((x) > (y) ? (x) : (y))
#define F_minimum(T, x, y) ((x) < (y) ? (x) : ((x) != (x) ? (x) : (y)))
#define I_minimum(T, x, y) ((x) < (y) ? (x) : (y))
#define I_bitwise_and(T, x, y) ((T)((x) & (y)))
#define I_bitwise_or(T, x, y) ((T)((x) | (y)))
#define I_bitwise_xor(T, x, y) ((T)((x) ^ (y)))
/* shifts by a negative count or by the bit width or more give 0 (or the sign for >> of negatives) */
#define I_lshift(T, x, y) (((y) < 0 || (uint64_t)(y) >= 8 * sizeof(T)) ? (T)0 : (T)((uint64_t)(x) << (y)))
#define I_rshift(T, x, y) (((y) < 0 || (uint64_t)(y) >= 8 * sizeof(T)) ? (T)((x) < 0 ? -1 : 0) : (T)((x) >> (y)))

static inline int64_t int_pow(int64_t base, int64_t e) {
    if (e < 0) return base == 1 ? 1 : base == -1 ? ((e & 1) ? -1 : 1) : 0;
    uint64_t r = 1, b = (uint64_t)base;   /* unsigned: wraps like the fixed-width result would */
    while (e) {
        if (e & 1) r *= b;
        b *= b;
        e >>= 1;
    }
    return (int64_t)r;
}

/* Python's floor division and modulo for floats (the sign of the divisor) */
#define DEF_FLOAT_DIVMOD(T, FMOD, FLOOR)                                                 \
    static inline T remainder_##T(T x, T y) {                                            \
        T r = FMOD(x, y);                                                                \
        return (r != 0 && ((r < 0) != (y < 0))) ? r + y : r;                             \
    }                                                                                    \
    static inline T floordiv_##T(T x, T y) {                                             \
        if (y == 0) return x / y;                                                        \
        T m = FMOD(x, y);                                                                \
        T d = (x - m) / y;                                                               \
        if (m != 0 && ((y < 0) != (m < 0))) d -= 1;                                      \
        T f = FLOOR(d);                                                                  \
        if (d - f > (T)0.5) f += 1;                                                      \
        return d == 0 ? (T)0 * (x / y) : f;                                              \
    }
DEF_FLOAT_DIVMOD(float, fmodf, floorf)
DEF_FLOAT_DIVMOD(double, fmod, floor)

/* ---- the loop generator -------------------------------------------------------------------------- */
#define DEF_BIN(sfx, T, op, EX)                                                                       \
    static void op##_##sfx##_tt(char **p, const int64_t *st, int64_t n, void *vc) {                  \
        bin_ctx *c = vc;                                                                              \
        T al;                                                                                         \
        memcpy(&al, c->alpha, sizeof(T));                                                             \
        (void)al;                                                                                     \
        if (st[0] == sizeof(T) && st[1] == sizeof(T) && st[2] == sizeof(T)) {                        \
            T *o = (T *)p[0];                                                                         \
            const T *A = (const T *)p[1], *B = (const T *)p[2];                                      \
            for (int64_t i = 0; i < n; i++) { T x = A[i], y = B[i]; o[i] = EX(T, x, y); }           \
        } else {                                                                                      \
            char *o = p[0];                                                                           \
            const char *A = p[1], *B = p[2];                                                          \
            for (int64_t i = 0; i < n; i++, o += st[0], A += st[1], B += st[2]) {                     \
                T x = *(const T *)A, y = *(const T *)B;                                               \
                *(T *)o = EX(T, x, y);                                                                \
            }                                                                                         \
        }                                                                                             \
    }                                                                                                 \
    static void op##_##sfx##_ts(char **p, const int64_t *st, int64_t n, void *vc) {                  \
        bin_ctx *c = vc;                                                                              \
        T al, y;                                                                                      \
        memcpy(&al, c->alpha, sizeof(T));                                                             \
        memcpy(&y, c->scalar, sizeof(T));                                                             \
        (void)al;                                                                                     \
        if (st[0] == sizeof(T) && st[1] == sizeof(T)) {                                               \
            T *o = (T *)p[0];                                                                         \
            const T *A = (const T *)p[1];                                                             \
            for (int64_t i = 0; i < n; i++) { T x = A[i]; o[i] = EX(T, x, y); }                     \
        } else {                                                                                      \
            char *o = p[0];                                                                           \
            const char *A = p[1];                                                                     \
            for (int64_t i = 0; i < n; i++, o += st[0], A += st[1]) {                                 \
                T x = *(const T *)A;                                                                  \
                *(T *)o = EX(T, x, y);                                                                \
            }                                                                                         \
        }                                                                                             \
    }                                                                                                 \
    static void op##_##sfx##_st(char **p, const int64_t *st, int64_t n, void *vc) {                  \
        bin_ctx *c = vc;                                                                              \
        T al, x;                                                                                      \
        memcpy(&al, c->alpha, sizeof(T));                                                             \
        memcpy(&x, c->scalar, sizeof(T));                                                             \
        (void)al;                                                                                     \
        if (st[0] == sizeof(T) && st[1] == sizeof(T)) {                                               \
            T *o = (T *)p[0];                                                                         \
            const T *B = (const T *)p[1];                                                             \
            for (int64_t i = 0; i < n; i++) { T y = B[i]; o[i] = EX(T, x, y); }                     \
        } else {                                                                                      \
            char *o = p[0];                                                                           \
            const char *B = p[1];                                                                     \
            for (int64_t i = 0; i < n; i++, o += st[0], B += st[1]) {                                 \
                T y = *(const T *)B;                                                                  \
                *(T *)o = EX(T, x, y);                                                                \
            }                                                                                         \
        }                                                                                             \
    }

#define DEF_BIN_F(sfx, T, op) DEF_BIN(sfx, T, op, F_##op)
#define DEF_BIN_I(sfx, T, op) DEF_BIN(sfx, T, op, I_##op)
#define ROW_ENTRY(sfx, T, op, mode) [DT_##sfx] = op##_##sfx##_##mode,

/* per op: generated loops, and a [mode][dtype] table (mode 0 tensor-tensor, 1 tensor-scalar, 2 scalar-tensor) */
#define TABLE3(op, FAMS)                                                                              \
    static const tc_inner_fn op##_loops[3][TC_NUM_DTYPES] = {{FAMS(ROW_ENTRY, op, tt)},              \
                                                             {FAMS(ROW_ENTRY, op, ts)},              \
                                                             {FAMS(ROW_ENTRY, op, st)}};

#define FAMS_FI(M, op, mode) FAM_F(M, op, mode) FAM_I(M, op, mode)
#define FAMS_F(M, op, mode) FAM_F(M, op, mode)
#define FAMS_IB(M, op, mode) FAM_I(M, op, mode) FAM_B(M, op, mode)
#define FAMS_I(M, op, mode) FAM_I(M, op, mode)

#define GEN_FI(op) FAM_F(DEF_BIN_F, op) FAM_I(DEF_BIN_I, op) TABLE3(op, FAMS_FI)
#define GEN_F(op) FAM_F(DEF_BIN_F, op) TABLE3(op, FAMS_F)
#define GEN_IB(op) FAM_I(DEF_BIN_I, op) FAM_B(DEF_BIN_I, op) TABLE3(op, FAMS_IB)
#define GEN_I(op) FAM_I(DEF_BIN_I, op) TABLE3(op, FAMS_I)

#define GEN_OP(name, fam) GEN_##fam(name)
TC_BINARY_ALPHA_OPS(GEN_OP)
TC_BINARY_OPS(GEN_OP)

/* ---- the entry points ---------------------------------------------------------------------------- */
enum { MODE_TT = 0, MODE_TS = 1, MODE_ST = 2 };

/* mode TT: t0 = a, t1 = b; TS: t0 = a, scalar = b; ST: scalar = a, t0 = b */
static int binary_run(const char *fn, const tc_inner_fn loops[3][TC_NUM_DTYPES], int flags, int mode,
                      tc_tensor *out, const tc_tensor *t0, const tc_tensor *t1, double scalar, double alpha) {
    const char *n0 = mode == MODE_ST ? "b" : "a";
    if (check_input(t0, n0, flags, fn)) return -1;
    if (mode == MODE_TT) {
        if (check_input(t1, "b", flags, fn) || check_same_dtype(t1, "b", t0, "a", fn) ||
            check_numel(t1, "b", t0, "a", fn))
            return -1;
    }
    if (!out) return tc_fail("%s: argument 'out' is NULL", fn);
    if (check_same_dtype(out, "out", t0, n0, fn)) return -1;
    tc_inner_fn f = loops[mode][t0->dtype];
    if (!f) return tc_fail("%s: dtype %s is not supported", fn, tc_dtype_name(t0->dtype));
    bin_ctx c;
    memset(&c, 0, sizeof c);
    tc_write_from_double(c.alpha, t0->dtype, alpha);
    if (mode != MODE_TT) tc_write_from_double(c.scalar, t0->dtype, scalar);
    if (prepare_out(out, t0, fn)) return -1;
    tc_tensor *ops[3] = {out, (tc_tensor *)t0, (tc_tensor *)t1};
    if (run_inner(fn, mode == MODE_TT ? 3 : 2, ops, f, &c)) return -1;
    if (c.err) return tc_fail("%s: integer division by zero", fn);
    return 0;
}

#define DEFINE_BINARY(name, fam)                                                                      \
    int tc_##name(tc_tensor *out, const tc_tensor *a, const tc_tensor *b) {                          \
        return binary_run("tc_" #name, name##_loops, TC_OPF_##fam, MODE_TT, out, a, b, 0, 1);        \
    }                                                                                                 \
    int tc_##name##_scalar(tc_tensor *out, const tc_tensor *a, double b) {                           \
        return binary_run("tc_" #name "_scalar", name##_loops, TC_OPF_##fam, MODE_TS, out, a, NULL, b, 1); \
    }                                                                                                 \
    int tc_##name##_rscalar(tc_tensor *out, double a, const tc_tensor *b) {                          \
        return binary_run("tc_" #name "_rscalar", name##_loops, TC_OPF_##fam, MODE_ST, out, b, NULL, a, 1); \
    }
#define DEFINE_BINARY_ALPHA(name, fam)                                                                \
    int tc_##name(tc_tensor *out, const tc_tensor *a, const tc_tensor *b, double alpha) {            \
        return binary_run("tc_" #name, name##_loops, TC_OPF_##fam, MODE_TT, out, a, b, 0, alpha);    \
    }                                                                                                 \
    int tc_##name##_scalar(tc_tensor *out, const tc_tensor *a, double b) {                           \
        return binary_run("tc_" #name "_scalar", name##_loops, TC_OPF_##fam, MODE_TS, out, a, NULL, b, 1); \
    }                                                                                                 \
    int tc_##name##_rscalar(tc_tensor *out, double a, const tc_tensor *b) {                          \
        return binary_run("tc_" #name "_rscalar", name##_loops, TC_OPF_##fam, MODE_ST, out, b, NULL, a, 1); \
    }

TC_BINARY_ALPHA_OPS(DEFINE_BINARY_ALPHA)
TC_BINARY_OPS(DEFINE_BINARY)
