/* nn_margin.c -- multi-class margin criterions (MultiMargin, MultiLabelMargin) and cosine
 * embedding, with reduction none / mean / sum and backward. */
#include "nn_common.h"

#define real float
#define NN_SFX(name) name##_f32
#include "nn_margin_t.h"
#undef real
#undef NN_SFX
#define real double
#define NN_SFX(name) name##_f64
#include "nn_margin_t.h"
#undef real
#undef NN_SFX

static int check_red(int reduction, const char *fn) {
    if (reduction < TC_REDUCTION_NONE || reduction > TC_REDUCTION_SUM)
        return tc_fail("%s: reduction must be 0 (none), 1 (mean) or 2 (sum), got %d", fn, reduction);
    return 0;
}

/* input (C) or (N, C): rows N (1 for 1-D), C. */
static int rows_geometry(const tc_tensor *input, int64_t *N, int64_t *C, const char *fn) {
    if (input->ndim == 1) { *N = 1; *C = input->sizes[0]; return 0; }
    if (input->ndim == 2) { *N = input->sizes[0]; *C = input->sizes[1]; return 0; }
    return tc_fail("%s: input must be 1-D (C) or 2-D (N, C), got %d-D", fn, input->ndim);
}

/* writes the reduced (or per-sample) result from per[] */
static int finish_output(tc_tensor *output, const double *per, int64_t N, int reduction, int one_d) {
    if (reduction == TC_REDUCTION_NONE) {
        int64_t s[1] = {N};
        if (tc_tensor_resize(output, one_d ? 0 : 1, s)) return -1;
        for (int64_t n = 0; n < N; n++)
            if (tc_set_flat(output, n, per[n])) return -1;
        return 0;
    }
    double acc = 0;
    for (int64_t n = 0; n < N; n++) acc += per[n];
    return nn_write_scalar(output, reduction == TC_REDUCTION_MEAN ? acc / (double)N : acc);
}

static int check_go(const tc_tensor *go, const tc_tensor *ref, int reduction, int64_t N, const char *fn) {
    if (nn_check_like(go, ref, fn, "grad_output")) return -1;
    int64_t want = reduction == TC_REDUCTION_NONE ? N : 1;
    if (tc_tensor_numel(go) != want)
        return tc_fail("%s: grad_output has %lld elements, expected %lld", fn, (long long)tc_tensor_numel(go),
                       (long long)want);
    return 0;
}

/* ---- multi margin ----------------------------------------------------------------------------- */

static int mm_check(const tc_tensor *input, const tc_tensor *target, const tc_tensor *weight, int p, int reduction,
                    int64_t base, int64_t *N, int64_t *C, const char *fn) {
    if (nn_check_float(input, fn, "input") || nn_check_int64(target, fn, "target") || check_red(reduction, fn) ||
        rows_geometry(input, N, C, fn))
        return -1;
    if (p != 1 && p != 2) return tc_fail("%s: p must be 1 or 2, got %d", fn, p);
    if (tc_tensor_numel(target) != *N)
        return tc_fail("%s: target has %lld elements, expected %lld (one per sample)", fn,
                       (long long)tc_tensor_numel(target), (long long)*N);
    if (weight) {
        if (nn_check_like(weight, input, fn, "weight")) return -1;
        if (tc_tensor_numel(weight) != *C)
            return tc_fail("%s: weight has %lld elements but there are %lld classes", fn,
                           (long long)tc_tensor_numel(weight), (long long)*C);
    }
    if (base != 0 && base != 1) return tc_fail("%s: index_base must be 0 or 1, got %lld", fn, (long long)base);
    return 0;
}

static int class_targets_check(const int64_t *tg, int64_t n, int64_t C, int64_t base, const char *fn) {
    for (int64_t i = 0; i < n; i++)
        if (tg[i] - base < 0 || tg[i] - base >= C)
            return tc_fail("%s: target %lld at position %lld is out of range for %lld classes (valid %lld..%lld)", fn,
                           (long long)tg[i], (long long)i, (long long)C, (long long)base, (long long)(C - 1 + base));
    return 0;
}

static int multi_margin_run(tc_tensor *output, tc_tensor *grad_input, const tc_tensor *grad_output,
                            const tc_tensor *input, const tc_tensor *target, const tc_tensor *weight, int p,
                            double margin, int reduction, int64_t base, const char *fn) {
    int64_t N, C;
    if (mm_check(input, target, weight, p, reduction, base, &N, &C, fn)) return -1;
    if (output && nn_check_out(output, input, fn, "output")) return -1;
    if (grad_input && (nn_check_out(grad_input, input, fn, "grad_input") || check_go(grad_output, input, reduction, N, fn)))
        return -1;
    int rc = 0;
    tc_tensor *x = nn_contig(input), *t = nn_contig(target), *w = opt_contig(weight, &rc);
    tc_tensor *go = grad_input ? nn_contig(grad_output) : NULL;
    if (!x || !t || (grad_input && !go)) rc = -1;
    if (!rc) rc = class_targets_check(NN_DATA(t, int64_t), N, C, base, fn);
    double *per = (!rc && output) ? malloc(sizeof(double) * (size_t)(N + 1)) : NULL;
    if (output && !rc && !per) rc = tc_fail("%s: out of memory", fn);
    tc_tensor *gi = (!rc && grad_input) ? nn_out_begin(grad_input, input->ndim, input->sizes) : NULL;
    if (grad_input && !gi) rc = -1;
    if (!rc) {
        double norm = reduction == TC_REDUCTION_MEAN ? 1.0 / (double)N : 1.0;
        int64_t step = reduction == TC_REDUCTION_NONE ? 1 : 0;
        if (input->dtype == TC_FLOAT32)
            multi_margin_f32(per, gi ? NN_DATA(gi, float) : NULL, go ? NN_DATA(go, float) : NULL, step,
                             NN_DATA(x, float), NN_DATA(t, int64_t), w ? NN_DATA(w, float) : NULL, N, C, p, margin,
                             base, norm);
        else
            multi_margin_f64(per, gi ? NN_DATA(gi, double) : NULL, go ? NN_DATA(go, double) : NULL, step,
                             NN_DATA(x, double), NN_DATA(t, int64_t), w ? NN_DATA(w, double) : NULL, N, C, p, margin,
                             base, norm);
        if (output) rc = finish_output(output, per, N, reduction, input->ndim == 1);
    }
    free(per);
    nn_release(x); nn_release(t); nn_release(w); nn_release(go);
    if (gi) rc = nn_out_finish(grad_input, gi, rc);
    return rc;
}

int tc_nn_multi_margin_loss(tc_tensor *output, const tc_tensor *input, const tc_tensor *target,
                            const tc_tensor *weight, int p, double margin, int reduction, int64_t index_base) {
    if (!output) return tc_fail("tc_nn_multi_margin_loss: output 'output' is NULL");
    return multi_margin_run(output, NULL, NULL, input, target, weight, p, margin, reduction, index_base,
                            "tc_nn_multi_margin_loss");
}

int tc_nn_multi_margin_loss_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                                     const tc_tensor *target, const tc_tensor *weight, int p, double margin,
                                     int reduction, int64_t index_base) {
    if (!grad_input) return tc_fail("tc_nn_multi_margin_loss_backward: output 'grad_input' is NULL");
    return multi_margin_run(NULL, grad_input, grad_output, input, target, weight, p, margin, reduction, index_base,
                            "tc_nn_multi_margin_loss_backward");
}

/* ---- multilabel margin ------------------------------------------------------------------------ */

static int multilabel_run(tc_tensor *output, tc_tensor *grad_input, const tc_tensor *grad_output,
                          const tc_tensor *input, const tc_tensor *target, int reduction, int64_t base, const char *fn) {
    int64_t N, C;
    if (nn_check_float(input, fn, "input") || nn_check_int64(target, fn, "target") || check_red(reduction, fn) ||
        rows_geometry(input, &N, &C, fn))
        return -1;
    if (!tc_tensor_same_shape(target, input))
        return tc_fail("%s: target must have the input's shape (%lld x %lld class slots)", fn, (long long)N,
                       (long long)C);
    if (base != 0 && base != 1) return tc_fail("%s: index_base must be 0 or 1, got %lld", fn, (long long)base);
    if (output && nn_check_out(output, input, fn, "output")) return -1;
    if (grad_input && (nn_check_out(grad_input, input, fn, "grad_input") || check_go(grad_output, input, reduction, N, fn)))
        return -1;
    int rc = 0;
    tc_tensor *x = nn_contig(input), *t = nn_contig(target);
    tc_tensor *go = grad_input ? nn_contig(grad_output) : NULL;
    if (!x || !t || (grad_input && !go)) rc = -1;
    if (!rc) {  /* entries up to the first padding one (below the base) must be valid class ids */
        const int64_t *tg = NN_DATA(t, int64_t);
        for (int64_t n = 0; n < N && !rc; n++)
            for (int64_t j = 0; j < C; j++) {
                int64_t v = tg[n * C + j];
                if (v - base < 0) break;
                if (v - base >= C) {
                    rc = tc_fail("%s: target %lld at position %lld is out of range for %lld classes (valid %lld..%lld; "
                                 "%lld ends the list)", fn, (long long)v, (long long)(n * C + j), (long long)C,
                                 (long long)base, (long long)(C - 1 + base), (long long)(base - 1));
                    break;
                }
            }
    }
    double *per = (!rc && output) ? malloc(sizeof(double) * (size_t)(N + 1)) : NULL;
    unsigned char *is_t = rc ? NULL : malloc((size_t)(C + 1));
    if (!rc && (!is_t || (output && !per))) rc = tc_fail("%s: out of memory", fn);
    tc_tensor *gi = (!rc && grad_input) ? nn_out_begin(grad_input, input->ndim, input->sizes) : NULL;
    if (grad_input && !gi) rc = -1;
    if (!rc) {
        double norm = reduction == TC_REDUCTION_MEAN ? 1.0 / (double)N : 1.0;
        int64_t step = reduction == TC_REDUCTION_NONE ? 1 : 0;
        if (input->dtype == TC_FLOAT32)
            multilabel_margin_f32(per, gi ? NN_DATA(gi, float) : NULL, go ? NN_DATA(go, float) : NULL, step,
                                  NN_DATA(x, float), NN_DATA(t, int64_t), N, C, base, norm, is_t);
        else
            multilabel_margin_f64(per, gi ? NN_DATA(gi, double) : NULL, go ? NN_DATA(go, double) : NULL, step,
                                  NN_DATA(x, double), NN_DATA(t, int64_t), N, C, base, norm, is_t);
        if (output) rc = finish_output(output, per, N, reduction, input->ndim == 1);
    }
    free(per);
    free(is_t);
    nn_release(x); nn_release(t); nn_release(go);
    if (gi) rc = nn_out_finish(grad_input, gi, rc);
    return rc;
}

int tc_nn_multilabel_margin_loss(tc_tensor *output, const tc_tensor *input, const tc_tensor *target, int reduction,
                                 int64_t index_base) {
    if (!output) return tc_fail("tc_nn_multilabel_margin_loss: output 'output' is NULL");
    return multilabel_run(output, NULL, NULL, input, target, reduction, index_base, "tc_nn_multilabel_margin_loss");
}

int tc_nn_multilabel_margin_loss_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                                          const tc_tensor *target, int reduction, int64_t index_base) {
    if (!grad_input) return tc_fail("tc_nn_multilabel_margin_loss_backward: output 'grad_input' is NULL");
    return multilabel_run(NULL, grad_input, grad_output, input, target, reduction, index_base,
                          "tc_nn_multilabel_margin_loss_backward");
}

/* ---- cosine embedding -------------------------------------------------------------------------- */

static int cosine_run(tc_tensor *output, tc_tensor *grad1, tc_tensor *grad2, const tc_tensor *grad_output,
                      const tc_tensor *input1, const tc_tensor *input2, const tc_tensor *target, double margin,
                      int reduction, int l1_hinge, const char *fn) {
    int64_t N, D;
    if (nn_check_float(input1, fn, "input1") || nn_check_like(input2, input1, fn, "input2") ||
        nn_check_like(target, input1, fn, "target") || check_red(reduction, fn) || rows_geometry(input1, &N, &D, fn))
        return -1;
    if (!tc_tensor_same_shape(input1, input2)) return tc_fail("%s: input1 and input2 shapes differ", fn);
    if (tc_tensor_numel(target) != N)
        return tc_fail("%s: target has %lld elements, expected %lld (one per pair)", fn,
                       (long long)tc_tensor_numel(target), (long long)N);
    if (output && nn_check_out(output, input1, fn, "output")) return -1;
    if (grad1 && (nn_check_out(grad1, input1, fn, "grad_input1") || nn_check_out(grad2, input1, fn, "grad_input2") ||
                  check_go(grad_output, input1, reduction, N, fn)))
        return -1;
    int rc = 0;
    tc_tensor *a = nn_contig(input1), *b = nn_contig(input2), *t = nn_contig(target);
    tc_tensor *go = grad1 ? nn_contig(grad_output) : NULL;
    if (!a || !b || !t || (grad1 && !go)) rc = -1;
    double *per = (!rc && output) ? malloc(sizeof(double) * (size_t)(N + 1)) : NULL;
    if (output && !rc && !per) rc = tc_fail("%s: out of memory", fn);
    tc_tensor *g1 = (!rc && grad1) ? nn_out_begin(grad1, input1->ndim, input1->sizes) : NULL;
    tc_tensor *g2 = g1 ? nn_out_begin(grad2, input1->ndim, input1->sizes) : NULL;
    if (grad1 && (!g1 || !g2)) rc = -1;
    if (!rc) {
        double norm = reduction == TC_REDUCTION_MEAN ? 1.0 / (double)N : 1.0;
        int64_t step = reduction == TC_REDUCTION_NONE ? 1 : 0;
        if (l1_hinge && input1->dtype == TC_FLOAT32)
            l1_hinge_f32(per, g1 ? NN_DATA(g1, float) : NULL, g2 ? NN_DATA(g2, float) : NULL,
                         go ? NN_DATA(go, float) : NULL, step, NN_DATA(a, float), NN_DATA(b, float),
                         NN_DATA(t, float), N, D, margin, norm);
        else if (l1_hinge)
            l1_hinge_f64(per, g1 ? NN_DATA(g1, double) : NULL, g2 ? NN_DATA(g2, double) : NULL,
                         go ? NN_DATA(go, double) : NULL, step, NN_DATA(a, double), NN_DATA(b, double),
                         NN_DATA(t, double), N, D, margin, norm);
        else if (input1->dtype == TC_FLOAT32)
            cosine_embedding_f32(per, g1 ? NN_DATA(g1, float) : NULL, g2 ? NN_DATA(g2, float) : NULL,
                                 go ? NN_DATA(go, float) : NULL, step, NN_DATA(a, float), NN_DATA(b, float),
                                 NN_DATA(t, float), N, D, margin, norm);
        else
            cosine_embedding_f64(per, g1 ? NN_DATA(g1, double) : NULL, g2 ? NN_DATA(g2, double) : NULL,
                                 go ? NN_DATA(go, double) : NULL, step, NN_DATA(a, double), NN_DATA(b, double),
                                 NN_DATA(t, double), N, D, margin, norm);
        if (output) rc = finish_output(output, per, N, reduction, input1->ndim == 1);
    }
    free(per);
    nn_release(a); nn_release(b); nn_release(t); nn_release(go);
    if (g2) rc = nn_out_finish(grad2, g2, rc);
    if (g1) rc = nn_out_finish(grad1, g1, rc);
    return rc;
}

int tc_nn_cosine_embedding_loss(tc_tensor *output, const tc_tensor *input1, const tc_tensor *input2,
                                const tc_tensor *target, double margin, int reduction) {
    if (!output) return tc_fail("tc_nn_cosine_embedding_loss: output 'output' is NULL");
    return cosine_run(output, NULL, NULL, NULL, input1, input2, target, margin, reduction, 0,
                      "tc_nn_cosine_embedding_loss");
}

int tc_nn_cosine_embedding_loss_backward(tc_tensor *grad_input1, tc_tensor *grad_input2, const tc_tensor *grad_output,
                                         const tc_tensor *input1, const tc_tensor *input2, const tc_tensor *target,
                                         double margin, int reduction) {
    const char *fn = "tc_nn_cosine_embedding_loss_backward";
    if (!grad_input1 || !grad_input2) return tc_fail("%s: grad_input1 and grad_input2 must both be given", fn);
    return cosine_run(NULL, grad_input1, grad_input2, grad_output, input1, input2, target, margin, reduction, 0, fn);
}

int tc_nn_l1_hinge_embedding_loss(tc_tensor *output, const tc_tensor *input1, const tc_tensor *input2,
                                  const tc_tensor *target, double margin, int reduction) {
    if (!output) return tc_fail("tc_nn_l1_hinge_embedding_loss: output 'output' is NULL");
    return cosine_run(output, NULL, NULL, NULL, input1, input2, target, margin, reduction, 1,
                      "tc_nn_l1_hinge_embedding_loss");
}

int tc_nn_l1_hinge_embedding_loss_backward(tc_tensor *grad_input1, tc_tensor *grad_input2,
                                           const tc_tensor *grad_output, const tc_tensor *input1,
                                           const tc_tensor *input2, const tc_tensor *target, double margin,
                                           int reduction) {
    const char *fn = "tc_nn_l1_hinge_embedding_loss_backward";
    if (!grad_input1 || !grad_input2) return tc_fail("%s: grad_input1 and grad_input2 must both be given", fn);
    return cosine_run(NULL, grad_input1, grad_input2, grad_output, input1, input2, target, margin, reduction, 1, fn);
}
