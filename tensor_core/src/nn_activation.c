/* nn_activation.c -- fused elementwise activations and their backward (THNN transfer functions),
 * plus PReLU with its weight gradient.  One entry point per direction, the activation picked by
 * tc_nn_act_kind; the kind switch happens once per strided run, never per element. */
#include "nn_common.h"
#include "nn_vexp.h"

#define NN_SELU_ALPHA 1.6732632423543772848170429916717
#define NN_SELU_SCALE 1.0507009873554804934193349852946

typedef struct { int kind; int from_output; double p1, p2; } nn_act_ctx;

#define NN_TEMPLATE "nn_activation_t.h"
#include "nn_instantiate.h"

static int act_check_kind(int kind, double p1, double p2, const char *fn) {
    if (kind < 0 || kind >= TC_ACT_NUM_KINDS) return tc_fail("%s: unknown activation kind %d", fn, kind);
    if (kind == TC_ACT_HARDTANH && p1 > p2)
        return tc_fail("%s: hardtanh needs min_val <= max_val (got %g > %g)", fn, p1, p2);
    if ((kind == TC_ACT_SOFT_SHRINK || kind == TC_ACT_HARD_SHRINK) && p1 < 0)
        return tc_fail("%s: lambda must be >= 0 (got %g)", fn, p1);
    if (kind == TC_ACT_SOFTPLUS && p1 == 0) return tc_fail("%s: softplus beta must be non-zero", fn);
    if (kind == TC_ACT_CELU && p1 == 0) return tc_fail("%s: celu alpha must be non-zero", fn);
    return 0;
}

int tc_nn_activation(tc_tensor *output, const tc_tensor *input, int kind, double p1, double p2) {
    const char *fn = "tc_nn_activation";
    if (nn_check_float(input, fn, "input") || nn_check_out(output, input, fn, "output")) return -1;
    if (act_check_kind(kind, p1, p2, fn)) return -1;
    if (output != input && tc_tensor_resize(output, input->ndim, input->sizes)) return -1;
    tc_iter it;
    tc_tensor *ops[2] = {output, (tc_tensor *)input};
    if (tc_iter_init(&it, 2, ops, fn)) return -1;
    nn_act_ctx c = {kind, 0, p1, p2};
    tc_iter_run(&it, input->dtype == TC_FLOAT32 ? act_fwd_f32 : act_fwd_f64, &c, 1);
    tc_iter_free(&it);
    return 0;
}

int tc_nn_activation_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                              const tc_tensor *output, int kind, double p1, double p2) {
    const char *fn = "tc_nn_activation_backward";
    if (nn_check_float(grad_output, fn, "grad_output") || nn_check_out(grad_input, grad_output, fn, "grad_input"))
        return -1;
    if (act_check_kind(kind, p1, p2, fn)) return -1;
    const tc_tensor *saved = input;
    int from_output = 0;
    if (kind == TC_ACT_SIGMOID || kind == TC_ACT_TANH) {
        if (!output) return tc_fail("%s: sigmoid/tanh backward needs 'output' (the forward result)", fn);
        saved = output;
        from_output = 1;
    } else if (!input && (kind == TC_ACT_ELU || kind == TC_ACT_SELU || kind == TC_ACT_CELU) && output) {
        saved = output;   /* in-place forward: the output is all that is left */
        from_output = 1;
    }
    if (!saved) return tc_fail("%s: argument 'input' is NULL", fn);
    if (nn_check_like(saved, grad_output, fn, from_output ? "output" : "input")) return -1;
    if (nn_numel_eq(grad_output, saved, fn, "grad_output")) return -1;
    if (grad_input != grad_output && tc_tensor_resize(grad_input, saved->ndim, saved->sizes)) return -1;
    tc_iter it;
    tc_tensor *ops[3] = {grad_input, (tc_tensor *)grad_output, (tc_tensor *)saved};
    if (tc_iter_init(&it, 3, ops, fn)) return -1;
    nn_act_ctx c = {kind, from_output, p1, p2};
    tc_iter_run(&it, grad_output->dtype == TC_FLOAT32 ? act_bwd_f32 : act_bwd_f64, &c, 1);
    tc_iter_free(&it);
    return 0;
}

/* RReLU in training: `noise` arrives filled with the sampled slopes (uniform(lower, upper), from
 * the RNG kernels); it becomes 1 where x > 0, and output = x * noise.  Backward is
 * grad_output * noise (an elementwise product). */
#define RRELU_LOOP(T)                                                                          \
    static void rrelu_##T(char **p, const int64_t *st, int64_t n, void *ctx) {                \
        (void)ctx;                                                                             \
        for (int64_t i = 0; i < n; i++) {                                                      \
            T *y = (T *)(p[0] + i * st[0]), *z = (T *)(p[2] + i * st[2]);                      \
            const T x = *(const T *)(p[1] + i * st[1]);                                        \
            if (x > 0) *z = 1;                                                                 \
            *y = x * *z;                                                                       \
        }                                                                                      \
    }
RRELU_LOOP(float)
RRELU_LOOP(double)

int tc_nn_rrelu_with_noise(tc_tensor *output, const tc_tensor *input, tc_tensor *noise) {
    const char *fn = "tc_nn_rrelu_with_noise";
    if (nn_check_float(input, fn, "input") || nn_check_out(output, input, fn, "output") ||
        nn_check_like(noise, input, fn, "noise") || nn_numel_eq(noise, input, fn, "noise"))
        return -1;
    if (output != input && tc_tensor_resize(output, input->ndim, input->sizes)) return -1;
    tc_iter it;
    tc_tensor *ops[3] = {output, (tc_tensor *)input, noise};
    if (tc_iter_init(&it, 3, ops, fn)) return -1;
    tc_iter_run(&it, input->dtype == TC_FLOAT32 ? rrelu_float : rrelu_double, NULL, 1);
    tc_iter_free(&it);
    return 0;
}

/* PReLU geometry: the channel dim is 1 (0 for 1-D input); one shared weight covers everything. */
static int prelu_geometry(const tc_tensor *input, const tc_tensor *weight, int64_t *outer, int64_t *C,
                          int64_t *inner, const char *fn) {
    int64_t nw = tc_tensor_numel(weight);
    int64_t n = tc_tensor_numel(input);
    if (nw == 1) { *outer = 1; *C = 1; *inner = n; return 0; }
    if (input->ndim == 0) return tc_fail("%s: a 0-d input needs a single shared weight (got %lld)", fn, (long long)nw);
    int cd = input->ndim == 1 ? 0 : 1;
    if (input->sizes[cd] != nw)
        return tc_fail("%s: weight has %lld elements but the input has %lld channels (dim %d)", fn, (long long)nw,
                       (long long)input->sizes[cd], cd);
    *C = nw;
    *outer = 1;
    for (int d = 0; d < cd; d++) *outer *= input->sizes[d];
    *inner = 1;
    for (int d = cd + 1; d < input->ndim; d++) *inner *= input->sizes[d];
    return 0;
}

int tc_nn_prelu(tc_tensor *output, const tc_tensor *input, const tc_tensor *weight) {
    const char *fn = "tc_nn_prelu";
    if (nn_check_float(input, fn, "input") || nn_check_like(weight, input, fn, "weight") ||
        nn_check_out(output, input, fn, "output"))
        return -1;
    int64_t outer, C, inner;
    if (prelu_geometry(input, weight, &outer, &C, &inner, fn)) return -1;
    tc_tensor *x = nn_contig(input), *w = nn_contig(weight);
    tc_tensor *y = (x && w) ? nn_out_begin(output, input->ndim, input->sizes) : NULL;
    if (y) {
        if (input->dtype == TC_FLOAT32)
            prelu_fwd_f32(NN_DATA(y, float), NN_DATA(x, float), NN_DATA(w, float), outer, C, inner);
        else
            prelu_fwd_f64(NN_DATA(y, double), NN_DATA(x, double), NN_DATA(w, double), outer, C, inner);
    }
    nn_release(x);
    nn_release(w);
    return nn_out_finish(output, y, 0);
}

int tc_nn_prelu_backward(tc_tensor *grad_input, tc_tensor *grad_weight, const tc_tensor *grad_output,
                         const tc_tensor *input, const tc_tensor *weight, double scale) {
    const char *fn = "tc_nn_prelu_backward";
    if (nn_check_float(input, fn, "input") || nn_check_like(weight, input, fn, "weight") ||
        nn_check_like(grad_output, input, fn, "grad_output") || nn_numel_eq(grad_output, input, fn, "grad_output"))
        return -1;
    if (!grad_input && !grad_weight) return 0;
    if (grad_input && nn_check_out(grad_input, input, fn, "grad_input")) return -1;
    if (grad_weight) {
        if (nn_check_like(grad_weight, input, fn, "grad_weight")) return -1;
        if (tc_tensor_numel(grad_weight) != tc_tensor_numel(weight))
            return tc_fail("%s: grad_weight has %lld elements, weight %lld", fn,
                           (long long)tc_tensor_numel(grad_weight), (long long)tc_tensor_numel(weight));
    }
    int64_t outer, C, inner;
    if (prelu_geometry(input, weight, &outer, &C, &inner, fn)) return -1;
    tc_tensor *x = nn_contig(input), *w = nn_contig(weight), *go = nn_contig(grad_output);
    tc_tensor *gi = NULL, *gw = NULL;
    int rc = (x && w && go) ? 0 : -1;
    if (!rc && grad_input) { gi = nn_out_begin(grad_input, input->ndim, input->sizes); if (!gi) rc = -1; }
    if (!rc && grad_weight) {
        gw = tc_tensor_is_contiguous(grad_weight) ? (tc_tensor_retain(grad_weight), grad_weight) : tc_tensor_clone(grad_weight);
        if (!gw) rc = -1;
    }
    if (!rc) {
        if (input->dtype == TC_FLOAT32)
            prelu_bwd_f32(gi ? NN_DATA(gi, float) : NULL, gw ? NN_DATA(gw, float) : NULL, NN_DATA(go, float),
                          NN_DATA(x, float), NN_DATA(w, float), outer, C, inner, scale);
        else
            prelu_bwd_f64(gi ? NN_DATA(gi, double) : NULL, gw ? NN_DATA(gw, double) : NULL, NN_DATA(go, double),
                          NN_DATA(x, double), NN_DATA(w, double), outer, C, inner, scale);
    }
    if (gw && gw != grad_weight && !rc) rc = tc_copy(grad_weight, gw);
    nn_release(gw);
    nn_release(x);
    nn_release(w);
    nn_release(go);
    if (gi) rc = nn_out_finish(grad_input, gi, rc);
    return rc;
}

/* ---- gated linear unit: the input's `dim` split in halves a | b, output a * sigmoid(b) ---------- */

static int glu_geometry(const tc_tensor *input, int dim, int64_t *outer, int64_t *H, int64_t *inner, int *d,
                        const char *fn) {
    if (input->ndim < 1) return tc_fail("%s: input must have at least 1 dim", fn);
    *d = tc_normalize_dim(dim, input->ndim, fn);
    if (*d < 0) return -1;
    if (input->sizes[*d] % 2)
        return tc_fail("%s: dim %d has odd size %lld; it must split in halves", fn, *d, (long long)input->sizes[*d]);
    *H = input->sizes[*d] / 2;
    *outer = 1;
    *inner = 1;
    for (int k = 0; k < *d; k++) *outer *= input->sizes[k];
    for (int k = *d + 1; k < input->ndim; k++) *inner *= input->sizes[k];
    return 0;
}

#define GLU_LOOPS(T, EXPF)                                                                          \
    static void glu_fwd_##T(T *y, const T *x, int64_t outer, int64_t H, int64_t inner) {           \
        for (int64_t o = 0; o < outer; o++) {                                                      \
            const T *a = x + o * 2 * H * inner, *b = a + H * inner;                                \
            T *yo = y + o * H * inner;                                                             \
            for (int64_t i = 0; i < H * inner; i++) yo[i] = a[i] / (1 + EXPF(-b[i]));             \
        }                                                                                          \
    }                                                                                              \
    static void glu_bwd_##T(T *gi, const T *go, const T *x, int64_t outer, int64_t H, int64_t inner) { \
        for (int64_t o = 0; o < outer; o++) {                                                      \
            const T *a = x + o * 2 * H * inner, *b = a + H * inner;                                \
            const T *g = go + o * H * inner;                                                       \
            T *ga = gi + o * 2 * H * inner, *gb = ga + H * inner;                                  \
            for (int64_t i = 0; i < H * inner; i++) {                                              \
                T s = 1 / (1 + EXPF(-b[i]));                                                       \
                ga[i] = g[i] * s;                                                                  \
                gb[i] = g[i] * a[i] * s * (1 - s);                                                 \
            }                                                                                      \
        }                                                                                          \
    }
GLU_LOOPS(float, expf)
GLU_LOOPS(double, exp)

int tc_nn_glu(tc_tensor *output, const tc_tensor *input, int dim) {
    const char *fn = "tc_nn_glu";
    int64_t outer, H, inner;
    int d;
    if (nn_check_float(input, fn, "input") || nn_check_out(output, input, fn, "output")) return -1;
    if (glu_geometry(input, dim, &outer, &H, &inner, &d, fn)) return -1;
    if (output == input) return tc_fail("%s: output cannot be the input (the shapes differ)", fn);
    int64_t sizes[TC_MAX_DIMS];
    memcpy(sizes, input->sizes, sizeof(int64_t) * input->ndim);
    sizes[d] = H;
    tc_tensor *x = nn_contig(input);
    tc_tensor *y = x ? nn_out_begin(output, input->ndim, sizes) : NULL;
    int rc = y ? 0 : -1;
    if (!rc) {
        if (input->dtype == TC_FLOAT32) glu_fwd_float(NN_DATA(y, float), NN_DATA(x, float), outer, H, inner);
        else glu_fwd_double(NN_DATA(y, double), NN_DATA(x, double), outer, H, inner);
    }
    nn_release(x);
    return y ? nn_out_finish(output, y, rc) : -1;
}

int tc_nn_glu_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input, int dim) {
    const char *fn = "tc_nn_glu_backward";
    int64_t outer, H, inner;
    int d;
    if (nn_check_float(input, fn, "input") || nn_check_out(grad_input, input, fn, "grad_input") ||
        nn_check_like(grad_output, input, fn, "grad_output"))
        return -1;
    if (glu_geometry(input, dim, &outer, &H, &inner, &d, fn)) return -1;
    if (tc_tensor_numel(grad_output) != outer * H * inner)
        return tc_fail("%s: grad_output has %lld elements, expected %lld", fn, (long long)tc_tensor_numel(grad_output),
                       (long long)(outer * H * inner));
    tc_tensor *x = nn_contig(input), *g = nn_contig(grad_output);
    tc_tensor *gi = (x && g) ? nn_out_begin(grad_input, input->ndim, input->sizes) : NULL;
    int rc = gi ? 0 : -1;
    if (!rc) {
        if (input->dtype == TC_FLOAT32)
            glu_bwd_float(NN_DATA(gi, float), NN_DATA(g, float), NN_DATA(x, float), outer, H, inner);
        else
            glu_bwd_double(NN_DATA(gi, double), NN_DATA(g, double), NN_DATA(x, double), outer, H, inner);
    }
    nn_release(x);
    nn_release(g);
    return gi ? nn_out_finish(grad_input, gi, rc) : -1;
}
