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
