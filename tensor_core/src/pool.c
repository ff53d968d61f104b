/* pool.c -- max, average, adaptive, LP pooling and max unpooling over 1-D/2-D/3-D planes. */
#include "conv_common.h"

typedef struct pgeo {
    int64_t planes;
    int64_t in[3], out[3], k[3], s[3], p[3], d[3];
    int count_include_pad;
    int64_t divisor_override;
} pgeo;

#define T float
#define FN(name) name##_f32
#include "pool_impl.h"
#undef T
#undef FN
#define T double
#define FN(name) name##_f64
#include "pool_impl.h"
#undef T
#undef FN

typedef struct pool_args {
    sp_shape in;
    pgeo g;
} pool_args;

/* Parses input and window options into a.g; kernel may be NULL for the adaptive/unpool kernels
 * (then the caller fills g.out).  with_pad_rule: PyTorch's "padding at most half the kernel". */
static int pool_parse(pool_args *a, const char *fn, const tc_tensor *input, int nsp, const int64_t *kernel,
                      const int64_t *stride, const int64_t *padding, const int64_t *dilation, int ceil_mode) {
    memset(a, 0, sizeof(*a));
    if (sp_check_float(input, fn, "input", -1)) return -1;
    if (sp_parse(&a->in, input, nsp, fn, "input")) return -1;
    pgeo *g = &a->g;
    g->planes = a->in.N * a->in.C;
    for (int i = 0; i < 3; i++) g->in[i] = a->in.s[i];
    if (!kernel) return 0;
    for (int i = 0; i < nsp; i++) {
        if (kernel[i] <= 0) return tc_fail("%s: kernel_size[%d] must be positive (got %lld)", fn, i, (long long)kernel[i]);
        if (stride && stride[i] <= 0) return tc_fail("%s: stride[%d] must be positive (got %lld)", fn, i, (long long)stride[i]);
        if (padding && padding[i] < 0) return tc_fail("%s: padding[%d] must be >= 0 (got %lld)", fn, i, (long long)padding[i]);
        if (dilation && dilation[i] <= 0)
            return tc_fail("%s: dilation[%d] must be positive (got %lld)", fn, i, (long long)dilation[i]);
        if (padding && padding[i] * 2 > kernel[i])
            return tc_fail("%s: padding[%d] (%lld) must be at most half the kernel size (%lld)", fn, i, (long long)padding[i],
                           (long long)kernel[i]);
    }
    sp_opt3(kernel, nsp, 1, 1, g->k);
    sp_opt3(stride ? stride : kernel, nsp, 1, 1, g->s);
    sp_opt3(padding, nsp, 0, 0, g->p);
    sp_opt3(dilation, nsp, 1, 1, g->d);
    for (int i = 0; i < 3; i++) {
        int64_t eff = g->d[i] * (g->k[i] - 1) + 1, num = g->in[i] + 2 * g->p[i] - eff;
        if (num < 0)
            return tc_fail("%s: input size %lld (padded %lld) is smaller than the kernel %lld at spatial dim %d", fn,
                           (long long)g->in[i], (long long)(g->in[i] + 2 * g->p[i]), (long long)eff, i - (3 - nsp));
        int64_t o = (ceil_mode ? (num + g->s[i] - 1) / g->s[i] : num / g->s[i]) + 1;
        if (ceil_mode && (o - 1) * g->s[i] >= g->in[i] + g->p[i]) o--;
        g->out[i] = o;
    }
    return 0;
}

static int out_shape(const pool_args *a, int64_t *sizes) { return sp_sizes(&a->in, a->in.C, a->g.out, sizes); }

/* indices must lie in [base, base + plane) */
static int check_indices(const int64_t *ind, int64_t n, int64_t plane, int64_t base, const char *fn) {
    for (int64_t i = 0; i < n; i++)
        if (ind[i] - base < 0 || ind[i] - base >= plane)
            return tc_fail("%s: index %lld at position %lld is outside the plane [%lld, %lld)", fn, (long long)ind[i],
                           (long long)i, (long long)base, (long long)(base + plane));
    return 0;
}

int tc_max_pool_forward(tc_tensor *output, tc_tensor *indices, const tc_tensor *input, int nspatial, const int64_t *kernel,
                        const int64_t *stride, const int64_t *padding, const int64_t *dilation, int ceil_mode,
                        int64_t index_base) {
    const char *fn = "tc_max_pool_forward";
    pool_args a;
    TC_CHECK_TENSOR(output, fn);
    TC_CHECK_TENSOR(kernel, fn);
    if (pool_parse(&a, fn, input, nspatial, kernel, stride, padding, dilation, ceil_mode)) return -1;
    if (sp_check_float(output, fn, "output", input->dtype)) return -1;
    if (sp_check_index(indices, fn, "indices")) return -1;
    int64_t sizes[5];
    int n = out_shape(&a, sizes);
    tc_tensor *x = sp_in(input);
    if (!x) return -1;
    tc_tensor *y = sp_out_begin(output, n, sizes, 0);
    tc_tensor *ind = y ? sp_out_begin(indices, n, sizes, 0) : NULL;
    int ok = y && ind;
    if (ok && a.g.planes > 0) {
        const pgeo *g = &a.g;
        int plain = g->in[0] == 1 && g->p[1] == 0 && g->p[2] == 0 && g->d[1] == 1 && g->d[2] == 1;
        if (input->dtype == TC_FLOAT64) {
            if (plain) max_pool2d_plain_f64(tc_tensor_data(x), tc_tensor_data(y), tc_tensor_data(ind), g, index_base);
            else max_pool_f64(tc_tensor_data(x), tc_tensor_data(y), tc_tensor_data(ind), g, index_base);
        } else {
            if (plain) max_pool2d_plain_f32(tc_tensor_data(x), tc_tensor_data(y), tc_tensor_data(ind), g, index_base);
            else max_pool_f32(tc_tensor_data(x), tc_tensor_data(y), tc_tensor_data(ind), g, index_base);
        }
    }
    tc_tensor_release(x);
    int rc = ind ? sp_out_end(indices, ind, ok) : 0;
    rc |= y ? sp_out_end(output, y, ok && rc == 0) : -1;
    return ok && rc == 0 ? 0 : -1;
}

/* shared by max pooling (all kinds) and max unpooling's forward: gx = 0; gx[plane][ind] += gy */
static int scatter_common(const char *fn, tc_tensor *dst, const int64_t *dst_sizes, int dst_ndim, const tc_tensor *src,
                          const tc_tensor *indices, int64_t planes, int64_t plane_dst, int64_t index_base, int assign) {
    if (sp_check_index(indices, fn, "indices")) return -1;
    if (sp_same_shape_as(indices, src->ndim, src->sizes, fn, "indices")) return -1;
    tc_tensor *s = sp_in(src), *ind = sp_in(indices);
    int ok = s && ind;
    int64_t pout = planes ? tc_tensor_numel(src) / planes : 0;
    if (ok && check_indices(tc_tensor_data(ind), tc_tensor_numel(ind), plane_dst, index_base, fn)) ok = 0;
    tc_tensor *d = ok ? sp_out_begin(dst, dst_ndim, dst_sizes, 0) : NULL;
    if (!d) ok = 0;
    if (ok) {
        int64_t nb = tc_tensor_numel(d) * (d->dtype == TC_FLOAT64 ? 8 : 4);
        if (nb) memset(tc_tensor_data(d), 0, nb);
        if (planes > 0) {
            if (d->dtype == TC_FLOAT64)
                index_scatter_add_f64(tc_tensor_data(d), tc_tensor_data(s), tc_tensor_data(ind), planes, plane_dst, pout, index_base, assign);
            else
                index_scatter_add_f32(tc_tensor_data(d), tc_tensor_data(s), tc_tensor_data(ind), planes, plane_dst, pout, index_base, assign);
        }
    }
    if (s) tc_tensor_release(s);
    if (ind) tc_tensor_release(ind);
    return d ? sp_out_end(dst, d, ok) : -1;
}

int tc_max_pool_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                         const tc_tensor *indices, int nspatial, int64_t index_base) {
    const char *fn = "tc_max_pool_backward";
    pool_args a;
    TC_CHECK_TENSOR(grad_input, fn);
    if (pool_parse(&a, fn, input, nspatial, NULL, NULL, NULL, NULL, 0)) return -1;
    if (sp_check_float(grad_output, fn, "grad_output", input->dtype)) return -1;
    if (sp_check_float(grad_input, fn, "grad_input", input->dtype)) return -1;
    if (grad_output->ndim != input->ndim || grad_output->sizes[0] != input->sizes[0] ||
        (a.in.batched && grad_output->sizes[1] != input->sizes[1]))
        return tc_fail("%s: 'grad_output' must be %dD with the input's batch and channel sizes", fn, (int)input->ndim);
    int64_t plane = a.in.s[0] * a.in.s[1] * a.in.s[2];
    return scatter_common(fn, grad_input, input->sizes, input->ndim, grad_output, indices, a.g.planes, plane, index_base, 0);
}

static int avg_common(const char *fn, int backward, tc_tensor *dst, const tc_tensor *grad_output, const tc_tensor *input,
                      int nsp, const int64_t *kernel, const int64_t *stride, const int64_t *padding, int ceil_mode,
                      int count_include_pad, int64_t divisor_override) {
    pool_args a;
    TC_CHECK_TENSOR(dst, fn);
    TC_CHECK_TENSOR(kernel, fn);
    if (pool_parse(&a, fn, input, nsp, kernel, stride, padding, NULL, ceil_mode)) return -1;
    if (divisor_override < 0) return tc_fail("%s: divisor_override must be >= 0 (got %lld)", fn, (long long)divisor_override);
    a.g.count_include_pad = count_include_pad;
    a.g.divisor_override = divisor_override;
    if (sp_check_float(dst, fn, backward ? "grad_input" : "output", input->dtype)) return -1;
    int64_t sizes[5];
    int n = out_shape(&a, sizes);
    if (backward) {
        if (sp_check_float(grad_output, fn, "grad_output", input->dtype)) return -1;
        if (sp_same_shape_as(grad_output, n, sizes, fn, "grad_output")) return -1;
    }
    tc_tensor *src = sp_in(backward ? grad_output : input);
    if (!src) return -1;
    tc_tensor *d = backward ? sp_out_begin(dst, input->ndim, input->sizes, 0) : sp_out_begin(dst, n, sizes, 0);
    if (d) {
        if (backward && tc_tensor_numel(d)) memset(tc_tensor_data(d), 0, tc_tensor_numel(d) * (input->dtype == TC_FLOAT64 ? 8 : 4));
        if (a.g.planes > 0) {
            if (input->dtype == TC_FLOAT64) avg_pool_f64(tc_tensor_data(src), tc_tensor_data(d), &a.g, backward);
            else avg_pool_f32(tc_tensor_data(src), tc_tensor_data(d), &a.g, backward);
        }
    }
    tc_tensor_release(src);
    return d ? sp_out_end(dst, d, 1) : -1;
}

int tc_avg_pool_forward(tc_tensor *output, const tc_tensor *input, int nspatial, const int64_t *kernel,
                        const int64_t *stride, const int64_t *padding, int ceil_mode, int count_include_pad,
                        int64_t divisor_override) {
    return avg_common("tc_avg_pool_forward", 0, output, NULL, input, nspatial, kernel, stride, padding, ceil_mode,
                      count_include_pad, divisor_override);
}

int tc_avg_pool_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input, int nspatial,
                         const int64_t *kernel, const int64_t *stride, const int64_t *padding, int ceil_mode,
                         int count_include_pad, int64_t divisor_override) {
    TC_CHECK_TENSOR(grad_output, "tc_avg_pool_backward");
    return avg_common("tc_avg_pool_backward", 1, grad_input, grad_output, input, nspatial, kernel, stride, padding,
                      ceil_mode, count_include_pad, divisor_override);
}

static int adaptive_parse(pool_args *a, const char *fn, const tc_tensor *input, int nsp, const int64_t *output_size) {
    if (pool_parse(a, fn, input, nsp, NULL, NULL, NULL, NULL, 0)) return -1;
    if (!output_size) return tc_fail("%s: argument 'output_size' is NULL", fn);
    for (int i = 0; i < 3; i++) a->g.out[i] = 1;
    for (int i = 0; i < nsp; i++) {
        if (output_size[i] <= 0)
            return tc_fail("%s: output_size[%d] must be positive (got %lld)", fn, i, (long long)output_size[i]);
        a->g.out[3 - nsp + i] = output_size[i];
    }
    return 0;
}

static int adaptive_run(const char *fn, int mode, tc_tensor *dst, tc_tensor *indices, const tc_tensor *src_t,
                        const tc_tensor *input, pool_args *a, int64_t index_base) {
    int64_t sizes[5];
    int n = out_shape(a, sizes);
    tc_tensor *src = sp_in(src_t);
    if (!src) return -1;
    tc_tensor *d = mode == 1 ? sp_out_begin(dst, input->ndim, input->sizes, 0) : sp_out_begin(dst, n, sizes, 0);
    tc_tensor *ind = d && mode == 2 ? sp_out_begin(indices, n, sizes, 0) : NULL;
    int ok = d && (mode != 2 || ind);
    if (ok) {
        if (mode == 1 && tc_tensor_numel(d)) memset(tc_tensor_data(d), 0, tc_tensor_numel(d) * (input->dtype == TC_FLOAT64 ? 8 : 4));
        if (a->g.planes > 0) {
            int64_t *pi = ind ? tc_tensor_data(ind) : NULL;
            if (input->dtype == TC_FLOAT64) adaptive_pool_f64(tc_tensor_data(src), tc_tensor_data(d), pi, &a->g, mode, index_base);
            else adaptive_pool_f32(tc_tensor_data(src), tc_tensor_data(d), pi, &a->g, mode, index_base);
        }
    }
    tc_tensor_release(src);
    int rc = 0;
    if (ind) rc = sp_out_end(indices, ind, ok);
    if (d) rc |= sp_out_end(dst, d, ok && rc == 0);
    return ok && rc == 0 ? 0 : -1;
}

int tc_adaptive_max_pool_forward(tc_tensor *output, tc_tensor *indices, const tc_tensor *input, int nspatial,
                                 const int64_t *output_size, int64_t index_base) {
    const char *fn = "tc_adaptive_max_pool_forward";
    pool_args a;
    TC_CHECK_TENSOR(output, fn);
    if (adaptive_parse(&a, fn, input, nspatial, output_size)) return -1;
    if (sp_check_float(output, fn, "output", input->dtype)) return -1;
    if (sp_check_index(indices, fn, "indices")) return -1;
    return adaptive_run(fn, 2, output, indices, input, input, &a, index_base);
}

int tc_adaptive_avg_pool_forward(tc_tensor *output, const tc_tensor *input, int nspatial, const int64_t *output_size) {
    const char *fn = "tc_adaptive_avg_pool_forward";
    pool_args a;
    TC_CHECK_TENSOR(output, fn);
    if (adaptive_parse(&a, fn, input, nspatial, output_size)) return -1;
    if (sp_check_float(output, fn, "output", input->dtype)) return -1;
    return adaptive_run(fn, 0, output, NULL, input, input, &a, 0);
}

int tc_adaptive_avg_pool_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                                  int nspatial) {
    const char *fn = "tc_adaptive_avg_pool_backward";
    pool_args a;
    TC_CHECK_TENSOR(grad_input, fn);
    if (pool_parse(&a, fn, input, nspatial, NULL, NULL, NULL, NULL, 0)) return -1;
    if (sp_check_float(grad_output, fn, "grad_output", input->dtype)) return -1;
    if (sp_check_float(grad_input, fn, "grad_input", input->dtype)) return -1;
    if (grad_output->ndim != input->ndim)
        return tc_fail("%s: 'grad_output' must be %dD like the input", fn, (int)input->ndim);
    int64_t os[3];
    for (int i = 0; i < nspatial; i++) os[i] = grad_output->sizes[input->ndim - nspatial + i];
    if (adaptive_parse(&a, fn, input, nspatial, os)) return -1;
    int64_t sizes[5];
    int n = out_shape(&a, sizes);
    if (sp_same_shape_as(grad_output, n, sizes, fn, "grad_output")) return -1;
    return adaptive_run(fn, 1, grad_input, NULL, grad_output, input, &a, 0);
}

static int lp_common(const char *fn, int backward, tc_tensor *dst, const tc_tensor *grad_output, const tc_tensor *input,
                     const tc_tensor *output, int nsp, double p, const int64_t *kernel, const int64_t *stride,
                     int ceil_mode) {
    pool_args a;
    TC_CHECK_TENSOR(dst, fn);
    TC_CHECK_TENSOR(kernel, fn);
    if (!(p > 0) || isinf(p)) return tc_fail("%s: norm_type p must be positive and finite (got %g)", fn, p);
    if (pool_parse(&a, fn, input, nsp, kernel, stride, NULL, NULL, ceil_mode)) return -1;
    if (sp_check_float(dst, fn, backward ? "grad_input" : "output", input->dtype)) return -1;
    int64_t sizes[5];
    int n = out_shape(&a, sizes);
    tc_tensor *x = sp_in(input), *y = NULL, *gy = NULL;
    if (!x) return -1;
    if (backward) {
        if (sp_check_float(grad_output, fn, "grad_output", input->dtype) || sp_same_shape_as(grad_output, n, sizes, fn, "grad_output") ||
            sp_check_float(output, fn, "output", input->dtype) || sp_same_shape_as(output, n, sizes, fn, "output")) {
            tc_tensor_release(x);
            return -1;
        }
        y = sp_in(output);
        gy = sp_in(grad_output);
    }
    tc_tensor *d = (!backward || (y && gy)) ? (backward ? sp_out_begin(dst, input->ndim, input->sizes, 0) : sp_out_begin(dst, n, sizes, 0)) : NULL;
    if (d) {
        if (backward && tc_tensor_numel(d)) memset(tc_tensor_data(d), 0, tc_tensor_numel(d) * (input->dtype == TC_FLOAT64 ? 8 : 4));
        if (a.g.planes > 0) {
            if (input->dtype == TC_FLOAT64)
                lp_pool_f64(tc_tensor_data(x), backward ? tc_tensor_data(y) : tc_tensor_data(d), gy ? tc_tensor_data(gy) : NULL,
                            backward ? tc_tensor_data(d) : NULL, &a.g, p, backward);
            else
                lp_pool_f32(tc_tensor_data(x), backward ? tc_tensor_data(y) : tc_tensor_data(d), gy ? tc_tensor_data(gy) : NULL,
                            backward ? tc_tensor_data(d) : NULL, &a.g, p, backward);
        }
    }
    tc_tensor_release(x);
    if (y) tc_tensor_release(y);
    if (gy) tc_tensor_release(gy);
    return d ? sp_out_end(dst, d, 1) : -1;
}

int tc_lp_pool_forward(tc_tensor *output, const tc_tensor *input, int nspatial, double p, const int64_t *kernel,
                       const int64_t *stride, int ceil_mode) {
    return lp_common("tc_lp_pool_forward", 0, output, NULL, input, NULL, nspatial, p, kernel, stride, ceil_mode);
}

int tc_lp_pool_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input, const tc_tensor *output,
                        int nspatial, double p, const int64_t *kernel, const int64_t *stride, int ceil_mode) {
    return lp_common("tc_lp_pool_backward", 1, grad_input, grad_output, input, output, nspatial, p, kernel, stride, ceil_mode);
}

int tc_max_unpool_forward(tc_tensor *output, const tc_tensor *input, const tc_tensor *indices, int nspatial,
                          const int64_t *output_size, int64_t index_base) {
    const char *fn = "tc_max_unpool_forward";
    pool_args a;
    TC_CHECK_TENSOR(output, fn);
    if (adaptive_parse(&a, fn, input, nspatial, output_size)) return -1;
    if (sp_check_float(output, fn, "output", input->dtype)) return -1;
    int64_t sizes[5];
    int n = out_shape(&a, sizes);
    int64_t plane = a.g.out[0] * a.g.out[1] * a.g.out[2];
    return scatter_common(fn, output, sizes, n, input, indices, a.g.planes, plane, index_base, 1);
}

int tc_max_unpool_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                           const tc_tensor *indices, int nspatial, int64_t index_base) {
    const char *fn = "tc_max_unpool_backward";
    pool_args a;
    TC_CHECK_TENSOR(grad_input, fn);
    if (pool_parse(&a, fn, input, nspatial, NULL, NULL, NULL, NULL, 0)) return -1;
    if (sp_check_float(grad_output, fn, "grad_output", input->dtype)) return -1;
    if (sp_check_float(grad_input, fn, "grad_input", input->dtype)) return -1;
    if (sp_check_index(indices, fn, "indices")) return -1;
    if (sp_same_shape_as(indices, input->ndim, input->sizes, fn, "indices")) return -1;
    if (grad_output->ndim != input->ndim) return tc_fail("%s: 'grad_output' must be %dD like the input", fn, (int)input->ndim);
    for (int i = 0; i < input->ndim - nspatial; i++)
        if (grad_output->sizes[i] != input->sizes[i])
            return tc_fail("%s: 'grad_output' batch/channel sizes must match the input", fn);
    int64_t plane = 1;
    for (int i = input->ndim - nspatial; i < input->ndim; i++) plane *= grad_output->sizes[i];
    tc_tensor *gy = sp_in(grad_output), *ind = sp_in(indices);
    int ok = gy && ind;
    if (ok && check_indices(tc_tensor_data(ind), tc_tensor_numel(ind), plane, index_base, fn)) ok = 0;
    tc_tensor *d = ok ? sp_out_begin(grad_input, input->ndim, input->sizes, 0) : NULL;
    if (d && a.g.planes > 0) {
        int64_t pin = tc_tensor_numel(input) / a.g.planes;
        if (input->dtype == TC_FLOAT64)
            index_gather_f64(tc_tensor_data(d), tc_tensor_data(gy), tc_tensor_data(ind), a.g.planes, plane, pin, index_base);
        else
            index_gather_f32(tc_tensor_data(d), tc_tensor_data(gy), tc_tensor_data(ind), a.g.planes, plane, pin, index_base);
    }
    if (gy) tc_tensor_release(gy);
    if (ind) tc_tensor_release(ind);
    return d ? sp_out_end(grad_input, d, 1) : -1;
}

int tc_fractional_max_pool_forward(tc_tensor *output, tc_tensor *indices, const tc_tensor *input, int nspatial,
                                   const int64_t *kernel, const int64_t *output_size, const tc_tensor *samples,
                                   int64_t index_base) {
    const char *fn = "tc_fractional_max_pool_forward";
    pool_args a;
    TC_CHECK_TENSOR(output, fn);
    TC_CHECK_TENSOR(kernel, fn);
    if (adaptive_parse(&a, fn, input, nspatial, output_size)) return -1;
    if (sp_check_float(output, fn, "output", input->dtype)) return -1;
    if (sp_check_index(indices, fn, "indices")) return -1;
    if (sp_check_float(samples, fn, "samples", input->dtype)) return -1;
    for (int i = 0; i < 3; i++) a.g.k[i] = 1;
    for (int i = 0; i < nspatial; i++) {
        int j = 3 - nspatial + i;
        if (kernel[i] <= 0) return tc_fail("%s: kernel_size[%d] must be positive (got %lld)", fn, i, (long long)kernel[i]);
        if (output_size[i] + kernel[i] - 1 > a.g.in[j])
            return tc_fail("%s: output_size[%d] (%lld) + kernel_size[%d] (%lld) - 1 exceeds the input size %lld", fn, i,
                           (long long)output_size[i], i, (long long)kernel[i], (long long)a.g.in[j]);
        a.g.k[j] = kernel[i];
    }
    if (tc_tensor_numel(samples) != a.g.planes * nspatial)
        return tc_fail("%s: 'samples' must hold %lld values (batch x channels x %d), got %lld", fn,
                       (long long)(a.g.planes * nspatial), nspatial, (long long)tc_tensor_numel(samples));
    tc_tensor *s = sp_in(samples);
    if (!s) return -1;
    int dbl = input->dtype == TC_FLOAT64;
    for (int64_t i = 0; i < a.g.planes * nspatial; i++) {
        double v = dbl ? ((double *)tc_tensor_data(s))[i] : ((float *)tc_tensor_data(s))[i];
        if (!(v >= 0 && v < 1)) {
            tc_tensor_release(s);
            return tc_fail("%s: samples must lie in [0, 1) (got %g at %lld)", fn, v, (long long)i);
        }
    }
    int64_t sizes[5], cap = 0;
    int n = out_shape(&a, sizes);
    int64_t nseq = a.g.out[0] + a.g.out[1] + a.g.out[2];
    int64_t *seq = tc_alloc((a.g.planes * nseq + 1) * 8, &cap);
    tc_tensor *x = sp_in(input);
    tc_tensor *y = seq && x ? sp_out_begin(output, n, sizes, 0) : NULL;
    tc_tensor *ind = y ? sp_out_begin(indices, n, sizes, 0) : NULL;
    int ok = ind != NULL;
    if (ok && a.g.planes > 0) {
        if (dbl) frac_max_pool_f64(tc_tensor_data(x), tc_tensor_data(y), tc_tensor_data(ind), tc_tensor_data(s), &a.g, nspatial,
                                   seq, index_base);
        else frac_max_pool_f32(tc_tensor_data(x), tc_tensor_data(y), tc_tensor_data(ind), tc_tensor_data(s), &a.g, nspatial,
                               seq, index_base);
    }
    if (seq) tc_free(seq, cap);
    if (x) tc_tensor_release(x);
    tc_tensor_release(s);
    int rc = ind ? sp_out_end(indices, ind, ok) : -1;
    if (y) rc |= sp_out_end(output, y, ok && rc == 0);
    return ok && rc == 0 ? 0 : -1;
}
