/* nn_softmax.c -- softmax and log-softmax over any dim, with backward (SoftMax, LogSoftMax,
 * SpatialSoftMax: the frontends pick the dim).  Rows along the last dim take the contiguous
 * path; another dim is reduced with the rows laid side by side so the loops still vectorise. */
#include "nn_common.h"
#include "nn_vexp.h"

#define NN_TEMPLATE "nn_softmax_t.h"
#include "nn_instantiate.h"

static int softmax_geometry(const tc_tensor *t, int dim, int64_t *outer, int64_t *D, int64_t *inner,
                            const char *fn) {
    if (t->ndim == 0) { *outer = *D = *inner = 1; return dim == 0 || dim == -1 ? 0 : tc_fail("%s: dim %d out of range for a 0-d tensor", fn, dim); }
    int d = tc_normalize_dim(dim, t->ndim, fn);
    if (d < 0) return -1;
    *outer = 1;
    *inner = 1;
    for (int k = 0; k < d; k++) *outer *= t->sizes[k];
    for (int k = d + 1; k < t->ndim; k++) *inner *= t->sizes[k];
    *D = t->sizes[d];
    return 0;
}

static int softmax_forward(tc_tensor *output, const tc_tensor *input, int dim, int log_mode, const char *fn) {
    if (nn_check_float(input, fn, "input") || nn_check_out(output, input, fn, "output")) return -1;
    int64_t outer, D, inner;
    if (softmax_geometry(input, dim, &outer, &D, &inner, fn)) return -1;
    tc_tensor *x = nn_contig(input);
    if (!x) return -1;
    tc_tensor *y = nn_out_begin(output, input->ndim, input->sizes);
    int rc = y ? 0 : -1;
    int64_t es = tc_dtype_size(input->dtype);
    void *buf = NULL;
    if (!rc && inner > 1 && !(buf = malloc((size_t)(2 * inner * es)))) rc = tc_fail("%s: out of memory", fn);
    if (!rc && tc_tensor_numel(input) > 0) {
        if (input->dtype == TC_FLOAT32)
            softmax_fwd_f32(NN_DATA(y, float), NN_DATA(x, float), outer, D, inner, log_mode, buf);
        else
            softmax_fwd_f64(NN_DATA(y, double), NN_DATA(x, double), outer, D, inner, log_mode, buf);
    }
    free(buf);
    tc_tensor_release(x);
    return y ? nn_out_finish(output, y, rc) : -1;
}

static int softmax_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *output, int dim,
                            int log_mode, const char *fn) {
    if (nn_check_float(output, fn, "output") || nn_check_like(grad_output, output, fn, "grad_output") ||
        nn_check_out(grad_input, output, fn, "grad_input"))
        return -1;
    if (!tc_tensor_same_shape(grad_output, output))
        return tc_fail("%s: grad_output and output shapes differ (%lld vs %lld elements)", fn,
                       (long long)tc_tensor_numel(grad_output), (long long)tc_tensor_numel(output));
    int64_t outer, D, inner;
    if (softmax_geometry(output, dim, &outer, &D, &inner, fn)) return -1;
    tc_tensor *y = nn_contig(output), *g = nn_contig(grad_output);
    tc_tensor *gi = (y && g) ? nn_out_begin(grad_input, output->ndim, output->sizes) : NULL;
    int rc = gi ? 0 : -1;
    int64_t es = tc_dtype_size(output->dtype);
    void *buf = NULL;
    if (!rc && inner > 1 && !(buf = malloc((size_t)(inner * es)))) rc = tc_fail("%s: out of memory", fn);
    if (!rc && tc_tensor_numel(output) > 0) {
        if (output->dtype == TC_FLOAT32)
            softmax_bwd_f32(NN_DATA(gi, float), NN_DATA(g, float), NN_DATA(y, float), outer, D, inner, log_mode, buf);
        else
            softmax_bwd_f64(NN_DATA(gi, double), NN_DATA(g, double), NN_DATA(y, double), outer, D, inner, log_mode,
                            buf);
    }
    free(buf);
    nn_release(y);
    nn_release(g);
    return gi ? nn_out_finish(grad_input, gi, rc) : -1;
}

int tc_nn_softmax(tc_tensor *output, const tc_tensor *input, int dim) {
    return softmax_forward(output, input, dim, 0, "tc_nn_softmax");
}
int tc_nn_log_softmax(tc_tensor *output, const tc_tensor *input, int dim) {
    return softmax_forward(output, input, dim, 1, "tc_nn_log_softmax");
}
int tc_nn_softmax_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *output, int dim) {
    return softmax_backward(grad_input, grad_output, output, dim, 0, "tc_nn_softmax_backward");
}
int tc_nn_log_softmax_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *output,
                               int dim) {
    return softmax_backward(grad_input, grad_output, output, dim, 1, "tc_nn_log_softmax_backward");
}
