/* nn_loss_t.h -- templated loss bodies (included by nn_loss.c with real = float / double). */
#include "nn_math_t.h"

/* Per-element loss value l and derivative dl/dx for the pointwise kinds, in double. */
static inline void NN_SFX(pw_eval)(int kind, double x, double t, double pw, int has_pw, double p, double *l,
                                   double *d) {
    switch (kind) {
    case TC_LOSS_MSE: { double e = x - t; *l = e * e; *d = 2 * e; break; }
    case TC_LOSS_L1: { double e = x - t; *l = fabs(e); *d = e > 0 ? 1 : (e < 0 ? -1 : 0); break; }
    case TC_LOSS_SMOOTH_L1: {
        double e = x - t, a = fabs(e);
        if (a < p) { *l = 0.5 * e * e / p; *d = e / p; }
        else { *l = a - 0.5 * p; *d = e > 0 ? 1 : (e < 0 ? -1 : 0); }
        break;
    }
    case TC_LOSS_HUBER: {
        double e = x - t, a = fabs(e);
        if (a <= p) { *l = 0.5 * e * e; *d = e; }
        else { *l = p * (a - 0.5 * p); *d = e > 0 ? p : -p; }
        break;
    }
    case TC_LOSS_BCE:
        if (p > 0) { /* Torch7: eps inside the logs */
            *l = -(t * log(x + p) + (1 - t) * log(1 - x + p));
            *d = -(t - x) / ((1 - x + p) * (x + p));
        } else {     /* PyTorch: logs clamped at -100 */
            double lx = log(x), l1x = log1p(-x);
            lx = lx < -100 ? -100 : lx;
            l1x = l1x < -100 ? -100 : l1x;
            *l = -(t * lx + (1 - t) * l1x);
            double den = (1 - x) * x;
            *d = (x - t) / (den < 1e-12 ? 1e-12 : den);
        }
        break;
    case TC_LOSS_BCE_WITH_LOGITS: {
        double lw = has_pw ? 1 + (pw - 1) * t : 1;
        double sp = (x < 0 ? -x : 0) + log1p(exp(-fabs(x)));   /* softplus(-x) */
        *l = (1 - t) * x + lw * sp;
        double sig_neg = x >= 0 ? exp(-x) / (1 + exp(-x)) : 1 / (1 + exp(x));  /* sigmoid(-x) */
        *d = (1 - t) - lw * sig_neg;
        break;
    }
    case TC_LOSS_KL_DIV: *l = (t == 0 ? 0 : t * log(t)) - t * x; *d = -t; break;
    case TC_LOSS_KL_DIV_LOG_TARGET: { double et = exp(t); *l = et * (t - x); *d = -et; break; }
    case TC_LOSS_SOFT_MARGIN: {
        double z = -t * x;
        *l = (z > 0 ? z : 0) + log1p(exp(-fabs(z)));
        *d = -t / (1 + exp(t * x));
        break;
    }
    case TC_LOSS_MARGIN: { double z = p - t * x; *l = z > 0 ? z : 0; *d = z > 0 ? -t : 0; break; }
    case TC_LOSS_HINGE_EMBEDDING: {
        double z = p - x;
        *l = (t != 1 && z > 0 ? z : 0) + (t != -1 ? x : 0);
        *d = (t != 1 && z > 0 ? -1 : 0) + (t != -1 ? 1 : 0);
        break;
    }
    default: *l = 0; *d = 0; break;
    }
}

/* out_none: per-element output (reduction none) or NULL; returns the sum otherwise. */
static double NN_SFX(pw_forward)(real *out_none, const real *x, const real *t, const real *w, const real *pw,
                                 int64_t n, int kind, double p) {
    double acc = 0;
    for (int64_t i = 0; i < n; i++) {
        double l, d;
        NN_SFX(pw_eval)(kind, x[i], t[i], pw ? pw[i] : 1, pw != NULL, p, &l, &d);
        if (w) l *= w[i];
        if (out_none) out_none[i] = (real)l;
        else acc += l;
    }
    return acc;
}

/* gi = go * dl/dx * w * norm; go per element (go_step 1) or one scalar (go_step 0). */
static void NN_SFX(pw_backward)(real *gi, const real *go, int64_t go_step, const real *x, const real *t,
                                const real *w, const real *pw, int64_t n, int kind, double p, double norm) {
    for (int64_t i = 0; i < n; i++) {
        double l, d;
        NN_SFX(pw_eval)(kind, x[i], t[i], pw ? pw[i] : 1, pw != NULL, p, &l, &d);
        if (w) d *= w[i];
        gi[i] = (real)(d * norm * go[i * go_step]);
    }
}

/* NLL over (N, C, S): returns the summed loss, total weight in *tw; per-element losses into out_none. */
static int NN_SFX(nll_forward)(real *out_none, double *sum, double *tw, const real *x, const int64_t *tg,
                               const real *w, int64_t N, int64_t C, int64_t S, int64_t ignore_index, double eps,
                               int64_t base, const char *fn) {
    double acc = 0, wsum = 0, wall = 0;
    if (eps != 0) for (int64_t c = 0; c < C; c++) wall += w ? w[c] : 1;
    for (int64_t n = 0; n < N; n++)
        for (int64_t s = 0; s < S; s++) {
            int64_t raw = tg[n * S + s];
            double l = 0;
            if (raw != ignore_index) {
                int64_t c = raw - base;
                if (c < 0 || c >= C)
                    return tc_fail("%s: target %lld at position %lld is out of range for %lld classes "
                                   "(valid %lld..%lld)", fn, (long long)raw, (long long)(n * S + s),
                                   (long long)C, (long long)base, (long long)(C - 1 + base));
                double wc = w ? w[c] : 1;
                const real *xs = x + n * C * S + s;
                l = -(1 - eps) * wc * xs[c * S];
                if (eps != 0) {
                    double sm = 0;
                    for (int64_t k = 0; k < C; k++) sm += (w ? w[k] : 1) * xs[k * S];
                    l -= eps / C * sm;
                }
                wsum += wc;
            }
            if (out_none) out_none[n * S + s] = (real)l;
            acc += l;
        }
    *sum = acc;
    *tw = wsum;
    return 0;
}

static void NN_SFX(nll_backward)(real *gi, const real *go, int64_t go_step, const int64_t *tg, const real *w,
                                 int64_t N, int64_t C, int64_t S, int64_t ignore_index, double eps, int64_t base,
                                 double norm) {
    memset(gi, 0, sizeof(real) * N * C * S);
    for (int64_t n = 0; n < N; n++)
        for (int64_t s = 0; s < S; s++) {
            int64_t raw = tg[n * S + s];
            if (raw == ignore_index) continue;
            int64_t c = raw - base;
            double g = go[(n * S + s) * go_step] * norm;
            real *gs = gi + n * C * S + s;
            if (eps != 0)
                for (int64_t k = 0; k < C; k++) gs[k * S] = (real)(-g * eps / C * (w ? w[k] : 1));
            gs[c * S] += (real)(-g * (1 - eps) * (w ? w[c] : 1));
        }
}

/* NLL against class probabilities (PyTorch cross entropy with probability targets, after
 * log-softmax): per position -sum_c w_c t'_c x_c, t' = t (1 - eps) + eps / C. */
static double NN_SFX(soft_nll_forward)(real *out_none, const real *x, const real *t, const real *w, int64_t N,
                                       int64_t C, int64_t S, double eps) {
    double acc = 0;
    for (int64_t n = 0; n < N; n++)
        for (int64_t s = 0; s < S; s++) {
            const real *xs = x + n * C * S + s, *ts = t + n * C * S + s;
            double l = 0;
            for (int64_t c = 0; c < C; c++)
                l -= (w ? w[c] : 1) * (ts[c * S] * (1 - eps) + eps / C) * xs[c * S];
            if (out_none) out_none[n * S + s] = (real)l;
            acc += l;
        }
    return acc;
}

static void NN_SFX(soft_nll_backward)(real *gi, const real *go, int64_t go_step, const real *t, const real *w,
                                      int64_t N, int64_t C, int64_t S, double eps, double norm) {
    for (int64_t n = 0; n < N; n++)
        for (int64_t s = 0; s < S; s++) {
            double g = go[(n * S + s) * go_step] * norm;
            const real *ts = t + n * C * S + s;
            real *is = gi + n * C * S + s;
            for (int64_t c = 0; c < C; c++) is[c * S] = (real)(-g * (w ? w[c] : 1) * (ts[c * S] * (1 - eps) + eps / C));
        }
}
