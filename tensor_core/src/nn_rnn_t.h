/* nn_rnn_t.h -- templated LSTM / GRU cell pointwise parts and GEMM calls (real = float / double). */
#include "nn_math_t.h"

static inline real NN_SFX(sigm)(real x) { return 1 / (1 + VEXP(-x)); }
static inline real NN_SFX(vtanh)(real x) { return VTANH(x); }

/* gates (B, 4H) pre-activation in, activated i, f, g, o out (in place); c' and h'. */
static void NN_SFX(lstm_pointwise)(real *gates, const real *cx, real *cy, real *hy, int64_t B, int64_t H) {
    for (int64_t b = 0; b < B; b++) {
        real *gi = gates + b * 4 * H, *gf = gi + H, *gg = gf + H, *go = gg + H;
        const real *c = cx + b * H;
        real *c2 = cy + b * H, *h2 = hy + b * H;
        for (int64_t k = 0; k < H; k++) {
            real i = NN_SFX(sigm)(gi[k]), f = NN_SFX(sigm)(gf[k]), g = NN_SFX(vtanh)(gg[k]), o = NN_SFX(sigm)(go[k]);
            gi[k] = i; gf[k] = f; gg[k] = g; go[k] = o;
            real cn = f * c[k] + i * g;
            c2[k] = cn;
            h2[k] = o * NN_SFX(vtanh)(cn);
        }
    }
}

/* dgates (B, 4H) from the saved activated gates; dcx written. gh / gc may be NULL (zero). */
static void NN_SFX(lstm_pointwise_bwd)(real *dg, real *dcx, const real *gates, const real *cx, const real *cy,
                                       const real *gh, const real *gc, int64_t B, int64_t H) {
    for (int64_t b = 0; b < B; b++) {
        const real *gi = gates + b * 4 * H, *gf = gi + H, *gg = gf + H, *go = gg + H;
        real *di = dg + b * 4 * H, *df = di + H, *dgg = df + H, *dO = dgg + H;
        for (int64_t k = 0; k < H; k++) {
            real i = gi[k], f = gf[k], g = gg[k], o = go[k];
            real tc = NN_SFX(vtanh)(cy[b * H + k]);
            real dh = gh ? gh[b * H + k] : 0;
            real dc = (gc ? gc[b * H + k] : 0) + dh * o * (1 - tc * tc);
            di[k] = dc * g * i * (1 - i);
            df[k] = dc * cx[b * H + k] * f * (1 - f);
            dgg[k] = dc * i * (1 - g * g);
            dO[k] = dh * tc * o * (1 - o);
            dcx[b * H + k] = dc * f;
        }
    }
}

/* GRU: gi = x W_ih^T + b_ih and gh = h W_hh^T + b_hh, both (B, 3H); ws (B, 4H) keeps r, z, n, hn. */
static void NN_SFX(gru_pointwise)(const real *gi, const real *gh, const real *hx, real *hy, real *ws, int64_t B,
                                  int64_t H) {
    for (int64_t b = 0; b < B; b++) {
        const real *xi = gi + b * 3 * H, *hh = gh + b * 3 * H;
        real *w = ws + b * 4 * H;
        for (int64_t k = 0; k < H; k++) {
            real r = NN_SFX(sigm)(xi[k] + hh[k]);
            real z = NN_SFX(sigm)(xi[H + k] + hh[H + k]);
            real hn = hh[2 * H + k];
            real n = NN_SFX(vtanh)(xi[2 * H + k] + r * hn);
            w[k] = r; w[H + k] = z; w[2 * H + k] = n; w[3 * H + k] = hn;
            hy[b * H + k] = (1 - z) * n + z * hx[b * H + k];
        }
    }
}

/* d_gi, d_gh (B, 3H) and the direct part of d hx. */
static void NN_SFX(gru_pointwise_bwd)(real *dgi, real *dgh, real *dhx, const real *ws, const real *hx,
                                      const real *gh_out, int64_t B, int64_t H) {
    for (int64_t b = 0; b < B; b++) {
        const real *w = ws + b * 4 * H;
        real *di = dgi + b * 3 * H, *dh = dgh + b * 3 * H;
        for (int64_t k = 0; k < H; k++) {
            real r = w[k], z = w[H + k], n = w[2 * H + k], hn = w[3 * H + k];
            real g = gh_out[b * H + k];
            real dN = g * (1 - z) * (1 - n * n);
            real dZ = g * (hx[b * H + k] - n) * z * (1 - z);
            real dR = dN * hn * r * (1 - r);
            di[k] = dR; di[H + k] = dZ; di[2 * H + k] = dN;
            dh[k] = dR; dh[H + k] = dZ; dh[2 * H + k] = dN * r;
            dhx[b * H + k] = g * z;
        }
    }
}

/* out (B, G) = x (B, K) W^T (W: G x K) [+ beta out] [+ bias] */
static void NN_SFX(linear_acc)(real *out, const real *x, const real *W, const real *bias, int64_t B, int64_t G,
                               int64_t K, real beta) {
    if (!W) {   /* x already holds x W^T for these gates (K == G): the caller batched the GEMM */
        for (int64_t b = 0; b < B; b++)
            for (int64_t j = 0; j < G; j++)
                out[b * G + j] = (beta != 0 ? beta * out[b * G + j] : 0) + x[b * G + j] + (bias ? bias[j] : 0);
        return;
    }
    if (bias && beta == 0) {
        for (int64_t b = 0; b < B; b++) memcpy(out + b * G, bias, sizeof(real) * G);
        beta = 1;
    } else if (bias) {
        for (int64_t b = 0; b < B; b++)
            for (int64_t j = 0; j < G; j++) out[b * G + j] += bias[j];
    }
    NN_GEMM(0, 1, B, G, K, 1, x, K, W, K, beta, out, G);
}

/* grad_x (B, K) (+)= d (B, G) W (G, K);  gW (G, K) += scale d^T x;  gb (G) += scale sum_b d */
static void NN_SFX(linear_bwd)(real *gx, real gx_beta, real *gW, real *gb, const real *d, const real *x,
                               const real *W, int64_t B, int64_t G, int64_t K, double scale) {
    if (!W) {   /* precomputed input gates: their gradient is d itself */
        if (gx)
            for (int64_t i = 0; i < B * G; i++) gx[i] = (gx_beta != 0 ? gx_beta * gx[i] : 0) + d[i];
    } else if (gx) {
        NN_GEMM(0, 0, B, K, G, 1, d, G, W, K, gx_beta, gx, K);
    }
    if (gW && W) NN_GEMM(1, 0, G, K, B, (real)scale, d, G, x, K, 1, gW, K);
    if (gb)
        for (int64_t b = 0; b < B; b++)
            for (int64_t j = 0; j < G; j++) gb[j] += (real)(scale * d[b * G + j]);
}
