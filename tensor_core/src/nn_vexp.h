/* nn_vexp.h -- vectorisable float32 exp-family helpers for the nn kernels, on the core's math_fast.h. */
#ifndef NN_VEXP_H
#define NN_VEXP_H
#include <stdint.h>
#include <string.h>
#include "math_fast.h"

/* exp and tanh are the core's vectorisable float32 versions (math_fast.h): one implementation,
 * correct near overflow and in the subnormal range. */
static inline float nn_vexpf(float x) { return tc_expf_fast(x); }

/* exp(x) - 1 without the cancellation near 0: Taylor to x^6 below |x| = 1/8 (relative error < 1e-8) */
static inline float nn_vexpm1f(float x) {
    float a = x < 0 ? -x : x;
    float big = nn_vexpf(x) - 1;
    float small = x * (1 + x * (0.5f + x * (1.0f / 6 + x * (1.0f / 24 + x * (1.0f / 120 + x * (1.0f / 720))))));
    return a < 0.125f ? small : big;
}

static inline float nn_vtanhf(float x) { return tc_tanhf_fast(x); }

/* Standard normal CDF for float32: Phi(x) = erfc(-x/sqrt2)/2 with the Chebyshev-fitted erfc of
 * Numerical Recipes (relative error < 1.2e-7 for every argument, so the lower tail stays accurate)
 * over nn_vexpf; the upper half uses 1 - Phi(-x). */
static inline float nn_vphif(float x) {
    float z = (x < 0 ? -x : x) * 0.70710678118654752f;
    float t = 1 / (1 + 0.5f * z);
    float p = -1.26551223f + t * (1.00002368f + t * (0.37409196f + t * (0.09678418f + t * (-0.18628806f +
              t * (0.27886807f + t * (-1.13520398f + t * (1.48851587f + t * (-0.82215223f + t * 0.17087277f))))))));
    float half_erfc = 0.5f * t * nn_vexpf(-z * z + p);
    return x < 0 ? half_erfc : 1 - half_erfc;
}
#endif
