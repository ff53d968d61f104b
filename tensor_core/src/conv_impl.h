/* conv_impl.h -- element-type template for conv.c: included once per type with T (the C type),
 * FN(name) (suffixing) and GEMM (tc_gemm_f32 / tc_gemm_f64) defined.
 *
 * Column layout: rows are (c, kd, kh, kw) in that order, columns the grid positions (gd, gh, gw);
 * the "image" is the tensor the kernel slides over (the input of a convolution, the output of a
 * transposed one) and the "grid" the positions it visits. */

/* grid positions g (0..n_grid) with g*s + off inside [0, n_img): [*lo, *hi) */
static inline void FN(valid_range)(int64_t off, int64_t s, int64_t n_img, int64_t n_grid, int64_t *lo, int64_t *hi) {
    int64_t l = off >= 0 ? 0 : (-off + s - 1) / s;
    int64_t h = (n_img - 1 - off) < 0 ? 0 : (n_img - 1 - off) / s + 1;
    if (h > n_grid) h = n_grid;
    if (l > h) l = h;
    *lo = l;
    *hi = h;
}

/* Columns for grid rows q in [q0, q1) (q = gd * grid[1] + gh): cols is (C*kk) x ((q1-q0)*grid[2]).
 * Working on a few grid rows at a time keeps the column block in L2 while GEMM reads it. */
static void FN(im2col)(const T *x, const cgeo *g, int64_t q0, int64_t q1, T *cols) {
    const int64_t Lc = (q1 - q0) * g->grid[2];
    const int64_t plane_in = g->img[0] * g->img[1] * g->img[2];
    const int64_t kk = g->k[0] * g->k[1] * g->k[2];
    const int64_t rows = g->C * kk;
#pragma omp parallel for if (rows * Lc > 4 * TC_PARALLEL_GRAIN && tc_get_num_threads() > 1) num_threads(tc_get_num_threads())
    for (int64_t r = 0; r < rows; r++) {
        int64_t c = r / kk, rem = r % kk;
        int64_t kd = rem / (g->k[1] * g->k[2]), kh = (rem / g->k[2]) % g->k[1], kw = rem % g->k[2];
        T *dst = cols + r * Lc;
        const T *xc = x + c * plane_in;
        int64_t offw = kw * g->d[2] - g->p[2], lo, hi;
        FN(valid_range)(offw, g->s[2], g->img[2], g->grid[2], &lo, &hi);
        for (int64_t q = q0; q < q1; q++) {
            int64_t gd = q / g->grid[1], gh = q % g->grid[1];
            int64_t id = gd * g->s[0] - g->p[0] + kd * g->d[0];
            T *drow = dst + (q - q0) * g->grid[2];
            int64_t ih = gh * g->s[1] - g->p[1] + kh * g->d[1];
            if (id < 0 || id >= g->img[0] || ih < 0 || ih >= g->img[1]) {
                memset(drow, 0, sizeof(T) * g->grid[2]);
                continue;
            }
            const T *src = xc + (id * g->img[1] + ih) * g->img[2] + offw;
            for (int64_t w = 0; w < lo; w++) drow[w] = 0;
            if (g->s[2] == 1) {
                memcpy(drow + lo, src + lo, sizeof(T) * (hi - lo));
            } else {
                const int64_t sw = g->s[2];
                for (int64_t w = lo; w < hi; w++) drow[w] = src[w * sw];
            }
            for (int64_t w = hi; w < g->grid[2]; w++) drow[w] = 0;
        }
    }
}

/* x += col2im(cols) for grid rows [q0, q1); parallel over channels (each owns its image plane). */
static void FN(col2im)(const T *cols, const cgeo *g, int64_t q0, int64_t q1, T *x) {
    const int64_t Lc = (q1 - q0) * g->grid[2];
    const int64_t plane_in = g->img[0] * g->img[1] * g->img[2];
    const int64_t kk = g->k[0] * g->k[1] * g->k[2];
#pragma omp parallel for if (g->C * kk * Lc > 4 * TC_PARALLEL_GRAIN && g->C > 1 && tc_get_num_threads() > 1) num_threads(tc_get_num_threads())
    for (int64_t c = 0; c < g->C; c++) {
        T *xc = x + c * plane_in;
        for (int64_t rem = 0; rem < kk; rem++) {
            int64_t kd = rem / (g->k[1] * g->k[2]), kh = (rem / g->k[2]) % g->k[1], kw = rem % g->k[2];
            const T *srcr = cols + (c * kk + rem) * Lc;
            int64_t offw = kw * g->d[2] - g->p[2], lo, hi;
            FN(valid_range)(offw, g->s[2], g->img[2], g->grid[2], &lo, &hi);
            for (int64_t q = q0; q < q1; q++) {
                int64_t gd = q / g->grid[1], gh = q % g->grid[1];
                int64_t id = gd * g->s[0] - g->p[0] + kd * g->d[0];
                int64_t ih = gh * g->s[1] - g->p[1] + kh * g->d[1];
                if (id < 0 || id >= g->img[0] || ih < 0 || ih >= g->img[1]) continue;
                const T *s = srcr + (q - q0) * g->grid[2];
                T *dst = xc + (id * g->img[1] + ih) * g->img[2] + offw;
                if (g->s[2] == 1) {
                    for (int64_t w = lo; w < hi; w++) dst[w] += s[w];
                } else {
                    const int64_t sw = g->s[2];
                    for (int64_t w = lo; w < hi; w++) dst[w * sw] += s[w];
                }
            }
        }
    }
}

/* grid rows per column block: about CONV_BLOCK_BYTES of columns, at least one row */
static inline int64_t FN(rows_per_block)(const cgeo *g) {
    int64_t per_row = g->C * g->k[0] * g->k[1] * g->k[2] * g->grid[2] * (int64_t)sizeof(T);
    int64_t r = per_row > 0 ? CONV_BLOCK_BYTES / per_row : 1;
    return r < 1 ? 1 : r;
}

static int FN(is_pointwise)(const cgeo *g) {
    for (int i = 0; i < 3; i++)
        if (g->k[i] != 1 || g->s[i] != 1 || g->p[i] != 0) return 0;
    return 1;
}

/* ---- convolution: image = input (Cin planes), grid = output ----------------------------------
 * Every driver walks blocks of grid rows [q0, q1) of Lc columns; `off` = q0 * grid[2] is where the
 * block starts inside a plane of L grid positions. */
#define BLOCK_LOOP(g)                                                                     \
    const int64_t Q = (g)->grid[0] * (g)->grid[1], QB = FN(rows_per_block)(g);            \
    for (int64_t q0 = 0; q0 < Q; q0 += QB)                                                 \
        for (int64_t q1 = TC_MIN(Q, q0 + QB), Lc = (q1 - q0) * (g)->grid[2], off = q0 * (g)->grid[2], once = 1; once; once = 0)

/* y[n] (Cout x L) = W_g (Cout_g x Kg) * cols_g (Kg x L) + b */
static void FN(conv_fwd)(T *y, const T *x, const T *w, const T *b, const cgeo *g, int64_t N, int64_t Cout,
                         int64_t groups, T *cols) {
    const int64_t L = g->grid[0] * g->grid[1] * g->grid[2];
    const int64_t plane_in = g->img[0] * g->img[1] * g->img[2];
    const int64_t kk = g->k[0] * g->k[1] * g->k[2];
    const int64_t Cg = g->C / groups, Og = Cout / groups, Kg = Cg * kk;
    const int pw = FN(is_pointwise)(g);
    for (int64_t n = 0; n < N; n++) {
        const T *xn = x + n * g->C * plane_in;
        T *yn = y + n * Cout * L;
        if (pw) {
            for (int64_t gi = 0; gi < groups; gi++)
                GEMM(0, 0, Og, L, Kg, 1, w + gi * Og * Kg, Kg, xn + gi * Kg * L, L, 0, yn + gi * Og * L, L);
        } else {
            BLOCK_LOOP(g) {
                FN(im2col)(xn, g, q0, q1, cols);
                for (int64_t gi = 0; gi < groups; gi++)
                    GEMM(0, 0, Og, Lc, Kg, 1, w + gi * Og * Kg, Kg, cols + gi * Kg * Lc, Lc, 0, yn + gi * Og * L + off, L);
            }
        }
        if (b)
            for (int64_t o = 0; o < Cout; o++) {
                const T bo = b[o];
                T *yo = yn + o * L;
                for (int64_t l = 0; l < L; l++) yo[l] += bo;
            }
    }
}

/* gx[n] = col2im(W_g^T * gy_g) */
static void FN(conv_bwd_in)(T *gx, const T *gy, const T *w, const cgeo *g, int64_t N, int64_t Cout,
                            int64_t groups, T *cols) {
    const int64_t L = g->grid[0] * g->grid[1] * g->grid[2];
    const int64_t plane_in = g->img[0] * g->img[1] * g->img[2];
    const int64_t kk = g->k[0] * g->k[1] * g->k[2];
    const int64_t Cg = g->C / groups, Og = Cout / groups, Kg = Cg * kk;
    const int pw = FN(is_pointwise)(g);
    for (int64_t n = 0; n < N; n++) {
        T *gxn = gx + n * g->C * plane_in;
        const T *gyn = gy + n * Cout * L;
        if (pw) {
            for (int64_t gi = 0; gi < groups; gi++)
                GEMM(1, 0, Kg, L, Og, 1, w + gi * Og * Kg, Kg, gyn + gi * Og * L, L, 0, gxn + gi * Kg * L, L);
            continue;
        }
        memset(gxn, 0, sizeof(T) * g->C * plane_in);
        BLOCK_LOOP(g) {
            for (int64_t gi = 0; gi < groups; gi++)
                GEMM(1, 0, Kg, Lc, Og, 1, w + gi * Og * Kg, Kg, gyn + gi * Og * L + off, L, 0, cols + gi * Kg * Lc, Lc);
            FN(col2im)(cols, g, q0, q1, gxn);
        }
    }
}

/* gw_g += scale * gy_g (Og x L) * cols_g^T (L x Kg) */
static void FN(conv_bwd_w)(T *gw, const T *x, const T *gy, const cgeo *g, int64_t N, int64_t Cout,
                           int64_t groups, T scale, T *cols) {
    const int64_t L = g->grid[0] * g->grid[1] * g->grid[2];
    const int64_t plane_in = g->img[0] * g->img[1] * g->img[2];
    const int64_t kk = g->k[0] * g->k[1] * g->k[2];
    const int64_t Cg = g->C / groups, Og = Cout / groups, Kg = Cg * kk;
    const int pw = FN(is_pointwise)(g);
    for (int64_t n = 0; n < N; n++) {
        const T *xn = x + n * g->C * plane_in;
        const T *gyn = gy + n * Cout * L;
        if (pw) {
            for (int64_t gi = 0; gi < groups; gi++)
                GEMM(0, 1, Og, Kg, L, scale, gyn + gi * Og * L, L, xn + gi * Kg * L, L, 1, gw + gi * Og * Kg, Kg);
            continue;
        }
        BLOCK_LOOP(g) {
            FN(im2col)(xn, g, q0, q1, cols);
            for (int64_t gi = 0; gi < groups; gi++)
                GEMM(0, 1, Og, Kg, Lc, scale, gyn + gi * Og * L + off, L, cols + gi * Kg * Lc, Lc, 1, gw + gi * Og * Kg, Kg);
        }
    }
}

/* gb[o] += scale * sum over n and positions of gy[n, o, :] (double accumulation) */
static void FN(bias_grad)(T *gb, const T *gy, int64_t N, int64_t Cout, int64_t L, double scale) {
    for (int64_t o = 0; o < Cout; o++) {
        double acc = 0;
        for (int64_t n = 0; n < N; n++) {
            const T *p = gy + (n * Cout + o) * L;
            T part = 0;
            for (int64_t l = 0; l < L; l++) part += p[l];
            acc += part;
        }
        gb[o] += (T)(scale * acc);
    }
}

/* ---- transposed convolution: image = output (Cout planes), grid = input ----------------------
 * weight (Cin, Cout_g * kk) per group rows; cols_g (Cout_g*kk x L) = W_g^T * x_g; y = col2im(cols) */
static void FN(convt_fwd)(T *y, const T *x, const T *w, const T *b, const cgeo *g, int64_t N, int64_t Cin,
                          int64_t groups, T *cols) {
    const int64_t L = g->grid[0] * g->grid[1] * g->grid[2];
    const int64_t plane_out = g->img[0] * g->img[1] * g->img[2];
    const int64_t kk = g->k[0] * g->k[1] * g->k[2];
    const int64_t Cout = g->C, Ig = Cin / groups, Og = Cout / groups, Kg = Og * kk;
    const int pw = FN(is_pointwise)(g);
    for (int64_t n = 0; n < N; n++) {
        const T *xn = x + n * Cin * L;
        T *yn = y + n * Cout * plane_out;
        if (pw) {
            for (int64_t gi = 0; gi < groups; gi++)
                GEMM(1, 0, Kg, L, Ig, 1, w + gi * Ig * Kg, Kg, xn + gi * Ig * L, L, 0, yn + gi * Kg * L, L);
        } else {
            memset(yn, 0, sizeof(T) * Cout * plane_out);
            BLOCK_LOOP(g) {
                for (int64_t gi = 0; gi < groups; gi++)
                    GEMM(1, 0, Kg, Lc, Ig, 1, w + gi * Ig * Kg, Kg, xn + gi * Ig * L + off, L, 0, cols + gi * Kg * Lc, Lc);
                FN(col2im)(cols, g, q0, q1, yn);
            }
        }
        if (b)
            for (int64_t o = 0; o < Cout; o++) {
                const T bo = b[o];
                T *yo = yn + o * plane_out;
                for (int64_t l = 0; l < plane_out; l++) yo[l] += bo;
            }
    }
}

/* gx_g (Ig x L) = W_g (Ig x Kg) * im2col(gy)_g */
static void FN(convt_bwd_in)(T *gx, const T *gy, const T *w, const cgeo *g, int64_t N, int64_t Cin,
                             int64_t groups, T *cols) {
    const int64_t L = g->grid[0] * g->grid[1] * g->grid[2];
    const int64_t plane_out = g->img[0] * g->img[1] * g->img[2];
    const int64_t kk = g->k[0] * g->k[1] * g->k[2];
    const int64_t Cout = g->C, Ig = Cin / groups, Og = Cout / groups, Kg = Og * kk;
    const int pw = FN(is_pointwise)(g);
    for (int64_t n = 0; n < N; n++) {
        const T *gyn = gy + n * Cout * plane_out;
        T *gxn = gx + n * Cin * L;
        if (pw) {
            for (int64_t gi = 0; gi < groups; gi++)
                GEMM(0, 0, Ig, L, Kg, 1, w + gi * Ig * Kg, Kg, gyn + gi * Kg * L, L, 0, gxn + gi * Ig * L, L);
            continue;
        }
        BLOCK_LOOP(g) {
            FN(im2col)(gyn, g, q0, q1, cols);
            for (int64_t gi = 0; gi < groups; gi++)
                GEMM(0, 0, Ig, Lc, Kg, 1, w + gi * Ig * Kg, Kg, cols + gi * Kg * Lc, Lc, 0, gxn + gi * Ig * L + off, L);
        }
    }
}

/* gw_g (Ig x Kg) += scale * x_g (Ig x L) * im2col(gy)_g^T */
static void FN(convt_bwd_w)(T *gw, const T *x, const T *gy, const cgeo *g, int64_t N, int64_t Cin,
                            int64_t groups, T scale, T *cols) {
    const int64_t L = g->grid[0] * g->grid[1] * g->grid[2];
    const int64_t plane_out = g->img[0] * g->img[1] * g->img[2];
    const int64_t kk = g->k[0] * g->k[1] * g->k[2];
    const int64_t Cout = g->C, Ig = Cin / groups, Og = Cout / groups, Kg = Og * kk;
    const int pw = FN(is_pointwise)(g);
    for (int64_t n = 0; n < N; n++) {
        const T *gyn = gy + n * Cout * plane_out;
        const T *xn = x + n * Cin * L;
        if (pw) {
            for (int64_t gi = 0; gi < groups; gi++)
                GEMM(0, 1, Ig, Kg, L, scale, xn + gi * Ig * L, L, gyn + gi * Kg * L, L, 1, gw + gi * Ig * Kg, Kg);
            continue;
        }
        BLOCK_LOOP(g) {
            FN(im2col)(gyn, g, q0, q1, cols);
            for (int64_t gi = 0; gi < groups; gi++)
                GEMM(0, 1, Ig, Kg, Lc, scale, xn + gi * Ig * L + off, L, cols + gi * Kg * Lc, Lc, 1, gw + gi * Ig * Kg, Kg);
        }
    }
}
#undef BLOCK_LOOP

/* ---- depthwise convolution (one input channel per group) -------------------------------------
 * Each output plane is a weighted sum of shifted copies of one input plane: direct loops whose
 * innermost run is an axpy along the output row (contiguous for unit stride), no columns.
 * mode 0: y = conv(x) + b;  1: gx = conv^T(gy);  2: gw += scale * dL/dw. */
static void FN(conv_depthwise)(int mode, T *dst, const T *src, const T *aux, const T *b, const cgeo *g, int64_t N,
                               int64_t Cout, T scale) {
    const int64_t C = g->C, Og = Cout / C, kk = g->k[0] * g->k[1] * g->k[2];
    const int64_t pin = g->img[0] * g->img[1] * g->img[2], L = g->grid[0] * g->grid[1] * g->grid[2];
    const int64_t IH = g->img[1], IW = g->img[2], OH = g->grid[1], OW = g->grid[2], sw = g->s[2];
    /* mode 0: src = x, aux = w; a unit is (n, o).  mode 1: src = gy, aux = w; a unit is (n, c) and owns
     * gx[n, c] (all Og output channels of the group add into it).  mode 2: src = x, aux = gy, dst = gw;
     * a unit is o and owns gw[o]. */
    const int64_t units = mode == 2 ? Cout : mode == 1 ? N * C : N * Cout;
#pragma omp parallel for if (units * L * kk > TC_PARALLEL_GRAIN && tc_get_num_threads() > 1) num_threads(tc_get_num_threads())
    for (int64_t u = 0; u < units; u++) {
        const int64_t n_lo = mode == 2 ? 0 : mode == 1 ? u / C : u / Cout, n_hi = mode == 2 ? N : n_lo + 1;
        const int64_t o_lo = mode == 1 ? (u % C) * Og : u % Cout, o_hi = mode == 1 ? o_lo + Og : o_lo + 1;
        const int64_t c = o_lo / Og;
        if (mode == 1) memset(dst + (n_lo * C + c) * pin, 0, sizeof(T) * pin);
        for (int64_t o = o_lo; o < o_hi; o++)
        for (int64_t n = n_lo; n < n_hi; n++) {
            const T *wk = mode == 2 ? NULL : aux + o * kk;
            const T *xp = mode == 1 ? NULL : src + (n * C + c) * pin;
            const T *gyp = mode == 1 ? src + (n * Cout + o) * L : mode == 2 ? aux + (n * Cout + o) * L : NULL;
            T *yp = mode == 0 ? dst + (n * Cout + o) * L : NULL;
            T *gxp = mode == 1 ? dst + (n * C + c) * pin : NULL;
            if (mode == 0) {
                const T bo = b ? b[o] : 0;
                for (int64_t l = 0; l < L; l++) yp[l] = bo;
            }
            for (int64_t k = 0; k < kk; k++) {
                int64_t kd = k / (g->k[1] * g->k[2]), kh = (k / g->k[2]) % g->k[1], kw = k % g->k[2];
                int64_t offw = kw * g->d[2] - g->p[2], lo, hi;
                FN(valid_range)(offw, sw, IW, OW, &lo, &hi);
                const T wv = mode == 2 ? 0 : wk[k];
                double acc = 0;
                for (int64_t od = 0; od < g->grid[0]; od++) {
                    int64_t id = od * g->s[0] - g->p[0] + kd * g->d[0];
                    if (id < 0 || id >= g->img[0]) continue;
                    for (int64_t oh = 0; oh < OH; oh++) {
                        int64_t ih = oh * g->s[1] - g->p[1] + kh * g->d[1];
                        if (ih < 0 || ih >= IH) continue;
                        const int64_t irow = (id * IH + ih) * IW + offw, orow = (od * OH + oh) * OW;
                        if (mode == 0) {
                            const T *xr = xp + irow;
                            T *yr = yp + orow;
                            if (sw == 1) for (int64_t ow = lo; ow < hi; ow++) yr[ow] += wv * xr[ow];
                            else for (int64_t ow = lo; ow < hi; ow++) yr[ow] += wv * xr[ow * sw];
                        } else if (mode == 1) {
                            T *gr = gxp + irow;
                            const T *yr = gyp + orow;
                            if (sw == 1) for (int64_t ow = lo; ow < hi; ow++) gr[ow] += wv * yr[ow];
                            else for (int64_t ow = lo; ow < hi; ow++) gr[ow * sw] += wv * yr[ow];
                        } else {
                            const T *xr = xp + irow, *yr = gyp + orow;
                            T part = 0;
                            if (sw == 1) for (int64_t ow = lo; ow < hi; ow++) part += xr[ow] * yr[ow];
                            else for (int64_t ow = lo; ow < hi; ow++) part += xr[ow * sw] * yr[ow];
                            acc += part;
                        }
                    }
                }
                if (mode == 2) dst[o * kk + k] += (T)(scale * acc);
            }
        }
    }
}
