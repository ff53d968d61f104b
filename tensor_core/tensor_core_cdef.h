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
enum tc_op_kind {
    TC_OPK_UNARY = 0,
    TC_OPK_BINARY = 1,
    TC_OPK_BINARY_ALPHA = 2,
    TC_OPK_COMPARE = 3,
    TC_OPK_LOGICAL = 4,
    TC_OPK_REDUCE = 5
};
enum tc_op_flags {
    TC_OPF_FLOAT = 1,
    TC_OPF_INT = 2,
    TC_OPF_BOOL = 4,
    TC_OPF_F = 1, TC_OPF_FI = 3, TC_OPF_IB = 6, TC_OPF_FIB = 7, TC_OPF_I = 2
};
typedef struct tc_op_info {
    const char *name;
    int32_t kind;
    int32_t arity;
    int32_t flags;
} tc_op_info;
int32_t tc_op_count(void);
const tc_op_info *tc_op_get(int32_t i);
const tc_op_info *tc_op_find(const char *name);
int32_t tc_op_accepts(const tc_op_info *op, int32_t dtype);
int tc_exp(tc_tensor *out, const tc_tensor *a); int tc_exp2(tc_tensor *out, const tc_tensor *a); int tc_expm1(tc_tensor *out, const tc_tensor *a); int tc_log(tc_tensor *out, const tc_tensor *a); int tc_log2(tc_tensor *out, const tc_tensor *a); int tc_log10(tc_tensor *out, const tc_tensor *a); int tc_log1p(tc_tensor *out, const tc_tensor *a); int tc_sqrt(tc_tensor *out, const tc_tensor *a); int tc_rsqrt(tc_tensor *out, const tc_tensor *a); int tc_sin(tc_tensor *out, const tc_tensor *a); int tc_cos(tc_tensor *out, const tc_tensor *a); int tc_tan(tc_tensor *out, const tc_tensor *a); int tc_asin(tc_tensor *out, const tc_tensor *a); int tc_acos(tc_tensor *out, const tc_tensor *a); int tc_atan(tc_tensor *out, const tc_tensor *a); int tc_sinh(tc_tensor *out, const tc_tensor *a); int tc_cosh(tc_tensor *out, const tc_tensor *a); int tc_tanh(tc_tensor *out, const tc_tensor *a); int tc_sigmoid(tc_tensor *out, const tc_tensor *a); int tc_reciprocal(tc_tensor *out, const tc_tensor *a); int tc_round(tc_tensor *out, const tc_tensor *a); int tc_round_half_even(tc_tensor *out, const tc_tensor *a); int tc_ceil(tc_tensor *out, const tc_tensor *a); int tc_floor(tc_tensor *out, const tc_tensor *a); int tc_trunc(tc_tensor *out, const tc_tensor *a); int tc_frac(tc_tensor *out, const tc_tensor *a); int tc_erf(tc_tensor *out, const tc_tensor *a); int tc_erfc(tc_tensor *out, const tc_tensor *a); int tc_erfinv(tc_tensor *out, const tc_tensor *a); int tc_lgamma(tc_tensor *out, const tc_tensor *a); int tc_digamma(tc_tensor *out, const tc_tensor *a); int tc_abs(tc_tensor *out, const tc_tensor *a); int tc_neg(tc_tensor *out, const tc_tensor *a); int tc_sign(tc_tensor *out, const tc_tensor *a); int tc_square(tc_tensor *out, const tc_tensor *a); int tc_bitwise_not(tc_tensor *out, const tc_tensor *a); int tc_logical_not(tc_tensor *out, const tc_tensor *a);
int tc_add(tc_tensor *out, const tc_tensor *a, const tc_tensor *b, double alpha); int tc_add_scalar(tc_tensor *out, const tc_tensor *a, double b); int tc_add_rscalar(tc_tensor *out, double a, const tc_tensor *b); int tc_sub(tc_tensor *out, const tc_tensor *a, const tc_tensor *b, double alpha); int tc_sub_scalar(tc_tensor *out, const tc_tensor *a, double b); int tc_sub_rscalar(tc_tensor *out, double a, const tc_tensor *b);
int tc_mul(tc_tensor *out, const tc_tensor *a, const tc_tensor *b); int tc_mul_scalar(tc_tensor *out, const tc_tensor *a, double b); int tc_mul_rscalar(tc_tensor *out, double a, const tc_tensor *b); int tc_div(tc_tensor *out, const tc_tensor *a, const tc_tensor *b); int tc_div_scalar(tc_tensor *out, const tc_tensor *a, double b); int tc_div_rscalar(tc_tensor *out, double a, const tc_tensor *b); int tc_floor_divide(tc_tensor *out, const tc_tensor *a, const tc_tensor *b); int tc_floor_divide_scalar(tc_tensor *out, const tc_tensor *a, double b); int tc_floor_divide_rscalar(tc_tensor *out, double a, const tc_tensor *b); int tc_pow(tc_tensor *out, const tc_tensor *a, const tc_tensor *b); int tc_pow_scalar(tc_tensor *out, const tc_tensor *a, double b); int tc_pow_rscalar(tc_tensor *out, double a, const tc_tensor *b); int tc_fmod(tc_tensor *out, const tc_tensor *a, const tc_tensor *b); int tc_fmod_scalar(tc_tensor *out, const tc_tensor *a, double b); int tc_fmod_rscalar(tc_tensor *out, double a, const tc_tensor *b); int tc_remainder(tc_tensor *out, const tc_tensor *a, const tc_tensor *b); int tc_remainder_scalar(tc_tensor *out, const tc_tensor *a, double b); int tc_remainder_rscalar(tc_tensor *out, double a, const tc_tensor *b); int tc_atan2(tc_tensor *out, const tc_tensor *a, const tc_tensor *b); int tc_atan2_scalar(tc_tensor *out, const tc_tensor *a, double b); int tc_atan2_rscalar(tc_tensor *out, double a, const tc_tensor *b); int tc_maximum(tc_tensor *out, const tc_tensor *a, const tc_tensor *b); int tc_maximum_scalar(tc_tensor *out, const tc_tensor *a, double b); int tc_maximum_rscalar(tc_tensor *out, double a, const tc_tensor *b); int tc_minimum(tc_tensor *out, const tc_tensor *a, const tc_tensor *b); int tc_minimum_scalar(tc_tensor *out, const tc_tensor *a, double b); int tc_minimum_rscalar(tc_tensor *out, double a, const tc_tensor *b); int tc_bitwise_and(tc_tensor *out, const tc_tensor *a, const tc_tensor *b); int tc_bitwise_and_scalar(tc_tensor *out, const tc_tensor *a, double b); int tc_bitwise_and_rscalar(tc_tensor *out, double a, const tc_tensor *b); int tc_bitwise_or(tc_tensor *out, const tc_tensor *a, const tc_tensor *b); int tc_bitwise_or_scalar(tc_tensor *out, const tc_tensor *a, double b); int tc_bitwise_or_rscalar(tc_tensor *out, double a, const tc_tensor *b); int tc_bitwise_xor(tc_tensor *out, const tc_tensor *a, const tc_tensor *b); int tc_bitwise_xor_scalar(tc_tensor *out, const tc_tensor *a, double b); int tc_bitwise_xor_rscalar(tc_tensor *out, double a, const tc_tensor *b); int tc_lshift(tc_tensor *out, const tc_tensor *a, const tc_tensor *b); int tc_lshift_scalar(tc_tensor *out, const tc_tensor *a, double b); int tc_lshift_rscalar(tc_tensor *out, double a, const tc_tensor *b); int tc_rshift(tc_tensor *out, const tc_tensor *a, const tc_tensor *b); int tc_rshift_scalar(tc_tensor *out, const tc_tensor *a, double b); int tc_rshift_rscalar(tc_tensor *out, double a, const tc_tensor *b);
int tc_lt(tc_tensor *out, const tc_tensor *a, const tc_tensor *b); int tc_lt_scalar(tc_tensor *out, const tc_tensor *a, double b); int tc_le(tc_tensor *out, const tc_tensor *a, const tc_tensor *b); int tc_le_scalar(tc_tensor *out, const tc_tensor *a, double b); int tc_gt(tc_tensor *out, const tc_tensor *a, const tc_tensor *b); int tc_gt_scalar(tc_tensor *out, const tc_tensor *a, double b); int tc_ge(tc_tensor *out, const tc_tensor *a, const tc_tensor *b); int tc_ge_scalar(tc_tensor *out, const tc_tensor *a, double b); int tc_eq(tc_tensor *out, const tc_tensor *a, const tc_tensor *b); int tc_eq_scalar(tc_tensor *out, const tc_tensor *a, double b); int tc_ne(tc_tensor *out, const tc_tensor *a, const tc_tensor *b); int tc_ne_scalar(tc_tensor *out, const tc_tensor *a, double b);
int tc_logical_and(tc_tensor *out, const tc_tensor *a, const tc_tensor *b); int tc_logical_or(tc_tensor *out, const tc_tensor *a, const tc_tensor *b); int tc_logical_xor(tc_tensor *out, const tc_tensor *a, const tc_tensor *b);
int tc_sum(tc_tensor *out, const tc_tensor *a, int32_t dim, int32_t keepdim); int tc_prod(tc_tensor *out, const tc_tensor *a, int32_t dim, int32_t keepdim); int tc_mean(tc_tensor *out, const tc_tensor *a, int32_t dim, int32_t keepdim); int tc_logsumexp(tc_tensor *out, const tc_tensor *a, int32_t dim, int32_t keepdim); int tc_all(tc_tensor *out, const tc_tensor *a, int32_t dim, int32_t keepdim); int tc_any(tc_tensor *out, const tc_tensor *a, int32_t dim, int32_t keepdim);
int tc_clamp(tc_tensor *out, const tc_tensor *a, double lo, double hi, int32_t has_lo, int32_t has_hi);
int tc_lerp(tc_tensor *out, const tc_tensor *a, const tc_tensor *b, double weight);
int tc_lerp_tensor(tc_tensor *out, const tc_tensor *a, const tc_tensor *b, const tc_tensor *weight);
int tc_addcmul(tc_tensor *out, const tc_tensor *a, const tc_tensor *b, const tc_tensor *c, double value);
int tc_addcdiv(tc_tensor *out, const tc_tensor *a, const tc_tensor *b, const tc_tensor *c, double value);
int tc_where(tc_tensor *out, const tc_tensor *cond, const tc_tensor *a, const tc_tensor *b);
enum { TC_DIM_ALL = 1073741824 };
int tc_var(tc_tensor *out, const tc_tensor *a, int32_t dim, int32_t keepdim, double correction);
int tc_std(tc_tensor *out, const tc_tensor *a, int32_t dim, int32_t keepdim, double correction);
int tc_norm(tc_tensor *out, const tc_tensor *a, double p, int32_t dim, int32_t keepdim);
int tc_dist(tc_tensor *out, const tc_tensor *a, const tc_tensor *b, double p);
int tc_max(tc_tensor *values, tc_tensor *indices, const tc_tensor *a, int32_t dim, int32_t keepdim,
           int64_t index_base);
int tc_min(tc_tensor *values, tc_tensor *indices, const tc_tensor *a, int32_t dim, int32_t keepdim,
           int64_t index_base);
int tc_argmax(tc_tensor *indices, const tc_tensor *a, int32_t dim, int32_t keepdim, int64_t index_base);
int tc_argmin(tc_tensor *indices, const tc_tensor *a, int32_t dim, int32_t keepdim, int64_t index_base);
int tc_cumsum(tc_tensor *out, const tc_tensor *a, int32_t dim);
int tc_cumprod(tc_tensor *out, const tc_tensor *a, int32_t dim);
int tc_histc(tc_tensor *out, const tc_tensor *a, int64_t nbins, double lo, double hi);
int tc_renorm(tc_tensor *out, const tc_tensor *a, double p, int32_t dim, double maxnorm);
