/* base.c -- errors, dtypes, threads, the caching allocator and storages. */
#include <stdarg.h>
#include <stdio.h>
#include <pthread.h>
#include "tc_internal.h"

/* ---- errors --------------------------------------------------------------------------------- */
static __thread char tc_error_buf[1024];

const char *tc_last_error(void) { return tc_error_buf; }
void tc_clear_error(void) { tc_error_buf[0] = 0; }
void tc_set_error(const char *message) {
    snprintf(tc_error_buf, sizeof tc_error_buf, "%s", message ? message : "");
}

int tc_fail(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tc_error_buf, sizeof tc_error_buf, fmt, ap);
    va_end(ap);
    return -1;
}

void *tc_fail_null(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tc_error_buf, sizeof tc_error_buf, fmt, ap);
    va_end(ap);
    return NULL;
}

/* ---- dtypes ----------------------------------------------------------------------------------- */
static const int64_t dtype_sizes[TC_NUM_DTYPES] = {1, 1, 2, 4, 8, 2, 4, 8, 1};
static const char *dtype_names[TC_NUM_DTYPES] = {
    "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64", "bool"};

int64_t tc_dtype_size(int dtype) {
    if (dtype < 0 || dtype >= TC_NUM_DTYPES) return tc_fail("tc_dtype_size: unknown dtype %d", dtype), 0;
    return dtype_sizes[dtype];
}

const char *tc_dtype_name(int dtype) {
    if (dtype < 0 || dtype >= TC_NUM_DTYPES) return "unknown";
    return dtype_names[dtype];
}

int tc_dtype_is_floating(int dtype) {
    return dtype == TC_FLOAT16 || dtype == TC_FLOAT32 || dtype == TC_FLOAT64;
}

/* IEEE 754 binary16 <-> binary32, round to nearest even; handles subnormals, inf and nan. */
float tc_half_to_float(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000) << 16;
    uint32_t exp = (h >> 10) & 0x1f;
    uint32_t mant = h & 0x3ff;
    uint32_t bits;
    if (exp == 0) {
        if (mant == 0) {
            bits = sign;
        } else { /* subnormal: normalise */
            exp = 127 - 15 + 1;
            while (!(mant & 0x400)) { mant <<= 1; exp--; }
            mant &= 0x3ff;
            bits = sign | (exp << 23) | (mant << 13);
        }
    } else if (exp == 0x1f) {
        bits = sign | 0x7f800000u | (mant << 13);
    } else {
        bits = sign | ((exp + 127 - 15) << 23) | (mant << 13);
    }
    float f;
    memcpy(&f, &bits, 4);
    return f;
}

uint16_t tc_float_to_half(float f) {
    uint32_t x;
    memcpy(&x, &f, 4);
    uint32_t sign = (x >> 16) & 0x8000;
    uint32_t absx = x & 0x7fffffffu;
    if (absx >= 0x7f800000u) { /* inf or nan */
        return (uint16_t)(sign | 0x7c00 | (absx > 0x7f800000u ? 0x200 | ((absx >> 13) & 0x3ff) : 0));
    }
    if (absx >= 0x477ff000u) return (uint16_t)(sign | 0x7c00); /* overflow to inf */
    if (absx < 0x38800000u) { /* subnormal or zero in half */
        if (absx < 0x33000000u) return (uint16_t)sign;
        uint32_t e = absx >> 23;
        uint32_t m = (absx & 0x7fffff) | 0x800000;
        int shift = 126 - (int)e;  /* 14 - (e - 112) + 10 ... */
        uint32_t half_m = m >> (shift);
        uint32_t rem = m & ((1u << shift) - 1);
        uint32_t halfway = 1u << (shift - 1);
        if (rem > halfway || (rem == halfway && (half_m & 1))) half_m++;
        return (uint16_t)(sign | half_m);
    }
    uint32_t e = ((absx >> 23) - 127 + 15);
    uint32_t m = absx & 0x7fffff;
    uint32_t h = (e << 10) | (m >> 13);
    uint32_t rem = m & 0x1fff;
    if (rem > 0x1000 || (rem == 0x1000 && (h & 1))) h++;
    return (uint16_t)(sign | h);
}

double tc_read_as_double(const void *p, int dtype) {
    switch (dtype) {
    case TC_UINT8: return *(const uint8_t *)p;
    case TC_INT8: return *(const int8_t *)p;
    case TC_INT16: return *(const int16_t *)p;
    case TC_INT32: return *(const int32_t *)p;
    case TC_INT64: return (double)*(const int64_t *)p;
    case TC_FLOAT16: return tc_half_to_float(*(const uint16_t *)p);
    case TC_FLOAT32: return *(const float *)p;
    case TC_FLOAT64: return *(const double *)p;
    case TC_BOOL: return *(const uint8_t *)p != 0;
    }
    return 0;
}

void tc_write_from_double(void *p, int dtype, double v) {
    switch (dtype) {
    case TC_UINT8: *(uint8_t *)p = (uint8_t)(int64_t)v; break;
    case TC_INT8: *(int8_t *)p = (int8_t)(int64_t)v; break;
    case TC_INT16: *(int16_t *)p = (int16_t)(int64_t)v; break;
    case TC_INT32: *(int32_t *)p = (int32_t)(int64_t)v; break;
    case TC_INT64: *(int64_t *)p = (int64_t)v; break;
    case TC_FLOAT16: *(uint16_t *)p = tc_float_to_half((float)v); break;
    case TC_FLOAT32: *(float *)p = (float)v; break;
    case TC_FLOAT64: *(double *)p = v; break;
    case TC_BOOL: *(uint8_t *)p = v != 0; break;
    }
}

int64_t tc_read_as_int64(const void *p, int dtype) {
    if (dtype == TC_INT64) return *(const int64_t *)p;
    return (int64_t)tc_read_as_double(p, dtype);
}

void tc_write_from_int64(void *p, int dtype, int64_t v) {
    if (dtype == TC_INT64) *(int64_t *)p = v;
    else if (dtype == TC_BOOL) *(uint8_t *)p = v != 0;
    else if (tc_dtype_is_floating(dtype)) tc_write_from_double(p, dtype, (double)v);
    else tc_write_from_double(p, dtype, (double)v);
}

/* ---- threads ------------------------------------------------------------------------------------ */
static int tc_num_threads = 0; /* 0: not yet decided */

static int default_threads(void) {
#ifdef _OPENMP
    const char *env = getenv("OMP_NUM_THREADS");
    if (env && atoi(env) > 0) return atoi(env);
    return omp_get_num_procs();
#else
    return 1;
#endif
}

void tc_set_num_threads(int n) {
    tc_num_threads = n > 0 ? n : 1;
    tc_blas_set_num_threads(tc_num_threads);
}

int tc_get_num_threads(void) {
    if (tc_num_threads == 0) {
        tc_num_threads = default_threads();
        tc_blas_set_num_threads(tc_num_threads);
    }
    return tc_num_threads;
}

int tc_threads_for(int64_t work) {
    int n = tc_get_num_threads();
    if (n <= 1 || work < 2 * TC_PARALLEL_GRAIN) return 1;
    int64_t by_work = work / TC_PARALLEL_GRAIN;
    return by_work < n ? (int)by_work : n;
}

/* ---- caching allocator ----------------------------------------------------------------------------
 * Small blocks come from aligned_alloc directly.  Blocks of at least TC_CACHE_MIN bytes are kept in a
 * small cache when freed, because faulting in fresh pages for a 40 MB output costs more than the
 * kernel that fills it. */
enum { TC_ALIGN = 64, TC_CACHE_SLOTS = 32 };
#define TC_CACHE_MIN ((int64_t)1 << 18)

static struct { void *ptr; int64_t capacity; } cache[TC_CACHE_SLOTS];
static int64_t cache_bytes = 0;
static int64_t cache_limit = (int64_t)1 << 30;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

void tc_allocator_set_cache_limit(int64_t bytes) {
    pthread_mutex_lock(&cache_lock);
    cache_limit = bytes < 0 ? 0 : bytes;
    for (int i = 0; i < TC_CACHE_SLOTS && cache_bytes > cache_limit; i++) {
        if (cache[i].ptr) {
            free(cache[i].ptr);
            cache_bytes -= cache[i].capacity;
            cache[i].ptr = NULL;
        }
    }
    pthread_mutex_unlock(&cache_lock);
}

int64_t tc_allocator_cached_bytes(void) { return cache_bytes; }

void *tc_alloc(int64_t nbytes, int64_t *capacity) {
    if (nbytes <= 0) nbytes = 1;
    int64_t cap = (nbytes + TC_ALIGN - 1) / TC_ALIGN * TC_ALIGN;
    if (cap >= TC_CACHE_MIN) {
        cap = (cap + 4095) / 4096 * 4096;
        pthread_mutex_lock(&cache_lock);
        int best = -1;
        for (int i = 0; i < TC_CACHE_SLOTS; i++) {
            if (cache[i].ptr && cache[i].capacity >= cap && cache[i].capacity <= cap + cap / 4 &&
                (best < 0 || cache[i].capacity < cache[best].capacity))
                best = i;
        }
        if (best >= 0) {
            void *p = cache[best].ptr;
            *capacity = cache[best].capacity;
            cache_bytes -= cache[best].capacity;
            cache[best].ptr = NULL;
            pthread_mutex_unlock(&cache_lock);
            return p;
        }
        pthread_mutex_unlock(&cache_lock);
    }
    void *p = aligned_alloc(TC_ALIGN, (size_t)cap);
    if (!p) return NULL;
    *capacity = cap;
    return p;
}

void tc_free(void *ptr, int64_t capacity) {
    if (!ptr) return;
    if (capacity >= TC_CACHE_MIN) {
        pthread_mutex_lock(&cache_lock);
        if (cache_bytes + capacity <= cache_limit) {
            for (int i = 0; i < TC_CACHE_SLOTS; i++) {
                if (!cache[i].ptr) {
                    cache[i].ptr = ptr;
                    cache[i].capacity = capacity;
                    cache_bytes += capacity;
                    pthread_mutex_unlock(&cache_lock);
                    return;
                }
            }
        }
        pthread_mutex_unlock(&cache_lock);
    }
    free(ptr);
}

/* ---- storages ------------------------------------------------------------------------------------- */
static int valid_dtype(int dtype) { return dtype >= 0 && dtype < TC_NUM_DTYPES; }

tc_storage *tc_storage_new(int dtype, int64_t size) {
    if (!valid_dtype(dtype)) return tc_fail_null("tc_storage_new: unknown dtype %d", dtype);
    if (size < 0) return tc_fail_null("tc_storage_new: negative size %lld", (long long)size);
    int64_t es = dtype_sizes[dtype];
    if (size > INT64_MAX / 16 / es) return tc_fail_null("tc_storage_new: size %lld too large", (long long)size);
    tc_storage *s = calloc(1, sizeof *s);
    if (!s) return tc_fail_null("tc_storage_new: out of memory");
    s->data = tc_alloc(size * es, &s->capacity);
    if (!s->data) {
        free(s);
        return tc_fail_null("tc_storage_new: cannot allocate %lld bytes", (long long)(size * es));
    }
    s->size = size;
    s->dtype = dtype;
    s->device = TC_DEVICE_CPU;
    s->refcount = 1;
    s->flags = TC_STORAGE_OWNED | TC_STORAGE_RESIZABLE;
    return s;
}

tc_storage *tc_storage_new_external(int dtype, void *data, int64_t size, int device,
                                    tc_release_fn release, void *release_ctx) {
    if (!valid_dtype(dtype)) return tc_fail_null("tc_storage_new_external: unknown dtype %d", dtype);
    if (size < 0) return tc_fail_null("tc_storage_new_external: negative size");
    if (!data && size > 0) return tc_fail_null("tc_storage_new_external: NULL data with size %lld", (long long)size);
    tc_storage *s = calloc(1, sizeof *s);
    if (!s) return tc_fail_null("tc_storage_new_external: out of memory");
    s->data = data;
    s->size = size;
    s->capacity = size * dtype_sizes[dtype];
    s->dtype = dtype;
    s->device = device;
    s->refcount = 1;
    s->flags = TC_STORAGE_EXTERNAL;
    s->release = release;
    s->release_ctx = release_ctx;
    return s;
}

/* A storage view keeps its base alive: the view's release drops the reference it took. */
static void release_base(void *ctx, void *data) {
    (void)data;
    tc_storage_release((tc_storage *)ctx);
}

tc_storage *tc_storage_view(tc_storage *base, int64_t offset, int64_t size) {
    if (!base) return tc_fail_null("tc_storage_view: base storage is NULL");
    if (offset < 0 || size < 0 || offset > base->size || size > base->size - offset)
        return tc_fail_null("tc_storage_view: elements [%lld, %lld) are out of bounds of a storage of size %lld",
                            (long long)offset, (long long)(offset + size), (long long)base->size);
    char *p = base->data ? (char *)base->data + offset * dtype_sizes[base->dtype] : NULL;
    tc_storage *v = tc_storage_new_external(base->dtype, p, size, base->device, release_base, base);
    if (!v) return NULL;
    tc_storage_retain(base);
    return v;
}

void tc_storage_retain(tc_storage *s) {
    if (s) __atomic_add_fetch(&s->refcount, 1, __ATOMIC_RELAXED);
}

void tc_storage_release(tc_storage *s) {
    if (!s) return;
    if (__atomic_sub_fetch(&s->refcount, 1, __ATOMIC_ACQ_REL) != 0) return;
    if (s->flags & TC_STORAGE_OWNED) tc_free(s->data, s->capacity);
    else if ((s->flags & TC_STORAGE_EXTERNAL) && s->release) s->release(s->release_ctx, s->data);
    free(s);
}

int tc_storage_resize(tc_storage *s, int64_t size) {
    if (!s) return tc_fail("tc_storage_resize: storage is NULL");
    if (size < 0) return tc_fail("tc_storage_resize: negative size %lld", (long long)size);
    int64_t es = dtype_sizes[s->dtype];
    if (size * es <= s->capacity && (s->flags & TC_STORAGE_OWNED)) {
        s->size = size;
        return 0;
    }
    if (!(s->flags & TC_STORAGE_RESIZABLE))
        return tc_fail("tc_storage_resize: storage is not resizable (it wraps external memory)");
    if (s->device != TC_DEVICE_CPU) return tc_fail("tc_storage_resize: cannot resize a device storage here");
    int64_t cap;
    void *p = tc_alloc(size * es, &cap);
    if (!p) return tc_fail("tc_storage_resize: cannot allocate %lld bytes", (long long)(size * es));
    int64_t keep = TC_MIN(size, s->size) * es;
    if (keep > 0) memcpy(p, s->data, (size_t)keep);
    tc_free(s->data, s->capacity);
    s->data = p;
    s->capacity = cap;
    s->size = size;
    return 0;
}

int tc_storage_fill(tc_storage *s, double value) {
    if (!s) return tc_fail("tc_storage_fill: storage is NULL");
    if (s->device != TC_DEVICE_CPU) return tc_fail("tc_storage_fill: storage is on a CUDA device");
    tc_tensor *t = tc_tensor_new_with_storage(s, 0, 1, &s->size, NULL);
    if (!t) return -1;
    int r = tc_fill(t, value);
    tc_tensor_release(t);
    return r;
}

int tc_storage_copy(tc_storage *dst, const tc_storage *src) {
    if (!dst || !src) return tc_fail("tc_storage_copy: storage is NULL");
    if (dst->size != src->size)
        return tc_fail("tc_storage_copy: sizes differ (%lld vs %lld)", (long long)dst->size, (long long)src->size);
    tc_tensor *a = tc_tensor_new_with_storage(dst, 0, 1, &dst->size, NULL);
    tc_tensor *b = tc_tensor_new_with_storage((tc_storage *)src, 0, 1, &src->size, NULL);
    int r = (a && b) ? tc_copy(a, b) : -1;
    tc_tensor_release(a);
    tc_tensor_release(b);
    return r;
}
