/* conv_torch7_impl.h -- element-type template for conv_torch7.c (T, FN, GEMM defined by the includer). */

/* ---- TemporalConvolution: frames are rows; the window of output frame t starts at row t*dW.
 * Per kernel offset k the rows t*dW + k form a strided matrix (lda = dW*F), so each product is one
 * GEMM without copying (BLAS needs lda >= F, which dW >= 1 gives). */
static void FN(temporal_fwd)(T *y, const T *x, const T *w, const T *b, int64_t B, int64_t Tin, int64_t F, int64_t O,
                             int64_t kW, int64_t dW, int64_t Tout) {
    for (int64_t n = 0; n < B; n++) {
        const T *xn = x + n * Tin * F;
        T *yn = y + n * Tout * O;
        if (dW >= kW) {
            GEMM(0, 1, Tout, O, kW * F, 1, xn, dW * F, w, kW * F, 0, yn, O);
        } else {
            for (int64_t k = 0; k < kW; k++)
                GEMM(0, 1, Tout, O, F, 1, xn + k * F, dW * F, w + k * F, kW * F, k ? 1 : 0, yn, O);
        }
        if (b)
            for (int64_t t = 0; t < Tout; t++)
                for (int64_t o = 0; o < O; o++) yn[t * O + o] += b[o];
    }
}

static void FN(temporal_bwd_in)(T *gx, const T *gy, const T *w, int64_t B, int64_t Tin, int64_t F, int64_t O, int64_t kW,
                                int64_t dW, int64_t Tout) {
    memset(gx, 0, sizeof(T) * B * Tin * F);
    for (int64_t n = 0; n < B; n++)
        for (int64_t k = 0; k < kW; k++)
            GEMM(0, 0, Tout, F, O, 1, gy + n * Tout * O, O, w + k * F, kW * F, 1, gx + n * Tin * F + k * F, dW * F);
}

static void FN(temporal_bwd_w)(T *gw, const T *x, const T *gy, int64_t B, int64_t Tin, int64_t F, int64_t O, int64_t kW,
                               int64_t dW, int64_t Tout, T scale) {
    for (int64_t n = 0; n < B; n++)
        for (int64_t k = 0; k < kW; k++)
            GEMM(1, 0, O, F, Tout, scale, gy + n * Tout * O, O, x + n * Tin * F + k * F, dW * F, 1, gw + k * F, kW * F);
}

/* ---- SpatialConvolutionMap: conn[2k] = input plane, conn[2k+1] = output plane (0-based here) --- */
static void FN(map_fwd)(T *y, const T *x, const T *w, const T *b, const int64_t *conn, int64_t nconn, int64_t B,
                        int64_t Cin, int64_t Cout, int64_t H, int64_t W, int64_t OH, int64_t OW, int64_t kH, int64_t kW,
                        int64_t dH, int64_t dW) {
#pragma omp parallel for if (B * Cout * OH * OW * kH * kW > TC_PARALLEL_GRAIN && tc_get_num_threads() > 1) num_threads(tc_get_num_threads())
    for (int64_t bo = 0; bo < B * Cout; bo++) {
        int64_t n = bo / Cout, o = bo % Cout;
        T *yp = y + bo * OH * OW;
        T bias = b ? b[o] : 0;
        for (int64_t i = 0; i < OH * OW; i++) yp[i] = bias;
        for (int64_t k = 0; k < nconn; k++) {
            if (conn[2 * k + 1] != o) continue;
            const T *xp = x + (n * Cin + conn[2 * k]) * H * W, *wk = w + k * kH * kW;
            for (int64_t oh = 0; oh < OH; oh++)
                for (int64_t ow = 0; ow < OW; ow++) {
                    T acc = 0;
                    for (int64_t kh = 0; kh < kH; kh++) {
                        const T *row = xp + (oh * dH + kh) * W + ow * dW;
                        for (int64_t kw = 0; kw < kW; kw++) acc += row[kw] * wk[kh * kW + kw];
                    }
                    yp[oh * OW + ow] += acc;
                }
        }
    }
}

static void FN(map_bwd_in)(T *gx, const T *gy, const T *w, const int64_t *conn, int64_t nconn, int64_t B, int64_t Cin,
                           int64_t Cout, int64_t H, int64_t W, int64_t OH, int64_t OW, int64_t kH, int64_t kW, int64_t dH,
                           int64_t dW) {
#pragma omp parallel for if (B * Cin * OH * OW * kH * kW > TC_PARALLEL_GRAIN && tc_get_num_threads() > 1) num_threads(tc_get_num_threads())
    for (int64_t bi = 0; bi < B * Cin; bi++) {
        int64_t n = bi / Cin, c = bi % Cin;
        T *gp = gx + bi * H * W;
        memset(gp, 0, sizeof(T) * H * W);
        for (int64_t k = 0; k < nconn; k++) {
            if (conn[2 * k] != c) continue;
            const T *gyp = gy + (n * Cout + conn[2 * k + 1]) * OH * OW, *wk = w + k * kH * kW;
            for (int64_t oh = 0; oh < OH; oh++)
                for (int64_t ow = 0; ow < OW; ow++) {
                    T g = gyp[oh * OW + ow];
                    for (int64_t kh = 0; kh < kH; kh++) {
                        T *row = gp + (oh * dH + kh) * W + ow * dW;
                        for (int64_t kw = 0; kw < kW; kw++) row[kw] += g * wk[kh * kW + kw];
                    }
                }
        }
    }
}

static void FN(map_bwd_w)(T *gw, const T *x, const T *gy, const int64_t *conn, int64_t nconn, int64_t B, int64_t Cin,
                          int64_t Cout, int64_t H, int64_t W, int64_t OH, int64_t OW, int64_t kH, int64_t kW, int64_t dH,
                          int64_t dW, double scale) {
#pragma omp parallel for if (nconn * B * OH * OW * kH * kW > TC_PARALLEL_GRAIN && tc_get_num_threads() > 1) num_threads(tc_get_num_threads())
    for (int64_t k = 0; k < nconn; k++) {
        T *gk = gw + k * kH * kW;
        for (int64_t kh = 0; kh < kH; kh++)
            for (int64_t kw = 0; kw < kW; kw++) {
                double acc = 0;
                for (int64_t n = 0; n < B; n++) {
                    const T *xp = x + (n * Cin + conn[2 * k]) * H * W + kh * W + kw;
                    const T *gyp = gy + (n * Cout + conn[2 * k + 1]) * OH * OW;
                    for (int64_t oh = 0; oh < OH; oh++) {
                        T part = 0;
                        for (int64_t ow = 0; ow < OW; ow++) part += xp[oh * dH * W + ow * dW] * gyp[oh * OW + ow];
                        acc += part;
                    }
                }
                gk[kh * kW + kw] += (T)(scale * acc);
            }
    }
}

/* ---- SpatialSubSampling: window sums scaled per plane --------------------------------------- */
static void FN(subsample_fwd)(T *y, const T *x, const T *w, const T *b, int64_t B, int64_t C, int64_t H, int64_t W,
                              int64_t OH, int64_t OW, int64_t kH, int64_t kW, int64_t dH, int64_t dW) {
#pragma omp parallel for if (B * C * OH * OW * kH * kW > TC_PARALLEL_GRAIN && tc_get_num_threads() > 1) num_threads(tc_get_num_threads())
    for (int64_t bc = 0; bc < B * C; bc++) {
        int64_t c = bc % C;
        const T *xp = x + bc * H * W;
        T *yp = y + bc * OH * OW;
        for (int64_t oh = 0; oh < OH; oh++)
            for (int64_t ow = 0; ow < OW; ow++) {
                T acc = 0;
                for (int64_t kh = 0; kh < kH; kh++) {
                    const T *row = xp + (oh * dH + kh) * W + ow * dW;
                    for (int64_t kw = 0; kw < kW; kw++) acc += row[kw];
                }
                yp[oh * OW + ow] = (b ? b[c] : 0) + w[c] * acc;
            }
    }
}

static void FN(subsample_bwd_in)(T *gx, const T *gy, const T *w, int64_t B, int64_t C, int64_t H, int64_t W, int64_t OH,
                                 int64_t OW, int64_t kH, int64_t kW, int64_t dH, int64_t dW) {
#pragma omp parallel for if (B * C * OH * OW * kH * kW > TC_PARALLEL_GRAIN && tc_get_num_threads() > 1) num_threads(tc_get_num_threads())
    for (int64_t bc = 0; bc < B * C; bc++) {
        int64_t c = bc % C;
        T *gp = gx + bc * H * W;
        const T *gyp = gy + bc * OH * OW;
        memset(gp, 0, sizeof(T) * H * W);
        for (int64_t oh = 0; oh < OH; oh++)
            for (int64_t ow = 0; ow < OW; ow++) {
                T g = w[c] * gyp[oh * OW + ow];
                for (int64_t kh = 0; kh < kH; kh++) {
                    T *row = gp + (oh * dH + kh) * W + ow * dW;
                    for (int64_t kw = 0; kw < kW; kw++) row[kw] += g;
                }
            }
    }
}

static void FN(subsample_bwd_w)(T *gw, T *gb, const T *x, const T *gy, int64_t B, int64_t C, int64_t H, int64_t W,
                                int64_t OH, int64_t OW, int64_t kH, int64_t kW, int64_t dH, int64_t dW, double scale) {
#pragma omp parallel for if (B * C * OH * OW * kH * kW > TC_PARALLEL_GRAIN && tc_get_num_threads() > 1) num_threads(tc_get_num_threads())
    for (int64_t c = 0; c < C; c++) {
        double accw = 0, accb = 0;
        for (int64_t n = 0; n < B; n++) {
            const T *xp = x + (n * C + c) * H * W;
            const T *gyp = gy + (n * C + c) * OH * OW;
            for (int64_t oh = 0; oh < OH; oh++)
                for (int64_t ow = 0; ow < OW; ow++) {
                    T s = 0;
                    for (int64_t kh = 0; kh < kH; kh++) {
                        const T *row = xp + (oh * dH + kh) * W + ow * dW;
                        for (int64_t kw = 0; kw < kW; kw++) s += row[kw];
                    }
                    accw += (double)s * gyp[oh * OW + ow];
                    accb += gyp[oh * OW + ow];
                }
        }
        if (gw) gw[c] += (T)(scale * accw);
        if (gb) gb[c] += (T)(scale * accb);
    }
}
