/* pad.c -- constant (negative = crop), reflection, replication and circular padding of the last 1-3
 * dims, with backward.  Each output coordinate maps to an input coordinate (or none, for constant
 * padding) through a per-dim table computed once; planes reuse the tables. */
#include "conv_common.h"

typedef struct pad_args {
    int nsp;
    int64_t planes;
    int64_t in[3], out[3], before[3];
} pad_args;

static int64_t map_index(int64_t o, int64_t before, int64_t n, int mode) {
    int64_t i = o - before;
    switch (mode) {
    case TC_PAD_REFLECT:
        if (n == 1) return 0;
        if (i < 0) i = -i;
        if (i >= n) i = 2 * (n - 1) - i;
        return i;
    case TC_PAD_REPLICATE:
        return i < 0 ? 0 : (i >= n ? n - 1 : i);
    case TC_PAD_CIRCULAR:
        i %= n;
        return i < 0 ? i + n : i;
    default:
        return (i < 0 || i >= n) ? -1 : i;
    }
}

static const char *mode_name(int mode) {
    static const char *names[] = {"constant", "reflect", "replicate", "circular"};
    return names[mode];
}

static int pad_parse(pad_args *a, const char *fn, const tc_tensor *input, int nsp, const int64_t *pad, int mode) {
    memset(a, 0, sizeof(*a));
    if (sp_check_float(input, fn, "input", -1)) return -1;
    if (sp_check_nsp(nsp, fn)) return -1;
    if (!pad) return tc_fail("%s: argument 'pad' is NULL", fn);
    if (mode < TC_PAD_CONSTANT || mode > TC_PAD_CIRCULAR) return tc_fail("%s: unknown padding mode %d", fn, mode);
    if (input->ndim < nsp) return tc_fail("%s: 'input' has %d dims, fewer than the %d padded dims", fn, (int)input->ndim, nsp);
    if (mode != TC_PAD_CONSTANT && input->ndim != nsp + 1 && input->ndim != nsp + 2)
        return tc_fail("%s: %s padding of %d dims needs a %dD or %dD input, got %dD", fn, mode_name(mode), nsp, nsp + 1,
                       nsp + 2, (int)input->ndim);
    a->nsp = nsp;
    a->planes = 1;
    for (int i = 0; i < input->ndim - nsp; i++) a->planes *= input->sizes[i];
    for (int i = 0; i < 3; i++) a->in[i] = a->out[i] = 1;
    for (int j = 0; j < nsp; j++) {       /* j counts from the last dim, as the pad array does */
        int i = 2 - j;
        int64_t n = input->sizes[input->ndim - 1 - j], b = pad[2 * j], e = pad[2 * j + 1];
        a->in[i] = n;
        a->before[i] = b;
        a->out[i] = n + b + e;
        if (mode == TC_PAD_CONSTANT) {
            if (a->out[i] < 0)
                return tc_fail("%s: padding (%lld, %lld) of dim %d (size %lld) gives a negative size", fn, (long long)b,
                               (long long)e, (int)input->ndim - 1 - j, (long long)n);
            continue;
        }
        if (n == 0) return tc_fail("%s: %s padding of an empty dim %d", fn, mode_name(mode), (int)input->ndim - 1 - j);
        if (mode == TC_PAD_REFLECT && (b >= n || e >= n))
            return tc_fail("%s: reflection padding (%lld, %lld) must be smaller than the size %lld of dim %d", fn, (long long)b,
                           (long long)e, (long long)n, (int)input->ndim - 1 - j);
        if (mode == TC_PAD_CIRCULAR && (b > n || e > n))
            return tc_fail("%s: circular padding (%lld, %lld) must be at most the size %lld of dim %d", fn, (long long)b,
                           (long long)e, (long long)n, (int)input->ndim - 1 - j);
        if (a->out[i] <= 0)
            return tc_fail("%s: padding (%lld, %lld) of dim %d (size %lld) leaves no elements", fn, (long long)b, (long long)e,
                           (int)input->ndim - 1 - j, (long long)n);
    }
    return 0;
}

#define PAD_KERNEL(S, TT)                                                                                            \
    static void pad_##S(const TT *src, TT *dst, const pad_args *a, int64_t *const *map, TT value, int backward) {   \
        const int64_t pin = a->in[0] * a->in[1] * a->in[2], pout = a->out[0] * a->out[1] * a->out[2];                \
        const int64_t H = a->in[1], W = a->in[2], OW = a->out[2];                                                    \
        _Pragma("omp parallel for if (a->planes * pout > TC_PARALLEL_GRAIN && tc_get_num_threads() > 1) num_threads(tc_get_num_threads())") \
        for (int64_t pl = 0; pl < a->planes; pl++)                                                                   \
            for (int64_t od = 0; od < a->out[0]; od++)                                                               \
                for (int64_t oh = 0; oh < a->out[1]; oh++) {                                                         \
                    int64_t md = map[0][od], mh = map[1][oh];                                                        \
                    int64_t orow = pl * pout + (od * a->out[1] + oh) * OW;                                           \
                    if (md < 0 || mh < 0) {                                                                          \
                        if (!backward)                                                                               \
                            for (int64_t ow = 0; ow < OW; ow++) dst[orow + ow] = value;                              \
                        continue;                                                                                    \
                    }                                                                                                \
                    int64_t row = pl * pin + (md * H + mh) * W;                                                      \
                    const int64_t *mw = map[2];                                                                      \
                    if (!backward)                                                                                   \
                        for (int64_t ow = 0; ow < OW; ow++) dst[orow + ow] = mw[ow] < 0 ? value : src[row + mw[ow]]; \
                    else                                                                                             \
                        for (int64_t ow = 0; ow < OW; ow++)                                                          \
                            if (mw[ow] >= 0) dst[row + mw[ow]] += src[orow + ow];                                    \
                }                                                                                                    \
    }
PAD_KERNEL(f32, float)
PAD_KERNEL(f64, double)

static int pad_run(const char *fn, int backward, tc_tensor *dst, const tc_tensor *src_t, const tc_tensor *input,
                   const pad_args *a, int mode, double value) {
    int64_t total = a->out[0] + a->out[1] + a->out[2], cap = 0;
    int64_t *buf = tc_alloc(total * 8 + 8, &cap);
    if (!buf) return tc_fail("%s: out of memory", fn);
    int64_t *map[3];
    for (int i = 0, off = 0; i < 3; off += a->out[i], i++) {
        map[i] = buf + off;
        for (int64_t o = 0; o < a->out[i]; o++) map[i][o] = map_index(o, a->before[i], a->in[i], mode);
    }
    int64_t sizes[TC_MAX_DIMS];
    int nd = input->ndim;
    memcpy(sizes, input->sizes, sizeof(int64_t) * nd);
    for (int j = 0; j < a->nsp; j++) sizes[nd - 1 - j] = a->out[2 - j];
    int dbl = input->dtype == TC_FLOAT64;
    tc_tensor *src = sp_in(src_t);
    tc_tensor *d = src ? (backward ? sp_out_begin(dst, nd, input->sizes, 0) : sp_out_begin(dst, nd, sizes, 0)) : NULL;
    if (d) {
        if (backward && tc_tensor_numel(d)) memset(tc_tensor_data(d), 0, tc_tensor_numel(d) * (dbl ? 8 : 4));
        int64_t pout = a->out[0] * a->out[1] * a->out[2];
        if (a->planes > 0 && pout > 0) {
            if (dbl) pad_f64(tc_tensor_data(src), tc_tensor_data(d), a, map, value, backward);
            else pad_f32(tc_tensor_data(src), tc_tensor_data(d), a, map, (float)value, backward);
        }
    }
    if (src) tc_tensor_release(src);
    tc_free(buf, cap);
    return d ? sp_out_end(dst, d, 1) : -1;
}

int tc_pad_forward(tc_tensor *output, const tc_tensor *input, int nspatial, const int64_t *pad, int mode, double value) {
    const char *fn = "tc_pad_forward";
    pad_args a;
    TC_CHECK_TENSOR(output, fn);
    if (pad_parse(&a, fn, input, nspatial, pad, mode)) return -1;
    if (sp_check_float(output, fn, "output", input->dtype)) return -1;
    return pad_run(fn, 0, output, input, input, &a, mode, value);
}

int tc_pad_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input, int nspatial,
                    const int64_t *pad, int mode) {
    const char *fn = "tc_pad_backward";
    pad_args a;
    TC_CHECK_TENSOR(grad_input, fn);
    TC_CHECK_TENSOR(grad_output, fn);
    if (pad_parse(&a, fn, input, nspatial, pad, mode)) return -1;
    if (sp_check_float(grad_output, fn, "grad_output", input->dtype)) return -1;
    if (sp_check_float(grad_input, fn, "grad_input", input->dtype)) return -1;
    int64_t sizes[TC_MAX_DIMS];
    memcpy(sizes, input->sizes, sizeof(int64_t) * input->ndim);
    for (int j = 0; j < nspatial; j++) sizes[input->ndim - 1 - j] = a.out[2 - j];
    if (sp_same_shape_as(grad_output, input->ndim, sizes, fn, "grad_output")) return -1;
    return pad_run(fn, 1, grad_input, grad_output, input, &a, mode, 0);
}
