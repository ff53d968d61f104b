/* math_common.h -- what the math_*.c kernel files share: per-dtype generation, argument checks,
 * and the run-an-inner-loop-over-operands driver. */
#ifndef TC_MATH_COMMON_H
#define TC_MATH_COMMON_H

#include "tc_internal.h"
#include "math_fast.h"
#ifdef __AVX__
#include <immintrin.h>
#endif

/* ---- non-temporal output for results far larger than the caches ----------------------------------
 * An ordinary store first reads the destination line into the cache, so c = a + b moves four arrays'
 * worth of bytes instead of three; a result this large is evicted before anyone reads it anyway.
 * Large contiguous loops compute a small block (256 bytes, in L1) and stream it out past the caches:
 * measured about 1.5-2x faster than plain stores for 1e7-element float32 add on this machine's CPU. */
enum { STREAM_MIN_BYTES = 1 << 24, STREAM_BLOCK_BYTES = 256 };

/* dst is 32-byte aligned (CONTIG_STORE aligns the blocks); a tail under 32 bytes is stored normally */
static inline void stream_bytes(char *dst, const char *src, int64_t bytes) {
#ifdef __AVX__
    int64_t i = 0;
    for (; i + 32 <= bytes; i += 32)
        _mm256_stream_si256((__m256i *)(dst + i), _mm256_load_si256((const __m256i *)(src + i)));
    if (i < bytes) memcpy(dst + i, src + i, (size_t)(bytes - i));
#else
    memcpy(dst, src, (size_t)bytes);
#endif
}

static inline void stream_fence(void) {
#ifdef __AVX__
    _mm_sfence();
#endif
}

/* for i in [0, n): o[i] = VALUE (an expression of i); streamed when the result is large */
#define CONTIG_STORE(T, o, n, i, VALUE)                                                               \
    do {                                                                                              \
        if ((n) * (int64_t)sizeof(T) >= STREAM_MIN_BYTES && (uintptr_t)(o) % sizeof(T) == 0) {       \
            enum { BLK_ = STREAM_BLOCK_BYTES / sizeof(T) };                                           \
            T buf_[BLK_] __attribute__((aligned(64)));                                                \
            /* plain stores up to the first 32-byte boundary, so every streamed block is aligned */   \
            int64_t head_ = (int64_t)(((32 - ((uintptr_t)(o) & 31)) & 31) / sizeof(T));              \
            for (int64_t i = 0; i < head_; i++) (o)[i] = (VALUE);                                     \
            for (int64_t i0_ = head_; i0_ < (n); i0_ += BLK_) {                                       \
                int64_t m_ = TC_MIN((int64_t)BLK_, (n) - i0_);                                        \
                for (int64_t j_ = 0; j_ < m_; j_++) { int64_t i = i0_ + j_; buf_[j_] = (VALUE); }   \
                stream_bytes((char *)((o) + i0_), (const char *)buf_, m_ * (int64_t)sizeof(T));       \
            }                                                                                         \
            stream_fence();                                                                           \
        } else {                                                                                      \
            for (int64_t i = 0; i < (n); i++) (o)[i] = (VALUE);                                       \
        }                                                                                             \
    } while (0)

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

/* Runs inner over the operands (ops[0] the output) with the thread split of the iterator.  Small
 * operands that are all dense in memory skip the iterator: one flat run, no set-up (this is the
 * per-op cost of tiny tensors in both frontends). */
static inline int run_inner(const char *fn, int nops, tc_tensor **ops, tc_inner_fn inner, void *ctx) {
    int64_t n = tc_tensor_numel(ops[0]);
    if (n > 0 && n < TC_PARALLEL_GRAIN) {
        char *ptrs[TC_ITER_MAX_OPS];
        int64_t strides[TC_ITER_MAX_OPS];
        int i;
        for (i = 0; i < nops; i++) {
            const tc_tensor *t = ops[i];
            if (!t || !t->storage || t->storage->device != TC_DEVICE_CPU || !tc_tensor_is_contiguous(t) ||
                tc_tensor_numel(t) != n)
                break;
            ptrs[i] = (char *)tc_tensor_data(t);
            strides[i] = tc_dtype_size(t->dtype);
        }
        if (i == nops) {
            inner(ptrs, strides, n, ctx);
            return 0;
        }
    }
    tc_iter it;
    if (tc_iter_init(&it, nops, ops, fn)) return -1;
    tc_iter_run(&it, inner, ctx, 1);
    tc_iter_free(&it);
    return 0;
}

#endif
