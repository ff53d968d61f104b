typedef enum tc_dtype {
    TC_UINT8 = 0,
    TC_INT8 = 1,
    TC_INT16 = 2,
    TC_INT32 = 3,
    TC_INT64 = 4,
    TC_FLOAT16 = 5,
    TC_FLOAT32 = 6,
    TC_FLOAT64 = 7,
    TC_BOOL = 8,
    TC_NUM_DTYPES = 9
} tc_dtype;
enum {
    TC_MAX_DIMS = 25,
    TC_DEVICE_CPU = -1
};
enum {
    TC_STORAGE_OWNED = 1,
    TC_STORAGE_RESIZABLE = 2,
    TC_STORAGE_EXTERNAL = 4
};
typedef void (*tc_release_fn)(void *ctx, void *data);
typedef struct tc_storage {
    void *data;
    int64_t size;
    int64_t capacity;
    int32_t dtype;
    int32_t device;
    int32_t refcount;
    int32_t flags;
    tc_release_fn release;
    void *release_ctx;
} tc_storage;
typedef struct tc_tensor {
    tc_storage *storage;
    int64_t offset;
    int32_t ndim;
    int32_t dtype;
    int32_t refcount;
    int32_t version;
    int64_t sizes[TC_MAX_DIMS];
    int64_t strides[TC_MAX_DIMS];
} tc_tensor;
const char *tc_last_error(void);
void tc_clear_error(void);
void tc_set_error(const char *message);
int64_t tc_dtype_size(int dtype);
const char *tc_dtype_name(int dtype);
int tc_dtype_is_floating(int dtype);
float tc_half_to_float(uint16_t h);
uint16_t tc_float_to_half(float f);
void tc_set_num_threads(int n);
int tc_get_num_threads(void);
tc_storage *tc_storage_new(int dtype, int64_t size);
tc_storage *tc_storage_new_external(int dtype, void *data, int64_t size, int device,
                                    tc_release_fn release, void *release_ctx);
void tc_storage_retain(tc_storage *s);
void tc_storage_release(tc_storage *s);
int tc_storage_resize(tc_storage *s, int64_t size);
int tc_storage_fill(tc_storage *s, double value);
int tc_storage_copy(tc_storage *dst, const tc_storage *src);
void tc_allocator_set_cache_limit(int64_t bytes);
int64_t tc_allocator_cached_bytes(void);
tc_tensor *tc_tensor_new(int dtype);
tc_tensor *tc_tensor_empty(int dtype, int ndim, const int64_t *sizes);
tc_tensor *tc_tensor_zeros(int dtype, int ndim, const int64_t *sizes);
tc_tensor *tc_tensor_new_with_storage(tc_storage *storage, int64_t offset, int ndim,
                                      const int64_t *sizes, const int64_t *strides);
tc_tensor *tc_tensor_new_view(const tc_tensor *src);
tc_tensor *tc_tensor_clone(const tc_tensor *src);
tc_tensor *tc_tensor_contiguous(tc_tensor *src);
tc_tensor *tc_tensor_to_dtype(const tc_tensor *src, int dtype);
void tc_tensor_retain(tc_tensor *t);
void tc_tensor_release(tc_tensor *t);
int64_t tc_tensor_numel(const tc_tensor *t);
int tc_tensor_is_contiguous(const tc_tensor *t);
int tc_tensor_same_shape(const tc_tensor *a, const tc_tensor *b);
void *tc_tensor_data(const tc_tensor *t);
int tc_tensor_check(const tc_tensor *t);
int tc_tensor_resize(tc_tensor *t, int ndim, const int64_t *sizes);
int tc_tensor_resize_as(tc_tensor *t, const tc_tensor *like);
int tc_tensor_set(tc_tensor *t, const tc_tensor *src);
int tc_tensor_set_storage(tc_tensor *t, tc_storage *storage, int64_t offset, int ndim,
                          const int64_t *sizes, const int64_t *strides);
int tc_tensor_set_narrow(tc_tensor *t, int dim, int64_t start, int64_t length);
int tc_tensor_set_select(tc_tensor *t, int dim, int64_t index);
int tc_tensor_set_transpose(tc_tensor *t, int dim0, int dim1);
int tc_tensor_set_unsqueeze(tc_tensor *t, int dim);
int tc_tensor_set_squeeze_dim(tc_tensor *t, int dim);
tc_tensor *tc_view_narrow(const tc_tensor *t, int dim, int64_t start, int64_t length);
tc_tensor *tc_view_select(const tc_tensor *t, int dim, int64_t index);
tc_tensor *tc_view_transpose(const tc_tensor *t, int dim0, int dim1);
tc_tensor *tc_view_permute(const tc_tensor *t, const int *dims);
tc_tensor *tc_view_reshape(const tc_tensor *t, int ndim, const int64_t *sizes);
tc_tensor *tc_view_expand(const tc_tensor *t, int ndim, const int64_t *sizes);
tc_tensor *tc_view_unfold(const tc_tensor *t, int dim, int64_t size, int64_t step);
tc_tensor *tc_view_squeeze(const tc_tensor *t);
tc_tensor *tc_view_squeeze_dim(const tc_tensor *t, int dim);
tc_tensor *tc_view_unsqueeze(const tc_tensor *t, int dim);
tc_tensor *tc_view_as_strided(const tc_tensor *t, int ndim, const int64_t *sizes,
                              const int64_t *strides, int64_t offset);
tc_tensor *tc_view_diagonal(const tc_tensor *t, int64_t offset, int dim0, int dim1);
int tc_copy(tc_tensor *dst, const tc_tensor *src);
int tc_fill(tc_tensor *t, double value);
int tc_fill_int(tc_tensor *t, int64_t value);
int tc_zero(tc_tensor *t);
int tc_get_flat(const tc_tensor *t, int64_t index, double *out);
int tc_set_flat(tc_tensor *t, int64_t index, double value);
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
int tc_im2col(tc_tensor *output, const tc_tensor *input, int nspatial, const int64_t *kernel, const int64_t *stride,
              const int64_t *padding, const int64_t *dilation);
int tc_col2im(tc_tensor *output, const tc_tensor *input, int nspatial, const int64_t *output_size, const int64_t *kernel,
              const int64_t *stride, const int64_t *padding, const int64_t *dilation);
int tc_temporal_convolution_forward(tc_tensor *output, const tc_tensor *input, const tc_tensor *weight,
                                    const tc_tensor *bias, int64_t kW, int64_t dW);
int tc_temporal_convolution_backward_input(tc_tensor *grad_input, const tc_tensor *grad_output,
                                           const tc_tensor *input, const tc_tensor *weight,
                                           int64_t kW, int64_t dW);
int tc_temporal_convolution_backward_params(tc_tensor *grad_weight, tc_tensor *grad_bias,
                                            const tc_tensor *input, const tc_tensor *grad_output,
                                            int64_t kW, int64_t dW, double scale);
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
int tc_spatial_subsampling_forward(tc_tensor *output, const tc_tensor *input, const tc_tensor *weight,
                                   const tc_tensor *bias, int64_t kW, int64_t kH, int64_t dW, int64_t dH);
int tc_spatial_subsampling_backward_input(tc_tensor *grad_input, const tc_tensor *grad_output,
                                          const tc_tensor *input, const tc_tensor *weight,
                                          int64_t kW, int64_t kH, int64_t dW, int64_t dH);
int tc_spatial_subsampling_backward_params(tc_tensor *grad_weight, tc_tensor *grad_bias,
                                           const tc_tensor *input, const tc_tensor *grad_output,
                                           int64_t kW, int64_t kH, int64_t dW, int64_t dH, double scale);
int tc_max_pool_forward(tc_tensor *output, tc_tensor *indices, const tc_tensor *input, int nspatial,
                        const int64_t *kernel, const int64_t *stride, const int64_t *padding,
                        const int64_t *dilation, int ceil_mode, int64_t index_base);
int tc_max_pool_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                         const tc_tensor *indices, int nspatial, int64_t index_base);
int tc_avg_pool_forward(tc_tensor *output, const tc_tensor *input, int nspatial, const int64_t *kernel,
                        const int64_t *stride, const int64_t *padding, int ceil_mode,
                        int count_include_pad, int64_t divisor_override);
int tc_avg_pool_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                         int nspatial, const int64_t *kernel, const int64_t *stride,
                         const int64_t *padding, int ceil_mode, int count_include_pad,
                         int64_t divisor_override);
int tc_adaptive_max_pool_forward(tc_tensor *output, tc_tensor *indices, const tc_tensor *input,
                                 int nspatial, const int64_t *output_size, int64_t index_base);
int tc_adaptive_avg_pool_forward(tc_tensor *output, const tc_tensor *input, int nspatial,
                                 const int64_t *output_size);
int tc_adaptive_avg_pool_backward(tc_tensor *grad_input, const tc_tensor *grad_output,
                                  const tc_tensor *input, int nspatial);
int tc_lp_pool_forward(tc_tensor *output, const tc_tensor *input, int nspatial, double p,
                       const int64_t *kernel, const int64_t *stride, int ceil_mode);
int tc_lp_pool_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                        const tc_tensor *output, int nspatial, double p, const int64_t *kernel,
                        const int64_t *stride, int ceil_mode);
int tc_max_unpool_forward(tc_tensor *output, const tc_tensor *input, const tc_tensor *indices,
                          int nspatial, const int64_t *output_size, int64_t index_base);
int tc_max_unpool_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                           const tc_tensor *indices, int nspatial, int64_t index_base);
int tc_fractional_max_pool_forward(tc_tensor *output, tc_tensor *indices, const tc_tensor *input, int nspatial,
                                   const int64_t *kernel, const int64_t *output_size, const tc_tensor *samples,
                                   int64_t index_base);
int tc_upsample_nearest_forward(tc_tensor *output, const tc_tensor *input, int nspatial,
                                const int64_t *output_size, const double *scales);
int tc_upsample_nearest_backward(tc_tensor *grad_input, const tc_tensor *grad_output,
                                 const tc_tensor *input, int nspatial, const double *scales);
int tc_upsample_nearest_exact_forward(tc_tensor *output, const tc_tensor *input, int nspatial,
                                      const int64_t *output_size, const double *scales);
int tc_upsample_nearest_exact_backward(tc_tensor *grad_input, const tc_tensor *grad_output,
                                       const tc_tensor *input, int nspatial, const double *scales);
int tc_upsample_linear_forward(tc_tensor *output, const tc_tensor *input, int nspatial,
                               const int64_t *output_size, int align_corners, const double *scales);
int tc_upsample_linear_backward(tc_tensor *grad_input, const tc_tensor *grad_output,
                                const tc_tensor *input, int nspatial, int align_corners,
                                const double *scales);
int tc_upsample_bicubic2d_forward(tc_tensor *output, const tc_tensor *input, const int64_t *output_size,
                                  int align_corners, const double *scales);
int tc_upsample_bicubic2d_backward(tc_tensor *grad_input, const tc_tensor *grad_output, const tc_tensor *input,
                                   int align_corners, const double *scales);
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
typedef enum tc_grid_padding {
    TC_GRID_PAD_ZEROS = 0,
    TC_GRID_PAD_BORDER = 1
} tc_grid_padding;
int tc_grid_sample2d_forward(tc_tensor *output, const tc_tensor *input, const tc_tensor *grid, int padding_mode,
                             int align_corners);
int tc_grid_sample2d_backward(tc_tensor *grad_input, tc_tensor *grad_grid, const tc_tensor *grad_output,
                              const tc_tensor *input, const tc_tensor *grid, int padding_mode, int align_corners);
