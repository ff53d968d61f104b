/* tc_conv.h -- see tensor_core.h for the rules every section follows.
 *
 * Spatial neural-network kernels (THNN's role for both frontends): convolution (1-D/2-D/3-D,
 * transposed, Torch7's TemporalConvolution, SpatialConvolutionMap, SpatialSubSampling), pooling
 * (max, average, adaptive, LP, unpooling), upsampling (nearest, linear/bilinear/trilinear) and
 * padding (constant, reflection, replication, circular).
 *
 * Conventions shared by every kernel here:
 *   - dtypes: float32 or float64; every floating operand has the same dtype; index tensors int64.
 *   - `nspatial` (1, 2 or 3) is the number of spatial dims; the input is batched (N, C, s...) with
 *     ndim == nspatial + 2 or unbatched (C, s...) with ndim == nspatial + 1, and the outputs follow.
 *   - option arrays (`kernel`, `stride`, `padding`, `dilation`, `output_padding`, `output_size`)
 *     hold `nspatial` int64 values in the spatial-dim order of the tensor (depth, height, width).
 *     `stride == NULL` means the default (1 for convolution; the kernel size for pooling),
 *     `padding == NULL` means 0, `dilation == NULL` means 1.
 *   - outputs come first and are resized to the result (a fresh tc_tensor_new(dtype) works); outputs
 *     must not alias inputs.  Non-contiguous inputs and outputs are accepted.
 *   - backward kernels take the forward `input` for its shape (and data where needed) and resize
 *     grad_input like it; they overwrite grad_input.
 *   - `*_backward_params` kernels ACCUMULATE: grad_weight += scale * dL/dweight and
 *     grad_bias += scale * dL/dbias (Torch7's accGradParameters(input, gradOutput, scale); PyTorch
 *     callers pass zeroed grads and scale 1).  grad_weight / grad_bias may be NULL to skip one; they
 *     must already have the weight / bias shape (they are not resized).
 *   - pooling indices are flat positions inside one input plane (w; h*W + w; d*H*W + h*W + w) plus
 *     `index_base` (1 for Lua/Torch7, 0 for Python/PyTorch).
 *   - output sizes follow PyTorch:  conv: floor((in + 2p - d(k-1) - 1)/s) + 1;  transposed:
 *     (in-1)s - 2p + d(k-1) + output_padding + 1;  pooling: floor or ceil of the conv formula, and in
 *     ceil mode the last window must start inside the input or the left padding.
 *
 * Torch7 nn modules -> kernels (Lua passes index_base 1; PyTorch callers 0):
 *   SpatialConvolution(MM), SpatialDilatedConvolution, VolumetricConvolution -> tc_conv_* (MM's 2-D weight viewed
 *     4-D); SpatialFullConvolution, VolumetricFullConvolution -> tc_conv_transpose_* (adj = output_padding);
 *   SpatialDepthWiseConvolution(nIn, mult): tc_conv_* with groups = nIn and weight w'[i*mult + o] = w[o][i]
 *     (bias likewise), i.e. the (mult, nIn, kH, kW) weight transposed to (nIn, mult, ...) and viewed (nIn*mult, 1, ...);
 *   TemporalConvolution -> tc_temporal_convolution_*;  SpatialConvolutionMap -> tc_spatial_convolution_map_*;
 *   SpatialSubSampling -> tc_spatial_subsampling_*; TemporalSubSampling = SpatialSubSampling on the (F, T, 1) view;
 *   TemporalRowConvolution = depthwise 1-D tc_conv_* (groups = F) on the (B, F, T) view;
 *   Spatial/Volumetric(Dilated)MaxPooling -> tc_max_pool_* (2/3); TemporalMaxPooling = 1-D tc_max_pool_* on the
 *     (B, F, T) view; Spatial/VolumetricAveragePooling -> tc_avg_pool_* (divide=false: see tc_avg_pool_forward);
 *   SpatialAdaptiveMax/AveragePooling -> tc_adaptive_*; SpatialFractionalMaxPooling -> tc_fractional_max_pool_forward;
 *   SpatialMaxUnpooling / VolumetricMaxUnpooling -> tc_max_unpool_*; SpatialLPPooling -> tc_lp_pool_*;
 *   SpatialZeroPadding / Padding(constant) / SpatialReflectionPadding / SpatialReplicationPadding /
 *     VolumetricReplicationPadding -> tc_pad_*; SpatialUpSamplingNearest, VolumetricUpSamplingNearest ->
 *     tc_upsample_nearest_*; SpatialUpSamplingBilinear, VolumetricUpSamplingTrilinear -> tc_upsample_linear_* with
 *     align_corners 1 (output = input * scale); SpatialGridSamplerBilinear -> tc_grid_sample2d_* (align 1, zeros).
 *   Torch7's float32 bilinear coordinates (also for double tensors) are align_corners 2 of tc_upsample_linear_*.
 *   Torch7 difference kept out on purpose: THNN's ceil-mode pooling without padding could emit a last window
 *   starting past the input (stride > kernel), we use PyTorch's rule.
 */

/* ---- convolution (PyTorch weight layout) ----------------------------------------------------
 * weight (C_out, C_in/groups, k...); bias (C_out) or NULL.  Torch7's SpatialConvolution(MM),
 * SpatialDilatedConvolution, VolumetricConvolution use the same layout (MM's 2-D weight is a view). */
int tc_conv_forward(tc_tensor *output, const tc_tensor *input, const tc_tensor *weight,
                    const tc_tensor *bias, int nspatial, const int64_t *stride, const int64_t *padding,
                    const int64_t *dilation, int64_t groups);
int tc_conv_backward_input(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                           const tc_tensor *weight, int nspatial, const int64_t *stride,
                           const int64_t *padding, const int64_t *dilation, int64_t groups);
int tc_conv_backward_params(tc_tensor *grad_weight, tc_tensor *grad_bias, const tc_tensor *input,
                            const tc_tensor *grad_output, int nspatial, const int64_t *stride,
                            const int64_t *padding, const int64_t *dilation, int64_t groups,
                            double scale);

/* ---- transposed ("full") convolution ---------------------------------------------------------
 * weight (C_in, C_out/groups, k...) = Torch7 SpatialFullConvolution / VolumetricFullConvolution
 * and PyTorch ConvTranspose; output_padding = Torch7 adjW/adjH/adjT (must be < stride or dilation). */
int tc_conv_transpose_forward(tc_tensor *output, const tc_tensor *input, const tc_tensor *weight,
                              const tc_tensor *bias, int nspatial, const int64_t *stride,
                              const int64_t *padding, const int64_t *output_padding,
                              const int64_t *dilation, int64_t groups);
int tc_conv_transpose_backward_input(tc_tensor *grad_input, const tc_tensor *grad_output,
                                     const tc_tensor *input, const tc_tensor *weight, int nspatial,
                                     const int64_t *stride, const int64_t *padding,
                                     const int64_t *output_padding, const int64_t *dilation,
                                     int64_t groups);
int tc_conv_transpose_backward_params(tc_tensor *grad_weight, tc_tensor *grad_bias,
                                      const tc_tensor *input, const tc_tensor *grad_output,
                                      int nspatial, const int64_t *stride, const int64_t *padding,
                                      const int64_t *output_padding, const int64_t *dilation,
                                      int64_t groups, double scale);

/* ---- im2col / col2im (PyTorch F.unfold / F.fold; each is the other's backward) -----------------------
 * im2col: input (N, C, s...) or (C, s...) -> output (N, C*prod(kernel), L) or (C*prod(kernel), L), rows ordered
 * (c, k...), L the number of kernel positions.  col2im: the adjoint, summing overlaps into (N, C, output_size...). */
int tc_im2col(tc_tensor *output, const tc_tensor *input, int nspatial, const int64_t *kernel, const int64_t *stride,
              const int64_t *padding, const int64_t *dilation);
int tc_col2im(tc_tensor *output, const tc_tensor *input, int nspatial, const int64_t *output_size, const int64_t *kernel,
              const int64_t *stride, const int64_t *padding, const int64_t *dilation);

/* ---- Torch7 nn.TemporalConvolution: input (T, inFrame) or (B, T, inFrame), time first;
 * weight (outFrame, kW*inFrame) time-major (= view(outFrame, kW, inFrame)); bias (outFrame) or NULL;
 * output (T', outFrame) with T' = (T - kW)/dW + 1. */
int tc_temporal_convolution_forward(tc_tensor *output, const tc_tensor *input, const tc_tensor *weight,
                                    const tc_tensor *bias, int64_t kW, int64_t dW);
int tc_temporal_convolution_backward_input(tc_tensor *grad_input, const tc_tensor *grad_output,
                                           const tc_tensor *input, const tc_tensor *weight,
                                           int64_t kW, int64_t dW);
int tc_temporal_convolution_backward_params(tc_tensor *grad_weight, tc_tensor *grad_bias,
                                            const tc_tensor *input, const tc_tensor *grad_output,
                                            int64_t kW, int64_t dW, double scale);

/* ---- Torch7 nn.SpatialConvolutionMap: conn_table (nConn, 2) of (input plane, output plane) pairs
 * counted from index_base (any numeric dtype); weight (nConn, kH, kW); bias (nOutputPlane) or NULL;
 * input (nIn, H, W) or (B, nIn, H, W); no padding: out = (H - kH)/dH + 1. */
int tc_spatial_convolution_map_forward(tc_tensor *output, const tc_tensor *input, const tc_tensor *weight,
                                       const tc_tensor *bias, const tc_tensor *conn_table,
                                       int64_t n_output_plane, int64_t kW, int64_t kH, int64_t dW,
                                       int64_t dH, int64_t index_base);
int tc_spatial_convolution_map_backward_input(tc_tensor *grad_input, const tc_tensor *grad_output,
                                              const tc_tensor *input, const tc_tensor *weight,
                                              const tc_tensor *conn_table, int64_t kW, int64_t kH,
                                              int64_t dW, int64_t dH, int64_t index_base);
int tc_spatial_convolution_map_backward_params(tc_tensor *grad_weight, tc_tensor *grad_bias,
                                               const tc_tensor *input, const tc_tensor *grad_output,
                                               const tc_tensor *conn_table, int64_t kW, int64_t kH,
                                               int64_t dW, int64_t dH, int64_t index_base, double scale);

/* ---- Torch7 nn.SpatialSubSampling: out[c] = bias[c] + weight[c] * (sum of a kH x kW window of
 * input[c]); weight (nIn), bias (nIn) or NULL; input (nIn, H, W) or (B, nIn, H, W). */
int tc_spatial_subsampling_forward(tc_tensor *output, const tc_tensor *input, const tc_tensor *weight,
                                   const tc_tensor *bias, int64_t kW, int64_t kH, int64_t dW, int64_t dH);
int tc_spatial_subsampling_backward_input(tc_tensor *grad_input, const tc_tensor *grad_output,
                                          const tc_tensor *input, const tc_tensor *weight,
                                          int64_t kW, int64_t kH, int64_t dW, int64_t dH);
int tc_spatial_subsampling_backward_params(tc_tensor *grad_weight, tc_tensor *grad_bias,
                                           const tc_tensor *input, const tc_tensor *grad_output,
                                           int64_t kW, int64_t kH, int64_t dW, int64_t dH, double scale);

/* ---- pooling ----------------------------------------------------------------------------------
 * Max pooling writes int64 `indices` shaped like output.  tc_max_pool_backward scatters grad_output
 * through indices and serves every max pooling (plain, dilated, adaptive, fractional). */
int tc_max_pool_forward(tc_tensor *output, tc_tensor *indices, const tc_tensor *input, int nspatial,
                        const int64_t *kernel, const int64_t *stride, const int64_t *padding,
                        const int64_t *dilation, int ceil_mode, int64_t index_base);
int tc_max_pool_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                         const tc_tensor *indices, int nspatial, int64_t index_base);
/* divisor_override 0: divide by the window size (count_include_pad chooses whether padding counts);
 * otherwise divide by divisor_override.  Torch7's divide=false multiplies the average by kW*kH: with
 * count_include_pad that equals divisor_override 1 (window sums) except for ceil-mode windows that stick
 * out of the padded input, where the Lua module can scale the divisor_override 0 result instead. */
int tc_avg_pool_forward(tc_tensor *output, const tc_tensor *input, int nspatial, const int64_t *kernel,
                        const int64_t *stride, const int64_t *padding, int ceil_mode,
                        int count_include_pad, int64_t divisor_override);
int tc_avg_pool_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                         int nspatial, const int64_t *kernel, const int64_t *stride,
                         const int64_t *padding, int ceil_mode, int count_include_pad,
                         int64_t divisor_override);
/* adaptive: window o spans [floor(o*in/out), ceil((o+1)*in/out)). */
int tc_adaptive_max_pool_forward(tc_tensor *output, tc_tensor *indices, const tc_tensor *input,
                                 int nspatial, const int64_t *output_size, int64_t index_base);
int tc_adaptive_avg_pool_forward(tc_tensor *output, const tc_tensor *input, int nspatial,
                                 const int64_t *output_size);
int tc_adaptive_avg_pool_backward(tc_tensor *grad_input, const tc_tensor *grad_output,
                                  const tc_tensor *input, int nspatial);
/* LP pooling (PyTorch lp_pool*d, Torch7 SpatialLPPooling): out = sign(s)|s|^(1/p), s = sum x^p over
 * the window (no padding); stride NULL = kernel.  A ceil-mode window that sticks out of the input has its
 * sum scaled by prod(kernel) / (elements inside), as PyTorch's avg_pool(x^p) * prod(kernel) gives. */
int tc_lp_pool_forward(tc_tensor *output, const tc_tensor *input, int nspatial, double p,
                       const int64_t *kernel, const int64_t *stride, int ceil_mode);
int tc_lp_pool_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                        const tc_tensor *output, int nspatial, double p, const int64_t *kernel,
                        const int64_t *stride, int ceil_mode);
/* max unpooling: output (.., output_size...) zero except output[indices] = input. */
int tc_max_unpool_forward(tc_tensor *output, const tc_tensor *input, const tc_tensor *indices,
                          int nspatial, const int64_t *output_size, int64_t index_base);
int tc_max_unpool_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                           const tc_tensor *indices, int nspatial, int64_t index_base);

/* fractional max pooling (2-D/3-D): samples (N, C, nspatial) or (C, nspatial) uniform [0, 1) values,
 * same dtype as input, in PyTorch's per-dim order (2-D: w, h; 3-D: t, h, w; Torch7 2-D likewise);
 * windows of `kernel` start at PyTorch/Torch7's pseudo-random intervals.  Backward: tc_max_pool_backward. */
int tc_fractional_max_pool_forward(tc_tensor *output, tc_tensor *indices, const tc_tensor *input, int nspatial,
                                   const int64_t *kernel, const int64_t *output_size, const tc_tensor *samples,
                                   int64_t index_base);

/* ---- upsampling ---------------------------------------------------------------------------------
 * output_size gives the output's spatial sizes; `scales` (nspatial doubles, or NULL) are the user's
 * scale factors when given (PyTorch maps output o to input o / scale when a scale is given and
 * recompute_scale_factor is off, otherwise o * in / out); a scale <= 0 counts as absent.
 * nearest: src = min(floor(o * in/out), in - 1) (PyTorch 'nearest'; Torch7 SpatialUpSamplingNearest).
 * linear: 1-D linear, 2-D bilinear, 3-D trilinear; align_corners 1 = aligned corners in the tensor's precision
 * (PyTorch); align_corners 2 = aligned corners with the scale and source coordinates computed in float32 whatever
 * the dtype, as Torch7's THNN SpatialUpSamplingBilinear did (its float `rheight`, `h1r`). */
int tc_upsample_nearest_forward(tc_tensor *output, const tc_tensor *input, int nspatial,
                                const int64_t *output_size, const double *scales);
int tc_upsample_nearest_backward(tc_tensor *grad_input, const tc_tensor *grad_output,
                                 const tc_tensor *input, int nspatial, const double *scales);
/* 'nearest-exact': src = min(floor((o + 0.5) * in/out), in - 1) */
int tc_upsample_nearest_exact_forward(tc_tensor *output, const tc_tensor *input, int nspatial,
                                      const int64_t *output_size, const double *scales);
int tc_upsample_nearest_exact_backward(tc_tensor *grad_input, const tc_tensor *grad_output,
                                       const tc_tensor *input, int nspatial, const double *scales);
int tc_upsample_linear_forward(tc_tensor *output, const tc_tensor *input, int nspatial,
                               const int64_t *output_size, int align_corners, const double *scales);
int tc_upsample_linear_backward(tc_tensor *grad_input, const tc_tensor *grad_output,
                                const tc_tensor *input, int nspatial, int align_corners,
                                const double *scales);

/* bicubic 2-D (PyTorch mode='bicubic', A = -0.75, border taps clamped); input (N, C, H, W) or (C, H, W);
 * output_size and scales hold 2 values (h, w). */
int tc_upsample_bicubic2d_forward(tc_tensor *output, const tc_tensor *input, const int64_t *output_size,
                                  int align_corners, const double *scales);
int tc_upsample_bicubic2d_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                                   int align_corners, const double *scales);

/* ---- padding ------------------------------------------------------------------------------------
 * The last `nspatial` dims of input (any number of leading dims) are padded.  `pad` holds 2*nspatial
 * values in F.pad / Torch7 order: (last-dim before, last-dim after, previous-dim before, after, ...),
 * e.g. 2-D: (left, right, top, bottom).  Negative pads crop (Torch7 SpatialZeroPadding).
 * Reflection needs pad < size of that dim; replication and circular a non-empty dim. */
typedef enum tc_pad_mode {
    TC_PAD_CONSTANT = 0,
    TC_PAD_REFLECT = 1,
    TC_PAD_REPLICATE = 2,
    TC_PAD_CIRCULAR = 3
} tc_pad_mode;

int tc_pad_forward(tc_tensor *output, const tc_tensor *input, int nspatial, const int64_t *pad,
                   int mode, double value);
int tc_pad_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                    int nspatial, const int64_t *pad, int mode);

/* ---- grid sampling (PyTorch F.grid_sample, mode 'bilinear'; Torch7 SpatialGridSamplerBilinear =
 * align_corners 1 with zeros padding) ----------------------------------------------------------------
 * input (N, C, H, W); grid (N, H_out, W_out, 2) of normalised (x, y) in [-1, 1]; output (N, C, H_out, W_out).
 * backward overwrites grad_input (input's shape) and grad_grid (grid's shape); either may be NULL. */
typedef enum tc_grid_padding {
    TC_GRID_PAD_ZEROS = 0,
    TC_GRID_PAD_BORDER = 1
} tc_grid_padding;

int tc_grid_sample2d_forward(tc_tensor *output, const tc_tensor *input, const tc_tensor *grid, int padding_mode,
                             int align_corners);
int tc_grid_sample2d_backward(tc_tensor *grad_input, tc_tensor *grad_grid, const tc_tensor *grad_output,
                              const tc_tensor *input, const tc_tensor *grid, int padding_mode, int align_corners);
