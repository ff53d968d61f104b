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
typedef struct tc_rng_state {
    uint64_t the_initial_seed;
    int32_t left;
    int32_t seeded;
    uint64_t next;
    uint64_t state[624];
    double normal_x;
    double normal_y;
    double normal_rho;
    int32_t normal_is_valid;
    int32_t padding;
} tc_rng_state;
enum { TC_RNG_STATE_SIZE = 5048 };
typedef struct tc_generator tc_generator;
tc_generator *tc_generator_new(void);
tc_generator *tc_generator_copy(const tc_generator *src);
int tc_generator_copy_into(tc_generator *dst, const tc_generator *src);
void tc_generator_free(tc_generator *gen);
tc_generator *tc_generator_default(void);
int tc_generator_manual_seed(tc_generator *gen, uint64_t seed);
uint64_t tc_generator_seed(tc_generator *gen);
uint64_t tc_generator_initial_seed(const tc_generator *gen);
int tc_generator_get_state(const tc_generator *gen, uint8_t *out, int64_t size);
int tc_generator_set_state(tc_generator *gen, const uint8_t *bytes, int64_t size);
int tc_generator_get_state_tensor(const tc_generator *gen, tc_tensor *out);
int tc_generator_set_state_tensor(tc_generator *gen, const tc_tensor *state);
uint32_t tc_draw_u32(tc_generator *gen);
int tc_draw_random_upto(tc_generator *gen, int64_t b, int64_t *out);
int tc_draw_random_range(tc_generator *gen, int64_t a, int64_t b, int64_t *out);
double tc_draw_uniform(tc_generator *gen, double a, double b);
int tc_draw_normal(tc_generator *gen, double mean, double std, double *out);
int tc_draw_exponential(tc_generator *gen, double lambda, double *out);
int tc_draw_cauchy(tc_generator *gen, double median, double sigma, double *out);
int tc_draw_log_normal(tc_generator *gen, double mean, double std, double *out);
int tc_draw_geometric(tc_generator *gen, double p, double *out);
int tc_draw_bernoulli(tc_generator *gen, double p, double *out);
int tc_fill_uniform(tc_tensor *t, tc_generator *gen, double a, double b);
int tc_fill_normal(tc_tensor *t, tc_generator *gen, double mean, double std);
int tc_fill_exponential(tc_tensor *t, tc_generator *gen, double lambda);
int tc_fill_cauchy(tc_tensor *t, tc_generator *gen, double median, double sigma);
int tc_fill_log_normal(tc_tensor *t, tc_generator *gen, double mean, double std);
int tc_fill_geometric(tc_tensor *t, tc_generator *gen, double p);
int tc_fill_bernoulli(tc_tensor *t, tc_generator *gen, double p);
int tc_fill_bernoulli_tensor(tc_tensor *t, tc_generator *gen, const tc_tensor *p);
int tc_fill_random(tc_tensor *t, tc_generator *gen);
int tc_fill_random_upto(tc_tensor *t, tc_generator *gen, int64_t b);
int tc_fill_random_range(tc_tensor *t, tc_generator *gen, int64_t a, int64_t b);
int tc_randperm(tc_tensor *out, tc_generator *gen, int64_t n, int64_t index_base);
int tc_multinomial(tc_tensor *out, tc_generator *gen, const tc_tensor *prob, int64_t n_sample,
                   int with_replacement, int64_t index_base);
int tc_dropout_mask(tc_tensor *mask, tc_generator *gen, double p);
typedef enum tc_file_elem {
    TC_FILE_BYTE = 0,
    TC_FILE_CHAR = 1,
    TC_FILE_SHORT = 2,
    TC_FILE_INT = 3,
    TC_FILE_INT64 = 4,
    TC_FILE_HALF = 5,
    TC_FILE_FLOAT = 6,
    TC_FILE_DOUBLE = 7,
    TC_FILE_BOOL = 8,
    TC_FILE_LONG = 9
} tc_file_elem;
enum {
    TC_FILE_NATIVE_ENDIAN = 0,
    TC_FILE_LITTLE_ENDIAN = 1,
    TC_FILE_BIG_ENDIAN = 2
};
typedef struct tc_file tc_file;
tc_file *tc_file_open(const char *path, const char *mode, int quiet);
tc_file *tc_file_open_atomic(const char *path, int quiet);
tc_file *tc_file_memory_new(const char *mode);
tc_file *tc_file_memory_from(const void *data, int64_t size, const char *mode);
int tc_file_close(tc_file *f);
int tc_file_abort(tc_file *f);
void tc_file_free(tc_file *f);
int tc_file_set_binary(tc_file *f, int binary);
int tc_file_set_auto_spacing(tc_file *f, int on);
int tc_file_set_quiet(tc_file *f, int quiet);
int tc_file_set_endian(tc_file *f, int endian);
int tc_file_set_long_size(tc_file *f, int size);
int tc_file_clear_error(tc_file *f);
int tc_file_no_buffer(tc_file *f);
int tc_file_is_open(const tc_file *f);
int tc_file_is_binary(const tc_file *f);
int tc_file_is_auto_spacing(const tc_file *f);
int tc_file_is_quiet(const tc_file *f);
int tc_file_is_readable(const tc_file *f);
int tc_file_is_writable(const tc_file *f);
int tc_file_has_error(const tc_file *f);
int tc_file_is_memory(const tc_file *f);
int tc_file_long_size(const tc_file *f);
int tc_file_endian(const tc_file *f);
int tc_file_is_little_endian_cpu(void);
const char *tc_file_name(const tc_file *f);
int64_t tc_file_read(tc_file *f, int elem, void *data, int64_t n);
int64_t tc_file_write(tc_file *f, int elem, const void *data, int64_t n);
int tc_file_check_available(tc_file *f, int elem, int64_t n);
int64_t tc_file_element_size(const tc_file *f, int elem);
int64_t tc_file_write_string(tc_file *f, const char *str, int64_t len);
int64_t tc_file_read_string(tc_file *f, int all, const char **out);
int64_t tc_file_position(tc_file *f);
int tc_file_seek(tc_file *f, int64_t position);
int tc_file_seek_end(tc_file *f);
int64_t tc_file_length(tc_file *f);
int64_t tc_file_remaining(tc_file *f);
int tc_file_synchronize(tc_file *f);
int tc_file_memory_data(tc_file *f, const uint8_t **data, int64_t *size);
