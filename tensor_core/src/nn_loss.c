/* nn_loss.c -- criterions: class NLL (with weights, ignore_index, label smoothing, spatial) and the
 * pointwise losses (MSE, L1, smooth L1, Huber, BCE, BCE-with-logits, KL divergence, soft margin,
 * margin, hinge embedding), each with reduction none / mean / sum and a backward. */
#include "nn_common.h"

#define NN_TEMPLATE "nn_loss_t.h"
#include "nn_instantiate.h"

static int check_reduction(int reduction, const char *fn) {
    if (reduction != TC_REDUCTION_NONE && reduction != TC_REDUCTION_MEAN && reduction != TC_REDUCTION_SUM)
        return tc_fail("%s: reduction must be 0 (none), 1 (mean) or 2 (sum), got %d", fn, reduction);
    return 0;
}

/* grad_output: one element for mean/sum, `n` elements for none. */
static int check_grad_output(const tc_tensor *go, const tc_tensor *ref, int reduction, int64_t n, const char *fn) {
    if (nn_check_like(go, ref, fn, "grad_output")) return -1;
    int64_t want = reduction == TC_REDUCTION_NONE ? n : 1;
    if (tc_tensor_numel(go) != want)
        return tc_fail("%s: grad_output has %lld elements, expected %lld for reduction %s", fn,
                       (long long)tc_tensor_numel(go), (long long)want,
                       reduction == TC_REDUCTION_NONE ? "none" : (reduction == TC_REDUCTION_MEAN ? "mean" : "sum"));
    return 0;
}

/* ---- class NLL ------------------------------------------------------------------------------ */

static int nll_geometry(const tc_tensor *input, const tc_tensor *target, int64_t *N, int64_t *C, int64_t *S,
                        const char *fn) {
    if (input->ndim < 1) return tc_fail("%s: input must have 1 or more dims (C), (N, C) or (N, C, d1, ...)", fn);
    if (input->ndim == 1) {
        *N = 1; *C = input->sizes[0]; *S = 1;
        if (tc_tensor_numel(target) != 1)
            return tc_fail("%s: a 1-D input (one sample) needs one target, got %lld", fn,
                           (long long)tc_tensor_numel(target));
        return 0;
    }
    *N = input->sizes[0];
    *C = input->sizes[1];
    *S = 1;
    for (int d = 2; d < input->ndim; d++) *S *= input->sizes[d];
    int ok = target->ndim == input->ndim - 1 && target->sizes[0] == *N;
    for (int d = 2; ok && d < input->ndim; d++) ok = target->sizes[d - 1] == input->sizes[d];
    if (!ok) {
        if (input->ndim == 2)
            return tc_fail("%s: target must be 1-D of size %lld (the batch size), got %d-D with %lld elements", fn,
                           (long long)*N, target->ndim, (long long)tc_tensor_numel(target));
        return tc_fail("%s: target must have the input's shape without the class dim (%d-D input, %d-D target)", fn,
                       input->ndim, target->ndim);
    }
    return 0;
}

static int nll_check(const tc_tensor *input, const tc_tensor *target, const tc_tensor *weight, int reduction,
                     double eps, int64_t index_base, int64_t *N, int64_t *C, int64_t *S, const char *fn) {
    if (nn_check_float(input, fn, "input") || nn_check_int64(target, fn, "target") || check_reduction(reduction, fn))
        return -1;
    if (nll_geometry(input, target, N, C, S, fn)) return -1;
    if (weight) {
        if (nn_check_like(weight, input, fn, "weight")) return -1;
        if (tc_tensor_numel(weight) != *C)
            return tc_fail("%s: weight has %lld elements but there are %lld classes", fn,
                           (long long)tc_tensor_numel(weight), (long long)*C);
    }
    if (!(eps >= 0 && eps <= 1)) return tc_fail("%s: label_smoothing must be in [0, 1], got %g", fn, eps);
    if (index_base != 0 && index_base != 1) return tc_fail("%s: index_base must be 0 or 1, got %lld", fn, (long long)index_base);
    return 0;
}

static int nll_check_targets(const int64_t *tg, int64_t n, int64_t C, int64_t ignore_index, int64_t base,
                             const char *fn) {
    for (int64_t i = 0; i < n; i++) {
        int64_t raw = tg[i];
        if (raw != ignore_index && (raw - base < 0 || raw - base >= C))
            return tc_fail("%s: target %lld at position %lld is out of range for %lld classes (valid %lld..%lld)", fn,
                           (long long)raw, (long long)i, (long long)C, (long long)base, (long long)(C - 1 + base));
    }
    return 0;
}

int tc_nn_nll_loss(tc_tensor *output, tc_tensor *total_weight, const tc_tensor *input, const tc_tensor *target,
                   const tc_tensor *weight, int reduction, int64_t ignore_index, double label_smoothing,
                   int64_t index_base) {
    const char *fn = "tc_nn_nll_loss";
    int64_t N, C, S;
    if (nll_check(input, target, weight, reduction, label_smoothing, index_base, &N, &C, &S, fn)) return -1;
    if (nn_check_out(output, input, fn, "output")) return -1;
    if (total_weight && nn_check_out(total_weight, input, fn, "total_weight")) return -1;
    tc_tensor *x = nn_contig(input), *t = nn_contig(target), *w = weight ? nn_contig(weight) : NULL;
    tc_tensor *y = NULL;
    int rc = (x && t && (w || !weight)) ? 0 : -1;
    double sum = 0, tw = 0;
    if (!rc && reduction == TC_REDUCTION_NONE) {
        int nd = input->ndim == 1 ? 0 : target->ndim;
        y = nn_out_begin(output, nd, target->sizes);
        if (!y) rc = -1;
    }
    if (!rc) {
        if (input->dtype == TC_FLOAT32)
            rc = nll_forward_f32(y ? NN_DATA(y, float) : NULL, &sum, &tw, NN_DATA(x, float), NN_DATA(t, int64_t),
                                 w ? NN_DATA(w, float) : NULL, N, C, S, ignore_index, label_smoothing, index_base, fn);
        else
            rc = nll_forward_f64(y ? NN_DATA(y, double) : NULL, &sum, &tw, NN_DATA(x, double), NN_DATA(t, int64_t),
                                 w ? NN_DATA(w, double) : NULL, N, C, S, ignore_index, label_smoothing, index_base, fn);
    }
    if (!rc && reduction != TC_REDUCTION_NONE)
        rc = nn_write_scalar(output, reduction == TC_REDUCTION_MEAN ? sum / tw : sum);
    if (!rc && total_weight) rc = nn_write_scalar(total_weight, tw);
    nn_release(x);
    nn_release(t);
    nn_release(w);
    if (y) rc = nn_out_finish(output, y, rc);
    return rc;
}

int tc_nn_nll_loss_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                            const tc_tensor *target, const tc_tensor *weight, int reduction, int64_t ignore_index,
                            double label_smoothing, int64_t index_base, const tc_tensor *total_weight) {
    const char *fn = "tc_nn_nll_loss_backward";
    int64_t N, C, S;
    if (nll_check(input, target, weight, reduction, label_smoothing, index_base, &N, &C, &S, fn)) return -1;
    if (nn_check_out(grad_input, input, fn, "grad_input")) return -1;
    if (check_grad_output(grad_output, input, reduction, tc_tensor_numel(target), fn)) return -1;
    tc_tensor *t = nn_contig(target), *w = weight ? nn_contig(weight) : NULL, *go = nn_contig(grad_output);
    int rc = (t && go && (w || !weight)) ? 0 : -1;
    if (!rc) rc = nll_check_targets(NN_DATA(t, int64_t), N * S, C, ignore_index, index_base, fn);
    double norm = 1;
    if (!rc && reduction == TC_REDUCTION_MEAN) {
        double tw = 0;
        if (total_weight) rc = nn_read_scalar(total_weight, &tw, fn, "total_weight");
        else {
            const int64_t *tg = NN_DATA(t, int64_t);
            for (int64_t i = 0; i < N * S; i++)
                if (tg[i] != ignore_index) tw += w ? tc_read_as_double((char *)tc_tensor_data(w) + (tg[i] - index_base) * tc_dtype_size(w->dtype), w->dtype) : 1;
        }
        norm = 1 / tw;
    }
    tc_tensor *gi = rc ? NULL : nn_out_begin(grad_input, input->ndim, input->sizes);
    if (!gi) rc = -1;
    if (!rc) {
        int64_t step = reduction == TC_REDUCTION_NONE ? 1 : 0;
        if (input->dtype == TC_FLOAT32)
            nll_backward_f32(NN_DATA(gi, float), NN_DATA(go, float), step, NN_DATA(t, int64_t),
                             w ? NN_DATA(w, float) : NULL, N, C, S, ignore_index, label_smoothing, index_base, norm);
        else
            nll_backward_f64(NN_DATA(gi, double), NN_DATA(go, double), step, NN_DATA(t, int64_t),
                             w ? NN_DATA(w, double) : NULL, N, C, S, ignore_index, label_smoothing, index_base, norm);
    }
    nn_release(t);
    nn_release(w);
    nn_release(go);
    if (gi) rc = nn_out_finish(grad_input, gi, rc);
    return rc;
}

/* ---- NLL against class probabilities ------------------------------------------------------- */

static int soft_nll_check(const tc_tensor *input, const tc_tensor *target, const tc_tensor *weight, int reduction,
                          double eps, int64_t *N, int64_t *C, int64_t *S, const char *fn) {
    if (nn_check_float(input, fn, "input") || nn_check_like(target, input, fn, "target") ||
        check_reduction(reduction, fn))
        return -1;
    if (input->ndim < 1) return tc_fail("%s: input must be (C), (N, C) or (N, C, d1, ...)", fn);
    if (!tc_tensor_same_shape(target, input))
        return tc_fail("%s: probability targets must have the input's shape (%lld vs %lld elements)", fn,
                       (long long)tc_tensor_numel(target), (long long)tc_tensor_numel(input));
    if (input->ndim == 1) { *N = 1; *C = input->sizes[0]; *S = 1; }
    else {
        *N = input->sizes[0];
        *C = input->sizes[1];
        *S = 1;
        for (int d = 2; d < input->ndim; d++) *S *= input->sizes[d];
    }
    if (weight) {
        if (nn_check_like(weight, input, fn, "weight")) return -1;
        if (tc_tensor_numel(weight) != *C)
            return tc_fail("%s: weight has %lld elements but there are %lld classes", fn,
                           (long long)tc_tensor_numel(weight), (long long)*C);
    }
    if (!(eps >= 0 && eps <= 1)) return tc_fail("%s: label_smoothing must be in [0, 1], got %g", fn, eps);
    return 0;
}

/* the shape without the class dim */
static int drop_class_dim(const tc_tensor *input, int64_t *sizes) {
    if (input->ndim == 1) return 0;
    sizes[0] = input->sizes[0];
    for (int d = 2; d < input->ndim; d++) sizes[d - 1] = input->sizes[d];
    return input->ndim - 1;
}

int tc_nn_soft_nll_loss(tc_tensor *output, const tc_tensor *input, const tc_tensor *target, const tc_tensor *weight,
                        int reduction, double label_smoothing) {
    const char *fn = "tc_nn_soft_nll_loss";
    int64_t N, C, S;
    if (soft_nll_check(input, target, weight, reduction, label_smoothing, &N, &C, &S, fn) ||
        nn_check_out(output, input, fn, "output"))
        return -1;
    int rc = 0;
    tc_tensor *x = nn_contig(input), *t = nn_contig(target), *w = opt_contig(weight, &rc), *y = NULL;
    if (!x || !t) rc = -1;
    if (!rc && reduction == TC_REDUCTION_NONE) {
        int64_t sizes[TC_MAX_DIMS];
        int nd = drop_class_dim(input, sizes);
        if (!(y = nn_out_begin(output, nd, sizes))) rc = -1;
    }
    if (!rc) {
        double sum;
        if (input->dtype == TC_FLOAT32)
            sum = soft_nll_forward_f32(y ? NN_DATA(y, float) : NULL, NN_DATA(x, float), NN_DATA(t, float),
                                       w ? NN_DATA(w, float) : NULL, N, C, S, label_smoothing);
        else
            sum = soft_nll_forward_f64(y ? NN_DATA(y, double) : NULL, NN_DATA(x, double), NN_DATA(t, double),
                                       w ? NN_DATA(w, double) : NULL, N, C, S, label_smoothing);
        if (reduction != TC_REDUCTION_NONE)
            rc = nn_write_scalar(output, reduction == TC_REDUCTION_MEAN ? sum / (double)(N * S) : sum);
    }
    nn_release(x);
    nn_release(t);
    nn_release(w);
    if (y) rc = nn_out_finish(output, y, rc);
    return rc;
}

int tc_nn_soft_nll_loss_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                                 const tc_tensor *target, const tc_tensor *weight, int reduction,
                                 double label_smoothing) {
    const char *fn = "tc_nn_soft_nll_loss_backward";
    int64_t N, C, S;
    if (soft_nll_check(input, target, weight, reduction, label_smoothing, &N, &C, &S, fn) ||
        nn_check_out(grad_input, input, fn, "grad_input") || check_grad_output(grad_output, input, reduction, N * S, fn))
        return -1;
    int rc = 0;
    tc_tensor *t = nn_contig(target), *go = nn_contig(grad_output), *w = opt_contig(weight, &rc);
    if (!t || !go) rc = -1;
    tc_tensor *gi = rc ? NULL : nn_out_begin(grad_input, input->ndim, input->sizes);
    if (!gi) rc = -1;
    if (!rc) {
        double norm = reduction == TC_REDUCTION_MEAN ? 1.0 / (double)(N * S) : 1.0;
        int64_t step = reduction == TC_REDUCTION_NONE ? 1 : 0;
        if (input->dtype == TC_FLOAT32)
            soft_nll_backward_f32(NN_DATA(gi, float), NN_DATA(go, float), step, NN_DATA(t, float),
                                  w ? NN_DATA(w, float) : NULL, N, C, S, label_smoothing, norm);
        else
            soft_nll_backward_f64(NN_DATA(gi, double), NN_DATA(go, double), step, NN_DATA(t, double),
                                  w ? NN_DATA(w, double) : NULL, N, C, S, label_smoothing, norm);
    }
    nn_release(t);
    nn_release(go);
    nn_release(w);
    if (gi) rc = nn_out_finish(grad_input, gi, rc);
    return rc;
}

/* ---- pointwise losses ------------------------------------------------------------------------ */

static int pw_check(const tc_tensor *input, const tc_tensor *target, const tc_tensor *weight,
                    const tc_tensor *pos_weight, int kind, int reduction, double p, const char *fn) {
    if (nn_check_float(input, fn, "input") || nn_check_like(target, input, fn, "target") ||
        check_reduction(reduction, fn))
        return -1;
    if (kind < 0 || kind >= TC_LOSS_NUM_KINDS) return tc_fail("%s: unknown loss kind %d", fn, kind);
    if (nn_numel_eq(target, input, fn, "target")) return -1;
    if (weight && (nn_check_like(weight, input, fn, "weight") || nn_numel_eq(weight, input, fn, "weight"))) return -1;
    if (pos_weight) {
        if (kind != TC_LOSS_BCE_WITH_LOGITS) return tc_fail("%s: pos_weight is only for BCE with logits", fn);
        if (nn_check_like(pos_weight, input, fn, "pos_weight") || nn_numel_eq(pos_weight, input, fn, "pos_weight"))
            return -1;
    }
    if ((kind == TC_LOSS_SMOOTH_L1 && p < 0) || (kind == TC_LOSS_HUBER && p <= 0))
        return tc_fail("%s: %s must be %s, got %g", fn, kind == TC_LOSS_HUBER ? "delta" : "beta",
                       kind == TC_LOSS_HUBER ? "> 0" : ">= 0", p);
    return 0;
}

/* BCE inputs must be probabilities (PyTorch raises too) */
static int bce_check_range(const tc_tensor *x, const char *fn) {
    int64_t n = tc_tensor_numel(x);
    for (int64_t i = 0; i < n; i++) {
        double v = x->dtype == TC_FLOAT32 ? NN_DATA(x, float)[i] : NN_DATA(x, double)[i];
        if (!(v >= 0 && v <= 1))
            return tc_fail("%s: BCE input %g at position %lld is not between 0 and 1", fn, v, (long long)i);
    }
    return 0;
}

int tc_nn_pointwise_loss(tc_tensor *output, const tc_tensor *input, const tc_tensor *target, const tc_tensor *weight,
                         const tc_tensor *pos_weight, int kind, int reduction, double p) {
    const char *fn = "tc_nn_pointwise_loss";
    if (pw_check(input, target, weight, pos_weight, kind, reduction, p, fn) || nn_check_out(output, input, fn, "output"))
        return -1;
    if (kind == TC_LOSS_SMOOTH_L1 && p == 0) kind = TC_LOSS_L1;   /* beta 0 is exactly L1 */
    tc_tensor *x = nn_contig(input), *t = nn_contig(target);
    tc_tensor *w = weight ? nn_contig(weight) : NULL, *pw = pos_weight ? nn_contig(pos_weight) : NULL;
    int rc = (x && t && (w || !weight) && (pw || !pos_weight)) ? 0 : -1;
    if (!rc && kind == TC_LOSS_BCE) rc = bce_check_range(x, fn);
    tc_tensor *y = NULL;
    if (!rc && reduction == TC_REDUCTION_NONE && !(y = nn_out_begin(output, input->ndim, input->sizes))) rc = -1;
    int64_t n = tc_tensor_numel(input);
    double sum = 0;
    if (!rc) {
        if (input->dtype == TC_FLOAT32)
            sum = pw_forward_f32(y ? NN_DATA(y, float) : NULL, NN_DATA(x, float), NN_DATA(t, float),
                                 w ? NN_DATA(w, float) : NULL, pw ? NN_DATA(pw, float) : NULL, n, kind, p);
        else
            sum = pw_forward_f64(y ? NN_DATA(y, double) : NULL, NN_DATA(x, double), NN_DATA(t, double),
                                 w ? NN_DATA(w, double) : NULL, pw ? NN_DATA(pw, double) : NULL, n, kind, p);
        if (reduction != TC_REDUCTION_NONE)
            rc = nn_write_scalar(output, reduction == TC_REDUCTION_MEAN ? sum / (double)n : sum);
    }
    nn_release(x);
    nn_release(t);
    nn_release(w);
    nn_release(pw);
    if (y) rc = nn_out_finish(output, y, rc);
    return rc;
}

int tc_nn_pointwise_loss_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                                  const tc_tensor *target, const tc_tensor *weight, const tc_tensor *pos_weight,
                                  int kind, int reduction, double p) {
    const char *fn = "tc_nn_pointwise_loss_backward";
    if (pw_check(input, target, weight, pos_weight, kind, reduction, p, fn) ||
        nn_check_out(grad_input, input, fn, "grad_input"))
        return -1;
    int64_t n = tc_tensor_numel(input);
    if (check_grad_output(grad_output, input, reduction, n, fn)) return -1;
    if (kind == TC_LOSS_SMOOTH_L1 && p == 0) kind = TC_LOSS_L1;
    tc_tensor *x = nn_contig(input), *t = nn_contig(target), *go = nn_contig(grad_output);
    tc_tensor *w = weight ? nn_contig(weight) : NULL, *pw = pos_weight ? nn_contig(pos_weight) : NULL;
    int rc = (x && t && go && (w || !weight) && (pw || !pos_weight)) ? 0 : -1;
    tc_tensor *gi = rc ? NULL : nn_out_begin(grad_input, input->ndim, input->sizes);
    if (!gi) rc = -1;
    if (!rc) {
        double norm = reduction == TC_REDUCTION_MEAN ? 1.0 / (double)n : 1.0;
        int64_t step = reduction == TC_REDUCTION_NONE ? 1 : 0;
        if (input->dtype == TC_FLOAT32)
            pw_backward_f32(NN_DATA(gi, float), NN_DATA(go, float), step, NN_DATA(x, float), NN_DATA(t, float),
                            w ? NN_DATA(w, float) : NULL, pw ? NN_DATA(pw, float) : NULL, n, kind, p, norm);
        else
            pw_backward_f64(NN_DATA(gi, double), NN_DATA(go, double), step, NN_DATA(x, double), NN_DATA(t, double),
                            w ? NN_DATA(w, double) : NULL, pw ? NN_DATA(pw, double) : NULL, n, kind, p, norm);
    }
    nn_release(x);
    nn_release(t);
    nn_release(go);
    nn_release(w);
    nn_release(pw);
    if (gi) rc = nn_out_finish(grad_input, gi, rc);
    return rc;
}
