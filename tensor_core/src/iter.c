/* iter.c -- the N-ary strided iterator every elementwise kernel runs on, plus copy and fill. */
#include "tc_internal.h"

int tc_iter_init(tc_iter *it, int nops, tc_tensor *const *ops, const char *fn) {
    memset(it, 0, sizeof *it);
    if (nops < 1 || nops > TC_ITER_MAX_OPS) return tc_fail("%s: bad operand count %d", fn, nops);
    it->nops = nops;
    const tc_tensor *ref = ops[0];
    if (!ref) return tc_fail("%s: operand 0 is NULL", fn);
    int64_t numel = tc_tensor_numel(ref);
    it->numel = numel;
    const tc_tensor *views[TC_ITER_MAX_OPS];
    for (int i = 0; i < nops; i++) {
        const tc_tensor *t = ops[i];
        if (!t) { tc_iter_free(it); return tc_fail("%s: operand %d is NULL", fn, i); }
        if (t->storage && t->storage->device != TC_DEVICE_CPU) {
            tc_iter_free(it);
            return tc_fail("%s: operand %d is on a CUDA device; this kernel runs on the CPU", fn, i);
        }
        int64_t n = tc_tensor_numel(t);
        if (n != numel) {
            tc_iter_free(it);
            return tc_fail("%s: inconsistent tensor size, expected %lld elements but operand %d has %lld", fn,
                           (long long)numel, i, (long long)n);
        }
        if (n > 0 && !t->storage) { tc_iter_free(it); return tc_fail("%s: operand %d has no storage", fn, i); }
        views[i] = t;
        if (i > 0 && !tc_tensor_same_shape(t, ref)) {
            tc_tensor *v = tc_view_reshape(t, ref->ndim, ref->sizes);
            if (!v) {
                tc_tensor *c = tc_tensor_clone(t);
                if (!c) { tc_iter_free(it); return -1; }
                v = tc_view_reshape(c, ref->ndim, ref->sizes);
                tc_tensor_release(c);
                if (!v) { tc_iter_free(it); return -1; }
            }
            it->temps[i] = v;
            views[i] = v;
        }
        it->elsize[i] = tc_dtype_size(t->dtype);
        it->data[i] = n > 0 ? (char *)tc_tensor_data(views[i]) : NULL;
    }
    if (numel == 0) { it->ndim = 0; return 0; }
    /* keep non-trivial dims, strides in bytes */
    int nd = 0;
    for (int d = 0; d < ref->ndim; d++) {
        if (ref->sizes[d] == 1) continue;
        it->sizes[nd] = ref->sizes[d];
        for (int i = 0; i < nops; i++) it->strides[i][nd] = views[i]->strides[d] * it->elsize[i];
        nd++;
    }
    /* collapse adjacent dims that are contiguous with each other in every operand */
    if (nd > 1) {
        int out = 0;
        for (int d = 1; d < nd; d++) {
            int can = 1;
            for (int i = 0; i < nops; i++)
                if (it->strides[i][out] != it->strides[i][d] * it->sizes[d]) { can = 0; break; }
            if (can) {
                it->sizes[out] *= it->sizes[d];
                for (int i = 0; i < nops; i++) it->strides[i][out] = it->strides[i][d];
            } else {
                out++;
                it->sizes[out] = it->sizes[d];
                for (int i = 0; i < nops; i++) it->strides[i][out] = it->strides[i][d];
            }
        }
        nd = out + 1;
    }
    it->ndim = nd;
    return 0;
}

void tc_iter_free(tc_iter *it) {
    for (int i = 0; i < TC_ITER_MAX_OPS; i++) {
        if (it->temps[i]) tc_tensor_release(it->temps[i]);
        it->temps[i] = NULL;
    }
}

int tc_iter_is_flat(const tc_iter *it) {
    if (it->ndim > 1) return 0;
    if (it->ndim == 0) return 1;
    for (int i = 0; i < it->nops; i++)
        if (it->strides[i][0] != it->elsize[i]) return 0;
    return 1;
}

/* Processes flat elements [begin, end) of the collapsed iteration space. */
static void run_range(const tc_iter *it, tc_inner_fn inner, void *ctx, int64_t begin, int64_t end) {
    int nd = it->ndim, nops = it->nops;
    int last = nd - 1;
    int64_t inner_size = it->sizes[last];
    int64_t idx[TC_MAX_DIMS];
    int64_t rem = begin;
    for (int d = last; d >= 0; d--) {
        idx[d] = rem % it->sizes[d];
        rem /= it->sizes[d];
    }
    int64_t inner_strides[TC_ITER_MAX_OPS];
    for (int i = 0; i < nops; i++) inner_strides[i] = it->strides[i][last];
    int64_t pos = begin;
    while (pos < end) {
        char *ptrs[TC_ITER_MAX_OPS];
        for (int i = 0; i < nops; i++) {
            char *p = it->data[i];
            for (int d = 0; d < nd; d++) p += idx[d] * it->strides[i][d];
            ptrs[i] = p;
        }
        int64_t n = inner_size - idx[last];
        if (n > end - pos) n = end - pos;
        inner(ptrs, inner_strides, n, ctx);
        pos += n;
        idx[last] += n;
        for (int d = last; d > 0 && idx[d] >= it->sizes[d]; d--) {
            idx[d] = 0;
            idx[d - 1]++;
        }
    }
}

void tc_iter_run(tc_iter *it, tc_inner_fn inner, void *ctx, int parallel) {
    if (it->numel == 0) return;
    if (it->ndim == 0) {
        int64_t zero[TC_ITER_MAX_OPS] = {0};
        inner(it->data, zero, 1, ctx);
        return;
    }
    int nthreads = parallel ? tc_threads_for(it->numel) : 1;
    if (nthreads <= 1) {
        run_range(it, inner, ctx, 0, it->numel);
        return;
    }
#ifdef _OPENMP
#pragma omp parallel num_threads(nthreads)
    {
        int tid = omp_get_thread_num(), nt = omp_get_num_threads();
        int64_t chunk = (it->numel + nt - 1) / nt;
        int64_t b = tid * chunk, e = TC_MIN(it->numel, b + chunk);
        if (b < e) run_range(it, inner, ctx, b, e);
    }
#else
    run_range(it, inner, ctx, 0, it->numel);
#endif
}

/* ---- copy -------------------------------------------------------------------------------------------
 * One inner loop per (dst, src) dtype pair, generated by macros; float16 goes through float. */
#define LOAD_u8(p) (*(const uint8_t *)(p))
#define LOAD_i8(p) (*(const int8_t *)(p))
#define LOAD_i16(p) (*(const int16_t *)(p))
#define LOAD_i32(p) (*(const int32_t *)(p))
#define LOAD_i64(p) (*(const int64_t *)(p))
#define LOAD_f16(p) tc_half_to_float(*(const uint16_t *)(p))
#define LOAD_f32(p) (*(const float *)(p))
#define LOAD_f64(p) (*(const double *)(p))
#define LOAD_bool(p) (*(const uint8_t *)(p))

#define STORE_u8(p, v) (*(uint8_t *)(p) = (uint8_t)(v))
#define STORE_i8(p, v) (*(int8_t *)(p) = (int8_t)(v))
#define STORE_i16(p, v) (*(int16_t *)(p) = (int16_t)(v))
#define STORE_i32(p, v) (*(int32_t *)(p) = (int32_t)(v))
#define STORE_i64(p, v) (*(int64_t *)(p) = (int64_t)(v))
#define STORE_f16(p, v) (*(uint16_t *)(p) = tc_float_to_half((float)(v)))
#define STORE_f32(p, v) (*(float *)(p) = (float)(v))
#define STORE_f64(p, v) (*(double *)(p) = (double)(v))
#define STORE_bool(p, v) (*(uint8_t *)(p) = (uint8_t)((v) != 0))

/* float -> integer conversion of out-of-range values is undefined in C; go through int64 first
 * (what Torch7 effectively did on x86) so the result is deterministic. */
#define CONV_u8(v) ((int64_t)(v))
#define CONV_i8(v) ((int64_t)(v))
#define CONV_i16(v) ((int64_t)(v))
#define CONV_i32(v) ((int64_t)(v))
#define CONV_i64(v) (v)
#define CONV_f16(v) (v)
#define CONV_f32(v) (v)
#define CONV_f64(v) (v)
#define CONV_bool(v) (v)

#define DEF_COPY(D, S)                                                                  \
    static void copy_##D##_##S(char **p, const int64_t *st, int64_t n, void *ctx) {     \
        (void)ctx;                                                                      \
        char *d = p[0];                                                                 \
        const char *s = p[1];                                                           \
        for (int64_t i = 0; i < n; i++, d += st[0], s += st[1]) STORE_##D(d, CONV_##D(LOAD_##S(s))); \
    }

#define DEF_COPY_ROW(D) \
    DEF_COPY(D, u8) DEF_COPY(D, i8) DEF_COPY(D, i16) DEF_COPY(D, i32) DEF_COPY(D, i64) \
    DEF_COPY(D, f16) DEF_COPY(D, f32) DEF_COPY(D, f64) DEF_COPY(D, bool)
DEF_COPY_ROW(u8) DEF_COPY_ROW(i8) DEF_COPY_ROW(i16) DEF_COPY_ROW(i32) DEF_COPY_ROW(i64)
DEF_COPY_ROW(f16) DEF_COPY_ROW(f32) DEF_COPY_ROW(f64) DEF_COPY_ROW(bool)

#define COPY_ROW(D) {copy_##D##_u8, copy_##D##_i8, copy_##D##_i16, copy_##D##_i32, copy_##D##_i64, \
                     copy_##D##_f16, copy_##D##_f32, copy_##D##_f64, copy_##D##_bool}
static const tc_inner_fn copy_table[TC_NUM_DTYPES][TC_NUM_DTYPES] = {
    COPY_ROW(u8), COPY_ROW(i8), COPY_ROW(i16), COPY_ROW(i32), COPY_ROW(i64),
    COPY_ROW(f16), COPY_ROW(f32), COPY_ROW(f64), COPY_ROW(bool)};

/* same dtype: memcpy of each run when both sides are dense in it */
static void copy_same(char **p, const int64_t *st, int64_t n, void *ctx) {
    int64_t es = *(const int64_t *)ctx;
    if (st[0] == es && st[1] == es) {
        memmove(p[0], p[1], (size_t)(n * es));
        return;
    }
    char *d = p[0];
    const char *s = p[1];
    switch (es) {
    case 1: for (int64_t i = 0; i < n; i++, d += st[0], s += st[1]) *(uint8_t *)d = *(const uint8_t *)s; break;
    case 2: for (int64_t i = 0; i < n; i++, d += st[0], s += st[1]) *(uint16_t *)d = *(const uint16_t *)s; break;
    case 4: for (int64_t i = 0; i < n; i++, d += st[0], s += st[1]) *(uint32_t *)d = *(const uint32_t *)s; break;
    default: for (int64_t i = 0; i < n; i++, d += st[0], s += st[1]) *(uint64_t *)d = *(const uint64_t *)s; break;
    }
}

static int overlaps(const tc_tensor *a, const tc_tensor *b) {
    return a->storage && a->storage == b->storage;
}

int tc_copy(tc_tensor *dst, const tc_tensor *src) {
    if (!dst || !src) return tc_fail("copy: tensor is NULL");
    if (dst == src) return 0;
    /* Copying between overlapping views of one storage goes through a temporary. */
    tc_tensor *tmp = NULL;
    if (overlaps(dst, src) && !(dst->offset == src->offset && tc_tensor_same_shape(dst, src) &&
                                !memcmp(dst->strides, src->strides, sizeof(int64_t) * dst->ndim))) {
        tmp = tc_tensor_clone(src);
        if (!tmp) return -1;
        src = tmp;
    }
    tc_tensor *ops[2] = {dst, (tc_tensor *)src};
    tc_iter it;
    int r = tc_iter_init(&it, 2, ops, "copy");
    if (r == 0) {
        if (dst->dtype == src->dtype) {
            int64_t es = tc_dtype_size(dst->dtype);
            tc_iter_run(&it, copy_same, &es, 1);
        } else {
            tc_iter_run(&it, copy_table[dst->dtype][src->dtype], NULL, 1);
        }
        tc_iter_free(&it);
    }
    tc_tensor_release(tmp);
    return r;
}

tc_tensor *tc_tensor_clone(const tc_tensor *src) {
    if (!src) return tc_fail_null("clone: tensor is NULL");
    tc_tensor *t = tc_tensor_empty(src->dtype, src->ndim, src->sizes);
    if (!t) return NULL;
    if (tc_tensor_numel(src) > 0 && tc_copy(t, src)) {
        tc_tensor_release(t);
        return NULL;
    }
    return t;
}

tc_tensor *tc_tensor_contiguous(tc_tensor *src) {
    if (!src) return tc_fail_null("contiguous: tensor is NULL");
    if (tc_tensor_is_contiguous(src)) {
        tc_tensor_retain(src);
        return src;
    }
    return tc_tensor_clone(src);
}

tc_tensor *tc_tensor_to_dtype(const tc_tensor *src, int dtype) {
    if (!src) return tc_fail_null("to_dtype: tensor is NULL");
    tc_tensor *t = tc_tensor_empty(dtype, src->ndim, src->sizes);
    if (!t) return NULL;
    if (tc_tensor_numel(src) > 0 && tc_copy(t, src)) {
        tc_tensor_release(t);
        return NULL;
    }
    return t;
}

/* ---- fill ------------------------------------------------------------------------------------------ */
typedef struct { char value[8]; int64_t es; } fill_ctx;

static void fill_inner(char **p, const int64_t *st, int64_t n, void *vctx) {
    const fill_ctx *c = vctx;
    char *d = p[0];
    switch (c->es) {
    case 1: {
        uint8_t v = *(const uint8_t *)c->value;
        if (st[0] == 1) { memset(d, v, (size_t)n); return; }
        for (int64_t i = 0; i < n; i++, d += st[0]) *(uint8_t *)d = v;
        break;
    }
    case 2: { uint16_t v; memcpy(&v, c->value, 2); for (int64_t i = 0; i < n; i++, d += st[0]) *(uint16_t *)d = v; break; }
    case 4: {
        uint32_t v; memcpy(&v, c->value, 4);
        if (st[0] == 4) { uint32_t *q = (uint32_t *)d; for (int64_t i = 0; i < n; i++) q[i] = v; return; }
        for (int64_t i = 0; i < n; i++, d += st[0]) *(uint32_t *)d = v;
        break;
    }
    default: {
        uint64_t v; memcpy(&v, c->value, 8);
        if (st[0] == 8) { uint64_t *q = (uint64_t *)d; for (int64_t i = 0; i < n; i++) q[i] = v; return; }
        for (int64_t i = 0; i < n; i++, d += st[0]) *(uint64_t *)d = v;
        break;
    }
    }
}

static int fill_bytes(tc_tensor *t, const fill_ctx *c) {
    tc_iter it;
    if (tc_iter_init(&it, 1, &t, "fill")) return -1;
    tc_iter_run(&it, fill_inner, (void *)c, 1);
    tc_iter_free(&it);
    return 0;
}

int tc_fill(tc_tensor *t, double value) {
    if (!t) return tc_fail("fill: tensor is NULL");
    fill_ctx c;
    memset(&c, 0, sizeof c);
    c.es = tc_dtype_size(t->dtype);
    tc_write_from_double(c.value, t->dtype, value);
    return fill_bytes(t, &c);
}

int tc_fill_int(tc_tensor *t, int64_t value) {
    if (!t) return tc_fail("fill: tensor is NULL");
    fill_ctx c;
    memset(&c, 0, sizeof c);
    c.es = tc_dtype_size(t->dtype);
    tc_write_from_int64(c.value, t->dtype, value);
    return fill_bytes(t, &c);
}

int tc_zero(tc_tensor *t) { return tc_fill_int(t, 0); }

static int flat_offset(const tc_tensor *t, int64_t index, int64_t *off, const char *fn) {
    if (!t) return tc_fail("%s: tensor is NULL", fn);
    int64_t n = tc_tensor_numel(t);
    if (index < 0 || index >= n)
        return tc_fail("%s: index %lld out of range for a tensor of %lld elements", fn, (long long)index, (long long)n);
    int64_t o = t->offset;
    for (int d = t->ndim - 1; d >= 0; d--) {
        o += (index % t->sizes[d]) * t->strides[d];
        index /= t->sizes[d];
    }
    *off = o;
    return 0;
}

int tc_get_flat(const tc_tensor *t, int64_t index, double *out) {
    int64_t o;
    if (flat_offset(t, index, &o, "get")) return -1;
    *out = tc_read_as_double((char *)t->storage->data + o * tc_dtype_size(t->dtype), t->dtype);
    return 0;
}

int tc_set_flat(tc_tensor *t, int64_t index, double value) {
    int64_t o;
    if (flat_offset(t, index, &o, "set")) return -1;
    tc_write_from_double((char *)t->storage->data + o * tc_dtype_size(t->dtype), t->dtype, value);
    return 0;
}
