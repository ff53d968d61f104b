/* nn_activation_t.h -- templated activation loops; included by nn_activation.c with real = float / double. */
#include "nn_math_t.h"

/* LOOP runs BODY (reading x, writing y) over n elements with a contiguous fast path. */
#define ACT_LOOP(BODY)                                                                   \
    if (so == 1 && sx == 1) {                                                            \
        for (int64_t i = 0; i < n; i++) { real x = xp[i]; real y; BODY; op[i] = y; }     \
    } else {                                                                             \
        for (int64_t i = 0; i < n; i++) { real x = xp[i * sx]; real y; BODY; op[i * so] = y; } \
    }

static void NN_SFX(act_fwd)(char **p, const int64_t *st, int64_t n, void *vctx) {
    const nn_act_ctx *c = (const nn_act_ctx *)vctx;
    real *op = (real *)p[0];
    const real *xp = (const real *)p[1];
    int64_t so = st[0] / (int64_t)sizeof(real), sx = st[1] / (int64_t)sizeof(real);
    const real p1 = (real)c->p1, p2 = (real)c->p2;
    switch (c->kind) {
    case TC_ACT_THRESHOLD: ACT_LOOP(y = x > p1 ? x : p2) break;
    case TC_ACT_LEAKY_RELU: ACT_LOOP(y = x > 0 ? x : x * p1) break;
    case TC_ACT_ELU: ACT_LOOP(y = x > 0 ? x : p1 * VEXPM1(x)) break;
    case TC_ACT_SELU: {
        const real a = (real)NN_SELU_ALPHA, s = (real)NN_SELU_SCALE;
        ACT_LOOP(y = x > 0 ? s * x : s * a * VEXPM1(x)) break;
    }
    case TC_ACT_CELU: ACT_LOOP(y = x > 0 ? x : p1 * VEXPM1(x / p1)) break;
    case TC_ACT_GELU: ACT_LOOP(y = x * VPHI(x)) break;
    case TC_ACT_GELU_TANH: {
        const real k = (real)0.7978845608028654;
        ACT_LOOP(y = (real)0.5 * x * (1 + VTANH(k * (x + (real)0.044715 * x * x * x)))) break;
    }
    case TC_ACT_SOFTPLUS: ACT_LOOP(y = x * p1 > p2 ? x : LOG1P(EXP(x * p1)) / p1) break;
    case TC_ACT_SOFTSIGN: ACT_LOOP(y = x / (1 + FABS(x))) break;
    case TC_ACT_HARDTANH: ACT_LOOP(y = x < p1 ? p1 : (x > p2 ? p2 : x)) break;
    case TC_ACT_LOG_SIGMOID: ACT_LOOP(y = (x < 0 ? x : 0) - LOG1P(VEXP(-FABS(x)))) break;
    case TC_ACT_TANH_SHRINK: ACT_LOOP(y = x - VTANH(x)) break;
    case TC_ACT_SOFT_SHRINK: ACT_LOOP(y = x > p1 ? x - p1 : (x < -p1 ? x + p1 : 0)) break;
    case TC_ACT_HARD_SHRINK: ACT_LOOP(y = (x > p1 || x < -p1) ? x : 0) break;
    case TC_ACT_SIGMOID: ACT_LOOP(y = 1 / (1 + VEXP(-x))) break;
    case TC_ACT_TANH: ACT_LOOP(y = VTANH(x)) break;
    case TC_ACT_SILU: ACT_LOOP(y = x / (1 + VEXP(-x))) break;
    case TC_ACT_MISH: ACT_LOOP(y = x * TANH(x > 20 ? x : LOG1P(EXP(x)))) break;
    case TC_ACT_HARD_SIGMOID: ACT_LOOP(y = x <= -3 ? 0 : (x >= 3 ? 1 : x / 6 + (real)0.5)) break;
    case TC_ACT_HARD_SWISH: ACT_LOOP(y = x <= -3 ? 0 : (x >= 3 ? x : x * (x + 3) / 6)) break;
    default: break;
    }
}

/* Backward: p[0] grad_input, p[1] grad_output, p[2] the saved tensor (input, or output where
 * c->from_output says so). */
#define ACT_BLOOP(BODY)                                                                        \
    if (sgi == 1 && sgo == 1 && sx == 1) {                                                     \
        for (int64_t i = 0; i < n; i++) { real x = xp[i]; real g = gop[i]; real d; BODY; gip[i] = d; } \
    } else {                                                                                   \
        for (int64_t i = 0; i < n; i++) {                                                      \
            real x = xp[i * sx]; real g = gop[i * sgo]; real d; BODY; gip[i * sgi] = d;        \
        }                                                                                      \
    }

static void NN_SFX(act_bwd)(char **p, const int64_t *st, int64_t n, void *vctx) {
    const nn_act_ctx *c = (const nn_act_ctx *)vctx;
    real *gip = (real *)p[0];
    const real *gop = (const real *)p[1];
    const real *xp = (const real *)p[2];
    int64_t sgi = st[0] / (int64_t)sizeof(real), sgo = st[1] / (int64_t)sizeof(real),
            sx = st[2] / (int64_t)sizeof(real);
    const real p1 = (real)c->p1, p2 = (real)c->p2;
    switch (c->kind) {
    case TC_ACT_THRESHOLD: ACT_BLOOP(d = x > p1 ? g : 0) break;
    case TC_ACT_LEAKY_RELU: ACT_BLOOP(d = x > 0 ? g : g * p1) break;
    case TC_ACT_ELU:
        if (c->from_output) { ACT_BLOOP(d = x > 0 ? g : g * (x + p1)) }
        else { ACT_BLOOP(d = x > 0 ? g : g * p1 * VEXP(x)) }
        break;
    case TC_ACT_SELU: {
        const real a = (real)NN_SELU_ALPHA, s = (real)NN_SELU_SCALE;
        if (c->from_output) { ACT_BLOOP(d = x > 0 ? g * s : g * (x + s * a)) }
        else { ACT_BLOOP(d = x > 0 ? g * s : g * s * a * VEXP(x)) }
        break;
    }
    case TC_ACT_CELU:
        if (c->from_output) { ACT_BLOOP(d = x > 0 ? g : g * (x / p1 + 1)) }
        else { ACT_BLOOP(d = x > 0 ? g : g * EXP(x / p1)) }
        break;
    case TC_ACT_GELU: {
        const real k = (real)0.3989422804014327; /* 1/sqrt(2 pi) */
        ACT_BLOOP(d = g * (VPHI(x) + x * k * VEXP((real)-0.5 * x * x)))
        break;
    }
    case TC_ACT_GELU_TANH: {
        const real k = (real)0.7978845608028654, b = (real)0.044715;
        ACT_BLOOP(real t = VTANH(k * (x + b * x * x * x));
                  d = g * ((real)0.5 * (1 + t) + (real)0.5 * x * (1 - t * t) * k * (1 + 3 * b * x * x)))
        break;
    }
    case TC_ACT_SOFTPLUS: ACT_BLOOP(real z = EXP(x * p1); d = x * p1 > p2 ? g : g * z / (z + 1)) break;
    case TC_ACT_SOFTSIGN: ACT_BLOOP(real a = 1 + FABS(x); d = g / (a * a)) break;
    case TC_ACT_HARDTANH: ACT_BLOOP(d = (x > p1 && x < p2) ? g : 0) break;
    case TC_ACT_LOG_SIGMOID:
        ACT_BLOOP(real z = VEXP(-FABS(x)); d = g * (x < 0 ? 1 / (1 + z) : z / (1 + z)))
        break;
    case TC_ACT_TANH_SHRINK: ACT_BLOOP(real t = VTANH(x); d = g * t * t) break;
    case TC_ACT_SOFT_SHRINK: ACT_BLOOP(d = (x > p1 || x < -p1) ? g : 0) break;
    case TC_ACT_HARD_SHRINK: ACT_BLOOP(d = (x > p1 || x < -p1) ? g : 0) break;
    case TC_ACT_SIGMOID: ACT_BLOOP(d = g * x * (1 - x)) break;   /* x is the output */
    case TC_ACT_TANH: ACT_BLOOP(d = g * (1 - x * x)) break;      /* x is the output */
    case TC_ACT_SILU: ACT_BLOOP(real s = 1 / (1 + VEXP(-x)); d = g * s * (1 + x * (1 - s))) break;
    case TC_ACT_MISH:
        ACT_BLOOP(real s = 1 / (1 + EXP(-x)); real t = TANH(x > 20 ? x : LOG1P(EXP(x)));
                  d = g * (t + x * s * (1 - t * t)))
        break;
    case TC_ACT_HARD_SIGMOID: ACT_BLOOP(d = (x > -3 && x < 3) ? g / 6 : 0) break;
    case TC_ACT_HARD_SWISH: ACT_BLOOP(d = x < -3 ? 0 : (x <= 3 ? g * (x / 3 + (real)0.5) : g)) break;
    default: break;
    }
}

/* PReLU: weight per channel; data viewed as outer x C x inner (contiguous). */
static void NN_SFX(prelu_fwd)(real *y, const real *x, const real *w, int64_t outer, int64_t C, int64_t inner) {
    for (int64_t o = 0; o < outer; o++)
        for (int64_t c = 0; c < C; c++) {
            const real a = w[c];
            const real *xr = x + (o * C + c) * inner;
            real *yr = y + (o * C + c) * inner;
            for (int64_t i = 0; i < inner; i++) yr[i] = xr[i] > 0 ? xr[i] : a * xr[i];
        }
}

static void NN_SFX(prelu_bwd)(real *gi, real *gw, const real *go, const real *x, const real *w, int64_t outer,
                              int64_t C, int64_t inner, double scale) {
    for (int64_t c = 0; c < C; c++) {
        const real a = w[c];
        double acc = 0;
        for (int64_t o = 0; o < outer; o++) {
            const real *xr = x + (o * C + c) * inner;
            const real *gr = go + (o * C + c) * inner;
            if (gi) {
                real *ir = gi + (o * C + c) * inner;
                for (int64_t i = 0; i < inner; i++) ir[i] = xr[i] > 0 ? gr[i] : a * gr[i];
            }
            if (gw) {
                double s = 0;
                for (int64_t i = 0; i < inner; i++) s += xr[i] > 0 ? 0 : xr[i] * gr[i];
                acc += s;
            }
        }
        if (gw) gw[c] += (real)(scale * acc);
    }
}
#undef ACT_LOOP
#undef ACT_BLOOP
