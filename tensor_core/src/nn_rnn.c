/* nn_rnn.c -- fused LSTM and GRU cells (PyTorch gate order and bias placement), forward and
 * backward.  Gates come from one GEMM of the input and one of the hidden state (tc_gemm, the
 * core's single GEMM door); the pointwise part is fused; backward returns input/hidden/cell
 * gradients and accumulates the weight and bias gradients with `scale`. */
#include "nn_common.h"
#include "nn_vexp.h"

#define real float
#define NN_IS_F32 1
#define NN_SFX(name) name##_f32
#define NN_GEMM tc_gemm_f32
#include "nn_rnn_t.h"
#undef real
#undef NN_IS_F32
#undef NN_SFX
#undef NN_GEMM
#define real double
#define NN_IS_F32 0
#define NN_SFX(name) name##_f64
#define NN_GEMM tc_gemm_f64
#include "nn_rnn_t.h"
#undef real
#undef NN_IS_F32
#undef NN_SFX
#undef NN_GEMM

/* Shapes: input (B, I), hx (B, H), w_ih (G*H, I), w_hh (G*H, H), biases (G*H) or NULL. */
static int cell_check(const tc_tensor *input, const tc_tensor *hx, const tc_tensor *cx, const tc_tensor *w_ih,
                      const tc_tensor *w_hh, const tc_tensor *b_ih, const tc_tensor *b_hh, int G, int64_t *B,
                      int64_t *I, int64_t *H, const char *fn) {
    if (nn_check_float(input, fn, "input") || nn_check_like(hx, input, fn, "hx") ||
        (w_ih && nn_check_like(w_ih, input, fn, "w_ih")) || nn_check_like(w_hh, input, fn, "w_hh"))
        return -1;
    if (input->ndim != 2) return tc_fail("%s: input must be 2-D (batch, input_size), got %d-D", fn, input->ndim);
    if (hx->ndim != 2) return tc_fail("%s: hx must be 2-D (batch, hidden_size), got %d-D", fn, hx->ndim);
    *B = input->sizes[0];
    *I = input->sizes[1];
    *H = hx->sizes[1];
    if (hx->sizes[0] != *B)
        return tc_fail("%s: hx has batch %lld but the input has %lld", fn, (long long)hx->sizes[0], (long long)*B);
    if (!w_ih && *I != G * *H)
        return tc_fail("%s: without w_ih the input must hold precomputed input gates (batch, %lld), got (%lld, %lld)",
                       fn, (long long)(G * *H), (long long)*B, (long long)*I);
    if (w_ih && (w_ih->ndim != 2 || w_ih->sizes[0] != G * *H || w_ih->sizes[1] != *I))
        return tc_fail("%s: w_ih must be (%lld, %lld) = (%d*hidden, input)", fn, (long long)(G * *H), (long long)*I, G);
    if (w_hh->ndim != 2 || w_hh->sizes[0] != G * *H || w_hh->sizes[1] != *H)
        return tc_fail("%s: w_hh must be (%lld, %lld) = (%d*hidden, hidden)", fn, (long long)(G * *H), (long long)*H, G);
    if (cx) {
        if (nn_check_like(cx, input, fn, "cx")) return -1;
        if (!tc_tensor_same_shape(cx, hx)) return tc_fail("%s: cx must have hx's shape (%lld, %lld)", fn, (long long)*B, (long long)*H);
    }
    const tc_tensor *bs[2] = {b_ih, b_hh};
    for (int k = 0; k < 2; k++) {
        if (!bs[k]) continue;
        if (nn_check_like(bs[k], input, fn, k ? "b_hh" : "b_ih")) return -1;
        if (tc_tensor_numel(bs[k]) != G * *H)
            return tc_fail("%s: %s has %lld elements, expected %lld", fn, k ? "b_hh" : "b_ih",
                           (long long)tc_tensor_numel(bs[k]), (long long)(G * *H));
    }
    return 0;
}

#define D32(t) ((t) ? NN_DATA(t, float) : NULL)
#define D64(t) ((t) ? NN_DATA(t, double) : NULL)

int tc_nn_lstm_cell(tc_tensor *hy, tc_tensor *cy, tc_tensor *workspace, const tc_tensor *input, const tc_tensor *hx,
                    const tc_tensor *cx, const tc_tensor *w_ih, const tc_tensor *w_hh, const tc_tensor *b_ih,
                    const tc_tensor *b_hh) {
    const char *fn = "tc_nn_lstm_cell";
    int64_t B, I, H;
    if (!cx) return tc_fail("%s: argument 'cx' is NULL", fn);
    if (cell_check(input, hx, cx, w_ih, w_hh, b_ih, b_hh, 4, &B, &I, &H, fn)) return -1;
    if (nn_check_out(hy, input, fn, "hy") || nn_check_out(cy, input, fn, "cy") ||
        nn_check_out(workspace, input, fn, "workspace"))
        return -1;
    int rc = 0;
    tc_tensor *x = nn_contig(input), *h = nn_contig(hx), *c = nn_contig(cx), *wi = opt_contig(w_ih, &rc),
              *wh = nn_contig(w_hh);
    if (!x || !h || !c || !wh) rc = -1;
    tc_tensor *bi = opt_contig(b_ih, &rc), *bh = opt_contig(b_hh, &rc);
    int64_t gs[2] = {B, 4 * H}, hs[2] = {B, H};
    tc_tensor *ws = rc ? NULL : nn_out_begin(workspace, 2, gs);
    tc_tensor *h2 = ws ? nn_out_begin(hy, 2, hs) : NULL;
    tc_tensor *c2 = h2 ? nn_out_begin(cy, 2, hs) : NULL;
    if (!ws || !h2 || !c2) rc = -1;
    if (!rc && B > 0 && H > 0) {
        if (input->dtype == TC_FLOAT32) {
            linear_acc_f32(D32(ws), D32(x), D32(wi), D32(bi), B, 4 * H, I, 0);
            linear_acc_f32(D32(ws), D32(h), D32(wh), D32(bh), B, 4 * H, H, 1);
            lstm_pointwise_f32(D32(ws), D32(c), D32(c2), D32(h2), B, H);
        } else {
            linear_acc_f64(D64(ws), D64(x), D64(wi), D64(bi), B, 4 * H, I, 0);
            linear_acc_f64(D64(ws), D64(h), D64(wh), D64(bh), B, 4 * H, H, 1);
            lstm_pointwise_f64(D64(ws), D64(c), D64(c2), D64(h2), B, H);
        }
    }
    nn_release(x); nn_release(h); nn_release(c); nn_release(wi); nn_release(wh); nn_release(bi); nn_release(bh);
    if (c2) rc = nn_out_finish(cy, c2, rc);
    if (h2) rc = nn_out_finish(hy, h2, rc);
    if (ws) rc = nn_out_finish(workspace, ws, rc);
    return rc ? -1 : 0;
}

/* Weight-gradient arguments must match the weights' shapes. */
static int check_grad_params(tc_tensor *gw_ih, tc_tensor *gw_hh, tc_tensor *gb_ih, tc_tensor *gb_hh,
                             const tc_tensor *w_ih, const tc_tensor *w_hh, int64_t GH, const char *fn) {
    if (gw_ih && !w_ih) return tc_fail("%s: grad_w_ih needs w_ih (the input gates were precomputed)", fn);
    if (gw_ih && (nn_check_like(gw_ih, w_ih, fn, "grad_w_ih") || nn_numel_eq(gw_ih, w_ih, fn, "grad_w_ih"))) return -1;
    if (gw_hh && (nn_check_like(gw_hh, w_hh, fn, "grad_w_hh") || nn_numel_eq(gw_hh, w_hh, fn, "grad_w_hh"))) return -1;
    if (gb_ih && (nn_check_like(gb_ih, w_hh, fn, "grad_b_ih") || tc_tensor_numel(gb_ih) != GH))
        return tc_fail("%s: grad_b_ih must have %lld elements", fn, (long long)GH);
    if (gb_hh && (nn_check_like(gb_hh, w_hh, fn, "grad_b_hh") || tc_tensor_numel(gb_hh) != GH))
        return tc_fail("%s: grad_b_hh must have %lld elements", fn, (long long)GH);
    return 0;
}

static int check_same(const tc_tensor *t, const tc_tensor *ref, int64_t B, int64_t H, const char *fn,
                      const char *name) {
    if (!t) return 0;
    if (nn_check_like(t, ref, fn, name)) return -1;
    if (tc_tensor_numel(t) != B * H)
        return tc_fail("%s: '%s' must have %lld x %lld elements, got %lld", fn, name, (long long)B, (long long)H,
                       (long long)tc_tensor_numel(t));
    return 0;
}

int tc_nn_lstm_cell_backward(tc_tensor *grad_input, tc_tensor *grad_hx, tc_tensor *grad_cx, tc_tensor *grad_w_ih,
                             tc_tensor *grad_w_hh, tc_tensor *grad_b_ih, tc_tensor *grad_b_hh,
                             const tc_tensor *grad_hy, const tc_tensor *grad_cy, const tc_tensor *input,
                             const tc_tensor *hx, const tc_tensor *cx, const tc_tensor *w_ih, const tc_tensor *w_hh,
                             const tc_tensor *cy, const tc_tensor *workspace, double scale) {
    const char *fn = "tc_nn_lstm_cell_backward";
    int64_t B, I, H;
    if (!cx) return tc_fail("%s: argument 'cx' is NULL", fn);
    if (cell_check(input, hx, cx, w_ih, w_hh, NULL, NULL, 4, &B, &I, &H, fn)) return -1;
    if (!cy) return tc_fail("%s: argument 'cy' is NULL", fn);
    if (!workspace) return tc_fail("%s: argument 'workspace' is NULL", fn);
    if (check_same(cy, input, B, H, fn, "cy") || check_same(workspace, input, B, 4 * H, fn, "workspace") ||
        check_same(grad_hy, input, B, H, fn, "grad_hy") || check_same(grad_cy, input, B, H, fn, "grad_cy"))
        return -1;
    if ((grad_input && nn_check_out(grad_input, input, fn, "grad_input")) ||
        (grad_hx && nn_check_out(grad_hx, input, fn, "grad_hx")) ||
        (grad_cx && nn_check_out(grad_cx, input, fn, "grad_cx")))
        return -1;
    if (check_grad_params(grad_w_ih, grad_w_hh, grad_b_ih, grad_b_hh, w_ih, w_hh, 4 * H, fn)) return -1;
    int rc = 0;
    tc_tensor *x = nn_contig(input), *h = nn_contig(hx), *c = nn_contig(cx), *wi = opt_contig(w_ih, &rc),
              *wh = nn_contig(w_hh), *c2 = nn_contig(cy), *ws = nn_contig(workspace);
    if (!x || !h || !c || !wh || !c2 || !ws) rc = -1;
    tc_tensor *gh = opt_contig(grad_hy, &rc), *gc = opt_contig(grad_cy, &rc);
    int64_t gs[2] = {B, 4 * H}, hs[2] = {B, H}, is[2] = {B, I};
    tc_tensor *dg = rc ? NULL : tc_tensor_empty(input->dtype, 2, gs);
    tc_tensor *dcx = dg ? (grad_cx ? nn_out_begin(grad_cx, 2, hs) : tc_tensor_empty(input->dtype, 2, hs)) : NULL;
    tc_tensor *gx = (dcx && grad_input) ? nn_out_begin(grad_input, 2, is) : NULL;
    tc_tensor *ghx = (dcx && grad_hx) ? nn_out_begin(grad_hx, 2, hs) : NULL;
    if (!dg || !dcx || (grad_input && !gx) || (grad_hx && !ghx)) rc = -1;
    tc_tensor *gwi = acc_begin(grad_w_ih, &rc), *gwh = acc_begin(grad_w_hh, &rc), *gbi = acc_begin(grad_b_ih, &rc),
              *gbh = acc_begin(grad_b_hh, &rc);
    if (!rc && B > 0 && H > 0) {
        if (input->dtype == TC_FLOAT32) {
            lstm_pointwise_bwd_f32(D32(dg), D32(dcx), D32(ws), D32(c), D32(c2), D32(gh), D32(gc), B, H);
            linear_bwd_f32(D32(gx), 0, D32(gwi), D32(gbi), D32(dg), D32(x), D32(wi), B, 4 * H, I, scale);
            linear_bwd_f32(D32(ghx), 0, D32(gwh), D32(gbh), D32(dg), D32(h), D32(wh), B, 4 * H, H, scale);
        } else {
            lstm_pointwise_bwd_f64(D64(dg), D64(dcx), D64(ws), D64(c), D64(c2), D64(gh), D64(gc), B, H);
            linear_bwd_f64(D64(gx), 0, D64(gwi), D64(gbi), D64(dg), D64(x), D64(wi), B, 4 * H, I, scale);
            linear_bwd_f64(D64(ghx), 0, D64(gwh), D64(gbh), D64(dg), D64(h), D64(wh), B, 4 * H, H, scale);
        }
    } else if (!rc) {
        if (gx) tc_zero(gx);
        if (ghx) tc_zero(ghx);
    }
    nn_release(x); nn_release(h); nn_release(c); nn_release(wi); nn_release(wh); nn_release(c2); nn_release(ws);
    nn_release(gh); nn_release(gc); nn_release(dg);
    rc = acc_finish(grad_w_ih, gwi, rc);
    rc = acc_finish(grad_w_hh, gwh, rc);
    rc = acc_finish(grad_b_ih, gbi, rc);
    rc = acc_finish(grad_b_hh, gbh, rc);
    if (grad_cx) { if (dcx) rc = nn_out_finish(grad_cx, dcx, rc); } else nn_release(dcx);
    if (gx) rc = nn_out_finish(grad_input, gx, rc);
    if (ghx) rc = nn_out_finish(grad_hx, ghx, rc);
    return rc ? -1 : 0;
}

int tc_nn_gru_cell(tc_tensor *hy, tc_tensor *workspace, const tc_tensor *input, const tc_tensor *hx,
                   const tc_tensor *w_ih, const tc_tensor *w_hh, const tc_tensor *b_ih, const tc_tensor *b_hh) {
    const char *fn = "tc_nn_gru_cell";
    int64_t B, I, H;
    if (cell_check(input, hx, NULL, w_ih, w_hh, b_ih, b_hh, 3, &B, &I, &H, fn)) return -1;
    if (nn_check_out(hy, input, fn, "hy") || nn_check_out(workspace, input, fn, "workspace")) return -1;
    int rc = 0;
    tc_tensor *x = nn_contig(input), *h = nn_contig(hx), *wi = opt_contig(w_ih, &rc), *wh = nn_contig(w_hh);
    if (!x || !h || !wh) rc = -1;
    tc_tensor *bi = opt_contig(b_ih, &rc), *bh = opt_contig(b_hh, &rc);
    int64_t ws_s[2] = {B, 4 * H}, g_s[2] = {B, 3 * H}, hs[2] = {B, H};
    tc_tensor *gi = rc ? NULL : tc_tensor_empty(input->dtype, 2, g_s);
    tc_tensor *ghh = gi ? tc_tensor_empty(input->dtype, 2, g_s) : NULL;
    tc_tensor *ws = ghh ? nn_out_begin(workspace, 2, ws_s) : NULL;
    tc_tensor *h2 = ws ? nn_out_begin(hy, 2, hs) : NULL;
    if (!gi || !ghh || !ws || !h2) rc = -1;
    if (!rc && B > 0 && H > 0) {
        if (input->dtype == TC_FLOAT32) {
            linear_acc_f32(D32(gi), D32(x), D32(wi), D32(bi), B, 3 * H, I, 0);
            linear_acc_f32(D32(ghh), D32(h), D32(wh), D32(bh), B, 3 * H, H, 0);
            gru_pointwise_f32(D32(gi), D32(ghh), D32(h), D32(h2), D32(ws), B, H);
        } else {
            linear_acc_f64(D64(gi), D64(x), D64(wi), D64(bi), B, 3 * H, I, 0);
            linear_acc_f64(D64(ghh), D64(h), D64(wh), D64(bh), B, 3 * H, H, 0);
            gru_pointwise_f64(D64(gi), D64(ghh), D64(h), D64(h2), D64(ws), B, H);
        }
    }
    nn_release(x); nn_release(h); nn_release(wi); nn_release(wh); nn_release(bi); nn_release(bh);
    nn_release(gi); nn_release(ghh);
    if (h2) rc = nn_out_finish(hy, h2, rc);
    if (ws) rc = nn_out_finish(workspace, ws, rc);
    return rc ? -1 : 0;
}

int tc_nn_gru_cell_backward(tc_tensor *grad_input, tc_tensor *grad_hx, tc_tensor *grad_w_ih, tc_tensor *grad_w_hh,
                            tc_tensor *grad_b_ih, tc_tensor *grad_b_hh, const tc_tensor *grad_hy,
                            const tc_tensor *input, const tc_tensor *hx, const tc_tensor *w_ih, const tc_tensor *w_hh,
                            const tc_tensor *workspace, double scale) {
    const char *fn = "tc_nn_gru_cell_backward";
    int64_t B, I, H;
    if (cell_check(input, hx, NULL, w_ih, w_hh, NULL, NULL, 3, &B, &I, &H, fn)) return -1;
    if (!grad_hy) return tc_fail("%s: argument 'grad_hy' is NULL", fn);
    if (!workspace) return tc_fail("%s: argument 'workspace' is NULL", fn);
    if (check_same(grad_hy, input, B, H, fn, "grad_hy") || check_same(workspace, input, B, 4 * H, fn, "workspace"))
        return -1;
    if ((grad_input && nn_check_out(grad_input, input, fn, "grad_input")) ||
        (grad_hx && nn_check_out(grad_hx, input, fn, "grad_hx")))
        return -1;
    if (check_grad_params(grad_w_ih, grad_w_hh, grad_b_ih, grad_b_hh, w_ih, w_hh, 3 * H, fn)) return -1;
    int rc = 0;
    tc_tensor *x = nn_contig(input), *h = nn_contig(hx), *wi = opt_contig(w_ih, &rc), *wh = nn_contig(w_hh),
              *ws = nn_contig(workspace), *g = nn_contig(grad_hy);
    if (!x || !h || !wh || !ws || !g) rc = -1;
    int64_t g_s[2] = {B, 3 * H}, hs[2] = {B, H}, is[2] = {B, I};
    tc_tensor *dgi = rc ? NULL : tc_tensor_empty(input->dtype, 2, g_s);
    tc_tensor *dgh = dgi ? tc_tensor_empty(input->dtype, 2, g_s) : NULL;
    tc_tensor *dhx = dgh ? (grad_hx ? nn_out_begin(grad_hx, 2, hs) : tc_tensor_empty(input->dtype, 2, hs)) : NULL;
    tc_tensor *gx = (dhx && grad_input) ? nn_out_begin(grad_input, 2, is) : NULL;
    if (!dgi || !dgh || !dhx || (grad_input && !gx)) rc = -1;
    tc_tensor *gwi = acc_begin(grad_w_ih, &rc), *gwh = acc_begin(grad_w_hh, &rc), *gbi = acc_begin(grad_b_ih, &rc),
              *gbh = acc_begin(grad_b_hh, &rc);
    if (!rc && B > 0 && H > 0) {
        if (input->dtype == TC_FLOAT32) {
            gru_pointwise_bwd_f32(D32(dgi), D32(dgh), D32(dhx), D32(ws), D32(h), D32(g), B, H);
            linear_bwd_f32(D32(gx), 0, D32(gwi), D32(gbi), D32(dgi), D32(x), D32(wi), B, 3 * H, I, scale);
            linear_bwd_f32(grad_hx ? D32(dhx) : NULL, 1, D32(gwh), D32(gbh), D32(dgh), D32(h), D32(wh), B, 3 * H, H,
                           scale);
        } else {
            gru_pointwise_bwd_f64(D64(dgi), D64(dgh), D64(dhx), D64(ws), D64(h), D64(g), B, H);
            linear_bwd_f64(D64(gx), 0, D64(gwi), D64(gbi), D64(dgi), D64(x), D64(wi), B, 3 * H, I, scale);
            linear_bwd_f64(grad_hx ? D64(dhx) : NULL, 1, D64(gwh), D64(gbh), D64(dgh), D64(h), D64(wh), B, 3 * H, H,
                           scale);
        }
    } else if (!rc) {
        if (gx) tc_zero(gx);
        if (grad_hx) tc_zero(dhx);
    }
    nn_release(x); nn_release(h); nn_release(wi); nn_release(wh); nn_release(ws); nn_release(g);
    nn_release(dgi); nn_release(dgh);
    rc = acc_finish(grad_w_ih, gwi, rc);
    rc = acc_finish(grad_w_hh, gwh, rc);
    rc = acc_finish(grad_b_ih, gbi, rc);
    rc = acc_finish(grad_b_hh, gbh, rc);
    if (grad_hx) { if (dhx) rc = nn_out_finish(grad_hx, dhx, rc); } else nn_release(dhx);
    if (gx) rc = nn_out_finish(grad_input, gx, rc);
    return rc ? -1 : 0;
}
