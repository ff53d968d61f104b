/* nn_norm.c -- batch norm (2-D to 5-D, training and evaluation), layer norm over trailing dims,
 * group norm (instance norm = one group per channel), each with backward. */
#include "nn_common.h"

#define NN_TEMPLATE "nn_norm_t.h"
#include "nn_instantiate.h"

/* A per-channel vector argument: NULL allowed when optional, else `C` elements of the input's dtype. */
static int check_vec(const tc_tensor *v, const tc_tensor *input, int64_t C, int optional, const char *fn,
                     const char *name) {
    if (!v) return optional ? 0 : tc_fail("%s: argument '%s' is NULL", fn, name);
    if (nn_check_like(v, input, fn, name)) return -1;
    if (tc_tensor_numel(v) != C)
        return tc_fail("%s: '%s' has %lld elements, expected %lld", fn, name, (long long)tc_tensor_numel(v),
                       (long long)C);
    return 0;
}

static int bn_geometry(const tc_tensor *input, int64_t *N, int64_t *C, int64_t *S, const char *fn) {
    if (input->ndim < 2 || input->ndim > 5)
        return tc_fail("%s: input must be 2-D (N, C) to 5-D (N, C, D, H, W), got %d-D", fn, input->ndim);
    *N = input->sizes[0];
    *C = input->sizes[1];
    *S = 1;
    for (int d = 2; d < input->ndim; d++) *S *= input->sizes[d];
    return 0;
}

/* Reads a vector (any float dtype, any layout) into doubles. */
static int read_vec(const tc_tensor *v, double *dst, int64_t n) {
    for (int64_t i = 0; i < n; i++)
        if (tc_get_flat(v, i, &dst[i])) return -1;
    return 0;
}

static int write_vec(tc_tensor *v, const double *src, int64_t n) {
    for (int64_t i = 0; i < n; i++)
        if (tc_set_flat(v, i, src[i])) return -1;
    return 0;
}

int tc_nn_batch_norm(tc_tensor *output, tc_tensor *save_mean, tc_tensor *save_invstd, const tc_tensor *input,
                     const tc_tensor *weight, const tc_tensor *bias, tc_tensor *running_mean, tc_tensor *running_var,
                     int training, double momentum, double eps) {
    const char *fn = "tc_nn_batch_norm";
    int64_t N, C, S;
    if (nn_check_float(input, fn, "input") || nn_check_out(output, input, fn, "output")) return -1;
    if (bn_geometry(input, &N, &C, &S, fn)) return -1;
    if (check_vec(weight, input, C, 1, fn, "weight") || check_vec(bias, input, C, 1, fn, "bias") ||
        check_vec(running_mean, input, C, training, fn, "running_mean") ||
        check_vec(running_var, input, C, training, fn, "running_var"))
        return -1;
    if ((running_mean == NULL) != (running_var == NULL))
        return tc_fail("%s: running_mean and running_var must both be given or both be NULL", fn);
    if (save_mean && nn_check_out(save_mean, input, fn, "save_mean")) return -1;
    if (save_invstd && nn_check_out(save_invstd, input, fn, "save_invstd")) return -1;
    if (!(eps > 0) && !(eps == 0)) return tc_fail("%s: eps must be >= 0, got %g", fn, eps);
    if (training && N * S <= 1)
        return tc_fail("%s: training needs more than one value per channel (input has %lld x %lld)", fn,
                       (long long)N, (long long)S);
    double *mean = malloc(sizeof(double) * (size_t)(2 * C + 1)), *invstd = mean ? mean + C : NULL;
    if (!mean) return tc_fail("%s: out of memory", fn);
    int rc = 0;
    if (!training) {
        rc = read_vec(running_mean, mean, C) || read_vec(running_var, invstd, C);
        for (int64_t c = 0; !rc && c < C; c++) invstd[c] = 1 / sqrt(invstd[c] + eps);
    }
    tc_tensor *x = rc ? NULL : nn_contig(input);
    tc_tensor *w = opt_contig(weight, &rc), *b = opt_contig(bias, &rc);
    tc_tensor *y = (!rc && x) ? nn_out_begin(output, input->ndim, input->sizes) : NULL;
    if (!y) rc = -1;
    if (!rc && tc_tensor_numel(input) > 0) {
        if (input->dtype == TC_FLOAT32)
            bn_forward_f32(NN_DATA(y, float), NN_DATA(x, float), w ? NN_DATA(w, float) : NULL,
                           b ? NN_DATA(b, float) : NULL, mean, invstd, N, C, S, training, eps);
        else
            bn_forward_f64(NN_DATA(y, double), NN_DATA(x, double), w ? NN_DATA(w, double) : NULL,
                           b ? NN_DATA(b, double) : NULL, mean, invstd, N, C, S, training, eps);
    }
    if (!rc && training && running_mean) {
        double M = (double)N * S;
        for (int64_t c = 0; !rc && c < C; c++) {
            double rm, rv;
            if (tc_get_flat(running_mean, c, &rm) || tc_get_flat(running_var, c, &rv)) { rc = -1; break; }
            double var_b = 1 / (invstd[c] * invstd[c]) - eps;   /* biased batch variance */
            double var_u = var_b * M / (M - 1);
            rc = tc_set_flat(running_mean, c, (1 - momentum) * rm + momentum * mean[c]) ||
                 tc_set_flat(running_var, c, (1 - momentum) * rv + momentum * var_u);
        }
    }
    int64_t cs[1] = {C};
    if (!rc && save_mean) rc = tc_tensor_resize(save_mean, 1, cs) || write_vec(save_mean, mean, C);
    if (!rc && save_invstd) rc = tc_tensor_resize(save_invstd, 1, cs) || write_vec(save_invstd, invstd, C);
    free(mean);
    nn_release(x);
    nn_release(w);
    nn_release(b);
    if (y) rc = nn_out_finish(output, y, rc);
    return rc ? -1 : 0;
}

int tc_nn_batch_norm_backward(tc_tensor *grad_input, tc_tensor *grad_weight, tc_tensor *grad_bias,
                              const tc_tensor *grad_output, const tc_tensor *input, const tc_tensor *weight,
                              const tc_tensor *running_mean, const tc_tensor *running_var,
                              const tc_tensor *save_mean, const tc_tensor *save_invstd, int training, double eps,
                              double scale) {
    const char *fn = "tc_nn_batch_norm_backward";
    int64_t N, C, S;
    if (nn_check_float(input, fn, "input") || bn_geometry(input, &N, &C, &S, fn)) return -1;
    if (nn_check_like(grad_output, input, fn, "grad_output")) return -1;
    if (!tc_tensor_same_shape(grad_output, input)) return tc_fail("%s: grad_output and input shapes differ", fn);
    if (check_vec(weight, input, C, 1, fn, "weight")) return -1;
    if (training) {
        if (check_vec(save_mean, input, C, 0, fn, "save_mean") || check_vec(save_invstd, input, C, 0, fn, "save_invstd"))
            return -1;
    } else if (check_vec(running_mean, input, C, 0, fn, "running_mean") ||
               check_vec(running_var, input, C, 0, fn, "running_var")) {
        return -1;
    }
    if (grad_input && nn_check_out(grad_input, input, fn, "grad_input")) return -1;
    if (check_vec(grad_weight, input, C, 1, fn, "grad_weight") || check_vec(grad_bias, input, C, 1, fn, "grad_bias"))
        return -1;
    double *mean = malloc(sizeof(double) * (size_t)(2 * C + 1)), *invstd = mean ? mean + C : NULL;
    if (!mean) return tc_fail("%s: out of memory", fn);
    int rc;
    if (training) rc = read_vec(save_mean, mean, C) || read_vec(save_invstd, invstd, C);
    else {
        rc = read_vec(running_mean, mean, C) || read_vec(running_var, invstd, C);
        for (int64_t c = 0; !rc && c < C; c++) invstd[c] = 1 / sqrt(invstd[c] + eps);
    }
    rc = rc ? -1 : 0;
    tc_tensor *x = rc ? NULL : nn_contig(input), *g = rc ? NULL : nn_contig(grad_output);
    if (!x || !g) rc = -1;
    tc_tensor *w = opt_contig(weight, &rc);
    tc_tensor *gw = acc_begin(grad_weight, &rc), *gb = acc_begin(grad_bias, &rc);
    tc_tensor *gi = (!rc && grad_input) ? nn_out_begin(grad_input, input->ndim, input->sizes) : NULL;
    if (grad_input && !gi) rc = -1;
    if (!rc && tc_tensor_numel(input) > 0) {
        if (input->dtype == TC_FLOAT32)
            bn_backward_f32(gi ? NN_DATA(gi, float) : NULL, gw ? NN_DATA(gw, float) : NULL,
                            gb ? NN_DATA(gb, float) : NULL, NN_DATA(g, float), NN_DATA(x, float),
                            w ? NN_DATA(w, float) : NULL, mean, invstd, N, C, S, training, scale);
        else
            bn_backward_f64(gi ? NN_DATA(gi, double) : NULL, gw ? NN_DATA(gw, double) : NULL,
                            gb ? NN_DATA(gb, double) : NULL, NN_DATA(g, double), NN_DATA(x, double),
                            w ? NN_DATA(w, double) : NULL, mean, invstd, N, C, S, training, scale);
    }
    free(mean);
    nn_release(x);
    nn_release(g);
    nn_release(w);
    rc = acc_finish(grad_weight, gw, rc);
    rc = acc_finish(grad_bias, gb, rc);
    if (gi) rc = nn_out_finish(grad_input, gi, rc);
    return rc;
}

/* ---- layer norm and group norm --------------------------------------------------------------- */

static int rownorm_run_forward(tc_tensor *output, tc_tensor *save_mean, tc_tensor *save_invstd,
                               const tc_tensor *input, const tc_tensor *weight, const tc_tensor *bias, int64_t rows,
                               int64_t G, int64_t Cg, int64_t S, int stat_ndim, const int64_t *stat_sizes, double eps,
                               const char *fn) {
    int rc = 0;
    tc_tensor *x = nn_contig(input);
    if (!x) return -1;
    tc_tensor *w = opt_contig(weight, &rc), *b = opt_contig(bias, &rc);
    tc_tensor *y = rc ? NULL : nn_out_begin(output, input->ndim, input->sizes);
    tc_tensor *sm = NULL, *si = NULL;
    if (!y) rc = -1;
    if (!rc) {
        sm = save_mean ? nn_out_begin(save_mean, stat_ndim, stat_sizes) : tc_tensor_empty(input->dtype, stat_ndim, stat_sizes);
        si = save_invstd ? nn_out_begin(save_invstd, stat_ndim, stat_sizes) : tc_tensor_empty(input->dtype, stat_ndim, stat_sizes);
        if (!sm || !si) rc = -1;
    }
    if (!rc && rows * Cg * S > 0) {
        if (input->dtype == TC_FLOAT32)
            rownorm_forward_f32(NN_DATA(y, float), NN_DATA(x, float), w ? NN_DATA(w, float) : NULL,
                                b ? NN_DATA(b, float) : NULL, NN_DATA(sm, float), NN_DATA(si, float), rows, G, Cg, S,
                                eps);
        else
            rownorm_forward_f64(NN_DATA(y, double), NN_DATA(x, double), w ? NN_DATA(w, double) : NULL,
                                b ? NN_DATA(b, double) : NULL, NN_DATA(sm, double), NN_DATA(si, double), rows, G,
                                Cg, S, eps);
    }
    (void)fn;
    nn_release(x);
    nn_release(w);
    nn_release(b);
    if (save_mean) { if (sm) rc = nn_out_finish(save_mean, sm, rc); } else nn_release(sm);
    if (save_invstd) { if (si) rc = nn_out_finish(save_invstd, si, rc); } else nn_release(si);
    if (y) rc = nn_out_finish(output, y, rc);
    return rc;
}

static int rownorm_run_backward(tc_tensor *grad_input, tc_tensor *grad_weight, tc_tensor *grad_bias,
                                const tc_tensor *grad_output, const tc_tensor *input, const tc_tensor *weight,
                                const tc_tensor *save_mean, const tc_tensor *save_invstd, int64_t rows, int64_t G,
                                int64_t Cg, int64_t S, double scale, const char *fn) {
    if (nn_check_like(grad_output, input, fn, "grad_output")) return -1;
    if (!tc_tensor_same_shape(grad_output, input)) return tc_fail("%s: grad_output and input shapes differ", fn);
    if (nn_check_like(save_mean, input, fn, "save_mean") || nn_check_like(save_invstd, input, fn, "save_invstd"))
        return -1;
    if (tc_tensor_numel(save_mean) != rows || tc_tensor_numel(save_invstd) != rows)
        return tc_fail("%s: save_mean/save_invstd must have %lld elements (got %lld, %lld)", fn, (long long)rows,
                       (long long)tc_tensor_numel(save_mean), (long long)tc_tensor_numel(save_invstd));
    if (grad_input && nn_check_out(grad_input, input, fn, "grad_input")) return -1;
    int rc = 0;
    tc_tensor *x = nn_contig(input), *g = nn_contig(grad_output), *m = nn_contig(save_mean),
              *is = nn_contig(save_invstd);
    if (!x || !g || !m || !is) rc = -1;
    tc_tensor *w = opt_contig(weight, &rc);
    tc_tensor *gw = acc_begin(grad_weight, &rc), *gb = acc_begin(grad_bias, &rc);
    tc_tensor *gi = (!rc && grad_input) ? nn_out_begin(grad_input, input->ndim, input->sizes) : NULL;
    if (grad_input && !gi) rc = -1;
    if (!rc && rows * Cg * S > 0) {
        if (input->dtype == TC_FLOAT32)
            rownorm_backward_f32(gi ? NN_DATA(gi, float) : NULL, gw ? NN_DATA(gw, float) : NULL,
                                 gb ? NN_DATA(gb, float) : NULL, NN_DATA(g, float), NN_DATA(x, float),
                                 w ? NN_DATA(w, float) : NULL, NN_DATA(m, float), NN_DATA(is, float), rows, G, Cg, S,
                                 scale);
        else
            rownorm_backward_f64(gi ? NN_DATA(gi, double) : NULL, gw ? NN_DATA(gw, double) : NULL,
                                 gb ? NN_DATA(gb, double) : NULL, NN_DATA(g, double), NN_DATA(x, double),
                                 w ? NN_DATA(w, double) : NULL, NN_DATA(m, double), NN_DATA(is, double), rows, G, Cg,
                                 S, scale);
    }
    nn_release(x);
    nn_release(g);
    nn_release(m);
    nn_release(is);
    nn_release(w);
    rc = acc_finish(grad_weight, gw, rc);
    rc = acc_finish(grad_bias, gb, rc);
    if (gi) rc = nn_out_finish(grad_input, gi, rc);
    return rc;
}

static int ln_geometry(const tc_tensor *input, int normalized_ndim, int64_t *rows, int64_t *K, const char *fn) {
    if (normalized_ndim < 1 || normalized_ndim > input->ndim)
        return tc_fail("%s: normalized_ndim must be in 1..%d, got %d", fn, input->ndim, normalized_ndim);
    *rows = 1;
    *K = 1;
    for (int d = 0; d < input->ndim - normalized_ndim; d++) *rows *= input->sizes[d];
    for (int d = input->ndim - normalized_ndim; d < input->ndim; d++) *K *= input->sizes[d];
    return 0;
}

int tc_nn_layer_norm(tc_tensor *output, tc_tensor *save_mean, tc_tensor *save_invstd, const tc_tensor *input,
                     const tc_tensor *weight, const tc_tensor *bias, int normalized_ndim, double eps) {
    const char *fn = "tc_nn_layer_norm";
    int64_t rows, K;
    if (nn_check_float(input, fn, "input") || nn_check_out(output, input, fn, "output")) return -1;
    if (ln_geometry(input, normalized_ndim, &rows, &K, fn)) return -1;
    if (check_vec(weight, input, K, 1, fn, "weight") || check_vec(bias, input, K, 1, fn, "bias")) return -1;
    if (save_mean && nn_check_out(save_mean, input, fn, "save_mean")) return -1;
    if (save_invstd && nn_check_out(save_invstd, input, fn, "save_invstd")) return -1;
    int64_t rs[1] = {rows};
    return rownorm_run_forward(output, save_mean, save_invstd, input, weight, bias, rows, 1, K, 1, 1, rs, eps, fn);
}

int tc_nn_layer_norm_backward(tc_tensor *grad_input, tc_tensor *grad_weight, tc_tensor *grad_bias,
                              const tc_tensor *grad_output, const tc_tensor *input, const tc_tensor *weight,
                              const tc_tensor *save_mean, const tc_tensor *save_invstd, int normalized_ndim,
                              double scale) {
    const char *fn = "tc_nn_layer_norm_backward";
    int64_t rows, K;
    if (nn_check_float(input, fn, "input") || ln_geometry(input, normalized_ndim, &rows, &K, fn)) return -1;
    if (check_vec(weight, input, K, 1, fn, "weight") || check_vec(grad_weight, input, K, 1, fn, "grad_weight") ||
        check_vec(grad_bias, input, K, 1, fn, "grad_bias"))
        return -1;
    return rownorm_run_backward(grad_input, grad_weight, grad_bias, grad_output, input, weight, save_mean,
                                save_invstd, rows, 1, K, 1, scale, fn);
}

static int gn_geometry(const tc_tensor *input, int64_t groups, int64_t *N, int64_t *C, int64_t *S, const char *fn) {
    if (input->ndim < 2) return tc_fail("%s: input must be (N, C, ...), got %d-D", fn, input->ndim);
    *N = input->sizes[0];
    *C = input->sizes[1];
    *S = 1;
    for (int d = 2; d < input->ndim; d++) *S *= input->sizes[d];
    if (groups < 1 || *C % groups)
        return tc_fail("%s: %lld channels cannot be split into %lld groups", fn, (long long)*C, (long long)groups);
    return 0;
}

int tc_nn_group_norm(tc_tensor *output, tc_tensor *save_mean, tc_tensor *save_invstd, const tc_tensor *input,
                     const tc_tensor *weight, const tc_tensor *bias, int64_t groups, double eps) {
    const char *fn = "tc_nn_group_norm";
    int64_t N, C, S;
    if (nn_check_float(input, fn, "input") || nn_check_out(output, input, fn, "output")) return -1;
    if (gn_geometry(input, groups, &N, &C, &S, fn)) return -1;
    if (check_vec(weight, input, C, 1, fn, "weight") || check_vec(bias, input, C, 1, fn, "bias")) return -1;
    if (save_mean && nn_check_out(save_mean, input, fn, "save_mean")) return -1;
    if (save_invstd && nn_check_out(save_invstd, input, fn, "save_invstd")) return -1;
    int64_t ss[2] = {N, groups};
    return rownorm_run_forward(output, save_mean, save_invstd, input, weight, bias, N * groups, groups, C / groups,
                               S, 2, ss, eps, fn);
}

int tc_nn_group_norm_backward(tc_tensor *grad_input, tc_tensor *grad_weight, tc_tensor *grad_bias,
                              const tc_tensor *grad_output, const tc_tensor *input, const tc_tensor *weight,
                              const tc_tensor *save_mean, const tc_tensor *save_invstd, int64_t groups, double scale) {
    const char *fn = "tc_nn_group_norm_backward";
    int64_t N, C, S;
    if (nn_check_float(input, fn, "input") || gn_geometry(input, groups, &N, &C, &S, fn)) return -1;
    if (check_vec(weight, input, C, 1, fn, "weight") || check_vec(grad_weight, input, C, 1, fn, "grad_weight") ||
        check_vec(grad_bias, input, C, 1, fn, "grad_bias"))
        return -1;
    return rownorm_run_backward(grad_input, grad_weight, grad_bias, grad_output, input, weight, save_mean,
                                save_invstd, N * groups, groups, C / groups, S, scale, fn);
}
