/* math_common.h -- what the math_*.c kernel files share: per-dtype generation, argument checks,
 * and the run-an-inner-loop-over-operands driver. */
#ifndef TC_MATH_COMMON_H
#define TC_MATH_COMMON_H

#include "tc_internal.h"
#include "math_fast.h"

/* dtype code of each element-type suffix, so tables can be filled by designated initialisers */
enum { DT_u8 = TC_UINT8, DT_i8 = TC_INT8, DT_i16 = TC_INT16, DT_i32 = TC_INT32, DT_i64 = TC_INT64,
       DT_f32 = TC_FLOAT32, DT_f64 = TC_FLOAT64, DT_bool = TC_BOOL };

/* M(sfx, T, ...) for each dtype of a family; the extra arguments are passed through */
#define FAM_F(M, ...) M(f32, float, __VA_ARGS__) M(f64, double, __VA_ARGS__)
#define FAM_I(M, ...) M(u8, uint8_t, __VA_ARGS__) M(i8, int8_t, __VA_ARGS__) M(i16, int16_t, __VA_ARGS__) \
                      M(i32, int32_t, __VA_ARGS__) M(i64, int64_t, __VA_ARGS__)
#define FAM_B(M, ...) M(bool, uint8_t, __VA_ARGS__)

#define IS_SIGNED(T) ((T)-1 < (T)0)

/* type-generic libm: float goes to the f-suffixed function */
#define GM(fn, x) _Generic((x), float: fn##f, default: fn)(x)
#define GM2(fn, x, y) _Generic((x), float: fn##f, default: fn)(x, y)

static inline int dtype_in(int dtype, int flags) {
    if (dtype == TC_FLOAT32 || dtype == TC_FLOAT64) return (flags & TC_OPF_FLOAT) != 0;
    if (dtype == TC_BOOL) return (flags & TC_OPF_BOOL) != 0;
    if (dtype >= TC_UINT8 && dtype <= TC_INT64) return (flags & TC_OPF_INT) != 0;
    return 0;
}

static inline const char *flags_text(int flags) {
    switch (flags) {
    case TC_OPF_F: return "float32 or float64";
    case TC_OPF_FI: return "float32, float64 or an integer dtype";
    case TC_OPF_IB: return "an integer dtype or bool";
    case TC_OPF_I: return "an integer dtype";
    default: return "any dtype but float16";
    }
}

/* Checks that t is a non-NULL tensor whose dtype is in flags. */
static inline int check_input(const tc_tensor *t, const char *arg, int flags, const char *fn) {
    if (!t) return tc_fail("%s: argument '%s' is NULL", fn, arg);
    if (!dtype_in(t->dtype, flags))
        return tc_fail("%s: argument '%s' has dtype %s; expected %s", fn, arg, tc_dtype_name(t->dtype),
                       flags_text(flags));
    return 0;
}

static inline int check_same_dtype(const tc_tensor *t, const char *arg, const tc_tensor *ref, const char *refarg,
                                   const char *fn) {
    if (t->dtype != ref->dtype)
        return tc_fail("%s: argument '%s' has dtype %s but '%s' has %s (convert operands to one dtype first)", fn,
                       arg, tc_dtype_name(t->dtype), refarg, tc_dtype_name(ref->dtype));
    return 0;
}

static inline int check_numel(const tc_tensor *t, const char *arg, const tc_tensor *ref, const char *refarg,
                              const char *fn) {
    int64_t n = tc_tensor_numel(t), m = tc_tensor_numel(ref);
    if (n != m)
        return tc_fail("%s: size mismatch, '%s' has %lld elements but '%s' has %lld", fn, arg, (long long)n,
                       refarg, (long long)m);
    return 0;
}

/* Resizes out to ref's shape (no-op when already so). */
static inline int prepare_out(tc_tensor *out, const tc_tensor *ref, const char *fn) {
    if (!out) return tc_fail("%s: argument 'out' is NULL", fn);
    if (out == ref) return 0;
    return tc_tensor_resize(out, ref->ndim, ref->sizes);
}

/* Runs inner over the operands (ops[0] the output) with the thread split of the iterator. */
static inline int run_inner(const char *fn, int nops, tc_tensor **ops, tc_inner_fn inner, void *ctx) {
    tc_iter it;
    if (tc_iter_init(&it, nops, ops, fn)) return -1;
    tc_iter_run(&it, inner, ctx, 1);
    tc_iter_free(&it);
    return 0;
}

#endif
