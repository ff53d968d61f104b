/* tc_base.h -- element types, refcounted storages and strided tensors, views, copy. */

/* Element types.  The numbering is part of the ABI shared by Python and Lua. */
typedef enum tc_dtype {
    TC_UINT8 = 0,
    TC_INT8 = 1,
    TC_INT16 = 2,
    TC_INT32 = 3,
    TC_INT64 = 4,
    TC_FLOAT16 = 5,   /* storage, copy and conversion only */
    TC_FLOAT32 = 6,
    TC_FLOAT64 = 7,
    TC_BOOL = 8,
    TC_NUM_DTYPES = 9
} tc_dtype;

enum {
    TC_MAX_DIMS = 25,     /* the most dimensions a tensor may have */
    TC_DEVICE_CPU = -1    /* storage->device for host memory; CUDA devices are 0, 1, ... */
};

enum {
    TC_STORAGE_OWNED = 1,      /* data was allocated by the core and is freed by it */
    TC_STORAGE_RESIZABLE = 2,  /* may be grown by resize */
    TC_STORAGE_EXTERNAL = 4    /* data belongs to someone else; release() is called when done */
};

typedef void (*tc_release_fn)(void *ctx, void *data);

typedef struct tc_storage {
    void *data;
    int64_t size;          /* number of elements */
    int64_t capacity;      /* bytes available at data */
    int32_t dtype;
    int32_t device;        /* TC_DEVICE_CPU or a CUDA ordinal */
    int32_t refcount;      /* atomic */
    int32_t flags;
    tc_release_fn release; /* for TC_STORAGE_EXTERNAL (numpy arrays, cupy memory) */
    void *release_ctx;
} tc_storage;

/*
 * A strided view on a storage.  Element (i0, ..., in-1) (0-based) lives at
 * storage->data[offset + sum_k i_k * strides[k]].  ndim == 0 is a scalar (numel 1, PyTorch);
 * a dimension may have size 0.  Torch7's "empty tensor" is represented by a tensor with
 * numel 0 (the Lua frontend reports nDimension() == 0 for it).  storage may be NULL only
 * when numel is 0.
 */
typedef struct tc_tensor {
    tc_storage *storage;
    int64_t offset;        /* in elements */
    int32_t ndim;
    int32_t dtype;
    int32_t refcount;      /* atomic */
    int32_t version;       /* bumped by in-place kernels' callers (autograd version counter) */
    int64_t sizes[TC_MAX_DIMS];
    int64_t strides[TC_MAX_DIMS];
} tc_tensor;

/* ---- errors ---------------------------------------------------------------------------- */
const char *tc_last_error(void);
void tc_clear_error(void);
void tc_set_error(const char *message);

/* ---- dtypes ---------------------------------------------------------------------------- */
int64_t tc_dtype_size(int dtype);
const char *tc_dtype_name(int dtype);
int tc_dtype_is_floating(int dtype);
float tc_half_to_float(uint16_t h);
uint16_t tc_float_to_half(float f);

/* ---- threads --------------------------------------------------------------------------- */
void tc_set_num_threads(int n);
int tc_get_num_threads(void);

/* ---- storages -------------------------------------------------------------------------- */
tc_storage *tc_storage_new(int dtype, int64_t size);          /* uninitialized */
tc_storage *tc_storage_new_external(int dtype, void *data, int64_t size, int device,
                                    tc_release_fn release, void *release_ctx);
/* elements [offset, offset+size) of base, sharing its memory and keeping it alive (Torch7's storage
 * views, torch.FloatStorage(storage, offset, size)); resizing base while a view lives is not allowed */
tc_storage *tc_storage_view(tc_storage *base, int64_t offset, int64_t size);
void tc_storage_retain(tc_storage *s);
void tc_storage_release(tc_storage *s);
int tc_storage_resize(tc_storage *s, int64_t size);          /* keeps the first min(old,new) elements */
int tc_storage_fill(tc_storage *s, double value);
int tc_storage_copy(tc_storage *dst, const tc_storage *src); /* any dtypes, equal sizes */
/* Deferred release of memory owned by a host language (numpy arrays behind from_numpy).  A release
 * can happen inside any core call, and core calls are made from LuaJIT traces, where running Python code
 * is unsafe (it may reach the Lua state through lupa while the trace's stack is not synchronised).  This
 * callback only queues ctx (thread-safe); the owner takes the queue at a point where it is safe to run
 * its own code and drops its references then. */
void tc_release_deferred(void *ctx, void *data);
int64_t tc_release_take(void **out, int64_t max);           /* moves up to max queued ctx into out */
int64_t tc_release_pending(void);
void tc_allocator_set_cache_limit(int64_t bytes);            /* 0 disables the large-block cache */
int64_t tc_allocator_cached_bytes(void);

/* ---- tensors: construction and lifetime ------------------------------------------------- */
tc_tensor *tc_tensor_new(int dtype);                                   /* 1-D, size 0, no storage */
tc_tensor *tc_tensor_empty(int dtype, int ndim, const int64_t *sizes); /* contiguous, uninitialized */
tc_tensor *tc_tensor_zeros(int dtype, int ndim, const int64_t *sizes);
tc_tensor *tc_tensor_new_with_storage(tc_storage *storage, int64_t offset, int ndim,
                                      const int64_t *sizes, const int64_t *strides);
tc_tensor *tc_tensor_new_view(const tc_tensor *src);  /* new handle: same storage, offset, sizes, strides */
tc_tensor *tc_tensor_clone(const tc_tensor *src);     /* contiguous deep copy */
tc_tensor *tc_tensor_contiguous(tc_tensor *src);      /* src retained if contiguous, else a clone */
tc_tensor *tc_tensor_to_dtype(const tc_tensor *src, int dtype);  /* new contiguous copy */
void tc_tensor_retain(tc_tensor *t);
void tc_tensor_release(tc_tensor *t);

/* ---- tensors: queries -------------------------------------------------------------------- */
int64_t tc_tensor_numel(const tc_tensor *t);
int tc_tensor_is_contiguous(const tc_tensor *t);   /* ignores strides of size-1 dims (Torch7) */
int tc_tensor_same_shape(const tc_tensor *a, const tc_tensor *b);
void *tc_tensor_data(const tc_tensor *t);          /* pointer to element 0 (NULL without storage) */
int tc_tensor_check(const tc_tensor *t);           /* validates every element lies inside the storage */

/* ---- tensors: in-place metadata changes (handle is modified, data untouched) ------------- */
int tc_tensor_resize(tc_tensor *t, int ndim, const int64_t *sizes);   /* Torch7 rules: never shrinks storage */
int tc_tensor_resize_as(tc_tensor *t, const tc_tensor *like);
int tc_tensor_set(tc_tensor *t, const tc_tensor *src);                 /* t becomes a view of src */
int tc_tensor_set_storage(tc_tensor *t, tc_storage *storage, int64_t offset, int ndim,
                          const int64_t *sizes, const int64_t *strides); /* strides NULL: contiguous */
int tc_tensor_set_narrow(tc_tensor *t, int dim, int64_t start, int64_t length);
int tc_tensor_set_select(tc_tensor *t, int dim, int64_t index);
int tc_tensor_set_transpose(tc_tensor *t, int dim0, int dim1);
int tc_tensor_set_unsqueeze(tc_tensor *t, int dim);
int tc_tensor_set_squeeze_dim(tc_tensor *t, int dim);    /* no-op if that dim is not 1 */

/* ---- views: each returns a new handle on the same storage ------------------------------- */
tc_tensor *tc_view_narrow(const tc_tensor *t, int dim, int64_t start, int64_t length);
tc_tensor *tc_view_select(const tc_tensor *t, int dim, int64_t index);
tc_tensor *tc_view_transpose(const tc_tensor *t, int dim0, int dim1);
tc_tensor *tc_view_permute(const tc_tensor *t, const int *dims);      /* dims has t->ndim entries */
tc_tensor *tc_view_reshape(const tc_tensor *t, int ndim, const int64_t *sizes); /* NULL if not viewable; one size may be -1 */
tc_tensor *tc_view_expand(const tc_tensor *t, int ndim, const int64_t *sizes);  /* -1 keeps a size; new leading dims allowed */
tc_tensor *tc_view_unfold(const tc_tensor *t, int dim, int64_t size, int64_t step);
tc_tensor *tc_view_squeeze(const tc_tensor *t);                 /* drops every size-1 dim */
tc_tensor *tc_view_squeeze_dim(const tc_tensor *t, int dim);
tc_tensor *tc_view_unsqueeze(const tc_tensor *t, int dim);
tc_tensor *tc_view_as_strided(const tc_tensor *t, int ndim, const int64_t *sizes,
                              const int64_t *strides, int64_t offset);
tc_tensor *tc_view_diagonal(const tc_tensor *t, int64_t offset, int dim0, int dim1);

/* ---- copy / fill -------------------------------------------------------------------------- */
/* dst and src need equal element counts; shapes may differ (both walked in row-major order). */
int tc_copy(tc_tensor *dst, const tc_tensor *src);
int tc_fill(tc_tensor *t, double value);
int tc_fill_int(tc_tensor *t, int64_t value);      /* exact for int64 beyond 2^53 */
int tc_zero(tc_tensor *t);
/* Reads/writes one element as double at a 0-based flat row-major index (slow path, checked). */
int tc_get_flat(const tc_tensor *t, int64_t index, double *out);
int tc_set_flat(tc_tensor *t, int64_t index, double value);
