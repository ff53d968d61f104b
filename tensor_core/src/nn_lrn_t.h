/* nn_lrn_t.h -- templated cross-map LRN and Torch7 Normalize (real = float / double). */
#include "nn_math_t.h"

/* (N, C, S): scale[c] = k + alpha/size * sum of x^2 over channels c - size/2 .. c + (size-1)/2 */
static void NN_SFX(lrn_forward)(real *y, real *scale, const real *x, int64_t N, int64_t C, int64_t S, int64_t size,
                                double alpha, double beta, double k, real *acc) {
    const int64_t lo = size / 2, hi = (size - 1) / 2;
    const real a = (real)(alpha / size);
    for (int64_t n = 0; n < N; n++) {
        const real *xn = x + n * C * S;
        real *sn = scale + n * C * S, *yn = y + n * C * S;
        for (int64_t i = 0; i < S; i++) acc[i] = 0;
        for (int64_t c = 0; c < hi && c < C; c++) {     /* channels 0 .. hi-1 enter before channel 0's step */
            const real *xc = xn + c * S;
            for (int64_t i = 0; i < S; i++) acc[i] += xc[i] * xc[i];
        }
        for (int64_t c = 0; c < C; c++) {
            int64_t add = c + hi, drop = c - lo - 1;
            if (add < C) { const real *xa = xn + add * S; for (int64_t i = 0; i < S; i++) acc[i] += xa[i] * xa[i]; }
            if (drop >= 0) { const real *xd = xn + drop * S; for (int64_t i = 0; i < S; i++) acc[i] -= xd[i] * xd[i]; }
            real *sc = sn + c * S, *yc = yn + c * S;
            const real *xc = xn + c * S;
            for (int64_t i = 0; i < S; i++) {
                real s = (real)k + a * (acc[i] > 0 ? acc[i] : 0);
                sc[i] = s;
                yc[i] = xc[i] * POW(s, (real)-beta);
            }
        }
    }
}

/* gi = go * scale^-beta - 2 alpha beta / size * x * sum_{c' : c in window(c')} go y / scale */
static void NN_SFX(lrn_backward)(real *gi, const real *go, const real *x, const real *y, const real *scale, int64_t N,
                                 int64_t C, int64_t S, int64_t size, double alpha, double beta, real *acc,
                                 real *ratio) {
    const int64_t lo = size / 2, hi = (size - 1) / 2;
    const real f = (real)(2 * alpha * beta / size);
    for (int64_t n = 0; n < N; n++) {
        const real *gn = go + n * C * S, *xn = x + n * C * S, *yn = y + n * C * S, *sn = scale + n * C * S;
        real *in = gi + n * C * S;
        for (int64_t c = 0; c < C; c++)
            for (int64_t i = 0; i < S; i++) ratio[c * S + i] = gn[c * S + i] * yn[c * S + i] / sn[c * S + i];
        /* window of c' containing c: c' in [c - hi, c + lo] */
        for (int64_t i = 0; i < S; i++) acc[i] = 0;
        for (int64_t c = 0; c < lo && c < C; c++)
            for (int64_t i = 0; i < S; i++) acc[i] += ratio[c * S + i];
        for (int64_t c = 0; c < C; c++) {
            int64_t add = c + lo, drop = c - hi - 1;
            if (add < C) for (int64_t i = 0; i < S; i++) acc[i] += ratio[add * S + i];
            if (drop >= 0) for (int64_t i = 0; i < S; i++) acc[i] -= ratio[drop * S + i];
            for (int64_t i = 0; i < S; i++)
                in[c * S + i] = gn[c * S + i] * POW(sn[c * S + i], (real)-beta) - f * xn[c * S + i] * acc[i];
        }
    }
}

/* Torch7 Normalize over rows of D: norm = (sum |x|^p + eps)^(1/p), or max |x| + eps for p = inf */
static void NN_SFX(normalize_forward)(real *y, real *norm, const real *x, int64_t N, int64_t D, double p, double eps) {
    for (int64_t n = 0; n < N; n++) {
        const real *xr = x + n * D;
        double s = 0;
        if (isinf(p)) {
            for (int64_t k = 0; k < D; k++) s = fabs((double)xr[k]) > s ? fabs((double)xr[k]) : s;
            s += eps;
        } else if (p == 2) {
            for (int64_t k = 0; k < D; k++) s += (double)xr[k] * xr[k];
            s = sqrt(s + eps);
        } else {
            for (int64_t k = 0; k < D; k++) s += pow(fabs((double)xr[k]), p);
            s = pow(s + eps, 1 / p);
        }
        norm[n] = (real)s;
        for (int64_t k = 0; k < D; k++) y[n * D + k] = (real)(xr[k] / s);
    }
}

static void NN_SFX(normalize_backward)(real *gi, const real *go, const real *x, const real *norm, int64_t N,
                                       int64_t D, double p) {
    for (int64_t n = 0; n < N; n++) {
        const real *xr = x + n * D, *gr = go + n * D;
        double nm = norm[n], dot = 0;
        for (int64_t k = 0; k < D; k++) dot += (double)gr[k] * xr[k];
        if (isinf(p)) {
            int64_t am = 0;
            for (int64_t k = 1; k < D; k++) if (fabs((double)xr[k]) > fabs((double)xr[am])) am = k;
            for (int64_t k = 0; k < D; k++) gi[n * D + k] = (real)(gr[k] / nm);
            if (D > 0) gi[n * D + am] -= (real)(dot / (nm * nm) * (xr[am] > 0 ? 1 : (xr[am] < 0 ? -1 : 0)));
        } else {
            double np1 = pow(nm, p - 1);
            for (int64_t k = 0; k < D; k++) {
                double ax = fabs((double)xr[k]);
                double dn = (p == 2 ? xr[k] : pow(ax, p - 1) * (xr[k] > 0 ? 1 : (xr[k] < 0 ? -1 : 0))) / np1;
                gi[n * D + k] = (real)(gr[k] / nm - dot / (nm * nm) * dn);
            }
        }
    }
}
