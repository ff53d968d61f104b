/* nn_lrn.c -- cross-channel local response normalisation (Torch7 SpatialCrossMapLRN, PyTorch
 * local_response_norm) and Torch7's Normalize (p-norm of each sample), with backward. */
#include "nn_common.h"

#define NN_TEMPLATE "nn_lrn_t.h"
#include "nn_instantiate.h"

static int lrn_check(const tc_tensor *input, int64_t size, int64_t *N, int64_t *C, int64_t *S, const char *fn) {
    if (nn_check_float(input, fn, "input")) return -1;
    if (input->ndim < 2) return tc_fail("%s: input must be (N, C, ...) with at least 2 dims, got %d-D", fn, input->ndim);
    if (size < 1) return tc_fail("%s: size must be >= 1, got %lld", fn, (long long)size);
    *N = input->sizes[0];
    *C = input->sizes[1];
    *S = 1;
    for (int d = 2; d < input->ndim; d++) *S *= input->sizes[d];
    return 0;
}

int tc_nn_cross_map_lrn(tc_tensor *output, tc_tensor *scale, const tc_tensor *input, int64_t size, double alpha,
                        double beta, double k) {
    const char *fn = "tc_nn_cross_map_lrn";
    int64_t N, C, S;
    if (lrn_check(input, size, &N, &C, &S, fn) || nn_check_out(output, input, fn, "output")) return -1;
    if (scale && nn_check_out(scale, input, fn, "scale")) return -1;
    int rc = 0;
    tc_tensor *x = nn_contig(input);
    tc_tensor *y = x ? nn_out_begin(output, input->ndim, input->sizes) : NULL;
    tc_tensor *sc = y ? (scale ? nn_out_begin(scale, input->ndim, input->sizes)
                               : tc_tensor_empty(input->dtype, input->ndim, input->sizes)) : NULL;
    void *acc = sc ? malloc((size_t)((S + 1) * tc_dtype_size(input->dtype))) : NULL;
    if (!x || !y || !sc) rc = -1;
    else if (!acc) rc = tc_fail("%s: out of memory", fn);
    if (!rc && N * C * S > 0) {
        if (input->dtype == TC_FLOAT32)
            lrn_forward_f32(NN_DATA(y, float), NN_DATA(sc, float), NN_DATA(x, float), N, C, S, size, alpha, beta, k, acc);
        else
            lrn_forward_f64(NN_DATA(y, double), NN_DATA(sc, double), NN_DATA(x, double), N, C, S, size, alpha, beta, k,
                            acc);
    }
    free(acc);
    nn_release(x);
    if (scale) { if (sc) rc = nn_out_finish(scale, sc, rc); } else nn_release(sc);
    if (y) rc = nn_out_finish(output, y, rc);
    return rc;
}

int tc_nn_cross_map_lrn_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                                 const tc_tensor *output, const tc_tensor *scale, int64_t size, double alpha,
                                 double beta, double k) {
    const char *fn = "tc_nn_cross_map_lrn_backward";
    int64_t N, C, S;
    if (lrn_check(input, size, &N, &C, &S, fn) || nn_check_out(grad_input, input, fn, "grad_input")) return -1;
    const tc_tensor *ts[3] = {grad_output, output, scale};
    const char *names[3] = {"grad_output", "output", "scale"};
    for (int i = 0; i < 3; i++) {
        if (!ts[i] && i == 2) continue;
        if (nn_check_like(ts[i], input, fn, names[i])) return -1;
        if (!tc_tensor_same_shape(ts[i], input)) return tc_fail("%s: '%s' and input shapes differ", fn, names[i]);
    }
    int rc = 0;
    tc_tensor *x = nn_contig(input), *g = nn_contig(grad_output), *y = nn_contig(output);
    tc_tensor *sc = NULL;
    if (scale) sc = nn_contig(scale);
    else if (x) {   /* recompute the scale when the caller did not keep it */
        tc_tensor *tmp = tc_tensor_new(input->dtype);
        sc = tc_tensor_new(input->dtype);
        if (!tmp || !sc || tc_nn_cross_map_lrn(tmp, sc, x, size, alpha, beta, k)) rc = -1;
        nn_release(tmp);
    }
    if (!x || !g || !y || !sc) rc = -1;
    int64_t es = tc_dtype_size(input->dtype);
    void *acc = rc ? NULL : malloc((size_t)((S + 1) * es));
    void *ratio = rc ? NULL : malloc((size_t)((C * S + 1) * es));
    if (!rc && (!acc || !ratio)) rc = tc_fail("%s: out of memory", fn);
    tc_tensor *gi = rc ? NULL : nn_out_begin(grad_input, input->ndim, input->sizes);
    if (!rc && !gi) rc = -1;
    if (!rc && N * C * S > 0) {
        if (input->dtype == TC_FLOAT32)
            lrn_backward_f32(NN_DATA(gi, float), NN_DATA(g, float), NN_DATA(x, float), NN_DATA(y, float),
                             NN_DATA(sc, float), N, C, S, size, alpha, beta, acc, ratio);
        else
            lrn_backward_f64(NN_DATA(gi, double), NN_DATA(g, double), NN_DATA(x, double), NN_DATA(y, double),
                             NN_DATA(sc, double), N, C, S, size, alpha, beta, acc, ratio);
    }
    free(acc);
    free(ratio);
    nn_release(x); nn_release(g); nn_release(y); nn_release(sc);
    if (gi) rc = nn_out_finish(grad_input, gi, rc);
    return rc;
}

static int normalize_check(const tc_tensor *input, double p, int64_t *N, int64_t *D, const char *fn) {
    if (nn_check_float(input, fn, "input")) return -1;
    if (input->ndim == 1) { *N = 1; *D = input->sizes[0]; }
    else if (input->ndim == 2) { *N = input->sizes[0]; *D = input->sizes[1]; }
    else return tc_fail("%s: input must be 1-D or 2-D, got %d-D", fn, input->ndim);
    if (!(p > 0)) return tc_fail("%s: p must be > 0, got %g", fn, p);
    return 0;
}

int tc_nn_normalize(tc_tensor *output, tc_tensor *norm, const tc_tensor *input, double p, double eps) {
    const char *fn = "tc_nn_normalize";
    int64_t N, D;
    if (normalize_check(input, p, &N, &D, fn) || nn_check_out(output, input, fn, "output")) return -1;
    if (norm && nn_check_out(norm, input, fn, "norm")) return -1;
    int rc = 0;
    int64_t ns[1] = {N};
    tc_tensor *x = nn_contig(input);
    tc_tensor *y = x ? nn_out_begin(output, input->ndim, input->sizes) : NULL;
    tc_tensor *nm = y ? (norm ? nn_out_begin(norm, 1, ns) : tc_tensor_empty(input->dtype, 1, ns)) : NULL;
    if (!x || !y || !nm) rc = -1;
    if (!rc && N > 0) {
        if (input->dtype == TC_FLOAT32)
            normalize_forward_f32(NN_DATA(y, float), NN_DATA(nm, float), NN_DATA(x, float), N, D, p, eps);
        else
            normalize_forward_f64(NN_DATA(y, double), NN_DATA(nm, double), NN_DATA(x, double), N, D, p, eps);
    }
    nn_release(x);
    if (norm) { if (nm) rc = nn_out_finish(norm, nm, rc); } else nn_release(nm);
    if (y) rc = nn_out_finish(output, y, rc);
    return rc;
}

int tc_nn_normalize_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                             const tc_tensor *norm, double p) {
    const char *fn = "tc_nn_normalize_backward";
    int64_t N, D;
    if (normalize_check(input, p, &N, &D, fn) || nn_check_out(grad_input, input, fn, "grad_input")) return -1;
    if (nn_check_like(grad_output, input, fn, "grad_output") || nn_numel_eq(grad_output, input, fn, "grad_output"))
        return -1;
    if (nn_check_like(norm, input, fn, "norm")) return -1;
    if (tc_tensor_numel(norm) != N)
        return tc_fail("%s: norm has %lld elements, expected %lld (one per sample)", fn, (long long)tc_tensor_numel(norm),
                       (long long)N);
    int rc = 0;
    tc_tensor *x = nn_contig(input), *g = nn_contig(grad_output), *nm = nn_contig(norm);
    tc_tensor *gi = (x && g && nm) ? nn_out_begin(grad_input, input->ndim, input->sizes) : NULL;
    if (!gi) rc = -1;
    if (!rc && N > 0) {
        if (input->dtype == TC_FLOAT32)
            normalize_backward_f32(NN_DATA(gi, float), NN_DATA(g, float), NN_DATA(x, float), NN_DATA(nm, float), N, D, p);
        else
            normalize_backward_f64(NN_DATA(gi, double), NN_DATA(g, double), NN_DATA(x, double), NN_DATA(nm, double), N,
                                   D, p);
    }
    nn_release(x); nn_release(g); nn_release(nm);
    if (gi) rc = nn_out_finish(grad_input, gi, rc);
    return rc;
}
