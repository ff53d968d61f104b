/* tc_nn.h -- see tensor_core.h for the rules every section follows.
 *
 * Neural-network kernels shared by the Lua nn modules (updateOutput / updateGradInput /
 * accGradParameters) and the Python autograd functions (forward / backward): THNN's role.
 * Every kernel takes float32 or float64 tensors (all floating operands of one call share a dtype;
 * index tensors are int64), resizes its outputs, accepts non-contiguous inputs, and returns 0 or
 * -1 with tc_last_error() set.  Parameter gradients accumulate: grad_w += scale * dL/dw.
 * Indices (class targets, embedding ids, multilabel targets) are read with `index_base`:
 * 1 for Lua (Torch7), 0 for Python. */

/* ---- elementwise activations (nn_activation.c) ------------------------------------------------
 * output = f(input); output may be input (in place).  Parameters p1/p2 per kind:
 *   THRESHOLD  p1 threshold, p2 value: y = x > p1 ? x : p2   (ReLU: 0, 0; Torch7 Threshold default 1e-6, 0)
 *   LEAKY_RELU p1 negative slope  (RReLU in evaluation: slope (lower+upper)/2)
 *   ELU        p1 alpha;  SELU (no parameters);  CELU p1 alpha
 *   GELU (erf), GELU_TANH (tanh approximation)
 *   SOFTPLUS   p1 beta, p2 threshold (linear where beta*x > threshold)
 *   HARDTANH   p1 min, p2 max  (ReLU6 = 0, 6)
 *   SOFT_SHRINK / HARD_SHRINK p1 lambda
 *   SOFTSIGN, LOG_SIGMOID, TANH_SHRINK, SIGMOID, TANH, SILU, MISH, HARD_SIGMOID, HARD_SWISH: none.
 * Backward: grad_input = grad_output * f'(...).  It reads `input`, except SIGMOID and TANH, which
 * read `output` (input may be NULL), and ELU/SELU/CELU, which read `output` when input is NULL
 * (after an in-place forward).  For an in-place THRESHOLD pass the output as input (exact when
 * value <= threshold, as for ReLU).  grad_input may be grad_output. */
typedef enum tc_nn_act_kind {
    TC_ACT_THRESHOLD = 0,
    TC_ACT_LEAKY_RELU = 1,
    TC_ACT_ELU = 2,
    TC_ACT_SELU = 3,
    TC_ACT_CELU = 4,
    TC_ACT_GELU = 5,
    TC_ACT_GELU_TANH = 6,
    TC_ACT_SOFTPLUS = 7,
    TC_ACT_SOFTSIGN = 8,
    TC_ACT_HARDTANH = 9,
    TC_ACT_LOG_SIGMOID = 10,
    TC_ACT_TANH_SHRINK = 11,
    TC_ACT_SOFT_SHRINK = 12,
    TC_ACT_HARD_SHRINK = 13,
    TC_ACT_SIGMOID = 14,
    TC_ACT_TANH = 15,
    TC_ACT_SILU = 16,
    TC_ACT_MISH = 17,
    TC_ACT_HARD_SIGMOID = 18,
    TC_ACT_HARD_SWISH = 19,
    TC_ACT_NUM_KINDS = 20
} tc_nn_act_kind;

int tc_nn_activation(tc_tensor *output, const tc_tensor *input, int kind, double p1, double p2);
int tc_nn_activation_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                              const tc_tensor *output, int kind, double p1, double p2);

/* RReLU in training: `noise` holds slopes sampled uniform(lower, upper) by the caller (RNG kernels);
 * the kernel sets it to 1 where input > 0 and writes output = input * noise (output may be input).
 * Backward: grad_input = grad_output * noise.  Evaluation: LEAKY_RELU with (lower + upper) / 2. */
int tc_nn_rrelu_with_noise(tc_tensor *output, const tc_tensor *input, tc_tensor *noise);

/* Gated linear unit (Torch7 GatedLinearUnit, PyTorch glu): `dim` (0-based) split in halves a | b,
 * output a * sigmoid(b) with that dim halved; backward gives the full-size grad_input. */
int tc_nn_glu(tc_tensor *output, const tc_tensor *input, int dim);
int tc_nn_glu_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input, int dim);

/* PReLU: weight has 1 element (shared) or one per channel (dim 1 of the input, dim 0 of a 1-D input).
 * Backward: grad_input (may be NULL) is overwritten; grad_weight (may be NULL) += scale * dL/dw. */
int tc_nn_prelu(tc_tensor *output, const tc_tensor *input, const tc_tensor *weight);
int tc_nn_prelu_backward(tc_tensor *grad_input, tc_tensor *grad_weight, const tc_tensor *grad_output,
                         const tc_tensor *input, const tc_tensor *weight, double scale);

/* ---- softmax (nn_softmax.c) ------------------------------------------------------------------
 * Over 0-based `dim` (negative wraps), numerically stable.  Backward reads the forward output.
 * Torch7 SoftMax/LogSoftMax: dim 0 for 1-D and 3-D input, dim 1 for 2-D and 4-D (the frontend
 * chooses); SpatialSoftMax: dim 1 of (N)CHW, dim 0 of CHW. */
int tc_nn_softmax(tc_tensor *output, const tc_tensor *input, int dim);
int tc_nn_log_softmax(tc_tensor *output, const tc_tensor *input, int dim);
int tc_nn_softmax_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *output, int dim);
int tc_nn_log_softmax_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *output,
                               int dim);

/* ---- losses (nn_loss.c) ------------------------------------------------------------------------
 * reduction: NONE keeps per-element losses, MEAN divides the sum (Torch7 sizeAverage = true), SUM.
 * Reduced outputs are written 0-d.  Backward: grad_output has 1 element (mean/sum) or one per loss
 * element (none); grad_input is overwritten. */
typedef enum tc_nn_reduction {
    TC_REDUCTION_NONE = 0,
    TC_REDUCTION_MEAN = 1,
    TC_REDUCTION_SUM = 2
} tc_nn_reduction;

/* Class NLL (ClassNLLCriterion, SpatialClassNLLCriterion, nll_loss, and cross entropy after
 * log-softmax).  input: (C), (N, C) or (N, C, d1, ...) log-probabilities; target int64: one value,
 * (N) or (N, d1, ...), class ids counted from index_base; entries equal to ignore_index (compared
 * before the base is applied) add nothing.  weight: per-class (C) or NULL.  MEAN divides by the
 * sum of the targets' weights (total_weight, also written 0-d when total_weight is not NULL; nan
 * when every target is ignored, as PyTorch).  label_smoothing eps (PyTorch cross entropy; 0 for
 * plain NLL): loss = (1-eps) w[t] (-x[t]) + eps/C sum_c w[c] (-x[c]), normalised the same way.
 * Backward takes the forward's total_weight (or NULL: recomputed). */
int tc_nn_nll_loss(tc_tensor *output, tc_tensor *total_weight, const tc_tensor *input, const tc_tensor *target,
                   const tc_tensor *weight, int reduction, int64_t ignore_index, double label_smoothing,
                   int64_t index_base);
int tc_nn_nll_loss_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                            const tc_tensor *target, const tc_tensor *weight, int reduction, int64_t ignore_index,
                            double label_smoothing, int64_t index_base, const tc_tensor *total_weight);

/* NLL against class probabilities (PyTorch cross_entropy with a float target of the input's shape,
 * after log-softmax): per position -sum_c w[c] t'[c] x[c] with t' = t (1 - eps) + eps / C.
 * none: the shape without the class dim; MEAN divides by the number of positions (N * d1 * ...),
 * not by the weights, as PyTorch does for probability targets. */
int tc_nn_soft_nll_loss(tc_tensor *output, const tc_tensor *input, const tc_tensor *target, const tc_tensor *weight,
                        int reduction, double label_smoothing);
int tc_nn_soft_nll_loss_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                                 const tc_tensor *target, const tc_tensor *weight, int reduction,
                                 double label_smoothing);

/* Pointwise losses between input and target (equal element counts); `weight` (NULL or one per
 * element: frontends pass an expanded view) multiplies each element's loss; MEAN divides by the
 * element count.  Kinds and their parameter p:
 *   MSE (x-t)^2;  L1 |x-t|;  SMOOTH_L1 p = beta (Torch7 SmoothL1Criterion: 1; beta 0 = L1);
 *   HUBER p = delta;  BCE: p = 0 clamps the logs at -100 (PyTorch), p > 0 adds p inside the logs
 *   (Torch7 BCECriterion: 1e-12); inputs must lie in [0, 1];
 *   BCE_WITH_LOGITS: pos_weight (NULL or one per element, expanded) weighs the positive term;
 *   KL_DIV input = log-probabilities, target probabilities: t (log t - x), 0 where t = 0
 *   (Torch7 DistKLDivCriterion, PyTorch kl_div; 'batchmean' = SUM then / N in the frontend);
 *   KL_DIV_LOG_TARGET exp(t) (t - x);  SOFT_MARGIN log(1 + exp(-t x));
 *   MARGIN max(0, p - t x) (Torch7 MarginCriterion; margin ranking = MARGIN on x1 - x2,
 *   whose gradients are +/- grad_input);
 *   HINGE_EMBEDDING p = margin: x where t != -1, plus max(0, p - x) where t != 1 (PyTorch rule). */
typedef enum tc_nn_loss_kind {
    TC_LOSS_MSE = 0,
    TC_LOSS_L1 = 1,
    TC_LOSS_SMOOTH_L1 = 2,
    TC_LOSS_HUBER = 3,
    TC_LOSS_BCE = 4,
    TC_LOSS_BCE_WITH_LOGITS = 5,
    TC_LOSS_KL_DIV = 6,
    TC_LOSS_KL_DIV_LOG_TARGET = 7,
    TC_LOSS_SOFT_MARGIN = 8,
    TC_LOSS_MARGIN = 9,
    TC_LOSS_HINGE_EMBEDDING = 10,
    TC_LOSS_NUM_KINDS = 11
} tc_nn_loss_kind;

int tc_nn_pointwise_loss(tc_tensor *output, const tc_tensor *input, const tc_tensor *target, const tc_tensor *weight,
                         const tc_tensor *pos_weight, int kind, int reduction, double p);
int tc_nn_pointwise_loss_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                                  const tc_tensor *target, const tc_tensor *weight, const tc_tensor *pos_weight,
                                  int kind, int reduction, double p);

/* ---- normalisation (nn_norm.c) -----------------------------------------------------------------
 * Batch norm over (N, C), (N, C, L), (N, C, H, W) or (N, C, D, H, W): statistics per channel (dim 1).
 * training: normalises with the batch mean and biased variance, writes save_mean / save_invstd
 * (C, = 1/sqrt(var + eps); either may be NULL) and, when running_mean / running_var are given,
 * updates them: running = (1 - momentum) running + momentum batch, with the unbiased variance
 * (Torch7 and PyTorch alike).  Evaluation (training 0) normalises with running_mean / running_var
 * (required).  weight / bias may be NULL (affine off).  Backward (training: uses save_mean /
 * save_invstd; evaluation: the running stats and eps): grad_input overwritten (NULL to skip),
 * grad_weight / grad_bias += scale * ... (NULL to skip).
 * Torch7 BatchNormalization saves `save_std` = our save_invstd. */
int tc_nn_batch_norm(tc_tensor *output, tc_tensor *save_mean, tc_tensor *save_invstd, const tc_tensor *input,
                     const tc_tensor *weight, const tc_tensor *bias, tc_tensor *running_mean, tc_tensor *running_var,
                     int training, double momentum, double eps);
int tc_nn_batch_norm_backward(tc_tensor *grad_input, tc_tensor *grad_weight, tc_tensor *grad_bias,
                              const tc_tensor *grad_output, const tc_tensor *input, const tc_tensor *weight,
                              const tc_tensor *running_mean, const tc_tensor *running_var,
                              const tc_tensor *save_mean, const tc_tensor *save_invstd, int training, double eps,
                              double scale);

/* Layer norm over the trailing `normalized_ndim` dims; weight / bias (NULL or that many elements)
 * per element; save_mean / save_invstd (rows = product of the leading dims; NULL to skip in
 * forward, required in backward). */
int tc_nn_layer_norm(tc_tensor *output, tc_tensor *save_mean, tc_tensor *save_invstd, const tc_tensor *input,
                     const tc_tensor *weight, const tc_tensor *bias, int normalized_ndim, double eps);
int tc_nn_layer_norm_backward(tc_tensor *grad_input, tc_tensor *grad_weight, tc_tensor *grad_bias,
                              const tc_tensor *grad_output, const tc_tensor *input, const tc_tensor *weight,
                              const tc_tensor *save_mean, const tc_tensor *save_invstd, int normalized_ndim,
                              double scale);

/* Group norm of (N, C, ...) with C divisible by groups; weight / bias per channel; save_* (N, groups).
 * Instance norm without running statistics = group norm with groups = C (then scale the affine
 * parameters per channel as usual); with running statistics the frontends use batch norm on the
 * (1, N*C, ...) view. */
int tc_nn_group_norm(tc_tensor *output, tc_tensor *save_mean, tc_tensor *save_invstd, const tc_tensor *input,
                     const tc_tensor *weight, const tc_tensor *bias, int64_t groups, double eps);
int tc_nn_group_norm_backward(tc_tensor *grad_input, tc_tensor *grad_weight, tc_tensor *grad_bias,
                              const tc_tensor *grad_output, const tc_tensor *input, const tc_tensor *weight,
                              const tc_tensor *save_mean, const tc_tensor *save_invstd, int64_t groups, double scale);

/* ---- recurrent cells (nn_rnn.c) -----------------------------------------------------------------
 * One time step, PyTorch's layout: input (B, I), hx / cx (B, H), w_ih (G*H, I), w_hh (G*H, H),
 * b_ih / b_hh (G*H) or NULL; G = 4 for LSTM (gates i, f, g, o), 3 for GRU (r, z, n, with b_hn
 * inside the reset product: n = tanh(W_in x + b_in + r * (W_hn h + b_hn))).  Unbatched inputs:
 * pass (1, I) / (1, H) views.  `workspace` is written by the forward ((B, 4H) for both cells) and
 * read by the backward, with cy for the LSTM.  Backward: grad_input / grad_hx / grad_cx
 * overwritten (each may be NULL to skip); grad_w_* / grad_b_* += scale * ... (NULL to skip);
 * grad_hy / grad_cy may be NULL for an LSTM (= zero) when only one of them flows back.
 * Sequences: pass w_ih = NULL and, as `input`, the precomputed input gates x W_ih^T (B, G*H) (one
 * GEMM over all time steps, b_ih still added here); the backward then returns d(input gates) in
 * grad_input (B, G*H), grad_w_ih must be NULL, and grad_b_ih still accumulates. */
int tc_nn_lstm_cell(tc_tensor *hy, tc_tensor *cy, tc_tensor *workspace, const tc_tensor *input, const tc_tensor *hx,
                    const tc_tensor *cx, const tc_tensor *w_ih, const tc_tensor *w_hh, const tc_tensor *b_ih,
                    const tc_tensor *b_hh);
int tc_nn_lstm_cell_backward(tc_tensor *grad_input, tc_tensor *grad_hx, tc_tensor *grad_cx, tc_tensor *grad_w_ih,
                             tc_tensor *grad_w_hh, tc_tensor *grad_b_ih, tc_tensor *grad_b_hh,
                             const tc_tensor *grad_hy, const tc_tensor *grad_cy, const tc_tensor *input,
                             const tc_tensor *hx, const tc_tensor *cx, const tc_tensor *w_ih, const tc_tensor *w_hh,
                             const tc_tensor *cy, const tc_tensor *workspace, double scale);
int tc_nn_gru_cell(tc_tensor *hy, tc_tensor *workspace, const tc_tensor *input, const tc_tensor *hx,
                   const tc_tensor *w_ih, const tc_tensor *w_hh, const tc_tensor *b_ih, const tc_tensor *b_hh);
int tc_nn_gru_cell_backward(tc_tensor *grad_input, tc_tensor *grad_hx, tc_tensor *grad_w_ih, tc_tensor *grad_w_hh,
                            tc_tensor *grad_b_ih, tc_tensor *grad_b_hh, const tc_tensor *grad_hy,
                            const tc_tensor *input, const tc_tensor *hx, const tc_tensor *w_ih, const tc_tensor *w_hh,
                            const tc_tensor *workspace, double scale);

/* ---- embedding / lookup table (nn_embedding.c) ----------------------------------------------
 * weight (V, D); indices int64 of any shape, counted from index_base; output = indices.shape + (D).
 * Backward: grad_weight (V, D) += scale * grad_output rows scattered by index; rows whose index
 * equals padding_idx (compared as given, before the base; pass a value outside the valid range,
 * e.g. -1 from Python or Torch7's default paddingValue 0 from Lua, to disable) are skipped;
 * scale_grad_by_freq divides each row's contribution by that index's count in `indices`.
 * Renorm (Torch7 maxNorm, PyTorch max_norm): every referenced row whose norm_type-norm exceeds
 * max_norm is scaled by max_norm / (norm + 1e-7), in place. */
int tc_nn_embedding(tc_tensor *output, const tc_tensor *weight, const tc_tensor *indices, int64_t index_base);
int tc_nn_embedding_backward(tc_tensor *grad_weight, const tc_tensor *grad_output, const tc_tensor *indices,
                             int64_t padding_idx, int scale_grad_by_freq, double scale, int64_t index_base);
int tc_nn_embedding_renorm(tc_tensor *weight, const tc_tensor *indices, double max_norm, double norm_type,
                           int64_t index_base);

/* ---- margin criterions and cosine embedding (nn_margin.c) ------------------------------------
 * input (C) or (N, C).  Per sample, then reduced over samples (none gives (N), or 0-d for 1-D input).
 * Multi margin (Torch7 MultiMarginCriterion, PyTorch multi_margin_loss): target int64 (N) class ids
 * from index_base; loss = sum_{i != y} w[y] max(0, margin - x[y] + x[i])^p / C, p 1 or 2,
 * weight per class or NULL.
 * Multilabel margin: target int64 with the input's shape listing each sample's classes, ended by
 * the first entry below index_base (PyTorch: -1 with base 0; Torch7: 0 with base 1);
 * loss = sum_{j in targets, i not in targets} max(0, 1 - (x[j] - x[i])) / C.
 * Cosine embedding: input1 / input2 (D) or (N, D), target (N) of +1 / -1 in the input's dtype;
 * cos with 1e-12 added to each squared norm; loss 1 - cos for +1, max(0, cos - margin) for -1.
 * L1 hinge embedding (Torch7 L1HingeEmbeddingCriterion, same argument layout as cosine embedding):
 * d = ||x1 - x2||_1, loss d where target != -1, max(0, margin - d) where target == -1.
 * (MultiLabelSoftMargin = BCE_WITH_LOGITS averaged per sample: composed by the frontends.) */
int tc_nn_multi_margin_loss(tc_tensor *output, const tc_tensor *input, const tc_tensor *target,
                            const tc_tensor *weight, int p, double margin, int reduction, int64_t index_base);
int tc_nn_multi_margin_loss_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                                     const tc_tensor *target, const tc_tensor *weight, int p, double margin,
                                     int reduction, int64_t index_base);
int tc_nn_multilabel_margin_loss(tc_tensor *output, const tc_tensor *input, const tc_tensor *target, int reduction,
                                 int64_t index_base);
int tc_nn_multilabel_margin_loss_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                                          const tc_tensor *target, int reduction, int64_t index_base);
int tc_nn_cosine_embedding_loss(tc_tensor *output, const tc_tensor *input1, const tc_tensor *input2,
                                const tc_tensor *target, double margin, int reduction);
int tc_nn_cosine_embedding_loss_backward(tc_tensor *grad_input1, tc_tensor *grad_input2, const tc_tensor *grad_output,
                                         const tc_tensor *input1, const tc_tensor *input2, const tc_tensor *target,
                                         double margin, int reduction);
int tc_nn_l1_hinge_embedding_loss(tc_tensor *output, const tc_tensor *input1, const tc_tensor *input2,
                                  const tc_tensor *target, double margin, int reduction);
int tc_nn_l1_hinge_embedding_loss_backward(tc_tensor *grad_input1, tc_tensor *grad_input2,
                                           const tc_tensor *grad_output, const tc_tensor *input1,
                                           const tc_tensor *input2, const tc_tensor *target, double margin,
                                           int reduction);

/* ---- local response normalisation and Normalize (nn_lrn.c) ----------------------------------
 * Cross-map LRN over dim 1 of (N, C, ...) (Torch7 SpatialCrossMapLRN: unsqueeze a 3-D C x H x W
 * input first): scale = k + alpha/size * sum of x^2 over channels c - size/2 .. c + (size-1)/2
 * (zero outside), y = x * scale^-beta.  `scale` (the input's shape) may be NULL; the backward
 * recomputes it when NULL.
 * Normalize (Torch7 nn.Normalize): each row of a 1-D / 2-D input divided by
 * norm = (sum |x|^p + eps)^(1/p), or max |x| + eps for p = inf; `norm` (N) may be NULL in forward,
 * required in backward.  (PyTorch F.normalize divides by max(||x||, eps): composed in the frontend.) */
int tc_nn_cross_map_lrn(tc_tensor *output, tc_tensor *scale, const tc_tensor *input, int64_t size, double alpha,
                        double beta, double k);
int tc_nn_cross_map_lrn_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                                 const tc_tensor *output, const tc_tensor *scale, int64_t size, double alpha,
                                 double beta, double k);
int tc_nn_normalize(tc_tensor *output, tc_tensor *norm, const tc_tensor *input, double p, double eps);
int tc_nn_normalize_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                             const tc_tensor *norm, double p);
