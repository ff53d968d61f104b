/* math_fast.h -- float32 exp, log, tanh and sigmoid written so that gcc vectorises loops calling them.
 *
 * libm's expf/logf are scalar calls gcc cannot vectorise (glibc's vector variants need -ffast-math),
 * which makes exp the bottleneck of every activation.  These are branch-free (selects instead of
 * branches), use only +, *, fma, comparisons and integer bit operations on the float representation,
 * and stay within about 2 ulp of the correctly rounded result over the whole float range, including
 * inf, NaN, overflow to inf and gradual underflow.  Polynomial coefficients are log's atanh series
 * or least-squares fits made for this file (exp's e^r, tanh's small-argument part). */
#ifndef TC_MATH_FAST_H
#define TC_MATH_FAST_H

#include <stdint.h>
#include <string.h>

static inline float tcf_from_bits(int32_t i) { float f; memcpy(&f, &i, 4); return f; }
static inline int32_t tcf_bits(float f) { int32_t i; memcpy(&i, &f, 4); return i; }

/* e^x: x = k ln2 + r with |r| <= ln2/2 (two-constant Cody-Waite reduction), e^r by a degree-7
 * polynomial, and 2^k applied as two factors 2^(k/2) * 2^(k - k/2) so that results near overflow
 * and in the subnormal range come out right without a branch. */
static inline float tc_expf_fast(float x) {
    float xc = x < -104.0f ? -104.0f : x;
    xc = xc > 89.0f ? 89.0f : xc;
    /* round(x / ln2) by the 1.5 * 2^23 trick (exact for |k| < 2^22) */
    float kf = (xc * 1.44269504088896341f + 12582912.0f) - 12582912.0f;
    float r = xc - kf * 0.693359375f;          /* ln2 high part: exact product for |k| < 2^9 */
    r = r - kf * -2.12194440e-4f;              /* ln2 - high part */
    /* 1 + r + r^2 (c2 + c3 r + ... + c6 r^4): least-squares fit of the relative error on
     * [-ln2/2, ln2/2] made for this file (7e-9, one term shorter than Taylor for the same accuracy) */
    float p = 0.0013752976920517544f;
    p = p * r + 0.008366136630717141f;
    p = p * r + 0.041669207917817946f;
    p = p * r + 0.16666542629269576f;
    p = p * r + 0.49999991046488546f;
    p = p * (r * r) + r;
    p = p + 1.0f;
    int32_t k = (int32_t)kf;
    int32_t k1 = k >> 1, k2 = k - k1;
    float s1 = tcf_from_bits((int32_t)((uint32_t)(k1 + 127) << 23));   /* unsigned: k is junk for NaN */
    float s2 = tcf_from_bits((int32_t)((uint32_t)(k2 + 127) << 23));
    float y = p * s1 * s2;
    return x != x ? x : y;
}

/* log x: x = m 2^e with m in [sqrt(1/2), sqrt(2)); log m = 2 atanh(f / (2 + f)) with f = m - 1,
 * the atanh series to s^11; subnormals are scaled by 2^23 first. */
static inline float tc_logf_fast(float x) {
    int sub = x < 1.17549435e-38f;
    float xs = sub ? x * 8388608.0f : x;
    int32_t ix = tcf_bits(xs);
    int32_t e = ((ix >> 23) & 0xff) - 127 - (sub ? 23 : 0);
    float m = tcf_from_bits((ix & 0x007fffff) | 0x3f800000);   /* [1, 2) */
    int big = m > 1.41421356f;
    m = big ? m * 0.5f : m;
    e = big ? e + 1 : e;
    float f = m - 1.0f;
    float s = f / (2.0f + f);
    float s2 = s * s;
    float q = 2.0f / 11.0f;
    q = q * s2 + 2.0f / 9.0f;
    q = q * s2 + 2.0f / 7.0f;
    q = q * s2 + 2.0f / 5.0f;
    q = q * s2 + 2.0f / 3.0f;
    float logm = f - s * (f - q * s2);          /* 2s + s^3 q' rewritten: 2s = f - s f */
    float ef = (float)e;
    float y = ef * 0.693359375f + (logm + ef * -2.12194440e-4f);
    y = x == 0.0f ? -__builtin_inff() : y;
    y = x < 0.0f ? __builtin_nanf("") : y;
    y = x == __builtin_inff() ? x : y;
    return x != x ? x : y;
}

/* e^y - 1 for 0 <= y <= 18.5 without cancellation: with y = k ln2 + r, e^y - 1 = 2^k p + (2^k - 1),
 * where p = e^r - 1 comes straight from exp's polynomial (both terms are >= 0 once k >= 0 or p >= 0). */
static inline float tcf_expm1_nonneg(float y) {
    float kf = (y * 1.44269504088896341f + 12582912.0f) - 12582912.0f;
    float r = y - kf * 0.693359375f;
    r = r - kf * -2.12194440e-4f;
    float p = 0.0013752976920517544f;
    p = p * r + 0.008366136630717141f;
    p = p * r + 0.041669207917817946f;
    p = p * r + 0.16666542629269576f;
    p = p * r + 0.49999991046488546f;
    p = p * (r * r) + r;
    float s = tcf_from_bits((int32_t)((uint32_t)((int32_t)kf + 127) << 23));
    return s * p + (s - 1.0f);
}

/* tanh |x| = m / (m + 2) with m = e^{2|x|} - 1: accurate from subnormals up (no cancellation, one
 * division); |x| is clamped at 9.2, beyond which tanh rounds to 1. */
static inline float tc_tanhf_fast(float x) {
    float ax = x < 0.0f ? -x : x;
    ax = ax > 9.2f ? 9.2f : ax;
    float m = tcf_expm1_nonneg(2.0f * ax);
    float t = m / (m + 2.0f);
    t = x < 0.0f ? -t : t;
    return x != x ? x : t;
}

/* sigmoid: with z = e^{-|x|} <= 1, 1/(1+z) for x >= 0 and z/(1+z) below (no overflow, keeps
 * the subnormal tail for very negative x). */
static inline float tc_sigmoidf_fast(float x) {
    float ax = x < 0.0f ? -x : x;
    float z = tc_expf_fast(-ax);
    float s = 1.0f / (1.0f + z);
    float y = x < 0.0f ? z * s : s;
    return x != x ? x : y;
}

/* ---- float64 ------------------------------------------------------------------------------------
 * The same constructions in double precision (libm's exp, log and tanh do not vectorise either, and
 * float64 is Torch7's default tensor type): within about 2 ulp over the whole range, inf, NaN and
 * subnormals included.  e^r uses its Taylor series to r^13 (|r| <= ln2/2: truncation below 2e-17). */
static inline double tcd_from_bits(int64_t i) { double f; memcpy(&f, &i, 8); return f; }
static inline int64_t tcd_bits(double f) { int64_t i; memcpy(&i, &f, 8); return i; }

/* e^r - 1 for |r| <= ln2/2, as r + r^2 q(r) */
static inline double tcd_expm1_reduced(double r) {
    double q = 1.0 / 6227020800.0;                 /* 1/13! */
    q = q * r + 1.0 / 479001600.0;
    q = q * r + 1.0 / 39916800.0;
    q = q * r + 1.0 / 3628800.0;
    q = q * r + 1.0 / 362880.0;
    q = q * r + 1.0 / 40320.0;
    q = q * r + 1.0 / 5040.0;
    q = q * r + 1.0 / 720.0;
    q = q * r + 1.0 / 120.0;
    q = q * r + 1.0 / 24.0;
    q = q * r + 1.0 / 6.0;
    q = q * r + 0.5;
    return q * (r * r) + r;
}

/* round(x / ln2) and the reduced argument (ln2 split so that k * hi is exact for |k| < 2^20) */
#define TCD_REDUCE(x, kf, r)                                                                        \
    double kf = ((x) * 1.4426950408889634 + 6755399441055744.0) - 6755399441055744.0;             \
    double r = (x) - kf * 6.93147180369123816490e-01;                                                \
    r = r - kf * 1.90821492927058770002e-10

static inline double tc_exp_fast(double x) {
    double xc = x < -746.0 ? -746.0 : x;
    xc = xc > 710.0 ? 710.0 : xc;
    TCD_REDUCE(xc, kf, r);
    double p = tcd_expm1_reduced(r) + 1.0;
    int64_t k = (int64_t)kf;
    int64_t k1 = k >> 1, k2 = k - k1;              /* two factors: overflow and subnormal results */
    double s1 = tcd_from_bits((int64_t)((uint64_t)(k1 + 1023) << 52));
    double s2 = tcd_from_bits((int64_t)((uint64_t)(k2 + 1023) << 52));
    double y = p * s1 * s2;
    return x != x ? x : y;
}

/* log x: as the float32 version, the atanh series to s^23 (|s| <= 0.1716) */
static inline double tc_log_fast(double x) {
    int sub = x < 2.2250738585072014e-308;
    double xs = sub ? x * 18014398509481984.0 : x;          /* 2^54 */
    int64_t ix = tcd_bits(xs);
    int64_t e = ((ix >> 52) & 0x7ff) - 1023 - (sub ? 54 : 0);
    double m = tcd_from_bits((ix & 0x000fffffffffffffLL) | 0x3ff0000000000000LL);
    int big = m > 1.4142135623730951;
    m = big ? m * 0.5 : m;
    e = big ? e + 1 : e;
    double f = m - 1.0;
    double s = f / (2.0 + f);
    double s2 = s * s;
    double q = 2.0 / 23.0;
    q = q * s2 + 2.0 / 21.0;
    q = q * s2 + 2.0 / 19.0;
    q = q * s2 + 2.0 / 17.0;
    q = q * s2 + 2.0 / 15.0;
    q = q * s2 + 2.0 / 13.0;
    q = q * s2 + 2.0 / 11.0;
    q = q * s2 + 2.0 / 9.0;
    q = q * s2 + 2.0 / 7.0;
    q = q * s2 + 2.0 / 5.0;
    q = q * s2 + 2.0 / 3.0;
    double logm = f - s * (f - q * s2);
    double ef = (double)e;
    double y = ef * 6.93147180369123816490e-01 + (logm + ef * 1.90821492927058770002e-10);
    y = x == 0.0 ? -__builtin_inf() : y;
    y = x < 0.0 ? __builtin_nan("") : y;
    y = x == __builtin_inf() ? x : y;
    return x != x ? x : y;
}

/* tanh |x| = m / (m + 2), m = e^{2|x|} - 1 = 2^k p + (2^k - 1) (no cancellation); clamp at 19.1 */
static inline double tc_tanh_fast(double x) {
    double ax = x < 0.0 ? -x : x;
    ax = ax > 19.1 ? 19.1 : ax;
    double y = 2.0 * ax;
    TCD_REDUCE(y, kf, r);
    double p = tcd_expm1_reduced(r);
    double sc = tcd_from_bits((int64_t)((uint64_t)((int64_t)kf + 1023) << 52));
    double m = sc * p + (sc - 1.0);
    double t = m / (m + 2.0);
    t = x < 0.0 ? -t : t;
    return x != x ? x : t;
}

static inline double tc_sigmoid_fast(double x) {
    double ax = x < 0.0 ? -x : x;
    double z = tc_exp_fast(-ax);
    double s = 1.0 / (1.0 + z);
    double y = x < 0.0 ? z * s : s;
    return x != x ? x : y;
}

#endif
