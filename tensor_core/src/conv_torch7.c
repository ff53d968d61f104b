/* conv_torch7.c -- Torch7-only convolution layouts: TemporalConvolution (time-major weight, GEMM on
 * strided frame windows, no unfolding copy), SpatialConvolutionMap (connection table) and
 * SpatialSubSampling (one weight and bias per plane). */
#include "conv_common.h"

#define T float
#define FN(name) name##_f32
#define GEMM tc_gemm_f32
#include "conv_torch7_impl.h"
#undef T
#undef FN
#undef GEMM
#define T double
#define FN(name) name##_f64
#define GEMM tc_gemm_f64
#include "conv_torch7_impl.h"
#undef T
#undef FN
#undef GEMM

#define ELSIZE(t) ((t)->dtype == TC_FLOAT64 ? 8 : 4)

/* ================================ TemporalConvolution ======================================= */
typedef struct tgeo {
    int batched;
    int64_t B, Tin, F, Tout, O;
} tgeo;

static int temporal_parse(tgeo *g, const char *fn, const tc_tensor *input, const tc_tensor *w, const char *wname,
                          int64_t o_hint, int64_t kW, int64_t dW) {
    memset(g, 0, sizeof(*g));
    if (sp_check_float(input, fn, "input", -1)) return -1;
    if (input->ndim != 2 && input->ndim != 3)
        return tc_fail("%s: 'input' must be 2D (frames x inputFrameSize) or 3D (batch x frames x inputFrameSize), got %dD",
                       fn, (int)input->ndim);
    if (kW <= 0) return tc_fail("%s: kW must be positive (got %lld)", fn, (long long)kW);
    if (dW <= 0) return tc_fail("%s: dW must be positive (got %lld)", fn, (long long)dW);
    g->batched = input->ndim == 3;
    g->B = g->batched ? input->sizes[0] : 1;
    g->Tin = input->sizes[input->ndim - 2];
    g->F = input->sizes[input->ndim - 1];
    if (g->F <= 0) return tc_fail("%s: 'input' has an empty frame size", fn);
    if (g->Tin < kW)
        return tc_fail("%s: input has %lld frames, fewer than the kernel width kW = %lld", fn, (long long)g->Tin, (long long)kW);
    g->Tout = (g->Tin - kW) / dW + 1;
    g->O = o_hint;
    if (w) {
        if (sp_check_float(w, fn, wname, input->dtype)) return -1;
        if (w->ndim != 2 || w->sizes[1] != kW * g->F || w->sizes[0] <= 0)
            return tc_fail("%s: '%s' must be 2D (outputFrameSize, kW*inputFrameSize = %lld), got %dD with %lld elements", fn,
                           wname, (long long)(kW * g->F), (int)w->ndim, (long long)tc_tensor_numel(w));
        g->O = w->sizes[0];
    }
    return 0;
}

static int t_sizes(const tgeo *g, int64_t *s) {
    int n = 0;
    if (g->batched) s[n++] = g->B;
    s[n++] = g->Tout;
    s[n++] = g->O;
    return n;
}

static int check_vec(const tc_tensor *t, int64_t n, const char *fn, const char *name, int dtype) {
    if (!t) return 0;
    if (sp_check_float(t, fn, name, dtype)) return -1;
    if (t->ndim != 1 || t->sizes[0] != n)
        return tc_fail("%s: '%s' must be 1-D with %lld elements (got %dD with %lld)", fn, name, (long long)n, (int)t->ndim,
                       (long long)tc_tensor_numel(t));
    return 0;
}

int tc_temporal_convolution_forward(tc_tensor *output, const tc_tensor *input, const tc_tensor *weight, const tc_tensor *bias,
                                    int64_t kW, int64_t dW) {
    const char *fn = "tc_temporal_convolution_forward";
    tgeo g;
    TC_CHECK_TENSOR(output, fn);
    TC_CHECK_TENSOR(weight, fn);
    if (temporal_parse(&g, fn, input, weight, "weight", 0, kW, dW)) return -1;
    if (check_vec(bias, g.O, fn, "bias", input->dtype) || sp_check_float(output, fn, "output", input->dtype)) return -1;
    int64_t sizes[3];
    int n = t_sizes(&g, sizes);
    tc_tensor *x = sp_in(input), *w = sp_in(weight), *b = bias ? sp_in(bias) : NULL;
    tc_tensor *y = (x && w && (!bias || b)) ? sp_out_begin(output, n, sizes, 0) : NULL;
    if (y && g.B > 0) {
        if (input->dtype == TC_FLOAT64)
            temporal_fwd_f64(tc_tensor_data(y), tc_tensor_data(x), tc_tensor_data(w), b ? tc_tensor_data(b) : NULL, g.B, g.Tin,
                             g.F, g.O, kW, dW, g.Tout);
        else
            temporal_fwd_f32(tc_tensor_data(y), tc_tensor_data(x), tc_tensor_data(w), b ? tc_tensor_data(b) : NULL, g.B, g.Tin,
                             g.F, g.O, kW, dW, g.Tout);
    }
    if (x) tc_tensor_release(x);
    if (w) tc_tensor_release(w);
    if (b) tc_tensor_release(b);
    return y ? sp_out_end(output, y, 1) : -1;
}

int tc_temporal_convolution_backward_input(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                                           const tc_tensor *weight, int64_t kW, int64_t dW) {
    const char *fn = "tc_temporal_convolution_backward_input";
    tgeo g;
    TC_CHECK_TENSOR(grad_input, fn);
    TC_CHECK_TENSOR(grad_output, fn);
    TC_CHECK_TENSOR(weight, fn);
    if (temporal_parse(&g, fn, input, weight, "weight", 0, kW, dW)) return -1;
    int64_t sizes[3];
    int n = t_sizes(&g, sizes);
    if (sp_check_float(grad_output, fn, "grad_output", input->dtype) || sp_same_shape_as(grad_output, n, sizes, fn, "grad_output") ||
        sp_check_float(grad_input, fn, "grad_input", input->dtype))
        return -1;
    tc_tensor *gy = sp_in(grad_output), *w = sp_in(weight);
    tc_tensor *gx = (gy && w) ? sp_out_begin(grad_input, input->ndim, input->sizes, 0) : NULL;
    if (gx && g.B > 0) {
        if (input->dtype == TC_FLOAT64)
            temporal_bwd_in_f64(tc_tensor_data(gx), tc_tensor_data(gy), tc_tensor_data(w), g.B, g.Tin, g.F, g.O, kW, dW, g.Tout);
        else
            temporal_bwd_in_f32(tc_tensor_data(gx), tc_tensor_data(gy), tc_tensor_data(w), g.B, g.Tin, g.F, g.O, kW, dW, g.Tout);
    }
    if (gy) tc_tensor_release(gy);
    if (w) tc_tensor_release(w);
    return gx ? sp_out_end(grad_input, gx, 1) : -1;
}

/* gb[o] += scale * sum of rows of gy (rows x O) */
static void bias_rows(tc_tensor *gb, const tc_tensor *gy, int64_t rows, int64_t O, double scale) {
    for (int64_t o = 0; o < O; o++) {
        double acc = 0;
        if (gy->dtype == TC_FLOAT64) {
            const double *p = tc_tensor_data(gy);
            for (int64_t r = 0; r < rows; r++) acc += p[r * O + o];
            ((double *)tc_tensor_data(gb))[o] += scale * acc;
        } else {
            const float *p = tc_tensor_data(gy);
            for (int64_t r = 0; r < rows; r++) acc += p[r * O + o];
            ((float *)tc_tensor_data(gb))[o] += (float)(scale * acc);
        }
    }
}

int tc_temporal_convolution_backward_params(tc_tensor *grad_weight, tc_tensor *grad_bias, const tc_tensor *input,
                                            const tc_tensor *grad_output, int64_t kW, int64_t dW, double scale) {
    const char *fn = "tc_temporal_convolution_backward_params";
    tgeo g;
    TC_CHECK_TENSOR(grad_output, fn);
    int64_t o_hint = grad_output->ndim > 0 ? grad_output->sizes[grad_output->ndim - 1] : 0;
    if (temporal_parse(&g, fn, input, grad_weight, "grad_weight", o_hint, kW, dW)) return -1;
    if (check_vec(grad_bias, g.O, fn, "grad_bias", input->dtype)) return -1;
    int64_t sizes[3];
    int n = t_sizes(&g, sizes);
    if (sp_check_float(grad_output, fn, "grad_output", input->dtype) || sp_same_shape_as(grad_output, n, sizes, fn, "grad_output"))
        return -1;
    tc_tensor *gy = sp_in(grad_output), *x = sp_in(input);
    int ok = gy && x;
    if (ok && grad_weight) {
        tc_tensor *gw = sp_out_begin(grad_weight, 0, NULL, 1);
        if (gw && g.B > 0) {
            if (input->dtype == TC_FLOAT64)
                temporal_bwd_w_f64(tc_tensor_data(gw), tc_tensor_data(x), tc_tensor_data(gy), g.B, g.Tin, g.F, g.O, kW, dW,
                                   g.Tout, scale);
            else
                temporal_bwd_w_f32(tc_tensor_data(gw), tc_tensor_data(x), tc_tensor_data(gy), g.B, g.Tin, g.F, g.O, kW, dW,
                                   g.Tout, (float)scale);
        }
        ok = gw && sp_out_end(grad_weight, gw, 1) == 0;
    }
    if (ok && grad_bias) {
        tc_tensor *gb = sp_out_begin(grad_bias, 0, NULL, 1);
        if (gb) bias_rows(gb, gy, g.B * g.Tout, g.O, scale);
        ok = gb && sp_out_end(grad_bias, gb, 1) == 0;
    }
    if (gy) tc_tensor_release(gy);
    if (x) tc_tensor_release(x);
    return ok ? 0 : -1;
}

/* ============================ SpatialConvolutionMap / SubSampling ============================ */
typedef struct s2geo {
    sp_shape in;
    int64_t OH, OW;
} s2geo;

static int s2_parse(s2geo *g, const char *fn, const tc_tensor *input, int64_t kW, int64_t kH, int64_t dW, int64_t dH) {
    if (sp_check_float(input, fn, "input", -1)) return -1;
    if (kW <= 0 || kH <= 0) return tc_fail("%s: kernel size kW=%lld kH=%lld must be positive", fn, (long long)kW, (long long)kH);
    if (dW <= 0 || dH <= 0) return tc_fail("%s: stride dW=%lld dH=%lld must be positive", fn, (long long)dW, (long long)dH);
    if (sp_parse(&g->in, input, 2, fn, "input")) return -1;
    int64_t H = g->in.s[1], W = g->in.s[2];
    if (H < kH || W < kW)
        return tc_fail("%s: input %lldx%lld (HxW) is smaller than the kernel %lldx%lld", fn, (long long)H, (long long)W,
                       (long long)kH, (long long)kW);
    g->OH = (H - kH) / dH + 1;
    g->OW = (W - kW) / dW + 1;
    return 0;
}

static int s2_sizes(const s2geo *g, int64_t C, int64_t *s) {
    int64_t sp[3] = {1, g->OH, g->OW};
    return sp_sizes(&g->in, C, sp, s);
}

/* Reads the connection table into 0-based int64 pairs; validates ranges. Caller frees with free(). */
static int64_t *read_conn(const tc_tensor *conn, int64_t cin, int64_t cout, int64_t base, const char *fn, int64_t *nconn) {
    if (!conn) return tc_fail_null("%s: argument 'conn_table' is NULL", fn);
    if (conn->ndim != 2 || conn->sizes[1] != 2)
        return tc_fail_null("%s: 'conn_table' must be 2D (nConnections, 2), got %dD", fn, (int)conn->ndim);
    if (conn->dtype == TC_FLOAT16 || (conn->storage && conn->storage->device != TC_DEVICE_CPU))
        return tc_fail_null("%s: 'conn_table' must be a numeric CPU tensor", fn);
    int64_t n = conn->sizes[0];
    int64_t *pairs = malloc(sizeof(int64_t) * 2 * (n > 0 ? n : 1));
    if (!pairs) return tc_fail_null("%s: out of memory", fn);
    const char *data = tc_tensor_data(conn);
    int64_t el = tc_dtype_size(conn->dtype);
    for (int64_t k = 0; k < n; k++)
        for (int j = 0; j < 2; j++) {
            int64_t v = tc_read_as_int64(data + (conn->strides[0] * k + conn->strides[1] * j) * el, conn->dtype) - base;
            int64_t lim = j ? cout : cin;
            if (v < 0 || v >= lim) {
                free(pairs);
                return tc_fail_null("%s: conn_table[%lld][%d] = %lld is not a valid %s plane (%lld planes, index_base %lld)", fn,
                                    (long long)k, j, (long long)(v + base), j ? "output" : "input", (long long)lim,
                                    (long long)base);
            }
            pairs[2 * k + j] = v;
        }
    *nconn = n;
    return pairs;
}

static int map_weight_check(const tc_tensor *w, int64_t nconn, int64_t kH, int64_t kW, const char *fn, const char *name, int dt) {
    if (sp_check_float(w, fn, name, dt)) return -1;
    int64_t s[3] = {nconn, kH, kW};
    return sp_same_shape_as(w, 3, s, fn, name);
}

int tc_spatial_convolution_map_forward(tc_tensor *output, const tc_tensor *input, const tc_tensor *weight, const tc_tensor *bias,
                                       const tc_tensor *conn_table, int64_t n_output_plane, int64_t kW, int64_t kH, int64_t dW,
                                       int64_t dH, int64_t index_base) {
    const char *fn = "tc_spatial_convolution_map_forward";
    s2geo g;
    TC_CHECK_TENSOR(output, fn);
    if (s2_parse(&g, fn, input, kW, kH, dW, dH)) return -1;
    if (n_output_plane <= 0) return tc_fail("%s: n_output_plane must be positive (got %lld)", fn, (long long)n_output_plane);
    int64_t nconn;
    int64_t *conn = read_conn(conn_table, g.in.C, n_output_plane, index_base, fn, &nconn);
    if (!conn) return -1;
    if (map_weight_check(weight, nconn, kH, kW, fn, "weight", input->dtype) ||
        check_vec(bias, n_output_plane, fn, "bias", input->dtype) || sp_check_float(output, fn, "output", input->dtype)) {
        free(conn);
        return -1;
    }
    int64_t sizes[4];
    int n = s2_sizes(&g, n_output_plane, sizes);
    tc_tensor *x = sp_in(input), *w = sp_in(weight), *b = bias ? sp_in(bias) : NULL;
    tc_tensor *y = (x && w && (!bias || b)) ? sp_out_begin(output, n, sizes, 0) : NULL;
    if (y) {
        void *pb = b ? tc_tensor_data(b) : NULL;
        if (input->dtype == TC_FLOAT64)
            map_fwd_f64(tc_tensor_data(y), tc_tensor_data(x), tc_tensor_data(w), pb, conn, nconn, g.in.N, g.in.C, n_output_plane,
                        g.in.s[1], g.in.s[2], g.OH, g.OW, kH, kW, dH, dW);
        else
            map_fwd_f32(tc_tensor_data(y), tc_tensor_data(x), tc_tensor_data(w), pb, conn, nconn, g.in.N, g.in.C, n_output_plane,
                        g.in.s[1], g.in.s[2], g.OH, g.OW, kH, kW, dH, dW);
    }
    free(conn);
    if (x) tc_tensor_release(x);
    if (w) tc_tensor_release(w);
    if (b) tc_tensor_release(b);
    return y ? sp_out_end(output, y, 1) : -1;
}

/* grad_output's channel count is the number of output planes */
static int64_t go_planes(const tc_tensor *go, const s2geo *g) {
    return go && go->ndim == g->in.nsp + 1 + g->in.batched ? go->sizes[g->in.batched ? 1 : 0] : 0;
}

int tc_spatial_convolution_map_backward_input(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                                              const tc_tensor *weight, const tc_tensor *conn_table, int64_t kW, int64_t kH,
                                              int64_t dW, int64_t dH, int64_t index_base) {
    const char *fn = "tc_spatial_convolution_map_backward_input";
    s2geo g;
    TC_CHECK_TENSOR(grad_input, fn);
    TC_CHECK_TENSOR(grad_output, fn);
    if (s2_parse(&g, fn, input, kW, kH, dW, dH)) return -1;
    int64_t cout = go_planes(grad_output, &g);
    if (cout <= 0) return tc_fail("%s: 'grad_output' must be %dD with output planes", fn, (int)input->ndim);
    int64_t nconn;
    int64_t *conn = read_conn(conn_table, g.in.C, cout, index_base, fn, &nconn);
    if (!conn) return -1;
    int64_t sizes[4];
    int n = s2_sizes(&g, cout, sizes);
    if (map_weight_check(weight, nconn, kH, kW, fn, "weight", input->dtype) ||
        sp_check_float(grad_output, fn, "grad_output", input->dtype) || sp_same_shape_as(grad_output, n, sizes, fn, "grad_output") ||
        sp_check_float(grad_input, fn, "grad_input", input->dtype)) {
        free(conn);
        return -1;
    }
    tc_tensor *gy = sp_in(grad_output), *w = sp_in(weight);
    tc_tensor *gx = (gy && w) ? sp_out_begin(grad_input, input->ndim, input->sizes, 0) : NULL;
    if (gx) {
        if (input->dtype == TC_FLOAT64)
            map_bwd_in_f64(tc_tensor_data(gx), tc_tensor_data(gy), tc_tensor_data(w), conn, nconn, g.in.N, g.in.C, cout,
                           g.in.s[1], g.in.s[2], g.OH, g.OW, kH, kW, dH, dW);
        else
            map_bwd_in_f32(tc_tensor_data(gx), tc_tensor_data(gy), tc_tensor_data(w), conn, nconn, g.in.N, g.in.C, cout,
                           g.in.s[1], g.in.s[2], g.OH, g.OW, kH, kW, dH, dW);
    }
    free(conn);
    if (gy) tc_tensor_release(gy);
    if (w) tc_tensor_release(w);
    return gx ? sp_out_end(grad_input, gx, 1) : -1;
}

/* gb[o] += scale * sum of gy over batch and positions, gy (B, C, L) */
static void bias_planes(tc_tensor *gb, const tc_tensor *gy, int64_t B, int64_t C, int64_t L, double scale) {
    for (int64_t c = 0; c < C; c++) {
        double acc = 0;
        for (int64_t n = 0; n < B; n++) {
            if (gy->dtype == TC_FLOAT64) {
                const double *p = (const double *)tc_tensor_data(gy) + (n * C + c) * L;
                for (int64_t l = 0; l < L; l++) acc += p[l];
            } else {
                const float *p = (const float *)tc_tensor_data(gy) + (n * C + c) * L;
                for (int64_t l = 0; l < L; l++) acc += p[l];
            }
        }
        if (gb->dtype == TC_FLOAT64) ((double *)tc_tensor_data(gb))[c] += scale * acc;
        else ((float *)tc_tensor_data(gb))[c] += (float)(scale * acc);
    }
}

int tc_spatial_convolution_map_backward_params(tc_tensor *grad_weight, tc_tensor *grad_bias, const tc_tensor *input,
                                               const tc_tensor *grad_output, const tc_tensor *conn_table, int64_t kW,
                                               int64_t kH, int64_t dW, int64_t dH, int64_t index_base, double scale) {
    const char *fn = "tc_spatial_convolution_map_backward_params";
    s2geo g;
    TC_CHECK_TENSOR(grad_output, fn);
    if (s2_parse(&g, fn, input, kW, kH, dW, dH)) return -1;
    int64_t cout = go_planes(grad_output, &g);
    if (cout <= 0) return tc_fail("%s: 'grad_output' must be %dD with output planes", fn, (int)input->ndim);
    int64_t nconn;
    int64_t *conn = read_conn(conn_table, g.in.C, cout, index_base, fn, &nconn);
    if (!conn) return -1;
    int64_t sizes[4];
    int n = s2_sizes(&g, cout, sizes);
    if ((grad_weight && map_weight_check(grad_weight, nconn, kH, kW, fn, "grad_weight", input->dtype)) ||
        check_vec(grad_bias, cout, fn, "grad_bias", input->dtype) ||
        sp_check_float(grad_output, fn, "grad_output", input->dtype) || sp_same_shape_as(grad_output, n, sizes, fn, "grad_output")) {
        free(conn);
        return -1;
    }
    tc_tensor *gy = sp_in(grad_output), *x = sp_in(input);
    int ok = gy && x;
    if (ok && grad_weight) {
        tc_tensor *gw = sp_out_begin(grad_weight, 0, NULL, 1);
        if (gw) {
            if (input->dtype == TC_FLOAT64)
                map_bwd_w_f64(tc_tensor_data(gw), tc_tensor_data(x), tc_tensor_data(gy), conn, nconn, g.in.N, g.in.C, cout,
                              g.in.s[1], g.in.s[2], g.OH, g.OW, kH, kW, dH, dW, scale);
            else
                map_bwd_w_f32(tc_tensor_data(gw), tc_tensor_data(x), tc_tensor_data(gy), conn, nconn, g.in.N, g.in.C, cout,
                              g.in.s[1], g.in.s[2], g.OH, g.OW, kH, kW, dH, dW, scale);
        }
        ok = gw && sp_out_end(grad_weight, gw, 1) == 0;
    }
    if (ok && grad_bias) {
        tc_tensor *gb = sp_out_begin(grad_bias, 0, NULL, 1);
        if (gb) bias_planes(gb, gy, g.in.N, cout, g.OH * g.OW, scale);
        ok = gb && sp_out_end(grad_bias, gb, 1) == 0;
    }
    free(conn);
    if (gy) tc_tensor_release(gy);
    if (x) tc_tensor_release(x);
    return ok ? 0 : -1;
}

int tc_spatial_subsampling_forward(tc_tensor *output, const tc_tensor *input, const tc_tensor *weight, const tc_tensor *bias,
                                   int64_t kW, int64_t kH, int64_t dW, int64_t dH) {
    const char *fn = "tc_spatial_subsampling_forward";
    s2geo g;
    TC_CHECK_TENSOR(output, fn);
    TC_CHECK_TENSOR(weight, fn);
    if (s2_parse(&g, fn, input, kW, kH, dW, dH)) return -1;
    if (check_vec(weight, g.in.C, fn, "weight", input->dtype) || check_vec(bias, g.in.C, fn, "bias", input->dtype) ||
        sp_check_float(output, fn, "output", input->dtype))
        return -1;
    int64_t sizes[4];
    int n = s2_sizes(&g, g.in.C, sizes);
    tc_tensor *x = sp_in(input), *w = sp_in(weight), *b = bias ? sp_in(bias) : NULL;
    tc_tensor *y = (x && w && (!bias || b)) ? sp_out_begin(output, n, sizes, 0) : NULL;
    if (y) {
        void *pb = b ? tc_tensor_data(b) : NULL;
        if (input->dtype == TC_FLOAT64)
            subsample_fwd_f64(tc_tensor_data(y), tc_tensor_data(x), tc_tensor_data(w), pb, g.in.N, g.in.C, g.in.s[1], g.in.s[2],
                              g.OH, g.OW, kH, kW, dH, dW);
        else
            subsample_fwd_f32(tc_tensor_data(y), tc_tensor_data(x), tc_tensor_data(w), pb, g.in.N, g.in.C, g.in.s[1], g.in.s[2],
                              g.OH, g.OW, kH, kW, dH, dW);
    }
    if (x) tc_tensor_release(x);
    if (w) tc_tensor_release(w);
    if (b) tc_tensor_release(b);
    return y ? sp_out_end(output, y, 1) : -1;
}

int tc_spatial_subsampling_backward_input(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                                          const tc_tensor *weight, int64_t kW, int64_t kH, int64_t dW, int64_t dH) {
    const char *fn = "tc_spatial_subsampling_backward_input";
    s2geo g;
    TC_CHECK_TENSOR(grad_input, fn);
    TC_CHECK_TENSOR(grad_output, fn);
    TC_CHECK_TENSOR(weight, fn);
    if (s2_parse(&g, fn, input, kW, kH, dW, dH)) return -1;
    int64_t sizes[4];
    int n = s2_sizes(&g, g.in.C, sizes);
    if (check_vec(weight, g.in.C, fn, "weight", input->dtype) || sp_check_float(grad_output, fn, "grad_output", input->dtype) ||
        sp_same_shape_as(grad_output, n, sizes, fn, "grad_output") || sp_check_float(grad_input, fn, "grad_input", input->dtype))
        return -1;
    tc_tensor *gy = sp_in(grad_output), *w = sp_in(weight);
    tc_tensor *gx = (gy && w) ? sp_out_begin(grad_input, input->ndim, input->sizes, 0) : NULL;
    if (gx) {
        if (input->dtype == TC_FLOAT64)
            subsample_bwd_in_f64(tc_tensor_data(gx), tc_tensor_data(gy), tc_tensor_data(w), g.in.N, g.in.C, g.in.s[1], g.in.s[2],
                                 g.OH, g.OW, kH, kW, dH, dW);
        else
            subsample_bwd_in_f32(tc_tensor_data(gx), tc_tensor_data(gy), tc_tensor_data(w), g.in.N, g.in.C, g.in.s[1], g.in.s[2],
                                 g.OH, g.OW, kH, kW, dH, dW);
    }
    if (gy) tc_tensor_release(gy);
    if (w) tc_tensor_release(w);
    return gx ? sp_out_end(grad_input, gx, 1) : -1;
}

int tc_spatial_subsampling_backward_params(tc_tensor *grad_weight, tc_tensor *grad_bias, const tc_tensor *input,
                                           const tc_tensor *grad_output, int64_t kW, int64_t kH, int64_t dW, int64_t dH,
                                           double scale) {
    const char *fn = "tc_spatial_subsampling_backward_params";
    s2geo g;
    TC_CHECK_TENSOR(grad_output, fn);
    if (s2_parse(&g, fn, input, kW, kH, dW, dH)) return -1;
    int64_t sizes[4];
    int n = s2_sizes(&g, g.in.C, sizes);
    if (check_vec(grad_weight, g.in.C, fn, "grad_weight", input->dtype) || check_vec(grad_bias, g.in.C, fn, "grad_bias", input->dtype) ||
        sp_check_float(grad_output, fn, "grad_output", input->dtype) || sp_same_shape_as(grad_output, n, sizes, fn, "grad_output"))
        return -1;
    if (!grad_weight && !grad_bias) return 0;
    tc_tensor *gy = sp_in(grad_output), *x = sp_in(input);
    tc_tensor *gw = grad_weight && gy && x ? sp_out_begin(grad_weight, 0, NULL, 1) : NULL;
    tc_tensor *gb = grad_bias && gy && x ? sp_out_begin(grad_bias, 0, NULL, 1) : NULL;
    int ok = gy && x && (!grad_weight || gw) && (!grad_bias || gb);
    if (ok) {
        if (input->dtype == TC_FLOAT64)
            subsample_bwd_w_f64(gw ? tc_tensor_data(gw) : NULL, gb ? tc_tensor_data(gb) : NULL, tc_tensor_data(x),
                                tc_tensor_data(gy), g.in.N, g.in.C, g.in.s[1], g.in.s[2], g.OH, g.OW, kH, kW, dH, dW, scale);
        else
            subsample_bwd_w_f32(gw ? tc_tensor_data(gw) : NULL, gb ? tc_tensor_data(gb) : NULL, tc_tensor_data(x),
                                tc_tensor_data(gy), g.in.N, g.in.C, g.in.s[1], g.in.s[2], g.OH, g.OW, kH, kW, dH, dW, scale);
    }
    int rc = ok ? 0 : -1;
    if (gw && sp_out_end(grad_weight, gw, ok)) rc = -1;
    if (gb && sp_out_end(grad_bias, gb, ok)) rc = -1;
    if (gy) tc_tensor_release(gy);
    if (x) tc_tensor_release(x);
    return rc;
}
