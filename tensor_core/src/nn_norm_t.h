/* nn_norm_t.h -- templated batch / layer / group norm bodies (real = float / double).
 * Sums over long rows use NN_LANES independent accumulators so gcc vectorises them without
 * -ffast-math; rows are then combined in double. */
#include "nn_math_t.h"

/* sum(x - K) and sum((x - K)^2) over n elements (K: a shift that keeps the one-pass variance exact). */
static void NN_SFX(row_moments)(const real *x, int64_t n, real K, double *s1, double *s2) {
    real a[NN_LANES] = {0}, b[NN_LANES] = {0};
    int64_t i = 0;
    for (; i + NN_LANES <= n; i += NN_LANES)
        for (int j = 0; j < NN_LANES; j++) { real d = x[i + j] - K; a[j] += d; b[j] += d * d; }
    double r1 = 0, r2 = 0;
    for (int j = 0; j < NN_LANES; j++) { r1 += a[j]; r2 += b[j]; }
    for (; i < n; i++) { double d = (double)x[i] - K; r1 += d; r2 += d * d; }
    *s1 += r1;
    *s2 += r2;
}

/* sum(g) and sum(g * (x - mean)) over n elements */
static void NN_SFX(row_gsums)(const real *g, const real *x, int64_t n, real mean, double *sg, double *sgx) {
    real a[NN_LANES] = {0}, b[NN_LANES] = {0};
    int64_t i = 0;
    for (; i + NN_LANES <= n; i += NN_LANES)
        for (int j = 0; j < NN_LANES; j++) { a[j] += g[i + j]; b[j] += g[i + j] * (x[i + j] - mean); }
    double r1 = 0, r2 = 0;
    for (int j = 0; j < NN_LANES; j++) { r1 += a[j]; r2 += b[j]; }
    for (; i < n; i++) { r1 += g[i]; r2 += (double)g[i] * ((double)x[i] - mean); }
    *sg += r1;
    *sgx += r2;
}

/* Batch norm over (N, C, S).  training: batch stats into mean/invstd (and running stats);
 * otherwise mean/invstd are given (from the running stats). */
static void NN_SFX(bn_forward)(real *y, const real *x, const real *w, const real *b, double *mean, double *invstd,
                               int64_t N, int64_t C, int64_t S, int training, double eps) {
    const int nt = C > 1 ? tc_threads_for(N * C * S) : 1;   /* channels are independent */
    #pragma omp parallel for num_threads(nt) schedule(static) if (nt > 1)
    for (int64_t c = 0; c < C; c++) {
        if (training) {
            real K = x[c * S];
            double s1 = 0, s2 = 0;
            for (int64_t n = 0; n < N; n++) NN_SFX(row_moments)(x + (n * C + c) * S, S, K, &s1, &s2);
            double M = (double)N * S;
            double m1 = s1 / M;
            double var = s2 / M - m1 * m1;
            if (var < 0) var = 0;
            mean[c] = K + m1;
            invstd[c] = 1 / sqrt(var + eps);
        }
        const real a = (real)((w ? w[c] : 1) * invstd[c]);
        const real sh = (real)((b ? b[c] : 0) - mean[c] * (w ? w[c] : 1) * invstd[c]);
        for (int64_t n = 0; n < N; n++) {
            const real *xr = x + (n * C + c) * S;
            real *yr = y + (n * C + c) * S;
            for (int64_t i = 0; i < S; i++) yr[i] = xr[i] * a + sh;
        }
    }
}

/* grads: gi (or NULL), gw/gb accumulated with scale (or NULL). */
static void NN_SFX(bn_backward)(real *gi, real *gw, real *gb, const real *g, const real *x, const real *w,
                                const double *mean, const double *invstd, int64_t N, int64_t C, int64_t S,
                                int training, double scale) {
    double M = (double)N * S;
    const int nt = C > 1 ? tc_threads_for(N * C * S) : 1;
    #pragma omp parallel for num_threads(nt) schedule(static) if (nt > 1)
    for (int64_t c = 0; c < C; c++) {
        double sg = 0, sgx = 0;
        const real mu = (real)mean[c];
        for (int64_t n = 0; n < N; n++) NN_SFX(row_gsums)(g + (n * C + c) * S, x + (n * C + c) * S, S, mu, &sg, &sgx);
        double is = invstd[c], wc = w ? w[c] : 1;
        if (gw) gw[c] += (real)(scale * sgx * is);
        if (gb) gb[c] += (real)(scale * sg);
        if (!gi) continue;
        if (training) {
            /* gi = w*is*(g - sg/M - (x-mu)*is^2*sgx/M) = g*A + x*B + Cc */
            double A = wc * is, B = -wc * is * is * is * sgx / M;
            double Cc = -wc * is * sg / M - B * mean[c];
            const real a = (real)A, bb = (real)B, cc = (real)Cc;
            for (int64_t n = 0; n < N; n++) {
                const real *gr = g + (n * C + c) * S, *xr = x + (n * C + c) * S;
                real *ir = gi + (n * C + c) * S;
                for (int64_t i = 0; i < S; i++) ir[i] = gr[i] * a + xr[i] * bb + cc;
            }
        } else {
            const real a = (real)(wc * is);
            for (int64_t n = 0; n < N; n++) {
                const real *gr = g + (n * C + c) * S;
                real *ir = gi + (n * C + c) * S;
                for (int64_t i = 0; i < S; i++) ir[i] = gr[i] * a;
            }
        }
    }
}

/* Row norm (layer norm: G = 1 group per row, affine index = position; group norm: affine per
 * channel, a row being one (n, group) of Cg channels x S).  rows x (Cg * S), affine index of
 * element k of row r: ((r % G) * Cg + k / S) for group norm, k for layer norm (Cg = K, S = 1). */
static void NN_SFX(rownorm_forward)(real *y, const real *x, const real *w, const real *b, real *mean_out,
                                    real *invstd_out, int64_t rows, int64_t G, int64_t Cg, int64_t S, double eps) {
    int64_t K = Cg * S;
    const int nt = rows > 1 ? tc_threads_for(rows * K) : 1;   /* rows are independent */
    #pragma omp parallel for num_threads(nt) schedule(static) if (nt > 1)
    for (int64_t r = 0; r < rows; r++) {
        const real *xr = x + r * K;
        real *yr = y + r * K;
        double s1 = 0, s2 = 0;
        NN_SFX(row_moments)(xr, K, xr[0], &s1, &s2);
        double m1 = s1 / K, var = s2 / K - m1 * m1;
        if (var < 0) var = 0;
        double mu = xr[0] + m1, is = 1 / sqrt(var + eps);
        mean_out[r] = (real)mu;
        invstd_out[r] = (real)is;
        int64_t cbase = (r % G) * Cg;
        for (int64_t c = 0; c < Cg; c++) {
            double wc = w ? w[cbase + c] : 1, bc = b ? b[cbase + c] : 0;
            if (S == 1) {  /* layer norm: the affine parameters vary per element */
                yr[c] = (real)((xr[c] - mu) * is * wc + bc);
                continue;
            }
            const real a = (real)(wc * is), sh = (real)(bc - mu * wc * is);
            const real *xc = xr + c * S;
            real *yc = yr + c * S;
            for (int64_t i = 0; i < S; i++) yc[i] = xc[i] * a + sh;
        }
    }
}

static void NN_SFX(rownorm_backward)(real *gi, real *gw, real *gb, const real *g, const real *x, const real *w,
                                     const real *mean, const real *invstd, int64_t rows, int64_t G, int64_t Cg,
                                     int64_t S, double scale) {
    int64_t K = Cg * S;
    for (int64_t r = 0; r < rows; r++) {
        const real *xr = x + r * K, *gr = g + r * K;
        double mu = mean[r], is = invstd[r];
        int64_t cbase = (r % G) * Cg;
        /* sums of gw_hat = g*w and gw_hat * xhat over the row; affine grads per channel */
        double s_a = 0, s_b = 0;
        for (int64_t c = 0; c < Cg; c++) {
            double wc = w ? w[cbase + c] : 1;
            double sg = 0, sgx = 0;
            const real *gc = gr + c * S, *xc = xr + c * S;
            for (int64_t i = 0; i < S; i++) { sg += gc[i]; sgx += (double)gc[i] * ((double)xc[i] - mu); }
            if (gw) gw[cbase + c] += (real)(scale * sgx * is);
            if (gb) gb[cbase + c] += (real)(scale * sg);
            s_a += wc * sg;
            s_b += wc * sgx * is;
        }
        if (!gi) continue;
        real *ir = gi + r * K;
        double ma = s_a / K, mb = s_b / K;
        for (int64_t c = 0; c < Cg; c++) {
            double wc = w ? w[cbase + c] : 1;
            const real *gc = gr + c * S, *xc = xr + c * S;
            real *ic = ir + c * S;
            const real A = (real)(is * wc), B = (real)(-is * is * mb), Cc = (real)(-is * ma + is * is * mb * mu);
            for (int64_t i = 0; i < S; i++) ic[i] = gc[i] * A + xc[i] * B + Cc;
        }
    }
}
