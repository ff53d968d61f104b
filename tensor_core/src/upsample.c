/* upsample.c -- nearest and (bi/tri)linear upsampling over 1-D/2-D/3-D planes, with backward.
 * Source positions are computed once per output coordinate and dim (PyTorch's rules, including its
 * float arithmetic for 'nearest'), then every plane reuses the tables. */
#include "conv_common.h"

typedef struct up_args {
    sp_shape in;
    int64_t out[3];
    int64_t planes;
} up_args;

static int up_parse(up_args *a, const char *fn, const tc_tensor *input, int nsp, const int64_t *output_size) {
    memset(a, 0, sizeof(*a));
    if (sp_check_float(input, fn, "input", -1)) return -1;
    if (sp_parse(&a->in, input, nsp, fn, "input")) return -1;
    if (!output_size) return tc_fail("%s: argument 'output_size' is NULL", fn);
    for (int i = 0; i < 3; i++) a->out[i] = 1;
    for (int i = 0; i < nsp; i++) {
        if (output_size[i] <= 0) return tc_fail("%s: output_size[%d] must be positive (got %lld)", fn, i, (long long)output_size[i]);
        a->out[3 - nsp + i] = output_size[i];
    }
    a->planes = a->in.N * a->in.C;
    return 0;
}

static int check_scales(const double *scales, int nsp, const char *fn) {
    if (!scales) return 0;
    for (int i = 0; i < nsp; i++)
        if (isnan(scales[i]) || isinf(scales[i])) return tc_fail("%s: scales[%d] is not finite", fn, i);
    return 0;
}

/* scale for (padded) dim i: 1/scale when the user gave one, else in/out */
static double scale_of(const double *scales, int nsp, int i, int64_t in, int64_t out) {
    int ci = i - (3 - nsp);
    if (scales && ci >= 0 && scales[ci] > 0) return 1.0 / scales[ci];
    return (double)in / (double)out;
}

/* nearest: map[o] = source index; exact ('nearest-exact') samples at pixel centres */
static void nearest_map(int64_t *map, int64_t in, int64_t out, const double *scales, int nsp, int i, int exact) {
    float sc = (float)scale_of(scales, nsp, i, in, out);
    for (int64_t o = 0; o < out; o++) {
        int64_t s = exact ? (int64_t)floorf(((float)o + 0.5f) * sc) : (int64_t)floorf((float)o * sc);
        map[o] = s < in - 1 ? s : in - 1;
        if (out == in) map[o] = o;
    }
}

/* linear: i0, step to the second neighbour (0 or 1), weights l0/l1, in the element type's precision */
#define LINEAR_MAP(S, TT)                                                                                         \
    static void linear_map_##S(int64_t *i0, int64_t *step, TT *l0, TT *l1, int64_t in, int64_t out, int align,     \
                               const double *scales, int nsp, int i) {                                           \
        TT sc;                                                                                                    \
        if (align == 2) { /* Torch7's THNN: scale and source coordinate in float32 whatever the element type */    \
            const float scf = out > 1 ? (float)(in - 1) / (float)(out - 1) : 0.f;                                  \
            for (int64_t o = 0; o < out; o++) {                                                                   \
                const float realf = scf * (float)o;                                                               \
                int64_t a = (int64_t)realf;                                                                       \
                if (a > in - 1) a = in - 1;                                                                       \
                i0[o] = a;                                                                                        \
                step[o] = a < in - 1 ? 1 : 0;                                                                     \
                l1[o] = (TT)(realf - (float)a);                                                                   \
                l0[o] = (TT)1 - l1[o];                                                                            \
            }                                                                                                     \
            return;                                                                                               \
        }                                                                                                         \
        if (align) sc = out > 1 ? (TT)(in - 1) / (TT)(out - 1) : (TT)0;                                           \
        else sc = (TT)scale_of(scales, nsp, i, in, out);                                                          \
        for (int64_t o = 0; o < out; o++) {                                                                       \
            TT real = align ? sc * (TT)o : sc * ((TT)o + (TT)0.5) - (TT)0.5;                                      \
            if (real < 0) real = 0;                                                                               \
            int64_t a = (int64_t)real;                                                                            \
            if (a > in - 1) a = in - 1;                                                                           \
            i0[o] = a;                                                                                            \
            step[o] = a < in - 1 ? 1 : 0;                                                                         \
            l1[o] = real - (TT)a;                                                                                 \
            l0[o] = (TT)1 - l1[o];                                                                                \
        }                                                                                                         \
    }
LINEAR_MAP(f32, float)
LINEAR_MAP(f64, double)

#define NEAREST_KERNEL(S, TT)                                                                                       \
    static void nearest_##S(const TT *src, TT *dst, const up_args *a, int64_t *const *map, int backward) {         \
        const int64_t pin = a->in.s[0] * a->in.s[1] * a->in.s[2], pout = a->out[0] * a->out[1] * a->out[2];        \
        const int64_t H = a->in.s[1], W = a->in.s[2];                                                               \
        _Pragma("omp parallel for if (a->planes * pout > TC_PARALLEL_GRAIN && tc_get_num_threads() > 1) num_threads(tc_get_num_threads())") \
        for (int64_t pl = 0; pl < a->planes; pl++)                                                                  \
            for (int64_t od = 0; od < a->out[0]; od++)                                                              \
                for (int64_t oh = 0; oh < a->out[1]; oh++) {                                                        \
                    int64_t row = (map[0][od] * H + map[1][oh]) * W + pl * pin;                                     \
                    int64_t orow = pl * pout + (od * a->out[1] + oh) * a->out[2];                                   \
                    if (!backward)                                                                                  \
                        for (int64_t ow = 0; ow < a->out[2]; ow++) dst[orow + ow] = src[row + map[2][ow]];          \
                    else                                                                                            \
                        for (int64_t ow = 0; ow < a->out[2]; ow++) dst[row + map[2][ow]] += src[orow + ow];         \
                }                                                                                                   \
    }
NEAREST_KERNEL(f32, float)
NEAREST_KERNEL(f64, double)

#define LINEAR_KERNEL(S, TT)                                                                                        \
    static void linear_##S(const TT *src, TT *dst, const up_args *a, int64_t *const *i0, int64_t *const *st,        \
                           TT *const *l0, TT *const *l1, int backward) {                                            \
        const int64_t pin = a->in.s[0] * a->in.s[1] * a->in.s[2], pout = a->out[0] * a->out[1] * a->out[2];        \
        const int64_t H = a->in.s[1], W = a->in.s[2];                                                               \
        _Pragma("omp parallel for if (a->planes * pout > TC_PARALLEL_GRAIN && tc_get_num_threads() > 1) num_threads(tc_get_num_threads())") \
        for (int64_t pl = 0; pl < a->planes; pl++)                                                                  \
            for (int64_t od = 0; od < a->out[0]; od++)                                                              \
                for (int64_t oh = 0; oh < a->out[1]; oh++) {                                                        \
                    int64_t dd[2] = {i0[0][od], i0[0][od] + st[0][od]};                                             \
                    int64_t hh[2] = {i0[1][oh], i0[1][oh] + st[1][oh]};                                             \
                    TT wd[2] = {l0[0][od], l1[0][od]}, wh[2] = {l0[1][oh], l1[1][oh]};                              \
                    int64_t orow = pl * pout + (od * a->out[1] + oh) * a->out[2];                                   \
                    for (int cd = 0; cd < 2; cd++)                                                                  \
                        for (int ch = 0; ch < 2; ch++) {                                                            \
                            TT wdh = wd[cd] * wh[ch];                                                               \
                            if (cd + ch == 0 && !backward)                                                          \
                                for (int64_t ow = 0; ow < a->out[2]; ow++) dst[orow + ow] = 0;                      \
                            if (wdh == 0 && (cd || ch)) continue;                                                   \
                            int64_t row = pl * pin + (dd[cd] * H + hh[ch]) * W;                                     \
                            if (!backward)                                                                          \
                                for (int64_t ow = 0; ow < a->out[2]; ow++) {                                        \
                                    int64_t w0 = i0[2][ow];                                                         \
                                    dst[orow + ow] += wdh * (l0[2][ow] * src[row + w0] +                            \
                                                             l1[2][ow] * src[row + w0 + st[2][ow]]);                \
                                }                                                                                   \
                            else                                                                                    \
                                for (int64_t ow = 0; ow < a->out[2]; ow++) {                                        \
                                    int64_t w0 = i0[2][ow];                                                         \
                                    TT g = wdh * src[orow + ow];                                                    \
                                    dst[row + w0] += l0[2][ow] * g;                                                 \
                                    dst[row + w0 + st[2][ow]] += l1[2][ow] * g;                                     \
                                }                                                                                   \
                        }                                                                                           \
                }                                                                                                   \
    }
LINEAR_KERNEL(f32, float)
LINEAR_KERNEL(f64, double)

/* kind 0: nearest, 1: linear, 2: nearest-exact */
static int up_run(const char *fn, int kind, int backward, tc_tensor *dst, const tc_tensor *src_t, const tc_tensor *input,
                  up_args *a, int align, const double *scales) {
    int nsp = a->in.nsp, dbl = input->dtype == TC_FLOAT64;
    int64_t total = a->out[0] + a->out[1] + a->out[2];
    int64_t cap = 0;
    /* tables: idx (3 dims), step, l0, l1 */
    char *buf = tc_alloc(total * (8 * 4) + 64, &cap);
    if (!buf) return tc_fail("%s: out of memory", fn);
    int64_t *idx[3], *st[3];
    void *l0[3], *l1[3];
    int64_t *ip = (int64_t *)buf, *sp = ip + total;
    char *w0 = (char *)(sp + total), *w1 = w0 + total * 8;
    for (int i = 0, off = 0; i < 3; off += a->out[i], i++) {
        idx[i] = ip + off;
        st[i] = sp + off;
        l0[i] = w0 + off * (dbl ? 8 : 4);
        l1[i] = w1 + off * (dbl ? 8 : 4);
        if (kind == 0 || kind == 2) nearest_map(idx[i], a->in.s[i], a->out[i], scales, nsp, i, kind == 2);
        else if (dbl) linear_map_f64(idx[i], st[i], l0[i], l1[i], a->in.s[i], a->out[i], align, scales, nsp, i);
        else linear_map_f32(idx[i], st[i], l0[i], l1[i], a->in.s[i], a->out[i], align, scales, nsp, i);
    }
    int64_t sizes[5];
    int n = sp_sizes(&a->in, a->in.C, a->out, sizes);
    tc_tensor *src = sp_in(src_t);
    tc_tensor *d = src ? (backward ? sp_out_begin(dst, input->ndim, input->sizes, 0) : sp_out_begin(dst, n, sizes, 0)) : NULL;
    if (d) {
        if (backward && tc_tensor_numel(d)) memset(tc_tensor_data(d), 0, tc_tensor_numel(d) * (dbl ? 8 : 4));
        if (a->planes > 0) {
            if (kind != 1 && dbl) nearest_f64(tc_tensor_data(src), tc_tensor_data(d), a, idx, backward);
            else if (kind != 1) nearest_f32(tc_tensor_data(src), tc_tensor_data(d), a, idx, backward);
            else if (dbl) linear_f64(tc_tensor_data(src), tc_tensor_data(d), a, idx, st, (double *const *)l0, (double *const *)l1, backward);
            else linear_f32(tc_tensor_data(src), tc_tensor_data(d), a, idx, st, (float *const *)l0, (float *const *)l1, backward);
        }
    }
    if (src) tc_tensor_release(src);
    tc_free(buf, cap);
    return d ? sp_out_end(dst, d, 1) : -1;
}

static int up_forward(const char *fn, int kind, tc_tensor *output, const tc_tensor *input, int nsp,
                      const int64_t *output_size, int align, const double *scales) {
    up_args a;
    TC_CHECK_TENSOR(output, fn);
    if (up_parse(&a, fn, input, nsp, output_size)) return -1;
    if (check_scales(scales, nsp, fn)) return -1;
    if (sp_check_float(output, fn, "output", input->dtype)) return -1;
    return up_run(fn, kind, 0, output, input, input, &a, align, scales);
}

static int up_backward(const char *fn, int kind, tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                       int nsp, int align, const double *scales) {
    up_args a;
    TC_CHECK_TENSOR(grad_input, fn);
    TC_CHECK_TENSOR(grad_output, fn);
    TC_CHECK_TENSOR(input, fn);
    if (sp_check_nsp(nsp, fn)) return -1;
    if (grad_output->ndim != input->ndim) return tc_fail("%s: 'grad_output' must be %dD like the input", fn, (int)input->ndim);
    int64_t os[3];
    for (int i = 0; i < nsp; i++) os[i] = grad_output->sizes[input->ndim - nsp + i];
    if (up_parse(&a, fn, input, nsp, os)) return -1;
    if (check_scales(scales, nsp, fn)) return -1;
    if (sp_check_float(grad_output, fn, "grad_output", input->dtype)) return -1;
    if (sp_check_float(grad_input, fn, "grad_input", input->dtype)) return -1;
    for (int i = 0; i < input->ndim - nsp; i++)
        if (grad_output->sizes[i] != input->sizes[i])
            return tc_fail("%s: 'grad_output' size %lld at dim %d does not match the input's %lld", fn,
                           (long long)grad_output->sizes[i], i, (long long)input->sizes[i]);
    return up_run(fn, kind, 1, grad_input, grad_output, input, &a, align, scales);
}

int tc_upsample_nearest_forward(tc_tensor *output, const tc_tensor *input, int nspatial, const int64_t *output_size,
                                const double *scales) {
    return up_forward("tc_upsample_nearest_forward", 0, output, input, nspatial, output_size, 0, scales);
}

int tc_upsample_nearest_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input, int nspatial,
                                 const double *scales) {
    return up_backward("tc_upsample_nearest_backward", 0, grad_input, grad_output, input, nspatial, 0, scales);
}

int tc_upsample_linear_forward(tc_tensor *output, const tc_tensor *input, int nspatial, const int64_t *output_size,
                               int align_corners, const double *scales) {
    if (align_corners < 0 || align_corners > 2)
        return tc_fail("tc_upsample_linear_forward: 'align_corners' must be 0, 1 or 2 (got %d)", align_corners);
    return up_forward("tc_upsample_linear_forward", 1, output, input, nspatial, output_size, align_corners, scales);
}

int tc_upsample_linear_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input, int nspatial,
                                int align_corners, const double *scales) {
    if (align_corners < 0 || align_corners > 2)
        return tc_fail("tc_upsample_linear_backward: 'align_corners' must be 0, 1 or 2 (got %d)", align_corners);
    return up_backward("tc_upsample_linear_backward", 1, grad_input, grad_output, input, nspatial, align_corners, scales);
}

int tc_upsample_nearest_exact_forward(tc_tensor *output, const tc_tensor *input, int nspatial, const int64_t *output_size,
                                      const double *scales) {
    return up_forward("tc_upsample_nearest_exact_forward", 2, output, input, nspatial, output_size, 0, scales);
}

int tc_upsample_nearest_exact_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                                       int nspatial, const double *scales) {
    return up_backward("tc_upsample_nearest_exact_backward", 2, grad_input, grad_output, input, nspatial, 0, scales);
}

/* ---- bicubic (2-D, PyTorch's A = -0.75 kernel; taps outside the input are clamped to the border) ---- */
#define BICUBIC(S, TT)                                                                                               \
    static void cubic_map_##S(int64_t *idx, TT *w, int64_t in, int64_t out, int align, const double *scales, int i) { \
        TT sc;                                                                                                       \
        if (align) sc = out > 1 ? (TT)(in - 1) / (TT)(out - 1) : (TT)0;                                              \
        else sc = (TT)scale_of(scales, 2, i, in, out);                                                               \
        const TT A = (TT)-0.75;                                                                                      \
        for (int64_t o = 0; o < out; o++) {                                                                          \
            TT real = align ? sc * (TT)o : sc * ((TT)o + (TT)0.5) - (TT)0.5;                                         \
            TT f = floor(real);                                                                                      \
            int64_t base = (int64_t)f;                                                                               \
            TT t = real - f, x1 = t + 1, x2 = 1 - t, x3 = 2 - t;                                                     \
            w[4 * o + 0] = ((A * x1 - 5 * A) * x1 + 8 * A) * x1 - 4 * A;                                             \
            w[4 * o + 1] = ((A + 2) * t - (A + 3)) * t * t + 1;                                                      \
            w[4 * o + 2] = ((A + 2) * x2 - (A + 3)) * x2 * x2 + 1;                                                   \
            w[4 * o + 3] = ((A * x3 - 5 * A) * x3 + 8 * A) * x3 - 4 * A;                                             \
            for (int j = 0; j < 4; j++) {                                                                            \
                int64_t v = base - 1 + j;                                                                            \
                idx[4 * o + j] = v < 0 ? 0 : (v > in - 1 ? in - 1 : v);                                              \
            }                                                                                                        \
        }                                                                                                            \
    }                                                                                                                \
    static void cubic_##S(const TT *src, TT *dst, const up_args *a, const int64_t *iy, const TT *wy, const int64_t *ix, \
                          const TT *wx, int backward) {                                                              \
        const int64_t H = a->in.s[1], W = a->in.s[2], OH = a->out[1], OW = a->out[2];                                \
        _Pragma("omp parallel for if (a->planes * OH * OW * 16 > TC_PARALLEL_GRAIN && tc_get_num_threads() > 1) num_threads(tc_get_num_threads())") \
        for (int64_t pl = 0; pl < a->planes; pl++)                                                                   \
            for (int64_t oh = 0; oh < OH; oh++)                                                                      \
                for (int64_t ow = 0; ow < OW; ow++) {                                                                \
                    int64_t o = (pl * OH + oh) * OW + ow;                                                            \
                    if (!backward) {                                                                                 \
                        TT acc = 0;                                                                                  \
                        for (int r = 0; r < 4; r++) {                                                                \
                            const TT *row = src + (pl * H + iy[4 * oh + r]) * W;                                     \
                            TT racc = 0;                                                                             \
                            for (int c = 0; c < 4; c++) racc += wx[4 * ow + c] * row[ix[4 * ow + c]];                \
                            acc += wy[4 * oh + r] * racc;                                                            \
                        }                                                                                            \
                        dst[o] = acc;                                                                                \
                    } else {                                                                                         \
                        TT g = src[o];                                                                               \
                        for (int r = 0; r < 4; r++) {                                                                \
                            TT *row = dst + (pl * H + iy[4 * oh + r]) * W;                                           \
                            for (int c = 0; c < 4; c++) row[ix[4 * ow + c]] += wy[4 * oh + r] * wx[4 * ow + c] * g;  \
                        }                                                                                            \
                    }                                                                                                \
                }                                                                                                    \
    }
BICUBIC(f32, float)
BICUBIC(f64, double)

static int cubic_run(const char *fn, int backward, tc_tensor *dst, const tc_tensor *src_t, const tc_tensor *input,
                     up_args *a, int align, const double *scales) {
    int dbl = input->dtype == TC_FLOAT64;
    int64_t nidx = 4 * (a->out[1] + a->out[2]), cap = 0;
    char *buf = tc_alloc(nidx * 16 + 64, &cap);
    if (!buf) return tc_fail("%s: out of memory", fn);
    int64_t *iy = (int64_t *)buf, *ix = iy + 4 * a->out[1];
    char *wbuf = (char *)(ix + 4 * a->out[2]);
    void *wy = wbuf, *wx = wbuf + 4 * a->out[1] * (dbl ? 8 : 4);
    if (dbl) {
        cubic_map_f64(iy, wy, a->in.s[1], a->out[1], align, scales, 1);
        cubic_map_f64(ix, wx, a->in.s[2], a->out[2], align, scales, 2);
    } else {
        cubic_map_f32(iy, wy, a->in.s[1], a->out[1], align, scales, 1);
        cubic_map_f32(ix, wx, a->in.s[2], a->out[2], align, scales, 2);
    }
    int64_t sizes[5];
    int n = sp_sizes(&a->in, a->in.C, a->out, sizes);
    tc_tensor *src = sp_in(src_t);
    tc_tensor *d = src ? (backward ? sp_out_begin(dst, input->ndim, input->sizes, 0) : sp_out_begin(dst, n, sizes, 0)) : NULL;
    if (d) {
        if (backward && tc_tensor_numel(d)) memset(tc_tensor_data(d), 0, tc_tensor_numel(d) * (dbl ? 8 : 4));
        if (a->planes > 0) {
            if (dbl) cubic_f64(tc_tensor_data(src), tc_tensor_data(d), a, iy, wy, ix, wx, backward);
            else cubic_f32(tc_tensor_data(src), tc_tensor_data(d), a, iy, wy, ix, wx, backward);
        }
    }
    if (src) tc_tensor_release(src);
    tc_free(buf, cap);
    return d ? sp_out_end(dst, d, 1) : -1;
}

int tc_upsample_bicubic2d_forward(tc_tensor *output, const tc_tensor *input, const int64_t *output_size, int align_corners,
                                  const double *scales) {
    const char *fn = "tc_upsample_bicubic2d_forward";
    up_args a;
    TC_CHECK_TENSOR(output, fn);
    if (up_parse(&a, fn, input, 2, output_size)) return -1;
    if (check_scales(scales, 2, fn)) return -1;
    if (sp_check_float(output, fn, "output", input->dtype)) return -1;
    return cubic_run(fn, 0, output, input, input, &a, align_corners, scales);
}

int tc_upsample_bicubic2d_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                                   int align_corners, const double *scales) {
    const char *fn = "tc_upsample_bicubic2d_backward";
    up_args a;
    TC_CHECK_TENSOR(grad_input, fn);
    TC_CHECK_TENSOR(grad_output, fn);
    TC_CHECK_TENSOR(input, fn);
    if (grad_output->ndim != input->ndim) return tc_fail("%s: 'grad_output' must be %dD like the input", fn, (int)input->ndim);
    int64_t os[2] = {grad_output->sizes[input->ndim - 2], grad_output->sizes[input->ndim - 1]};
    if (up_parse(&a, fn, input, 2, os)) return -1;
    if (check_scales(scales, 2, fn)) return -1;
    if (sp_check_float(grad_output, fn, "grad_output", input->dtype)) return -1;
    if (sp_check_float(grad_input, fn, "grad_input", input->dtype)) return -1;
    for (int i = 0; i < input->ndim - 2; i++)
        if (grad_output->sizes[i] != input->sizes[i])
            return tc_fail("%s: 'grad_output' size %lld at dim %d does not match the input's %lld", fn,
                           (long long)grad_output->sizes[i], i, (long long)input->sizes[i]);
    return cubic_run(fn, 1, grad_input, grad_output, input, &a, align_corners, scales);
}
