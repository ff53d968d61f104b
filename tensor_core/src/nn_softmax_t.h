/* nn_softmax_t.h -- templated softmax / log-softmax over the middle dim of (outer, D, inner), contiguous.
 * Row reductions keep NN_LANES partial results so gcc vectorises them without -ffast-math. */
#include "nn_math_t.h"

static inline real NN_SFX(row_max)(const real *x, int64_t n) {
    real a[NN_LANES];
    for (int j = 0; j < NN_LANES; j++) a[j] = -INFINITY;
    int64_t i = 0;
    for (; i + NN_LANES <= n; i += NN_LANES)
        for (int j = 0; j < NN_LANES; j++) a[j] = x[i + j] > a[j] ? x[i + j] : a[j];
    real m = -INFINITY;
    for (int j = 0; j < NN_LANES; j++) m = a[j] > m ? a[j] : m;
    for (; i < n; i++) m = x[i] > m ? x[i] : m;
    return m;
}

/* sum of exp(x - sub); with y != NULL also stores each exp */
static inline real NN_SFX(row_sumexp)(const real *x, real *y, int64_t n, real sub) {
    real a[NN_LANES] = {0};
    int64_t i = 0;
    if (y) {
        for (; i + NN_LANES <= n; i += NN_LANES)
            for (int j = 0; j < NN_LANES; j++) { real e = VEXP(x[i + j] - sub); y[i + j] = e; a[j] += e; }
    } else {
        for (; i + NN_LANES <= n; i += NN_LANES)
            for (int j = 0; j < NN_LANES; j++) a[j] += VEXP(x[i + j] - sub);
    }
    real s = 0;
    for (int j = 0; j < NN_LANES; j++) s += a[j];
    for (; i < n; i++) { real e = VEXP(x[i] - sub); if (y) y[i] = e; s += e; }
    return s;
}

static inline real NN_SFX(row_sum)(const real *x, const real *w, int64_t n) {
    real a[NN_LANES] = {0};
    int64_t i = 0;
    if (w) for (; i + NN_LANES <= n; i += NN_LANES) for (int j = 0; j < NN_LANES; j++) a[j] += x[i + j] * w[i + j];
    else for (; i + NN_LANES <= n; i += NN_LANES) for (int j = 0; j < NN_LANES; j++) a[j] += x[i + j];
    real s = 0;
    for (int j = 0; j < NN_LANES; j++) s += a[j];
    for (; i < n; i++) s += w ? x[i] * w[i] : x[i];
    return s;
}

static void NN_SFX(softmax_fwd)(real *y, const real *x, int64_t outer, int64_t D, int64_t inner, int log_mode,
                                real *buf) {
    if (inner == 1) {
        const int nt = outer > 1 ? tc_threads_for(outer * D) : 1;   /* rows are independent */
        #pragma omp parallel for num_threads(nt) schedule(static) if (nt > 1)
        for (int64_t o = 0; o < outer; o++) {
            const real *xr = x + o * D;
            real *yr = y + o * D;
            real m = NN_SFX(row_max)(xr, D);
            if (m == -INFINITY) m = 0;   /* an all -inf row gives nan like the references, not a crash */
            if (log_mode) {
                real s = NN_SFX(row_sumexp)(xr, NULL, D, m);
                real lse = m + LOG(s);
                for (int64_t d = 0; d < D; d++) yr[d] = xr[d] - lse;
            } else {
                real s = NN_SFX(row_sumexp)(xr, yr, D, m);
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
        const int nt = outer > 1 ? tc_threads_for(outer * D) : 1;
        #pragma omp parallel for num_threads(nt) schedule(static) if (nt > 1)
        for (int64_t o = 0; o < outer; o++) {
            const real *gr = g + o * D, *yr = y + o * D;
            real *ir = gi + o * D;
            if (log_mode) {
                real s = NN_SFX(row_sum)(gr, NULL, D);
                for (int64_t d = 0; d < D; d++) ir[d] = gr[d] - VEXP(yr[d]) * s;
            } else {
                real s = NN_SFX(row_sum)(gr, yr, D);
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
