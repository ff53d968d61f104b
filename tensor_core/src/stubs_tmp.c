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
