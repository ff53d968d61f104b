/* nn_vexp.h -- branch-free float exp that gcc vectorises (about 1 ulp on the range softmax uses).
 * exp(x) = 2^n * exp(r), n = round(x / ln2), r = x - n ln2 (two-part ln2), exp(r) by a degree-6 polynomial. */
#ifndef NN_VEXP_H
#define NN_VEXP_H
#include <stdint.h>
#include <string.h>

static inline float nn_vexpf(float x) {
    x = x < -87.0f ? -87.0f : x;      /* below this the result is ~0 (flush instead of denormals) */
    x = x > 88.0f ? 88.0f : x;
    float n = __builtin_rintf(x * 1.44269504088896341f);
    float r = x - n * 0.693359375f;
    r = r - n * -2.12194440e-4f;
    float p = 1.9875691500E-4f;
    p = p * r + 1.3981999507E-3f;
    p = p * r + 8.3334519073E-3f;
    p = p * r + 4.1665795894E-2f;
    p = p * r + 1.6666665459E-1f;
    p = p * r + 5.0000001201E-1f;
    p = p * r * r + r + 1.0f;
    int32_t bits = ((int32_t)n + 127) << 23;
    float scale;
    memcpy(&scale, &bits, 4);
    return p * scale;
}
#endif
