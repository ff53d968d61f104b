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

static void FN(im2col)(const T *x, const cgeo *g, T *cols) {
    const int64_t L = g->grid[0] * g->grid[1] * g->grid[2];
    const int64_t plane_in = g->img[0] * g->img[1] * g->img[2];
    const int64_t kk = g->k[0] * g->k[1] * g->k[2];
    const int64_t rows = g->C * kk;
#pragma omp parallel for if (rows * L > 4 * TC_PARALLEL_GRAIN && tc_get_num_threads() > 1) num_threads(tc_get_num_threads())
    for (int64_t r = 0; r < rows; r++) {
        int64_t c = r / kk, rem = r % kk;
        int64_t kd = rem / (g->k[1] * g->k[2]), kh = (rem / g->k[2]) % g->k[1], kw = rem % g->k[2];
        T *dst = cols + r * L;
        const T *xc = x + c * plane_in;
        int64_t offw = kw * g->d[2] - g->p[2], lo, hi;
        FN(valid_range)(offw, g->s[2], g->img[2], g->grid[2], &lo, &hi);
        for (int64_t gd = 0; gd < g->grid[0]; gd++) {
            int64_t id = gd * g->s[0] - g->p[0] + kd * g->d[0];
            for (int64_t gh = 0; gh < g->grid[1]; gh++) {
                T *drow = dst + (gd * g->grid[1] + gh) * g->grid[2];
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
}

/* x += col2im(cols); parallel over channels (each channel owns its image plane). */
static void FN(col2im)(const T *cols, const cgeo *g, T *x) {
    const int64_t L = g->grid[0] * g->grid[1] * g->grid[2];
    const int64_t plane_in = g->img[0] * g->img[1] * g->img[2];
    const int64_t kk = g->k[0] * g->k[1] * g->k[2];
#pragma omp parallel for if (g->C * kk * L > 4 * TC_PARALLEL_GRAIN && g->C > 1 && tc_get_num_threads() > 1) num_threads(tc_get_num_threads())
    for (int64_t c = 0; c < g->C; c++) {
        T *xc = x + c * plane_in;
        for (int64_t rem = 0; rem < kk; rem++) {
            int64_t kd = rem / (g->k[1] * g->k[2]), kh = (rem / g->k[2]) % g->k[1], kw = rem % g->k[2];
            const T *srcr = cols + (c * kk + rem) * L;
            int64_t offw = kw * g->d[2] - g->p[2], lo, hi;
            FN(valid_range)(offw, g->s[2], g->img[2], g->grid[2], &lo, &hi);
            for (int64_t gd = 0; gd < g->grid[0]; gd++) {
                int64_t id = gd * g->s[0] - g->p[0] + kd * g->d[0];
                if (id < 0 || id >= g->img[0]) continue;
                for (int64_t gh = 0; gh < g->grid[1]; gh++) {
                    int64_t ih = gh * g->s[1] - g->p[1] + kh * g->d[1];
                    if (ih < 0 || ih >= g->img[1]) continue;
                    const T *s = srcr + (gd * g->grid[1] + gh) * g->grid[2];
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
}

static int FN(is_pointwise)(const cgeo *g) {
    for (int i = 0; i < 3; i++)
        if (g->k[i] != 1 || g->s[i] != 1 || g->p[i] != 0) return 0;
    return 1;
}

/* ---- convolution: image = input (Cin planes), grid = output ---------------------------------- */
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
        const T *c = xn;
        if (!pw) {
            FN(im2col)(xn, g, cols);
            c = cols;
        }
        for (int64_t gi = 0; gi < groups; gi++)
            GEMM(0, 0, Og, L, Kg, 1, w + gi * Og * Kg, Kg, c + gi * Kg * L, L, 0, yn + gi * Og * L, L);
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
        T *c = pw ? gxn : cols;
        for (int64_t gi = 0; gi < groups; gi++)
            GEMM(1, 0, Kg, L, Og, 1, w + gi * Og * Kg, Kg, gyn + gi * Og * L, L, 0, c + gi * Kg * L, L);
        if (!pw) {
            memset(gxn, 0, sizeof(T) * g->C * plane_in);
            FN(col2im)(cols, g, gxn);
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
        const T *c = xn;
        if (!pw) {
            FN(im2col)(xn, g, cols);
            c = cols;
        }
        for (int64_t gi = 0; gi < groups; gi++)
            GEMM(0, 1, Og, Kg, L, scale, gyn + gi * Og * L, L, c + gi * Kg * L, L, 1, gw + gi * Og * Kg, Kg);
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
        T *c = pw ? yn : cols;
        for (int64_t gi = 0; gi < groups; gi++)
            GEMM(1, 0, Kg, L, Ig, 1, w + gi * Ig * Kg, Kg, xn + gi * Ig * L, L, 0, c + gi * Kg * L, L);
        if (!pw) {
            memset(yn, 0, sizeof(T) * Cout * plane_out);
            FN(col2im)(cols, g, yn);
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
        const T *c = gyn;
        if (!pw) {
            FN(im2col)(gyn, g, cols);
            c = cols;
        }
        for (int64_t gi = 0; gi < groups; gi++)
            GEMM(0, 0, Ig, L, Kg, 1, w + gi * Ig * Kg, Kg, c + gi * Kg * L, L, 0, gxn + gi * Ig * L, L);
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
        const T *c = gyn;
        if (!pw) {
            FN(im2col)(gyn, g, cols);
            c = cols;
        }
        for (int64_t gi = 0; gi < groups; gi++)
            GEMM(0, 1, Ig, Kg, L, scale, xn + gi * Ig * L, L, c + gi * Kg * L, L, 1, gw + gi * Ig * Kg, Kg);
    }
}
