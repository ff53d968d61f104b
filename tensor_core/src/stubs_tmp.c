#include "conv_common.h"
int tc_temporal_convolution_forward(tc_tensor *output, const tc_tensor *input, const tc_tensor *weight,
                                    const tc_tensor *bias, int64_t kW, int64_t dW) { return tc_fail("tc_temporal_convolution_forward: not implemented"); }
int tc_temporal_convolution_backward_input(tc_tensor *grad_input, const tc_tensor *grad_output,
                                           const tc_tensor *input, const tc_tensor *weight,
                                           int64_t kW, int64_t dW) { return tc_fail("tc_temporal_convolution_backward_input: not implemented"); }
int tc_temporal_convolution_backward_params(tc_tensor *grad_weight, tc_tensor *grad_bias,
                                            const tc_tensor *input, const tc_tensor *grad_output,
                                            int64_t kW, int64_t dW, double scale) { return tc_fail("tc_temporal_convolution_backward_params: not implemented"); }
int tc_spatial_convolution_map_forward(tc_tensor *output, const tc_tensor *input, const tc_tensor *weight,
                                       const tc_tensor *bias, const tc_tensor *conn_table,
                                       int64_t n_output_plane, int64_t kW, int64_t kH, int64_t dW,
                                       int64_t dH, int64_t index_base) { return tc_fail("tc_spatial_convolution_map_forward: not implemented"); }
int tc_spatial_convolution_map_backward_input(tc_tensor *grad_input, const tc_tensor *grad_output,
                                              const tc_tensor *input, const tc_tensor *weight,
                                              const tc_tensor *conn_table, int64_t kW, int64_t kH,
                                              int64_t dW, int64_t dH, int64_t index_base) { return tc_fail("tc_spatial_convolution_map_backward_input: not implemented"); }
int tc_spatial_convolution_map_backward_params(tc_tensor *grad_weight, tc_tensor *grad_bias,
                                               const tc_tensor *input, const tc_tensor *grad_output,
                                               const tc_tensor *conn_table, int64_t kW, int64_t kH,
                                               int64_t dW, int64_t dH, int64_t index_base, double scale) { return tc_fail("tc_spatial_convolution_map_backward_params: not implemented"); }
int tc_spatial_subsampling_forward(tc_tensor *output, const tc_tensor *input, const tc_tensor *weight,
                                   const tc_tensor *bias, int64_t kW, int64_t kH, int64_t dW, int64_t dH) { return tc_fail("tc_spatial_subsampling_forward: not implemented"); }
int tc_spatial_subsampling_backward_input(tc_tensor *grad_input, const tc_tensor *grad_output,
                                          const tc_tensor *input, const tc_tensor *weight,
                                          int64_t kW, int64_t kH, int64_t dW, int64_t dH) { return tc_fail("tc_spatial_subsampling_backward_input: not implemented"); }
int tc_spatial_subsampling_backward_params(tc_tensor *grad_weight, tc_tensor *grad_bias,
                                           const tc_tensor *input, const tc_tensor *grad_output,
                                           int64_t kW, int64_t kH, int64_t dW, int64_t dH, double scale) { return tc_fail("tc_spatial_subsampling_backward_params: not implemented"); }
int tc_max_pool_forward(tc_tensor *output, tc_tensor *indices, const tc_tensor *input, int nspatial,
                        const int64_t *kernel, const int64_t *stride, const int64_t *padding,
                        const int64_t *dilation, int ceil_mode, int64_t index_base) { return tc_fail("tc_max_pool_forward: not implemented"); }
int tc_max_pool_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                         const tc_tensor *indices, int nspatial, int64_t index_base) { return tc_fail("tc_max_pool_backward: not implemented"); }
int tc_avg_pool_forward(tc_tensor *output, const tc_tensor *input, int nspatial, const int64_t *kernel,
                        const int64_t *stride, const int64_t *padding, int ceil_mode,
                        int count_include_pad, int64_t divisor_override) { return tc_fail("tc_avg_pool_forward: not implemented"); }
int tc_avg_pool_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                         int nspatial, const int64_t *kernel, const int64_t *stride,
                         const int64_t *padding, int ceil_mode, int count_include_pad,
                         int64_t divisor_override) { return tc_fail("tc_avg_pool_backward: not implemented"); }
int tc_adaptive_max_pool_forward(tc_tensor *output, tc_tensor *indices, const tc_tensor *input,
                                 int nspatial, const int64_t *output_size, int64_t index_base) { return tc_fail("tc_adaptive_max_pool_forward: not implemented"); }
int tc_adaptive_avg_pool_forward(tc_tensor *output, const tc_tensor *input, int nspatial,
                                 const int64_t *output_size) { return tc_fail("tc_adaptive_avg_pool_forward: not implemented"); }
int tc_adaptive_avg_pool_backward(tc_tensor *grad_input, const tc_tensor *grad_output,
                                  const tc_tensor *input, int nspatial) { return tc_fail("tc_adaptive_avg_pool_backward: not implemented"); }
int tc_lp_pool_forward(tc_tensor *output, const tc_tensor *input, int nspatial, double p,
                       const int64_t *kernel, const int64_t *stride, int ceil_mode) { return tc_fail("tc_lp_pool_forward: not implemented"); }
int tc_lp_pool_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                        const tc_tensor *output, int nspatial, double p, const int64_t *kernel,
                        const int64_t *stride, int ceil_mode) { return tc_fail("tc_lp_pool_backward: not implemented"); }
int tc_max_unpool_forward(tc_tensor *output, const tc_tensor *input, const tc_tensor *indices,
                          int nspatial, const int64_t *output_size, int64_t index_base) { return tc_fail("tc_max_unpool_forward: not implemented"); }
int tc_max_unpool_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                           const tc_tensor *indices, int nspatial, int64_t index_base) { return tc_fail("tc_max_unpool_backward: not implemented"); }
int tc_upsample_nearest_forward(tc_tensor *output, const tc_tensor *input, int nspatial,
                                const int64_t *output_size, const double *scales) { return tc_fail("tc_upsample_nearest_forward: not implemented"); }
int tc_upsample_nearest_backward(tc_tensor *grad_input, const tc_tensor *grad_output,
                                 const tc_tensor *input, int nspatial, const double *scales) { return tc_fail("tc_upsample_nearest_backward: not implemented"); }
int tc_upsample_linear_forward(tc_tensor *output, const tc_tensor *input, int nspatial,
                               const int64_t *output_size, int align_corners, const double *scales) { return tc_fail("tc_upsample_linear_forward: not implemented"); }
int tc_upsample_linear_backward(tc_tensor *grad_input, const tc_tensor *grad_output,
                                const tc_tensor *input, int nspatial, int align_corners,
                                const double *scales) { return tc_fail("tc_upsample_linear_backward: not implemented"); }
int tc_pad_forward(tc_tensor *output, const tc_tensor *input, int nspatial, const int64_t *pad,
                   int mode, double value) { return tc_fail("tc_pad_forward: not implemented"); }
int tc_pad_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                    int nspatial, const int64_t *pad, int mode) { return tc_fail("tc_pad_backward: not implemented"); }
