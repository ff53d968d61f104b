/* conv.c -- N-d convolution and transposed convolution (1-D, 2-D, 3-D; stride, padding, dilation,
 * groups) as im2col/col2im + GEMM, one sample at a time with a reusable column buffer.  A 1x1
 * convolution with unit stride and no padding skips im2col: the input planes are the columns. */
#include "conv_common.h"

typedef struct cgeo {
    int64_t C;        /* channels of the image */
    int64_t img[3];   /* image spatial sizes */
    int64_t grid[3];  /* positions visited (output of conv, input of transposed conv) */
    int64_t k[3], s[3], p[3], d[3];
} cgeo;

/* bytes of columns built per block: small enough to stay in L2 while GEMM reads them */
enum { CONV_BLOCK_BYTES = 1 << 20 };

#define T float
#define FN(name) name##_f32
#define GEMM tc_gemm_f32
#include "conv_impl.h"
#undef T
#undef FN
#undef GEMM
#define T double
#define FN(name) name##_f64
#define GEMM tc_gemm_f64
#include "conv_impl.h"
#undef T
#undef FN
#undef GEMM

typedef struct conv_args {
    sp_shape in;                      /* the input (x) shape */
    int64_t k[3], s[3], p[3], d[3], op[3];
    int64_t Cin, Cout, groups;
    int64_t out[3];                   /* output spatial sizes (padded form) */
    int have_kernel;
    cgeo g;
} conv_args;

static int check_opts(const char *fn, int nsp, const int64_t *stride, const int64_t *padding,
                      const int64_t *dilation, const int64_t *output_padding, int64_t groups) {
    for (int i = 0; i < nsp; i++) {
        if (sp_opt(stride, i, 1) <= 0) return tc_fail("%s: stride[%d] must be positive (got %lld)", fn, i, (long long)stride[i]);
        if (sp_opt(padding, i, 0) < 0) return tc_fail("%s: padding[%d] must be >= 0 (got %lld)", fn, i, (long long)padding[i]);
        if (sp_opt(dilation, i, 1) <= 0) return tc_fail("%s: dilation[%d] must be positive (got %lld)", fn, i, (long long)dilation[i]);
        if (sp_opt(output_padding, i, 0) < 0)
            return tc_fail("%s: output_padding[%d] must be >= 0 (got %lld)", fn, i, (long long)output_padding[i]);
    }
    if (groups <= 0) return tc_fail("%s: groups must be positive (got %lld)", fn, (long long)groups);
    return 0;
}

/* Parses input/options and the weight-shaped tensor `wt` (weight or grad_weight; may be NULL when
 * only the bias gradient is wanted, then Cout comes from `cout_hint`). */
static int conv_parse(conv_args *a, const char *fn, int transposed, const tc_tensor *input, const tc_tensor *wt,
                      const char *wname, int64_t cout_hint, int nsp, const int64_t *stride, const int64_t *padding,
                      const int64_t *output_padding, const int64_t *dilation, int64_t groups) {
    memset(a, 0, sizeof(*a));
    if (sp_check_float(input, fn, "input", -1)) return -1;
    if (sp_check_nsp(nsp, fn)) return -1;
    if (check_opts(fn, nsp, stride, padding, dilation, output_padding, groups)) return -1;
    if (sp_parse(&a->in, input, nsp, fn, "input")) return -1;
    a->groups = groups;
    a->Cin = a->in.C;
    if (a->Cin % groups)
        return tc_fail("%s: groups (%lld) must divide the input channels (%lld)", fn, (long long)groups, (long long)a->Cin);
    sp_opt3(stride, nsp, 1, 1, a->s);
    sp_opt3(padding, nsp, 0, 0, a->p);
    sp_opt3(dilation, nsp, 1, 1, a->d);
    sp_opt3(output_padding, nsp, 0, 0, a->op);
    for (int i = 0; i < 3; i++) a->k[i] = 1;
    if (wt) {
        if (sp_check_float(wt, fn, wname, input->dtype)) return -1;
        if (wt->ndim != nsp + 2)
            return tc_fail("%s: '%s' must be %dD (out, in/groups, kernel...), got %dD", fn, wname, nsp + 2, (int)wt->ndim);
        for (int i = 0; i < nsp; i++) {
            a->k[3 - nsp + i] = wt->sizes[2 + i];
            if (wt->sizes[2 + i] <= 0) return tc_fail("%s: '%s' kernel size %d is %lld", fn, wname, i, (long long)wt->sizes[2 + i]);
        }
        if (!transposed) {
            a->Cout = wt->sizes[0];
            if (a->Cout <= 0) return tc_fail("%s: '%s' has no output channels", fn, wname);
            if (a->Cout % groups)
                return tc_fail("%s: groups (%lld) must divide the output channels (%lld)", fn, (long long)groups, (long long)a->Cout);
            if (wt->sizes[1] * groups != a->Cin)
                return tc_fail("%s: '%s' expects %lld input channels (%lld x groups %lld) but input has %lld", fn, wname,
                               (long long)(wt->sizes[1] * groups), (long long)wt->sizes[1], (long long)groups, (long long)a->Cin);
        } else {
            if (wt->sizes[0] != a->Cin)
                return tc_fail("%s: '%s' size 0 (%lld) must equal the input channels (%lld)", fn, wname,
                               (long long)wt->sizes[0], (long long)a->Cin);
            a->Cout = wt->sizes[1] * groups;
            if (a->Cout <= 0) return tc_fail("%s: '%s' has no output channels", fn, wname);
        }
        a->have_kernel = 1;
    } else {
        a->Cout = cout_hint;
    }
    for (int i = 3 - nsp; i < 3; i++) {
        int ci = i - (3 - nsp);
        int64_t eff = a->d[i] * (a->k[i] - 1) + 1;
        if (!transposed) {
            if (a->in.s[i] + 2 * a->p[i] < eff)
                return tc_fail("%s: input spatial size %lld (padded %lld) is smaller than the dilated kernel %lld at spatial dim %d",
                               fn, (long long)a->in.s[i], (long long)(a->in.s[i] + 2 * a->p[i]), (long long)eff, ci);
            a->out[i] = (a->in.s[i] + 2 * a->p[i] - eff) / a->s[i] + 1;
        } else {
            if (a->op[i] >= a->s[i] && a->op[i] >= a->d[i])
                return tc_fail("%s: output_padding[%d] (%lld) must be smaller than stride (%lld) or dilation (%lld)", fn, ci,
                               (long long)a->op[i], (long long)a->s[i], (long long)a->d[i]);
            a->out[i] = (a->in.s[i] - 1) * a->s[i] - 2 * a->p[i] + eff + a->op[i];
            if (a->out[i] <= 0)
                return tc_fail("%s: output size %lld at spatial dim %d is not positive (input %lld, padding %lld too large)", fn,
                               (long long)a->out[i], ci, (long long)a->in.s[i], (long long)a->p[i]);
        }
    }
    for (int i = 0; i < 3 - nsp; i++) a->out[i] = 1;
    cgeo *g = &a->g;
    for (int i = 0; i < 3; i++) {
        g->k[i] = a->k[i];
        g->s[i] = a->s[i];
        g->p[i] = a->p[i];
        g->d[i] = a->d[i];
        g->img[i] = transposed ? a->out[i] : a->in.s[i];
        g->grid[i] = transposed ? a->in.s[i] : a->out[i];
    }
    g->C = transposed ? a->Cout : a->Cin;
    return 0;
}

static int check_bias(const tc_tensor *bias, const conv_args *a, const char *fn, const char *name, int dtype) {
    if (!bias) return 0;
    if (sp_check_float(bias, fn, name, dtype)) return -1;
    if (tc_tensor_numel(bias) != a->Cout || bias->ndim != 1)
        return tc_fail("%s: '%s' must be 1-D with %lld elements (got %dD with %lld)", fn, name, (long long)a->Cout,
                       (int)bias->ndim, (long long)tc_tensor_numel(bias));
    return 0;
}

static int out_sizes(const conv_args *a, int64_t *sizes) { return sp_sizes(&a->in, a->Cout, a->out, sizes); }

static void *col_buffer(const conv_args *a, int64_t elsize, int64_t *cap) {
    /* one block of grid rows (see rows_per_block in conv_impl.h) */
    int64_t q = a->g.grid[0] * a->g.grid[1];
    int64_t qb = elsize == 8 ? rows_per_block_f64(&a->g) : rows_per_block_f32(&a->g);
    int64_t n = a->g.C * a->g.k[0] * a->g.k[1] * a->g.k[2] * TC_MIN(q, qb) * a->g.grid[2];
    return tc_alloc((n > 0 ? n : 1) * elsize, cap);
}

/* kinds of driver */
enum { FWD, BWD_IN, BWD_W };

static int run_conv(int transposed, int kind, const char *fn, tc_tensor *dst, const tc_tensor *a_t, const tc_tensor *b_t,
                    const tc_tensor *bias, conv_args *a, double scale) {
    int64_t cap = 0;
    int dbl = a_t->dtype == TC_FLOAT64;
    /* one input channel per group (depthwise): direct loops beat im2col with 1-row GEMMs */
    int depthwise = !transposed && a->groups > 1 && a->Cin == a->groups && !is_pointwise_f32(&a->g);
    void *cols = col_buffer(a, dbl ? 8 : 4, &cap);
    if (!cols) return tc_fail("%s: out of memory for the column buffer", fn);
    tc_tensor *A = sp_in(a_t), *B = b_t ? sp_in(b_t) : NULL, *Bi = bias ? sp_in(bias) : NULL;
    int ok = A && (!b_t || B) && (!bias || Bi);
    if (ok) {
        const void *pa = tc_tensor_data(A), *pb = B ? tc_tensor_data(B) : NULL, *pbias = Bi ? tc_tensor_data(Bi) : NULL;
        void *pd = tc_tensor_data(dst);
        int64_t N = a->in.N, other = transposed ? a->Cin : a->Cout;
        if (N > 0 && depthwise) {
            if (dbl) conv_depthwise_f64(kind, pd, pa, pb, pbias, &a->g, N, a->Cout, scale);
            else conv_depthwise_f32(kind, pd, pa, pb, pbias, &a->g, N, a->Cout, (float)scale);
        } else if (N > 0) {
#define DISPATCH(S, TT)                                                                                                   \
    if (!transposed && kind == FWD) conv_fwd_##S(pd, pa, pb, pbias, &a->g, N, other, a->groups, cols);                    \
    else if (!transposed && kind == BWD_IN) conv_bwd_in_##S(pd, pa, pb, &a->g, N, other, a->groups, cols);               \
    else if (!transposed) conv_bwd_w_##S(pd, pa, pb, &a->g, N, other, a->groups, (TT)scale, cols);                       \
    else if (kind == FWD) convt_fwd_##S(pd, pa, pb, pbias, &a->g, N, other, a->groups, cols);                            \
    else if (kind == BWD_IN) convt_bwd_in_##S(pd, pa, pb, &a->g, N, other, a->groups, cols);                             \
    else convt_bwd_w_##S(pd, pa, pb, &a->g, N, other, a->groups, (TT)scale, cols);
            if (dbl) { DISPATCH(f64, double) } else { DISPATCH(f32, float) }
#undef DISPATCH
        } else if (kind == FWD && tc_tensor_numel(dst) > 0) {
            memset(pd, 0, tc_tensor_numel(dst) * (dbl ? 8 : 4));
        }
    }
    if (A) tc_tensor_release(A);
    if (B) tc_tensor_release(B);
    if (Bi) tc_tensor_release(Bi);
    tc_free(cols, cap);
    return ok ? 0 : -1;
}

static int grad_output_check(const tc_tensor *go, const conv_args *a, const char *fn) {
    if (sp_check_float(go, fn, "grad_output", -1)) return -1;
    int64_t sizes[5];
    int n = out_sizes(a, sizes);
    if (!a->have_kernel) {  /* only channels and batch are known */
        if (go->ndim != n) return tc_fail("%s: 'grad_output' must be %dD, got %dD", fn, n, (int)go->ndim);
        int same = 1;
        for (int i = 0; i < n - a->in.nsp; i++) same &= go->sizes[i] == sizes[i];
        if (!same) return tc_fail("%s: 'grad_output' batch/channel sizes do not match the input and bias", fn);
        return 0;
    }
    return sp_same_shape_as(go, n, sizes, fn, "grad_output");
}

static int conv_forward_any(int transposed, const char *fn, tc_tensor *output, const tc_tensor *input,
                            const tc_tensor *weight, const tc_tensor *bias, int nspatial, const int64_t *stride,
                            const int64_t *padding, const int64_t *output_padding, const int64_t *dilation,
                            int64_t groups) {
    conv_args a;
    TC_CHECK_TENSOR(output, fn);
    TC_CHECK_TENSOR(weight, fn);
    if (conv_parse(&a, fn, transposed, input, weight, "weight", 0, nspatial, stride, padding, output_padding, dilation, groups))
        return -1;
    if (check_bias(bias, &a, fn, "bias", input->dtype)) return -1;
    if (sp_check_float(output, fn, "output", input->dtype)) return -1;
    int64_t sizes[5];
    int n = out_sizes(&a, sizes);
    tc_tensor *work = sp_out_begin(output, n, sizes, 0);
    if (!work) return -1;
    int rc = run_conv(transposed, FWD, fn, work, input, weight, bias, &a, 1);
    return sp_out_end(output, work, rc == 0);
}

static int conv_backward_input_any(int transposed, const char *fn, tc_tensor *grad_input, const tc_tensor *grad_output,
                                   const tc_tensor *input, const tc_tensor *weight, int nspatial, const int64_t *stride,
                                   const int64_t *padding, const int64_t *output_padding, const int64_t *dilation,
                                   int64_t groups) {
    conv_args a;
    TC_CHECK_TENSOR(grad_input, fn);
    TC_CHECK_TENSOR(grad_output, fn);
    TC_CHECK_TENSOR(weight, fn);
    if (conv_parse(&a, fn, transposed, input, weight, "weight", 0, nspatial, stride, padding, output_padding, dilation, groups))
        return -1;
    if (sp_check_float(grad_output, fn, "grad_output", input->dtype)) return -1;
    if (sp_check_float(grad_input, fn, "grad_input", input->dtype)) return -1;
    if (grad_output_check(grad_output, &a, fn)) return -1;
    tc_tensor *work = sp_out_begin(grad_input, input->ndim, input->sizes, 0);
    if (!work) return -1;
    int rc = run_conv(transposed, BWD_IN, fn, work, grad_output, weight, NULL, &a, 1);
    return sp_out_end(grad_input, work, rc == 0);
}

static int conv_backward_params_any(int transposed, const char *fn, tc_tensor *grad_weight, tc_tensor *grad_bias,
                                    const tc_tensor *input, const tc_tensor *grad_output, int nspatial,
                                    const int64_t *stride, const int64_t *padding, const int64_t *output_padding,
                                    const int64_t *dilation, int64_t groups, double scale) {
    conv_args a;
    TC_CHECK_TENSOR(grad_output, fn);
    int64_t cout_hint = 0;
    if (!grad_weight && grad_bias) cout_hint = tc_tensor_numel(grad_bias);
    if (conv_parse(&a, fn, transposed, input, grad_weight, "grad_weight", cout_hint, nspatial, stride, padding,
                   output_padding, dilation, groups))
        return -1;
    if (sp_check_float(grad_output, fn, "grad_output", input->dtype)) return -1;
    if (!grad_weight && !grad_bias) return 0;   /* nothing wanted: no channel count to check against */
    if (check_bias(grad_bias, &a, fn, "grad_bias", input->dtype)) return -1;
    if (grad_output_check(grad_output, &a, fn)) return -1;
    if (grad_weight) {
        tc_tensor *work = sp_out_begin(grad_weight, 0, NULL, 1);
        if (!work) return -1;
        int rc = run_conv(transposed, BWD_W, fn, work, input, grad_output, NULL, &a, scale);
        if (sp_out_end(grad_weight, work, rc == 0)) return -1;
    }
    if (grad_bias) {
        tc_tensor *work = sp_out_begin(grad_bias, 0, NULL, 1);
        if (!work) return -1;
        tc_tensor *go = sp_in(grad_output);
        if (!go) { tc_tensor_release(work); return -1; }
        int64_t NC = a.in.N * a.Cout, L = NC > 0 ? tc_tensor_numel(go) / NC : 0;
        if (input->dtype == TC_FLOAT64) bias_grad_f64(tc_tensor_data(work), tc_tensor_data(go), a.in.N, a.Cout, L, scale);
        else bias_grad_f32(tc_tensor_data(work), tc_tensor_data(go), a.in.N, a.Cout, L, scale);
        tc_tensor_release(go);
        if (sp_out_end(grad_bias, work, 1)) return -1;
    }
    return 0;
}

int tc_conv_forward(tc_tensor *output, const tc_tensor *input, const tc_tensor *weight, const tc_tensor *bias,
                    int nspatial, const int64_t *stride, const int64_t *padding, const int64_t *dilation, int64_t groups) {
    return conv_forward_any(0, "tc_conv_forward", output, input, weight, bias, nspatial, stride, padding, NULL, dilation,
                            groups);
}

int tc_conv_backward_input(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                           const tc_tensor *weight, int nspatial, const int64_t *stride, const int64_t *padding,
                           const int64_t *dilation, int64_t groups) {
    return conv_backward_input_any(0, "tc_conv_backward_input", grad_input, grad_output, input, weight, nspatial, stride,
                                   padding, NULL, dilation, groups);
}

int tc_conv_backward_params(tc_tensor *grad_weight, tc_tensor *grad_bias, const tc_tensor *input,
                            const tc_tensor *grad_output, int nspatial, const int64_t *stride, const int64_t *padding,
                            const int64_t *dilation, int64_t groups, double scale) {
    return conv_backward_params_any(0, "tc_conv_backward_params", grad_weight, grad_bias, input, grad_output, nspatial,
                                    stride, padding, NULL, dilation, groups, scale);
}

int tc_conv_transpose_forward(tc_tensor *output, const tc_tensor *input, const tc_tensor *weight, const tc_tensor *bias,
                              int nspatial, const int64_t *stride, const int64_t *padding, const int64_t *output_padding,
                              const int64_t *dilation, int64_t groups) {
    return conv_forward_any(1, "tc_conv_transpose_forward", output, input, weight, bias, nspatial, stride, padding,
                            output_padding, dilation, groups);
}

int tc_conv_transpose_backward_input(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                                     const tc_tensor *weight, int nspatial, const int64_t *stride,
                                     const int64_t *padding, const int64_t *output_padding, const int64_t *dilation,
                                     int64_t groups) {
    return conv_backward_input_any(1, "tc_conv_transpose_backward_input", grad_input, grad_output, input, weight,
                                   nspatial, stride, padding, output_padding, dilation, groups);
}

int tc_conv_transpose_backward_params(tc_tensor *grad_weight, tc_tensor *grad_bias, const tc_tensor *input,
                                      const tc_tensor *grad_output, int nspatial, const int64_t *stride,
                                      const int64_t *padding, const int64_t *output_padding, const int64_t *dilation,
                                      int64_t groups, double scale) {
    return conv_backward_params_any(1, "tc_conv_transpose_backward_params", grad_weight, grad_bias, input, grad_output,
                                    nspatial, stride, padding, output_padding, dilation, groups, scale);
}

/* ---- im2col / col2im as entry points (PyTorch F.unfold / F.fold; each is the other's backward) ---- */
static int fold_geo(cgeo *g, const char *fn, int nsp, int64_t C, const int64_t *img, const int64_t *kernel,
                    const int64_t *stride, const int64_t *padding, const int64_t *dilation) {
    if (!kernel) return tc_fail("%s: argument 'kernel' is NULL", fn);
    if (check_opts(fn, nsp, stride, padding, dilation, NULL, 1)) return -1;
    memset(g, 0, sizeof(*g));
    g->C = C;
    sp_opt3(kernel, nsp, 1, 1, g->k);
    sp_opt3(stride, nsp, 1, 1, g->s);
    sp_opt3(padding, nsp, 0, 0, g->p);
    sp_opt3(dilation, nsp, 1, 1, g->d);
    for (int i = 0; i < 3; i++) g->img[i] = g->grid[i] = 1;
    for (int i = 0; i < nsp; i++) {
        int j = 3 - nsp + i;
        if (kernel[i] <= 0) return tc_fail("%s: kernel[%d] must be positive (got %lld)", fn, i, (long long)kernel[i]);
        if (img[i] <= 0) return tc_fail("%s: spatial size %d must be positive (got %lld)", fn, i, (long long)img[i]);
        g->img[j] = img[i];
        int64_t eff = g->d[j] * (g->k[j] - 1) + 1;
        if (img[i] + 2 * g->p[j] < eff)
            return tc_fail("%s: spatial size %lld (padded %lld) is smaller than the dilated kernel %lld at dim %d", fn,
                           (long long)img[i], (long long)(img[i] + 2 * g->p[j]), (long long)eff, i);
        g->grid[j] = (img[i] + 2 * g->p[j] - eff) / g->s[j] + 1;
    }
    return 0;
}

int tc_im2col(tc_tensor *output, const tc_tensor *input, int nspatial, const int64_t *kernel, const int64_t *stride,
              const int64_t *padding, const int64_t *dilation) {
    const char *fn = "tc_im2col";
    sp_shape sh;
    cgeo g;
    TC_CHECK_TENSOR(output, fn);
    if (sp_check_float(input, fn, "input", -1) || sp_check_float(output, fn, "output", input->dtype)) return -1;
    if (sp_parse(&sh, input, nspatial, fn, "input")) return -1;
    int64_t img[3];
    for (int i = 0; i < nspatial; i++) img[i] = sh.s[3 - nspatial + i];
    if (fold_geo(&g, fn, nspatial, sh.C, img, kernel, stride, padding, dilation)) return -1;
    int64_t kk = g.k[0] * g.k[1] * g.k[2], L = g.grid[0] * g.grid[1] * g.grid[2], pin = g.img[0] * g.img[1] * g.img[2];
    int64_t sizes[3];
    int n = 0;
    if (sh.batched) sizes[n++] = sh.N;
    sizes[n++] = sh.C * kk;
    sizes[n++] = L;
    tc_tensor *x = sp_in(input);
    tc_tensor *y = x ? sp_out_begin(output, n, sizes, 0) : NULL;
    if (y)
        for (int64_t b = 0; b < sh.N; b++) {
            if (input->dtype == TC_FLOAT64)
                im2col_f64((const double *)tc_tensor_data(x) + b * sh.C * pin, &g, 0, g.grid[0] * g.grid[1],
                           (double *)tc_tensor_data(y) + b * sh.C * kk * L);
            else
                im2col_f32((const float *)tc_tensor_data(x) + b * sh.C * pin, &g, 0, g.grid[0] * g.grid[1],
                           (float *)tc_tensor_data(y) + b * sh.C * kk * L);
        }
    if (x) tc_tensor_release(x);
    return y ? sp_out_end(output, y, 1) : -1;
}

int tc_col2im(tc_tensor *output, const tc_tensor *input, int nspatial, const int64_t *output_size, const int64_t *kernel,
              const int64_t *stride, const int64_t *padding, const int64_t *dilation) {
    const char *fn = "tc_col2im";
    cgeo g;
    TC_CHECK_TENSOR(output, fn);
    if (sp_check_float(input, fn, "input", -1) || sp_check_float(output, fn, "output", input->dtype)) return -1;
    if (sp_check_nsp(nspatial, fn)) return -1;
    if (!output_size) return tc_fail("%s: argument 'output_size' is NULL", fn);
    if (!kernel) return tc_fail("%s: argument 'kernel' is NULL", fn);
    if (input->ndim != 2 && input->ndim != 3)
        return tc_fail("%s: 'input' must be 2D (C*prod(kernel), L) or 3D (N, C*prod(kernel), L), got %dD", fn, (int)input->ndim);
    int batched = input->ndim == 3;
    int64_t N = batched ? input->sizes[0] : 1, rows = input->sizes[batched], L = input->sizes[batched + 1], kk = 1;
    for (int i = 0; i < nspatial; i++) kk *= kernel[i] > 0 ? kernel[i] : 1;
    if (rows % kk || rows == 0)
        return tc_fail("%s: 'input' size %lld at dim %d must be a positive multiple of prod(kernel) = %lld", fn, (long long)rows,
                       batched, (long long)kk);
    if (fold_geo(&g, fn, nspatial, rows / kk, output_size, kernel, stride, padding, dilation)) return -1;
    if (g.grid[0] * g.grid[1] * g.grid[2] != L)
        return tc_fail("%s: 'input' has %lld blocks but output_size, kernel, stride, padding and dilation give %lld", fn,
                       (long long)L, (long long)(g.grid[0] * g.grid[1] * g.grid[2]));
    int64_t sizes[5], n = 0, pin = g.img[0] * g.img[1] * g.img[2];
    if (batched) sizes[n++] = N;
    sizes[n++] = g.C;
    for (int i = 0; i < nspatial; i++) sizes[n++] = output_size[i];
    tc_tensor *x = sp_in(input);
    tc_tensor *y = x ? sp_out_begin(output, (int)n, sizes, 0) : NULL;
    if (y) {
        int64_t el = input->dtype == TC_FLOAT64 ? 8 : 4;
        if (tc_tensor_numel(y)) memset(tc_tensor_data(y), 0, tc_tensor_numel(y) * el);
        for (int64_t b = 0; b < N; b++) {
            if (input->dtype == TC_FLOAT64)
                col2im_f64((const double *)tc_tensor_data(x) + b * rows * L, &g, 0, g.grid[0] * g.grid[1],
                           (double *)tc_tensor_data(y) + b * g.C * pin);
            else
                col2im_f32((const float *)tc_tensor_data(x) + b * rows * L, &g, 0, g.grid[0] * g.grid[1],
                           (float *)tc_tensor_data(y) + b * g.C * pin);
        }
    }
    if (x) tc_tensor_release(x);
    return y ? sp_out_end(output, y, 1) : -1;
}
