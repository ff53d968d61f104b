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

/* tanh: a fitted odd polynomial below 0.625 (no cancellation there), 1 - 2/(e^{2|x|} + 1) above. */
static inline float tc_tanhf_fast(float x) {
    float ax = x < 0.0f ? -x : x;
    float z = x * x;
    float p = -0.005759500938396172f;
    p = p * z + 0.020680563874102883f;
    p = p * z + -0.05374899748581663f;
    p = p * z + 0.13331478307741657f;
    p = p * z + -0.3333327568007013f;
    p = p * z + 0.9999999970981863f;
    float small = x * p;
    float axc = ax > 10.0f ? 10.0f : ax;
    float big = 1.0f - 2.0f / (tc_expf_fast(2.0f * axc) + 1.0f);
    big = x < 0.0f ? -big : big;
    float y = ax < 0.625f ? small : big;
    return x != x ? x : y;
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

#endif
