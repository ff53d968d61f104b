/* nn_softmax_t.h -- templated softmax / log-softmax over the middle dim of (outer, D, inner), contiguous. */
#include "nn_math_t.h"

static void NN_SFX(softmax_fwd)(real *y, const real *x, int64_t outer, int64_t D, int64_t inner, int log_mode,
                                real *buf) {
    if (inner == 1) {
        for (int64_t o = 0; o < outer; o++) {
            const real *xr = x + o * D;
            real *yr = y + o * D;
            real m = -INFINITY;
            for (int64_t d = 0; d < D; d++) m = xr[d] > m ? xr[d] : m;
            if (m == -INFINITY) m = 0;   /* an all -inf row gives nan like the references, not a crash */
            real s = 0;
            if (log_mode) {
                for (int64_t d = 0; d < D; d++) s += VEXP(xr[d] - m);
                real lse = m + LOG(s);
                for (int64_t d = 0; d < D; d++) yr[d] = xr[d] - lse;
            } else {
                for (int64_t d = 0; d < D; d++) { real e = VEXP(xr[d] - m); yr[d] = e; s += e; }
                real inv = 1 / s;
                for (int64_t d = 0; d < D; d++) yr[d] *= inv;
            }
        }
        return;
    }
    /* strided reduction dim: vectorise across `inner` with a row buffer for max then sum */
    real *mx = buf, *sm = buf + inner;
    for (int64_t o = 0; o < outer; o++) {
        const real *xo = x + o * D * inner;
        real *yo = y + o * D * inner;
        for (int64_t i = 0; i < inner; i++) { mx[i] = -INFINITY; sm[i] = 0; }
        for (int64_t d = 0; d < D; d++) {
            const real *xr = xo + d * inner;
            for (int64_t i = 0; i < inner; i++) mx[i] = xr[i] > mx[i] ? xr[i] : mx[i];
        }
        for (int64_t i = 0; i < inner; i++) if (mx[i] == -INFINITY) mx[i] = 0;
        for (int64_t d = 0; d < D; d++) {
            const real *xr = xo + d * inner;
            real *yr = yo + d * inner;
            if (log_mode) for (int64_t i = 0; i < inner; i++) sm[i] += VEXP(xr[i] - mx[i]);
            else for (int64_t i = 0; i < inner; i++) { real e = VEXP(xr[i] - mx[i]); yr[i] = e; sm[i] += e; }
        }
        if (log_mode) {
            for (int64_t i = 0; i < inner; i++) sm[i] = mx[i] + LOG(sm[i]);
            for (int64_t d = 0; d < D; d++) {
                const real *xr = xo + d * inner;
                real *yr = yo + d * inner;
                for (int64_t i = 0; i < inner; i++) yr[i] = xr[i] - sm[i];
            }
        } else {
            for (int64_t i = 0; i < inner; i++) sm[i] = 1 / sm[i];
            for (int64_t d = 0; d < D; d++) {
                real *yr = yo + d * inner;
                for (int64_t i = 0; i < inner; i++) yr[i] *= sm[i];
            }
        }
    }
}

/* softmax:     gi = y * (g - sum_d g*y)
 * log-softmax: gi = g - exp(y) * sum_d g */
static void NN_SFX(softmax_bwd)(real *gi, const real *g, const real *y, int64_t outer, int64_t D, int64_t inner,
                                int log_mode, real *buf) {
    if (inner == 1) {
        for (int64_t o = 0; o < outer; o++) {
            const real *gr = g + o * D, *yr = y + o * D;
            real *ir = gi + o * D;
            real s = 0;
            if (log_mode) {
                for (int64_t d = 0; d < D; d++) s += gr[d];
                for (int64_t d = 0; d < D; d++) ir[d] = gr[d] - VEXP(yr[d]) * s;
            } else {
                for (int64_t d = 0; d < D; d++) s += gr[d] * yr[d];
                for (int64_t d = 0; d < D; d++) ir[d] = yr[d] * (gr[d] - s);
            }
        }
        return;
    }
    real *sm = buf;
    for (int64_t o = 0; o < outer; o++) {
        const real *go = g + o * D * inner, *yo = y + o * D * inner;
        real *io = gi + o * D * inner;
        for (int64_t i = 0; i < inner; i++) sm[i] = 0;
        for (int64_t d = 0; d < D; d++) {
            const real *gr = go + d * inner, *yr = yo + d * inner;
            if (log_mode) for (int64_t i = 0; i < inner; i++) sm[i] += gr[i];
            else for (int64_t i = 0; i < inner; i++) sm[i] += gr[i] * yr[i];
        }
        for (int64_t d = 0; d < D; d++) {
            const real *gr = go + d * inner, *yr = yo + d * inner;
            real *ir = io + d * inner;
            if (log_mode) for (int64_t i = 0; i < inner; i++) ir[i] = gr[i] - VEXP(yr[i]) * sm[i];
            else for (int64_t i = 0; i < inner; i++) ir[i] = yr[i] * (gr[i] - sm[i]);
        }
    }
}
