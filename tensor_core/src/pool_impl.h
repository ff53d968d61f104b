/* pool_impl.h -- element-type template for pool.c (T and FN(name) defined by the includer).
 * Every kernel walks planes (N*C of them) of a 3-D geometry; windows are clamped to the input once
 * per output position, so the innermost loops carry no bounds tests. */

/* first index >= 0 reachable from `start` in steps of d, and the end bound (exclusive) */
static inline void FN(win)(int64_t start, int64_t k, int64_t d, int64_t n, int64_t *lo, int64_t *hi) {
    int64_t l = start, h = start + (k - 1) * d + 1;
    if (l < 0) l += ((-l + d - 1) / d) * d;
    if (h > n) h = n;
    *lo = l;
    *hi = h;
}

static void FN(max_pool)(const T *x, T *y, int64_t *ind, const pgeo *g, int64_t base) {
    const int64_t pin = g->in[0] * g->in[1] * g->in[2], pout = g->out[0] * g->out[1] * g->out[2];
    const int64_t H = g->in[1], W = g->in[2];
#pragma omp parallel for if (g->planes * pout * g->k[0] * g->k[1] * g->k[2] > TC_PARALLEL_GRAIN && tc_get_num_threads() > 1) num_threads(tc_get_num_threads())
    for (int64_t pl = 0; pl < g->planes; pl++) {
        const T *xp = x + pl * pin;
        T *yp = y + pl * pout;
        int64_t *ip = ind + pl * pout;
        for (int64_t od = 0; od < g->out[0]; od++) {
            int64_t d0, d1;
            FN(win)(od * g->s[0] - g->p[0], g->k[0], g->d[0], g->in[0], &d0, &d1);
            for (int64_t oh = 0; oh < g->out[1]; oh++) {
                int64_t h0, h1;
                FN(win)(oh * g->s[1] - g->p[1], g->k[1], g->d[1], g->in[1], &h0, &h1);
                for (int64_t ow = 0; ow < g->out[2]; ow++) {
                    int64_t w0, w1;
                    FN(win)(ow * g->s[2] - g->p[2], g->k[2], g->d[2], W, &w0, &w1);
                    int64_t best_i = (d0 * H + h0) * W + w0;
                    T best = -INFINITY;
                    for (int64_t id = d0; id < d1; id += g->d[0])
                        for (int64_t ih = h0; ih < h1; ih += g->d[1]) {
                            const T *row = xp + (id * H + ih) * W;
                            for (int64_t iw = w0; iw < w1; iw += g->d[2]) {
                                T v = row[iw];
                                if (v > best || v != v) {
                                    best = v;
                                    best_i = (id * H + ih) * W + iw;
                                    if (v != v) goto done;   /* NaN propagates, first one wins */
                                }
                            }
                        }
                done:;
                    int64_t o = (od * g->out[1] + oh) * g->out[2] + ow;
                    yp[o] = best;
                    ip[o] = best_i + base;
                }
            }
        }
    }
}

/* 2-D, no padding or dilation, window inside the input (the common case): lighter loop */
static void FN(max_pool2d_plain)(const T *x, T *y, int64_t *ind, const pgeo *g, int64_t base) {
    const int64_t H = g->in[1], W = g->in[2], OH = g->out[1], OW = g->out[2];
    const int64_t kh = g->k[1], kw = g->k[2], sh = g->s[1], sw = g->s[2];
#pragma omp parallel for if (g->planes * OH * OW * kh * kw > TC_PARALLEL_GRAIN && tc_get_num_threads() > 1) num_threads(tc_get_num_threads())
    for (int64_t pl = 0; pl < g->planes; pl++) {
        const T *xp = x + pl * H * W;
        T *yp = y + pl * OH * OW;
        int64_t *ip = ind + pl * OH * OW;
        for (int64_t oh = 0; oh < OH; oh++) {
            int64_t h0 = oh * sh, h1 = TC_MIN(h0 + kh, H);
            for (int64_t ow = 0; ow < OW; ow++) {
                int64_t w0 = ow * sw, w1 = TC_MIN(w0 + kw, W);
                T best = xp[h0 * W + w0];
                int64_t bi = h0 * W + w0;
                if (best == best)
                    for (int64_t ih = h0; ih < h1; ih++) {
                        const T *row = xp + ih * W;
                        for (int64_t iw = w0; iw < w1; iw++) {
                            T v = row[iw];
                            if (v > best || v != v) {
                                best = v;
                                bi = ih * W + iw;
                                if (v != v) goto done;
                            }
                        }
                    }
            done:
                yp[oh * OW + ow] = best;
                ip[oh * OW + ow] = bi + base;
            }
        }
    }
}

/* gx[plane][ind] += gy (indices already validated); parallel over planes */
static void FN(index_scatter_add)(T *gx, const T *gy, const int64_t *ind, int64_t planes, int64_t pin, int64_t pout,
                                  int64_t base, int assign) {
#pragma omp parallel for if (planes * pout > TC_PARALLEL_GRAIN && tc_get_num_threads() > 1) num_threads(tc_get_num_threads())
    for (int64_t pl = 0; pl < planes; pl++) {
        T *gp = gx + pl * pin;
        const T *yp = gy + pl * pout;
        const int64_t *ip = ind + pl * pout;
        if (assign)  /* max unpooling: duplicates (overlapping windows) carry the same value */
            for (int64_t o = 0; o < pout; o++) gp[ip[o] - base] = yp[o];
        else
            for (int64_t o = 0; o < pout; o++) gp[ip[o] - base] += yp[o];
    }
}

/* y[o] = x[plane][ind[o]]: max unpooling's backward */
static void FN(index_gather)(T *y, const T *x, const int64_t *ind, int64_t planes, int64_t px, int64_t py, int64_t base) {
#pragma omp parallel for if (planes * py > TC_PARALLEL_GRAIN && tc_get_num_threads() > 1) num_threads(tc_get_num_threads())
    for (int64_t pl = 0; pl < planes; pl++) {
        const T *xp = x + pl * px;
        T *yp = y + pl * py;
        const int64_t *ip = ind + pl * py;
        for (int64_t o = 0; o < py; o++) yp[o] = xp[ip[o] - base];
    }
}

/* the average-pooling divisor of one window, PyTorch's rule */
static inline int64_t FN(avg_div)(const pgeo *g, int64_t od, int64_t oh, int64_t ow, int64_t *b0, int64_t *b1) {
    int64_t o3[3] = {od, oh, ow}, full = 1, clipped = 1;
    for (int i = 0; i < 3; i++) {
        int64_t st = o3[i] * g->s[i] - g->p[i];
        int64_t en = TC_MIN(st + g->k[i], g->in[i] + g->p[i]);
        full *= en - st;
        st = TC_MAX(st, 0);
        en = TC_MIN(en, g->in[i]);
        b0[i] = st;
        b1[i] = en;
        clipped *= en > st ? en - st : 0;
    }
    if (g->divisor_override) return g->divisor_override;
    return g->count_include_pad ? full : clipped;
}

/* mode 0: average forward, 1: average backward (gx += gy / div over the window) */
static void FN(avg_pool)(const T *src, T *dst, const pgeo *g, int backward) {
    const int64_t pin = g->in[0] * g->in[1] * g->in[2], pout = g->out[0] * g->out[1] * g->out[2];
    const int64_t H = g->in[1], W = g->in[2];
#pragma omp parallel for if (g->planes * pout * g->k[0] * g->k[1] * g->k[2] > TC_PARALLEL_GRAIN && tc_get_num_threads() > 1) num_threads(tc_get_num_threads())
    for (int64_t pl = 0; pl < g->planes; pl++) {
        for (int64_t od = 0; od < g->out[0]; od++)
            for (int64_t oh = 0; oh < g->out[1]; oh++)
                for (int64_t ow = 0; ow < g->out[2]; ow++) {
                    int64_t b0[3], b1[3];
                    int64_t div = FN(avg_div)(g, od, oh, ow, b0, b1);
                    int64_t o = (od * g->out[1] + oh) * g->out[2] + ow;
                    if (!backward) {
                        const T *xp = src + pl * pin;
                        T acc = 0;
                        for (int64_t id = b0[0]; id < b1[0]; id++)
                            for (int64_t ih = b0[1]; ih < b1[1]; ih++) {
                                const T *row = xp + (id * H + ih) * W;
                                for (int64_t iw = b0[2]; iw < b1[2]; iw++) acc += row[iw];
                            }
                        dst[pl * pout + o] = div ? acc / (T)div : (T)NAN;
                    } else {
                        T *gp = dst + pl * pin;
                        T v = div ? src[pl * pout + o] / (T)div : (T)NAN;
                        for (int64_t id = b0[0]; id < b1[0]; id++)
                            for (int64_t ih = b0[1]; ih < b1[1]; ih++) {
                                T *row = gp + (id * H + ih) * W;
                                for (int64_t iw = b0[2]; iw < b1[2]; iw++) row[iw] += v;
                            }
                    }
                }
    }
}

static inline int64_t FN(ad_start)(int64_t o, int64_t in, int64_t out) { return (o * in) / out; }
static inline int64_t FN(ad_end)(int64_t o, int64_t in, int64_t out) { return ((o + 1) * in + out - 1) / out; }

/* mode 0: adaptive average forward, 1: its backward, 2: adaptive max forward */
static void FN(adaptive_pool)(const T *src, T *dst, int64_t *ind, const pgeo *g, int mode, int64_t base) {
    const int64_t pin = g->in[0] * g->in[1] * g->in[2], pout = g->out[0] * g->out[1] * g->out[2];
    const int64_t H = g->in[1], W = g->in[2];
#pragma omp parallel for if (g->planes * pin > TC_PARALLEL_GRAIN && tc_get_num_threads() > 1) num_threads(tc_get_num_threads())
    for (int64_t pl = 0; pl < g->planes; pl++) {
        for (int64_t od = 0; od < g->out[0]; od++) {
            int64_t d0 = FN(ad_start)(od, g->in[0], g->out[0]), d1 = FN(ad_end)(od, g->in[0], g->out[0]);
            for (int64_t oh = 0; oh < g->out[1]; oh++) {
                int64_t h0 = FN(ad_start)(oh, H, g->out[1]), h1 = FN(ad_end)(oh, H, g->out[1]);
                for (int64_t ow = 0; ow < g->out[2]; ow++) {
                    int64_t w0 = FN(ad_start)(ow, W, g->out[2]), w1 = FN(ad_end)(ow, W, g->out[2]);
                    int64_t o = pl * pout + (od * g->out[1] + oh) * g->out[2] + ow;
                    int64_t cnt = (d1 - d0) * (h1 - h0) * (w1 - w0);
                    if (mode == 0) {
                        const T *xp = src + pl * pin;
                        T acc = 0;
                        for (int64_t id = d0; id < d1; id++)
                            for (int64_t ih = h0; ih < h1; ih++)
                                for (int64_t iw = w0; iw < w1; iw++) acc += xp[(id * H + ih) * W + iw];
                        dst[o] = acc / (T)cnt;
                    } else if (mode == 1) {
                        T *gp = dst + pl * pin;
                        T v = src[o] / (T)cnt;
                        for (int64_t id = d0; id < d1; id++)
                            for (int64_t ih = h0; ih < h1; ih++)
                                for (int64_t iw = w0; iw < w1; iw++) gp[(id * H + ih) * W + iw] += v;
                    } else {
                        const T *xp = src + pl * pin;
                        T best = -INFINITY;
                        int64_t bi = (d0 * H + h0) * W + w0;
                        for (int64_t id = d0; id < d1; id++)
                            for (int64_t ih = h0; ih < h1; ih++)
                                for (int64_t iw = w0; iw < w1; iw++) {
                                    T v = xp[(id * H + ih) * W + iw];
                                    if (v > best || v != v) {
                                        best = v;
                                        bi = (id * H + ih) * W + iw;
                                        if (v != v) goto done;
                                    }
                                }
                    done:
                        dst[o] = best;
                        ind[o] = bi + base;
                    }
                }
            }
        }
    }
}

/* LP pooling: s = (sum of x^p over the clipped window) * (window size / clipped size), y = s^(1/p).
 * backward: gx += gy * (y / s) * x^(p-1) * (window / clipped)  (0 where s == 0) */
static void FN(lp_pool)(const T *x, T *y, const T *gy, T *gx, const pgeo *g, double p, int backward) {
    const int64_t pin = g->in[0] * g->in[1] * g->in[2], pout = g->out[0] * g->out[1] * g->out[2];
    const int64_t H = g->in[1], W = g->in[2], kk = g->k[0] * g->k[1] * g->k[2];
    const T tp = (T)p, inv = (T)(1.0 / p);
#pragma omp parallel for if (g->planes * pout * kk > TC_PARALLEL_GRAIN && tc_get_num_threads() > 1) num_threads(tc_get_num_threads())
    for (int64_t pl = 0; pl < g->planes; pl++) {
        const T *xp = x + pl * pin;
        for (int64_t od = 0; od < g->out[0]; od++)
            for (int64_t oh = 0; oh < g->out[1]; oh++)
                for (int64_t ow = 0; ow < g->out[2]; ow++) {
                    int64_t b0[3], b1[3];
                    int64_t cnt = FN(avg_div)(g, od, oh, ow, b0, b1);
                    int64_t o = pl * pout + (od * g->out[1] + oh) * g->out[2] + ow;
                    T factor = (T)kk / (T)cnt;
                    if (!backward) {
                        T acc = 0;
                        for (int64_t id = b0[0]; id < b1[0]; id++)
                            for (int64_t ih = b0[1]; ih < b1[1]; ih++)
                                for (int64_t iw = b0[2]; iw < b1[2]; iw++) acc += pow(xp[(id * H + ih) * W + iw], tp);
                        y[o] = (T)pow(acc * factor, inv);
                    } else {
                        T yo = y[o];
                        T s = (T)pow(yo, tp);
                        if (s == 0) continue;
                        T coef = gy[o] * yo / s * factor;
                        T *gp = gx + pl * pin;
                        for (int64_t id = b0[0]; id < b1[0]; id++)
                            for (int64_t ih = b0[1]; ih < b1[1]; ih++)
                                for (int64_t iw = b0[2]; iw < b1[2]; iw++) {
                                    int64_t i = (id * H + ih) * W + iw;
                                    gp[i] += coef * (T)pow(xp[i], tp - 1);
                                }
                    }
                }
    }
}

/* Fractional max pooling's window starts for one dim (PyTorch/Torch7 interval rule, in T precision). */
static void FN(frac_intervals)(int64_t *seq, T sample, int64_t in, int64_t out, int64_t k) {
    if (out > 1) {
        T alpha = (T)(in - k) / (T)(out - 1);
        for (int64_t i = 0; i < out - 1; i++) seq[i] = (int64_t)((i + sample) * alpha) - (int64_t)(sample * alpha);
    }
    seq[out - 1] = in - k;
}

/* samples: planes x nsp values in [0, 1); dim order as PyTorch: 2-D (w, h), 3-D (t, h, w). */
static void FN(frac_max_pool)(const T *x, T *y, int64_t *ind, const T *samples, const pgeo *g, int nsp, int64_t *seqbuf,
                              int64_t base) {
    const int64_t pin = g->in[0] * g->in[1] * g->in[2], pout = g->out[0] * g->out[1] * g->out[2];
    const int64_t H = g->in[1], W = g->in[2], nseq = g->out[0] + g->out[1] + g->out[2];
#pragma omp parallel for if (g->planes * pout * g->k[0] * g->k[1] * g->k[2] > TC_PARALLEL_GRAIN && tc_get_num_threads() > 1) num_threads(tc_get_num_threads())
    for (int64_t pl = 0; pl < g->planes; pl++) {
        int64_t *sq[3];
        sq[0] = seqbuf + pl * nseq;
        sq[1] = sq[0] + g->out[0];
        sq[2] = sq[1] + g->out[1];
        for (int i = 0; i < 3; i++) {
            int ci = i - (3 - nsp);   /* caller's dim index, -1 for padded dims */
            int si = ci < 0 ? -1 : (nsp == 2 ? 1 - ci : ci);
            if (si < 0) { sq[i][0] = 0; continue; }
            FN(frac_intervals)(sq[i], samples[pl * nsp + si], g->in[i], g->out[i], g->k[i]);
        }
        const T *xp = x + pl * pin;
        for (int64_t od = 0; od < g->out[0]; od++)
            for (int64_t oh = 0; oh < g->out[1]; oh++)
                for (int64_t ow = 0; ow < g->out[2]; ow++) {
                    int64_t d0 = sq[0][od], h0 = sq[1][oh], w0 = sq[2][ow];
                    T best = -INFINITY;
                    int64_t bi = (d0 * H + h0) * W + w0;
                    for (int64_t id = d0; id < d0 + g->k[0]; id++)
                        for (int64_t ih = h0; ih < h0 + g->k[1]; ih++)
                            for (int64_t iw = w0; iw < w0 + g->k[2]; iw++) {
                                T v = xp[(id * H + ih) * W + iw];
                                if (v > best || v != v) {
                                    best = v;
                                    bi = (id * H + ih) * W + iw;
                                    if (v != v) goto done;
                                }
                            }
                done:;
                    int64_t o = pl * pout + (od * g->out[1] + oh) * g->out[2] + ow;
                    y[o] = best;
                    ind[o] = bi + base;
                }
    }
}
