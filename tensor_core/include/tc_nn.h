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

/* PReLU: weight has 1 element (shared) or one per channel (dim 1 of the input, dim 0 of a 1-D input).
 * Backward: grad_input (may be NULL) is overwritten; grad_weight (may be NULL) += scale * dL/dw. */
int tc_nn_prelu(tc_tensor *output, const tc_tensor *input, const tc_tensor *weight);
int tc_nn_prelu_backward(tc_tensor *grad_input, tc_tensor *grad_weight, const tc_tensor *grad_output,
                         const tc_tensor *input, const tc_tensor *weight, double scale);
