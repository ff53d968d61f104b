/* upsample_grid.c -- bilinear sampling of (N, C, H, W) planes at normalised grid points (PyTorch
 * F.grid_sample mode='bilinear' with padding 'zeros' or 'border'; Torch7 SpatialGridSamplerBilinear
 * is align_corners=1 with zeros), with gradients for the input and the grid. */
#include "conv_common.h"

/* normalised [-1, 1] -> pixel coordinate, and d(pixel)/d(normalised) */
static inline double gs_unnormalize(double c, int64_t size, int align, double *scale) {
    if (align) {
        *scale = (size - 1) / 2.0;
        return (c + 1) / 2.0 * (size - 1);
    }
    *scale = size / 2.0;
    return ((c + 1) * size - 1) / 2.0;
}

/* border padding clamps the coordinate into [0, size-1]; the clamped coordinate has zero gradient */
static inline double gs_clip(double x, int64_t size, double *dscale) {
    if (x <= 0) { *dscale = 0; return 0; }
    if (x >= size - 1) { *dscale = 0; return (double)(size - 1); }
    return x;
}

#define GRID_KERNEL(S, TT)                                                                                            \
    static void grid_sample_##S(TT *out, TT *gin, TT *ggrid, const TT *gout, const TT *x, const TT *grid, int64_t N,   \
                                int64_t C, int64_t H, int64_t W, int64_t OH, int64_t OW, int border, int align,         \
                                int backward) {                                                                       \
        const int64_t pin = H * W, pout = OH * OW;                                                                    \
        _Pragma("omp parallel for if (N * C * pout > TC_PARALLEL_GRAIN && N > 1 && tc_get_num_threads() > 1) num_threads(tc_get_num_threads())") \
        for (int64_t n = 0; n < N; n++)                                                                               \
            for (int64_t p = 0; p < pout; p++) {                                                                      \
                const TT *gp = grid + (n * pout + p) * 2;                                                             \
                double sx, sy;                                                                                        \
                double ix = gs_unnormalize(gp[0], W, align, &sx), iy = gs_unnormalize(gp[1], H, align, &sy);          \
                if (border) {                                                                                         \
                    double dx = 1, dy = 1;                                                                            \
                    ix = gs_clip(ix, W, &dx);                                                                         \
                    iy = gs_clip(iy, H, &dy);                                                                         \
                    sx *= dx;                                                                                         \
                    sy *= dy;                                                                                         \
                }                                                                                                     \
                double fx = floor(ix), fy = floor(iy);                                                                \
                int64_t x0 = (int64_t)fx, y0 = (int64_t)fy;                                                           \
                TT ax = (TT)(ix - fx), ay = (TT)(iy - fy);                                                           \
                int in00 = x0 >= 0 && x0 < W && y0 >= 0 && y0 < H, in10 = x0 + 1 >= 0 && x0 + 1 < W && y0 >= 0 && y0 < H; \
                int in01 = x0 >= 0 && x0 < W && y0 + 1 >= 0 && y0 + 1 < H;                                            \
                int in11 = x0 + 1 >= 0 && x0 + 1 < W && y0 + 1 >= 0 && y0 + 1 < H;                                    \
                TT w00 = (1 - ax) * (1 - ay), w10 = ax * (1 - ay), w01 = (1 - ax) * ay, w11 = ax * ay;               \
                int64_t i00 = y0 * W + x0;                                                                            \
                TT gx_acc = 0, gy_acc = 0;                                                                            \
                for (int64_t c = 0; c < C; c++) {                                                                     \
                    const TT *xc = x + (n * C + c) * pin;                                                             \
                    TT v00 = in00 ? xc[i00] : 0, v10 = in10 ? xc[i00 + 1] : 0;                                        \
                    TT v01 = in01 ? xc[i00 + W] : 0, v11 = in11 ? xc[i00 + W + 1] : 0;                                \
                    if (!backward) {                                                                                  \
                        out[(n * C + c) * pout + p] = w00 * v00 + w10 * v10 + w01 * v01 + w11 * v11;                  \
                        continue;                                                                                     \
                    }                                                                                                 \
                    TT g = gout[(n * C + c) * pout + p];                                                              \
                    if (gin) {                                                                                        \
                        TT *gc = gin + (n * C + c) * pin;                                                             \
                        if (in00) gc[i00] += w00 * g;                                                                 \
                        if (in10) gc[i00 + 1] += w10 * g;                                                             \
                        if (in01) gc[i00 + W] += w01 * g;                                                             \
                        if (in11) gc[i00 + W + 1] += w11 * g;                                                         \
                    }                                                                                                 \
                    gx_acc += g * ((v10 - v00) * (1 - ay) + (v11 - v01) * ay);                                        \
                    gy_acc += g * ((v01 - v00) * (1 - ax) + (v11 - v10) * ax);                                        \
                }                                                                                                     \
                if (backward && ggrid) {                                                                              \
                    ggrid[(n * pout + p) * 2] = (TT)(gx_acc * sx);                                                    \
                    ggrid[(n * pout + p) * 2 + 1] = (TT)(gy_acc * sy);                                                \
                }                                                                                                     \
            }                                                                                                         \
    }
GRID_KERNEL(f32, float)
GRID_KERNEL(f64, double)

static int gs_parse(const char *fn, const tc_tensor *input, const tc_tensor *grid, int padding_mode, int64_t *OH, int64_t *OW) {
    if (sp_check_float(input, fn, "input", -1)) return -1;
    if (sp_check_float(grid, fn, "grid", input->dtype)) return -1;
    if (input->ndim != 4) return tc_fail("%s: 'input' must be 4D (N, C, H, W), got %dD", fn, (int)input->ndim);
    if (grid->ndim != 4 || grid->sizes[3] != 2 || grid->sizes[0] != input->sizes[0])
        return tc_fail("%s: 'grid' must be 4D (N = %lld, H_out, W_out, 2)", fn, (long long)input->sizes[0]);
    if (input->sizes[1] == 0) return tc_fail("%s: 'input' has zero channels", fn);
    if (input->sizes[2] == 0 || input->sizes[3] == 0) return tc_fail("%s: 'input' has an empty spatial dim", fn);
    if (padding_mode != TC_GRID_PAD_ZEROS && padding_mode != TC_GRID_PAD_BORDER)
        return tc_fail("%s: padding_mode must be TC_GRID_PAD_ZEROS or TC_GRID_PAD_BORDER (got %d)", fn, padding_mode);
    *OH = grid->sizes[1];
    *OW = grid->sizes[2];
    return 0;
}

int tc_grid_sample2d_forward(tc_tensor *output, const tc_tensor *input, const tc_tensor *grid, int padding_mode,
                             int align_corners) {
    const char *fn = "tc_grid_sample2d_forward";
    int64_t OH, OW;
    TC_CHECK_TENSOR(output, fn);
    if (gs_parse(fn, input, grid, padding_mode, &OH, &OW)) return -1;
    if (sp_check_float(output, fn, "output", input->dtype)) return -1;
    int64_t N = input->sizes[0], C = input->sizes[1], sizes[4] = {N, C, OH, OW};
    tc_tensor *x = sp_in(input), *g = sp_in(grid);
    tc_tensor *y = x && g ? sp_out_begin(output, 4, sizes, 0) : NULL;
    if (y && N * OH * OW > 0) {
        if (input->dtype == TC_FLOAT64)
            grid_sample_f64(tc_tensor_data(y), NULL, NULL, NULL, tc_tensor_data(x), tc_tensor_data(g), N, C, input->sizes[2],
                            input->sizes[3], OH, OW, padding_mode == TC_GRID_PAD_BORDER, align_corners, 0);
        else
            grid_sample_f32(tc_tensor_data(y), NULL, NULL, NULL, tc_tensor_data(x), tc_tensor_data(g), N, C, input->sizes[2],
                            input->sizes[3], OH, OW, padding_mode == TC_GRID_PAD_BORDER, align_corners, 0);
    }
    if (x) tc_tensor_release(x);
    if (g) tc_tensor_release(g);
    return y ? sp_out_end(output, y, 1) : -1;
}

int tc_grid_sample2d_backward(tc_tensor *grad_input, tc_tensor *grad_grid, const tc_tensor *grad_output,
                              const tc_tensor *input, const tc_tensor *grid, int padding_mode, int align_corners) {
    const char *fn = "tc_grid_sample2d_backward";
    int64_t OH, OW;
    TC_CHECK_TENSOR(grad_output, fn);
    if (gs_parse(fn, input, grid, padding_mode, &OH, &OW)) return -1;
    int64_t N = input->sizes[0], C = input->sizes[1], sizes[4] = {N, C, OH, OW};
    if (sp_check_float(grad_output, fn, "grad_output", input->dtype) || sp_same_shape_as(grad_output, 4, sizes, fn, "grad_output"))
        return -1;
    if (grad_input && sp_check_float(grad_input, fn, "grad_input", input->dtype)) return -1;
    if (grad_grid && sp_check_float(grad_grid, fn, "grad_grid", input->dtype)) return -1;
    if (!grad_input && !grad_grid) return 0;
    tc_tensor *x = sp_in(input), *g = sp_in(grid), *gy = sp_in(grad_output);
    int ok = x && g && gy;
    tc_tensor *gx = ok && grad_input ? sp_out_begin(grad_input, 4, input->sizes, 0) : NULL;
    tc_tensor *gg = ok && grad_grid ? sp_out_begin(grad_grid, 4, grid->sizes, 0) : NULL;
    ok = ok && (!grad_input || gx) && (!grad_grid || gg);
    if (ok) {
        int64_t el = input->dtype == TC_FLOAT64 ? 8 : 4;
        if (gx && tc_tensor_numel(gx)) memset(tc_tensor_data(gx), 0, tc_tensor_numel(gx) * el);
        if (gg && tc_tensor_numel(gg)) memset(tc_tensor_data(gg), 0, tc_tensor_numel(gg) * el);
        if (N * OH * OW > 0) {
            if (input->dtype == TC_FLOAT64)
                grid_sample_f64(NULL, gx ? tc_tensor_data(gx) : NULL, gg ? tc_tensor_data(gg) : NULL, tc_tensor_data(gy),
                                tc_tensor_data(x), tc_tensor_data(g), N, C, input->sizes[2], input->sizes[3], OH, OW,
                                padding_mode == TC_GRID_PAD_BORDER, align_corners, 1);
            else
                grid_sample_f32(NULL, gx ? tc_tensor_data(gx) : NULL, gg ? tc_tensor_data(gg) : NULL, tc_tensor_data(gy),
                                tc_tensor_data(x), tc_tensor_data(g), N, C, input->sizes[2], input->sizes[3], OH, OW,
                                padding_mode == TC_GRID_PAD_BORDER, align_corners, 1);
        }
    }
    int rc = ok ? 0 : -1;
    if (gx && sp_out_end(grad_input, gx, ok)) rc = -1;
    if (gg && sp_out_end(grad_grid, gg, ok)) rc = -1;
    if (x) tc_tensor_release(x);
    if (g) tc_tensor_release(g);
    if (gy) tc_tensor_release(gy);
    return rc;
}
