/* random_internal.h -- the MT19937 step and Torch7's transforms, shared by random.c and
 * random_tensor.c.  Kept inline so tensor fills make no call per element. */
#ifndef TC_RANDOM_INTERNAL_H
#define TC_RANDOM_INTERNAL_H

#include "tc_internal.h"
#include <pthread.h>

/* Bit-exactness with Torch7 needs every multiply and add rounded separately: a fused
 * multiply-add (which -march=native would otherwise allow) changes the last bit of
 * u*(b-a)+a and of the Box-Muller result. */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#else
#pragma GCC optimize("fp-contract=off")
#endif

enum { MT_N = 624, MT_M = 397 };

struct tc_generator {
    tc_rng_state st;            /* first, so its bytes are the Torch7 struct */
    pthread_mutex_t lock;
};

/* the generator to use for `gen` (NULL = default), locked; pair with rng_unlock */
tc_generator *tc_rng_lock(tc_generator *gen);
void tc_rng_unlock(tc_generator *gen);

void tc_rng_next_state(tc_rng_state *s);

static inline uint32_t rng_u32(tc_rng_state *s) {
    if (--s->left == 0) tc_rng_next_state(s);
    uint32_t y = (uint32_t)s->state[s->next++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
}

/* Torch7's 32-bit resolution uniform on [0, 1) */
static inline double rng_unit(tc_rng_state *s) {
    return (double)rng_u32(s) * (1.0 / 4294967296.0);
}

static inline double rng_uniform(tc_rng_state *s, double a, double b) {
    return rng_unit(s) * (b - a) + a;
}

/* Box-Muller: a fresh pair gives rho*cos first; the next call returns the cached rho*sin. */
static inline double rng_normal(tc_rng_state *s, double mean, double std) {
    if (!s->normal_is_valid) {
        s->normal_x = rng_unit(s);
        s->normal_y = rng_unit(s);
        s->normal_rho = sqrt(-2. * log(1.0 - s->normal_y));
        s->normal_is_valid = 1;
        return s->normal_rho * cos(2. * M_PI * s->normal_x) * std + mean;
    }
    s->normal_is_valid = 0;
    return s->normal_rho * sin(2. * M_PI * s->normal_x) * std + mean;
}

static inline double rng_exponential(tc_rng_state *s, double lambda) {
    return -1. / lambda * log(1 - rng_unit(s));
}

static inline double rng_cauchy(tc_rng_state *s, double median, double sigma) {
    return median + sigma * tan(M_PI * (rng_unit(s) - 0.5));
}

static inline double rng_log_normal(tc_rng_state *s, double mean, double std) {
    return exp(rng_normal(s, mean, std));
}

/* C's (int) of an out-of-range double is undefined; x86's cvttsd2si gives INT_MIN, which is
 * what Torch7 produced, so do that explicitly. */
static inline int32_t rng_trunc_int(double v) {
    if (!(v > -2147483649.0 && v < 2147483648.0)) return INT32_MIN;
    return (int32_t)v;
}

static inline int32_t rng_geometric(tc_rng_state *s, double p) {
    return (int32_t)((uint32_t)rng_trunc_int(log(1 - rng_unit(s)) / log(p)) + 1u);
}

static inline int rng_bernoulli(tc_rng_state *s, double p) {
    return rng_unit(s) <= p;
}

#endif
