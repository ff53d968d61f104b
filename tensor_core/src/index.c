/* index.c -- indexing kernels: index_select/copy/add/fill, gather/scatter, masks, nonzero, take/put.
 *
 * The kernels ride on the N-ary iterator.  For slice ops (index_*) the operands are the tensors
 * with the indexed dimension selected at 0, so the iterator walks "every other dimension" and the
 * inner loop steps along the indexed dimension itself.  For gather/scatter the tensor being
 * indexed is presented with the index's sizes and a zero stride along `dim`; the inner loop adds
 * index * stride.  Indices are validated in a first pass, before anything is written.
 */
#include <stdio.h>
#include "tc_internal.h"

/* ---- helpers --------------------------------------------------------------------------------------- */

static inline void move_elem(char *d, const char *s, int64_t es) {
    switch (es) {
    case 1: *(uint8_t *)d = *(const uint8_t *)s; break;
    case 2: *(uint16_t *)d = *(const uint16_t *)s; break;
    case 4: *(uint32_t *)d = *(const uint32_t *)s; break;
    default: *(uint64_t *)d = *(const uint64_t *)s; break;
    }
}

static int shares_storage(const tc_tensor *a, const tc_tensor *b) {
    return a && b && a->storage && a->storage == b->storage;
}

static int accumulable(int dtype) { return dtype != TC_FLOAT16 && dtype != TC_BOOL; }

static int check_index_tensor(const char *fn, const tc_tensor *index) {
    if (!index) return tc_fail("%s: argument 'index' is NULL", fn);
    if (index->dtype != TC_INT64)
        return tc_fail("%s: index must be an int64 (Long) tensor, got %s", fn, tc_dtype_name(index->dtype));
    return 0;
}

/* Reads every index (row-major order) relative to index_base into a 0-based array, checking it
 * against `size`.  negative_wraps: a negative index (0-based callers) counts from the end.
 * Returns NULL on error; *count receives the number of indices. */
static int64_t *load_indices(const char *fn, const tc_tensor *index, int64_t size, int64_t base, int dim,
                             int negative_wraps, int64_t *count) {
    int64_t n = tc_tensor_numel(index);
    *count = n;
    int64_t *out = malloc(sizeof(int64_t) * (size_t)TC_MAX(n, 1));
    if (!out) return tc_fail_null("%s: out of memory", fn);
    if (n == 0) return out;
    tc_tensor *c = tc_tensor_contiguous((tc_tensor *)index);
    if (!c) { free(out); return NULL; }
    const int64_t *p = tc_tensor_data(c);
    for (int64_t i = 0; i < n; i++) {
        int64_t v = p[i] - base;
        if (negative_wraps && v < 0) v += size;
        if (v < 0 || v >= size) {
            if (dim >= 0)
                tc_fail("%s: index %lld out of range for dimension %d (of size %lld) at position %lld", fn,
                        (long long)p[i], dim + (int)base, (long long)size, (long long)(i + base));
            else
                tc_fail("%s: index %lld out of range for a tensor of %lld elements at position %lld", fn,
                        (long long)p[i], (long long)size, (long long)(i + base));
            tc_tensor_release(c);
            free(out);
            return NULL;
        }
        out[i] = v;
    }
    tc_tensor_release(c);
    return out;
}

/* A handle on t's memory with another shape (stack copy, not reference counted): used to show
 * the iterator a tensor through the index's sizes. */
static tc_tensor restrided(const tc_tensor *t, int ndim, const int64_t *sizes, int zero_dim) {
    tc_tensor v = *t;
    v.ndim = ndim;
    for (int d = 0; d < ndim; d++) {
        v.sizes[d] = sizes[d];
        v.strides[d] = d == zero_dim ? 0 : t->strides[d];
    }
    return v;
}

/* t with dimension dim selected at 0 (stack copy); t->sizes[dim] must be >= 1. */
static tc_tensor selected(const tc_tensor *t, int dim) {
    tc_tensor v = *t;
    for (int d = dim; d < t->ndim - 1; d++) {
        v.sizes[d] = t->sizes[d + 1];
        v.strides[d] = t->strides[d + 1];
    }
    v.ndim = t->ndim - 1;
    return v;
}

static void value_bytes(char *buf, int dtype, double value) {
    memset(buf, 0, 8);
    tc_write_from_double(buf, dtype, value);
}

/* ---- slices along a dimension ---------------------------------------------------------------------- */

typedef struct {
    const int64_t *idx;
    int64_t nidx;
    int64_t dstride0, dstride1; /* byte strides along the indexed dim of operand 0 and 1 */
    int64_t es;
    double alpha;
    char value[8];
} slice_ctx;

/* operand 0 = out (position i), operand 1 = src (position idx[i]) */
static void select_inner(char **p, const int64_t *st, int64_t n, void *vc) {
    const slice_ctx *c = vc;
    for (int64_t i = 0; i < c->nidx; i++) {
        char *o = p[0] + i * c->dstride0;
        const char *s = p[1] + c->idx[i] * c->dstride1;
        if (st[0] == c->es && st[1] == c->es) { memcpy(o, s, (size_t)(n * c->es)); continue; }
        for (int64_t j = 0; j < n; j++) move_elem(o + j * st[0], s + j * st[1], c->es);
    }
}

/* operand 0 = dst (position idx[i]), operand 1 = src (position i) */
static void copy_inner(char **p, const int64_t *st, int64_t n, void *vc) {
    const slice_ctx *c = vc;
    for (int64_t i = 0; i < c->nidx; i++) {
        char *o = p[0] + c->idx[i] * c->dstride0;
        const char *s = p[1] + i * c->dstride1;
        if (st[0] == c->es && st[1] == c->es) { memmove(o, s, (size_t)(n * c->es)); continue; }
        for (int64_t j = 0; j < n; j++) move_elem(o + j * st[0], s + j * st[1], c->es);
    }
}

static void fill_inner(char **p, const int64_t *st, int64_t n, void *vc) {
    const slice_ctx *c = vc;
    for (int64_t i = 0; i < c->nidx; i++) {
        char *o = p[0] + c->idx[i] * c->dstride0;
        for (int64_t j = 0; j < n; j++) move_elem(o + j * st[0], c->value, c->es);
    }
}

/* accumulation: integers add alpha as an integer (PyTorch requires integral alpha for them) */
#define DEFINE_ADD_INNER(sfx, T, DT, F)                                                     \
    static void add_inner_##sfx(char **p, const int64_t *st, int64_t n, void *vc) {        \
        const slice_ctx *c = vc;                                                            \
        for (int64_t i = 0; i < c->nidx; i++) {                                             \
            char *o = p[0] + c->idx[i] * c->dstride0;                                       \
            const char *s = p[1] + i * c->dstride1;                                         \
            if (F) {                                                                        \
                T a = (T)c->alpha;                                                          \
                for (int64_t j = 0; j < n; j++)                                             \
                    *(T *)(o + j * st[0]) += a * *(const T *)(s + j * st[1]);               \
            } else {                                                                        \
                uint64_t a = (uint64_t)(int64_t)c->alpha;                                   \
                for (int64_t j = 0; j < n; j++) {                                           \
                    T *d = (T *)(o + j * st[0]);                                            \
                    *d = (T)((uint64_t)(int64_t)*d + a * (uint64_t)(int64_t)*(const T *)(s + j * st[1])); \
                }                                                                           \
            }                                                                               \
        }                                                                                   \
    }
TC_FOR_ARITH_TYPES(DEFINE_ADD_INNER)

static tc_inner_fn add_inner_for(int dtype) {
    switch (dtype) {
#define CASE_ADD(sfx, T, DT, F) case DT: return add_inner_##sfx;
    TC_FOR_ARITH_TYPES(CASE_ADD)
#undef CASE_ADD
    }
    return NULL;
}

/* Runs `inner` over every position of the dims other than `dim` (a: operand 0, b: operand 1 or NULL). */
static int run_slices(const char *fn, tc_tensor *a, tc_tensor *b, int dim, tc_inner_fn inner, slice_ctx *c) {
    tc_tensor va = selected(a, dim), vb;
    tc_tensor *ops[2] = {&va, NULL};
    int nops = 1;
    c->dstride0 = a->strides[dim] * c->es;
    if (b) {
        vb = selected(b, dim);
        ops[1] = &vb;
        c->dstride1 = b->strides[dim] * c->es;
        nops = 2;
    }
    tc_iter it;
    if (tc_iter_init(&it, nops, ops, fn)) return -1;
    tc_iter_run(&it, inner, c, 1);
    tc_iter_free(&it);
    return 0;
}

static int check_1d_index(const char *fn, const tc_tensor *index) {
    if (check_index_tensor(fn, index)) return -1;
    if (index->ndim > 1) return tc_fail("%s: index must be a vector (1-D), got %d dimensions", fn, index->ndim);
    return 0;
}

int tc_index_select(tc_tensor *out, const tc_tensor *src, int dim, const tc_tensor *index, int64_t index_base) {
    const char *fn = "index_select";
    if (!out) return tc_fail("%s: argument 'out' is NULL", fn);
    if (!src) return tc_fail("%s: argument 'src' is NULL", fn);
    if (check_1d_index(fn, index)) return -1;
    if (src->ndim == 0) return tc_fail("%s: src must have at least one dimension", fn);
    if (out->dtype != src->dtype)
        return tc_fail("%s: out is %s but src is %s", fn, tc_dtype_name(out->dtype), tc_dtype_name(src->dtype));
    if ((dim = tc_normalize_dim(dim, src->ndim, fn)) < 0) return -1;
    int64_t n;
    int64_t *idx = load_indices(fn, index, src->sizes[dim], index_base, dim, 0, &n);
    if (!idx) return -1;
    int64_t sizes[TC_MAX_DIMS];
    memcpy(sizes, src->sizes, sizeof(int64_t) * src->ndim);
    sizes[dim] = n;
    int alias = shares_storage(out, src);
    tc_tensor *target = alias ? tc_tensor_empty(out->dtype, src->ndim, sizes) : out;
    int rc = target ? 0 : -1;
    if (!alias && rc == 0) rc = tc_tensor_resize(out, src->ndim, sizes);
    if (rc == 0 && tc_shape_numel(src->ndim, sizes) > 0) {
        slice_ctx c = {idx, n, 0, 0, tc_dtype_size(src->dtype), 0, {0}};
        rc = run_slices(fn, target, (tc_tensor *)src, dim, select_inner, &c);
    }
    if (alias && target) {
        if (rc == 0) rc = tc_tensor_resize(out, src->ndim, sizes);
        if (rc == 0) rc = tc_copy(out, target);
        tc_tensor_release(target);
    }
    free(idx);
    return rc;
}

/* Shared checks of index_copy / index_add: src is dst with `dim` resized to the index count. */
static int check_slice_source(const char *fn, const tc_tensor *dst, int dim, int64_t n, const tc_tensor *src) {
    if (!src) return tc_fail("%s: argument 'src' is NULL", fn);
    if (src->dtype != dst->dtype)
        return tc_fail("%s: dst is %s but src is %s", fn, tc_dtype_name(dst->dtype), tc_dtype_name(src->dtype));
    int ok = src->ndim == dst->ndim || (dst->ndim == 1 && src->ndim == 0 && n == 1);
    for (int d = 0; ok && d < src->ndim; d++)
        if (src->sizes[d] != (d == dim ? n : dst->sizes[d])) ok = 0;
    if (!ok) {
        char buf[256];
        size_t u = 0;
        buf[0] = 0;
        for (int d = 0; d < src->ndim && u < sizeof buf; d++)
            u += snprintf(buf + u, sizeof buf - u, d ? " x %lld" : "%lld", (long long)src->sizes[d]);
        return tc_fail("%s: src has shape [%s]; expected dst's shape with dimension %d of size %lld (the index count)",
                       fn, buf, dim, (long long)n);
    }
    return 0;
}

static int index_copy_or_add(const char *fn, tc_tensor *dst, int dim, const tc_tensor *index, const tc_tensor *src,
                             double alpha, int add, int64_t index_base) {
    if (!dst) return tc_fail("%s: argument 'dst' is NULL", fn);
    if (check_1d_index(fn, index)) return -1;
    if (dst->ndim == 0) return tc_fail("%s: dst must have at least one dimension", fn);
    if ((dim = tc_normalize_dim(dim, dst->ndim, fn)) < 0) return -1;
    if (add && !accumulable(dst->dtype)) return tc_fail("%s: dtype %s is not supported", fn, tc_dtype_name(dst->dtype));
    int64_t n;
    int64_t *idx = load_indices(fn, index, dst->sizes[dim], index_base, dim, 0, &n);
    if (!idx) return -1;
    int rc = check_slice_source(fn, dst, dim, n, src);
    tc_tensor *s = NULL;
    if (rc == 0 && shares_storage(dst, src)) {
        s = tc_tensor_clone(src);
        if (!s) rc = -1;
    }
    if (rc == 0 && n > 0 && tc_tensor_numel(dst) > 0) {
        tc_tensor srcv = *(s ? s : src);
        if (srcv.ndim == 0) { srcv.ndim = 1; srcv.sizes[0] = 1; srcv.strides[0] = 1; }
        slice_ctx c = {idx, n, 0, 0, tc_dtype_size(dst->dtype), alpha, {0}};
        rc = run_slices(fn, dst, &srcv, dim, add ? add_inner_for(dst->dtype) : copy_inner, &c);
    }
    tc_tensor_release(s);
    free(idx);
    return rc;
}

int tc_index_copy(tc_tensor *dst, int dim, const tc_tensor *index, const tc_tensor *src, int64_t index_base) {
    return index_copy_or_add("index_copy", dst, dim, index, src, 1.0, 0, index_base);
}

int tc_index_add(tc_tensor *dst, int dim, const tc_tensor *index, const tc_tensor *src, double alpha,
                 int64_t index_base) {
    return index_copy_or_add("index_add", dst, dim, index, src, alpha, 1, index_base);
}

int tc_index_fill(tc_tensor *dst, int dim, const tc_tensor *index, double value, int64_t index_base) {
    const char *fn = "index_fill";
    if (!dst) return tc_fail("%s: argument 'dst' is NULL", fn);
    if (check_1d_index(fn, index)) return -1;
    tc_tensor d1 = *dst;
    if (d1.ndim == 0) { d1.ndim = 1; d1.sizes[0] = 1; d1.strides[0] = 1; }  /* PyTorch: a scalar has one slot */
    if ((dim = tc_normalize_dim(dim, d1.ndim, fn)) < 0) return -1;
    int64_t n;
    int64_t *idx = load_indices(fn, index, d1.sizes[dim], index_base, dim, 0, &n);
    if (!idx) return -1;
    int rc = 0;
    if (n > 0 && tc_tensor_numel(dst) > 0) {
        slice_ctx c = {idx, n, 0, 0, tc_dtype_size(dst->dtype), 0, {0}};
        value_bytes(c.value, dst->dtype, value);
        rc = run_slices(fn, &d1, NULL, dim, fill_inner, &c);
    }
    free(idx);
    return rc;
}

/* ---- gather / scatter ------------------------------------------------------------------------------- */

typedef struct {
    int64_t dstride; /* bytes along dim of the tensor being indexed */
    int64_t base;
    int64_t es;
    char value[8];
} gs_ctx;

/* The element moves are specialised by element size, with the context read into locals first:
 * writes through char pointers could alias it, which would otherwise force reloads per element. */
#define DEFINE_GS_INNER(W, UT)                                                                       \
    /* ops: out, index, src (src seen through index's sizes, zero stride along dim) */              \
    static void gather_inner_##W(char **p, const int64_t *st, int64_t n, void *vc) {                \
        const gs_ctx *c = vc;                                                                        \
        const int64_t ds = c->dstride, base = c->base, s0 = st[0], s1 = st[1], s2 = st[2];           \
        char *o = p[0];                                                                              \
        const char *ix = p[1], *sp = p[2];                                                           \
        for (int64_t j = 0; j < n; j++) {                                                            \
            int64_t i = *(const int64_t *)(ix + j * s1) - base;                                      \
            *(UT *)(o + j * s0) = *(const UT *)(sp + j * s2 + i * ds);                               \
        }                                                                                            \
    }                                                                                                \
    /* ops: dst (zero stride along dim), index, src */                                               \
    static void scatter_inner_##W(char **p, const int64_t *st, int64_t n, void *vc) {               \
        const gs_ctx *c = vc;                                                                        \
        const int64_t ds = c->dstride, base = c->base, s0 = st[0], s1 = st[1], s2 = st[2];           \
        char *d = p[0];                                                                              \
        const char *ix = p[1], *sp = p[2];                                                           \
        for (int64_t j = 0; j < n; j++) {                                                            \
            int64_t i = *(const int64_t *)(ix + j * s1) - base;                                      \
            *(UT *)(d + j * s0 + i * ds) = *(const UT *)(sp + j * s2);                               \
        }                                                                                            \
    }                                                                                                \
    static void scatter_value_inner_##W(char **p, const int64_t *st, int64_t n, void *vc) {         \
        const gs_ctx *c = vc;                                                                        \
        const int64_t ds = c->dstride, base = c->base, s0 = st[0], s1 = st[1];                       \
        UT v;                                                                                        \
        memcpy(&v, c->value, sizeof v);                                                              \
        char *d = p[0];                                                                              \
        const char *ix = p[1];                                                                       \
        for (int64_t j = 0; j < n; j++) {                                                            \
            int64_t i = *(const int64_t *)(ix + j * s1) - base;                                      \
            *(UT *)(d + j * s0 + i * ds) = v;                                                        \
        }                                                                                            \
    }
DEFINE_GS_INNER(1, uint8_t)
DEFINE_GS_INNER(2, uint16_t)
DEFINE_GS_INNER(4, uint32_t)
DEFINE_GS_INNER(8, uint64_t)

static tc_inner_fn gs_pick(int64_t es, tc_inner_fn f1, tc_inner_fn f2, tc_inner_fn f4, tc_inner_fn f8) {
    return es == 1 ? f1 : es == 2 ? f2 : es == 4 ? f4 : f8;
}
#define GS_PICK(name, es) gs_pick(es, name##_1, name##_2, name##_4, name##_8)

#define DEFINE_SCATTER_ADD(sfx, T, DT, F)                                                   \
    static void scatter_add_##sfx(char **p, const int64_t *st, int64_t n, void *vc) {      \
        const gs_ctx *c = vc;                                                               \
        for (int64_t j = 0; j < n; j++) {                                                   \
            int64_t i = *(const int64_t *)(p[1] + j * st[1]) - c->base;                     \
            T *d = (T *)(p[0] + j * st[0] + i * c->dstride);                                \
            *d = (T)(*d + *(const T *)(p[2] + j * st[2]));                                  \
        }                                                                                   \
    }
TC_FOR_ARITH_TYPES(DEFINE_SCATTER_ADD)

/* Index checks for gather/scatter: same ndim, sizes within `limit` (and `limit2`) on the other dims,
 * every value inside limit->sizes[dim]. */
static int check_gs_index(const char *fn, const tc_tensor *index, int dim, const tc_tensor *limit,
                          const tc_tensor *limit2, int64_t base) {
    if (check_index_tensor(fn, index)) return -1;
    int nd = TC_MAX(limit->ndim, 1);
    if (TC_MAX(index->ndim, 1) != nd)
        return tc_fail("%s: index must have as many dimensions as the tensor (%d), got %d", fn, limit->ndim,
                       index->ndim);
    for (int d = 0; d < index->ndim; d++) {
        if (d == dim) continue;
        const tc_tensor *ls[2] = {limit, limit2};
        for (int k = 0; k < 2; k++)
            if (ls[k] && ls[k]->ndim > 0 && index->sizes[d] > ls[k]->sizes[d])
                return tc_fail("%s: index size %lld exceeds the size %lld of dimension %d of the %s", fn,
                               (long long)index->sizes[d], (long long)ls[k]->sizes[d], d + (int)base,
                               k == 0 ? "indexed tensor" : "source");
    }
    int64_t n;
    int64_t *idx = load_indices(fn, index, limit->ndim ? limit->sizes[dim] : 1, base, dim, 0, &n);
    if (!idx) return -1;
    free(idx);
    return 0;
}

static int64_t index_sizes(const tc_tensor *index, int64_t *sizes) {
    if (index->ndim == 0) { sizes[0] = 1; return 1; }
    memcpy(sizes, index->sizes, sizeof(int64_t) * index->ndim);
    return index->ndim;
}

int tc_gather(tc_tensor *out, const tc_tensor *src, int dim, const tc_tensor *index, int64_t index_base) {
    const char *fn = "gather";
    if (!out) return tc_fail("%s: argument 'out' is NULL", fn);
    if (!src) return tc_fail("%s: argument 'src' is NULL", fn);
    if (out->dtype != src->dtype)
        return tc_fail("%s: out is %s but src is %s", fn, tc_dtype_name(out->dtype), tc_dtype_name(src->dtype));
    if ((dim = tc_normalize_dim(dim, TC_MAX(src->ndim, 1), fn)) < 0) return -1;
    if (check_gs_index(fn, index, dim, src, NULL, index_base)) return -1;
    tc_tensor *target = out;
    int alias = shares_storage(out, src) || shares_storage(out, index);
    if (alias && !(target = tc_tensor_empty(out->dtype, index->ndim, index->sizes))) return -1;
    int rc = alias ? 0 : tc_tensor_resize(out, index->ndim, index->sizes);
    if (rc == 0 && tc_tensor_numel(index) > 0) {
        int64_t sizes[TC_MAX_DIMS];
        int nd = (int)index_sizes(index, sizes);
        tc_tensor s1 = *src, t1 = *target, i1 = *index;
        if (src->ndim == 0) { s1.ndim = 1; s1.sizes[0] = 1; s1.strides[0] = 1; }
        if (index->ndim == 0) { t1.ndim = i1.ndim = 1; t1.sizes[0] = i1.sizes[0] = 1; t1.strides[0] = i1.strides[0] = 1; }
        tc_tensor sv = restrided(&s1, nd, sizes, dim);
        tc_tensor *ops[3] = {&t1, &i1, &sv};
        gs_ctx c = {s1.strides[dim] * tc_dtype_size(src->dtype), index_base, tc_dtype_size(src->dtype), {0}};
        tc_iter it;
        rc = tc_iter_init(&it, 3, ops, fn);
        if (rc == 0) {
            tc_iter_run(&it, GS_PICK(gather_inner, c.es), &c, 1);
            tc_iter_free(&it);
        }
    }
    if (alias) {
        if (rc == 0) rc = tc_tensor_resize(out, index->ndim, index->sizes);
        if (rc == 0) rc = tc_copy(out, target);
        tc_tensor_release(target);
    }
    return rc;
}

/* kind: 0 scatter src, 1 scatter value, 2 scatter_add */
static int scatter_any(const char *fn, tc_tensor *dst, int dim, const tc_tensor *index, const tc_tensor *src,
                       double value, int kind, int64_t index_base) {
    if (!dst) return tc_fail("%s: argument 'dst' is NULL", fn);
    if (kind != 1) {
        if (!src) return tc_fail("%s: argument 'src' is NULL", fn);
        if (src->dtype != dst->dtype)
            return tc_fail("%s: dst is %s but src is %s", fn, tc_dtype_name(dst->dtype), tc_dtype_name(src->dtype));
    }
    if (kind == 2 && !accumulable(dst->dtype)) return tc_fail("%s: dtype %s is not supported", fn, tc_dtype_name(dst->dtype));
    if ((dim = tc_normalize_dim(dim, TC_MAX(dst->ndim, 1), fn)) < 0) return -1;
    if (check_gs_index(fn, index, dim, dst, kind != 1 ? src : NULL, index_base)) return -1;
    if (kind != 1 && TC_MAX(src->ndim, 1) != TC_MAX(index->ndim, 1))
        return tc_fail("%s: src must have as many dimensions as index (%d), got %d", fn, index->ndim, src->ndim);
    if (kind != 1 && index->ndim > 0 && src->sizes[dim] < index->sizes[dim])
        return tc_fail("%s: index size %lld exceeds the size %lld of dimension %d of the source", fn,
                       (long long)index->sizes[dim], (long long)src->sizes[dim], dim + (int)index_base);
    if (tc_tensor_numel(index) == 0) return 0;
    tc_tensor *sc = NULL, *ic = NULL;
    if (kind != 1 && shares_storage(dst, src) && !(sc = tc_tensor_clone(src))) return -1;
    if (shares_storage(dst, index) && !(ic = tc_tensor_clone(index))) { tc_tensor_release(sc); return -1; }
    int64_t sizes[TC_MAX_DIMS];
    int nd = (int)index_sizes(index, sizes);
    tc_tensor d1 = *dst, i1 = *(ic ? ic : index), s1 = *(kind != 1 ? (sc ? sc : src) : dst);
    if (d1.ndim == 0) { d1.ndim = 1; d1.sizes[0] = 1; d1.strides[0] = 1; }
    if (i1.ndim == 0) { i1.ndim = 1; i1.sizes[0] = 1; i1.strides[0] = 1; }
    if (s1.ndim == 0) { s1.ndim = 1; s1.sizes[0] = 1; s1.strides[0] = 1; }
    tc_tensor dv = restrided(&d1, nd, sizes, dim), sv = restrided(&s1, nd, sizes, -1);
    tc_tensor *ops[3] = {&dv, &i1, &sv};
    gs_ctx c = {d1.strides[dim] * tc_dtype_size(dst->dtype), index_base, tc_dtype_size(dst->dtype), {0}};
    value_bytes(c.value, dst->dtype, value);
    tc_inner_fn inner = GS_PICK(scatter_inner, c.es);
    if (kind == 1) inner = GS_PICK(scatter_value_inner, c.es);
    if (kind == 2) {
        switch (dst->dtype) {
#define CASE_SA(sfx, T, DT, F) case DT: inner = scatter_add_##sfx; break;
        TC_FOR_ARITH_TYPES(CASE_SA)
#undef CASE_SA
        }
    }
    tc_iter it;
    int rc = tc_iter_init(&it, kind == 1 ? 2 : 3, ops, fn);
    if (rc == 0) {
        tc_iter_run(&it, inner, &c, 0);  /* serial: duplicate indices must apply in order */
        tc_iter_free(&it);
    }
    tc_tensor_release(sc);
    tc_tensor_release(ic);
    return rc;
}

int tc_scatter(tc_tensor *dst, int dim, const tc_tensor *index, const tc_tensor *src, int64_t index_base) {
    return scatter_any("scatter", dst, dim, index, src, 0, 0, index_base);
}

int tc_scatter_value(tc_tensor *dst, int dim, const tc_tensor *index, double value, int64_t index_base) {
    return scatter_any("scatter", dst, dim, index, NULL, value, 1, index_base);
}

int tc_scatter_add(tc_tensor *dst, int dim, const tc_tensor *index, const tc_tensor *src, int64_t index_base) {
    return scatter_any("scatter_add", dst, dim, index, src, 0, 2, index_base);
}

/* ---- masks --------------------------------------------------------------------------------------------- */

static int check_mask(const char *fn, const tc_tensor *mask, const tc_tensor *data) {
    if (!mask) return tc_fail("%s: argument 'mask' is NULL", fn);
    if (mask->dtype != TC_UINT8 && mask->dtype != TC_BOOL)
        return tc_fail("%s: mask must be a uint8 (Byte) or bool tensor, got %s", fn, tc_dtype_name(mask->dtype));
    if (tc_tensor_numel(mask) != tc_tensor_numel(data))
        return tc_fail("%s: mask has %lld elements but the tensor has %lld", fn, (long long)tc_tensor_numel(mask),
                       (long long)tc_tensor_numel(data));
    return 0;
}

static void count_inner(char **p, const int64_t *st, int64_t n, void *vc) {
    int64_t *count = vc, k = 0;
    for (int64_t j = 0; j < n; j++) k += *(const uint8_t *)(p[0] + j * st[0]) != 0;
    *count += k;
}

static int count_mask(const char *fn, const tc_tensor *mask, int64_t *count) {
    *count = 0;
    if (tc_tensor_numel(mask) == 0) return 0;
    tc_tensor *ops[1] = {(tc_tensor *)mask};
    tc_iter it;
    if (tc_iter_init(&it, 1, ops, fn)) return -1;
    tc_iter_run(&it, count_inner, count, 0);
    tc_iter_free(&it);
    return 0;
}

typedef struct {
    char *cursor; /* next output / input element (contiguous) */
    int64_t es;
    char value[8];
} mask_ctx;

/* ops: src, mask -> appends to cursor */
static void mselect_inner(char **p, const int64_t *st, int64_t n, void *vc) {
    mask_ctx *c = vc;
    for (int64_t j = 0; j < n; j++)
        if (*(const uint8_t *)(p[1] + j * st[1])) {
            move_elem(c->cursor, p[0] + j * st[0], c->es);
            c->cursor += c->es;
        }
}

/* ops: dst, mask <- consumes cursor */
static void mscatter_inner(char **p, const int64_t *st, int64_t n, void *vc) {
    mask_ctx *c = vc;
    for (int64_t j = 0; j < n; j++)
        if (*(const uint8_t *)(p[1] + j * st[1])) {
            move_elem(p[0] + j * st[0], c->cursor, c->es);
            c->cursor += c->es;
        }
}

static void mfill_inner(char **p, const int64_t *st, int64_t n, void *vc) {
    const mask_ctx *c = vc;
    for (int64_t j = 0; j < n; j++)
        if (*(const uint8_t *)(p[1] + j * st[1])) move_elem(p[0] + j * st[0], c->value, c->es);
}

static int run_mask(const char *fn, tc_tensor *data, const tc_tensor *mask, tc_inner_fn inner, mask_ctx *c,
                    int parallel) {
    if (tc_tensor_numel(data) == 0) return 0;
    tc_tensor *ops[2] = {data, (tc_tensor *)mask};
    tc_iter it;
    if (tc_iter_init(&it, 2, ops, fn)) return -1;
    tc_iter_run(&it, inner, c, parallel);
    tc_iter_free(&it);
    return 0;
}

int tc_masked_select(tc_tensor *out, const tc_tensor *src, const tc_tensor *mask) {
    const char *fn = "masked_select";
    if (!out) return tc_fail("%s: argument 'out' is NULL", fn);
    if (!src) return tc_fail("%s: argument 'src' is NULL", fn);
    if (out->dtype != src->dtype)
        return tc_fail("%s: out is %s but src is %s", fn, tc_dtype_name(out->dtype), tc_dtype_name(src->dtype));
    if (check_mask(fn, mask, src)) return -1;
    int64_t count;
    if (count_mask(fn, mask, &count)) return -1;
    int64_t es = tc_dtype_size(src->dtype);
    char *buf = malloc((size_t)TC_MAX(count * es, 1));
    if (!buf) return tc_fail("%s: out of memory", fn);
    mask_ctx c = {buf, es, {0}};
    int rc = run_mask(fn, (tc_tensor *)src, mask, mselect_inner, &c, 0);
    if (rc == 0) rc = tc_tensor_resize(out, 1, &count);
    if (rc == 0 && count > 0) {
        /* out may be a strided view: copy element by element from the packed buffer */
        char *o = tc_tensor_data(out);
        for (int64_t i = 0; i < count; i++) move_elem(o + i * out->strides[0] * es, buf + i * es, es);
    }
    free(buf);
    return rc;
}

int tc_masked_fill(tc_tensor *dst, const tc_tensor *mask, double value) {
    const char *fn = "masked_fill";
    if (!dst) return tc_fail("%s: argument 'dst' is NULL", fn);
    if (check_mask(fn, mask, dst)) return -1;
    tc_tensor *mc = NULL;
    if (shares_storage(dst, mask) && !(mc = tc_tensor_clone(mask))) return -1;
    mask_ctx c = {NULL, tc_dtype_size(dst->dtype), {0}};
    value_bytes(c.value, dst->dtype, value);
    int rc = run_mask(fn, dst, mc ? mc : mask, mfill_inner, &c, 1);
    tc_tensor_release(mc);
    return rc;
}

int tc_masked_scatter(tc_tensor *dst, const tc_tensor *mask, const tc_tensor *src) {
    const char *fn = "masked_scatter";
    if (!dst) return tc_fail("%s: argument 'dst' is NULL", fn);
    if (!src) return tc_fail("%s: argument 'src' is NULL", fn);
    if (src->dtype != dst->dtype)
        return tc_fail("%s: dst is %s but src is %s", fn, tc_dtype_name(dst->dtype), tc_dtype_name(src->dtype));
    if (check_mask(fn, mask, dst)) return -1;
    int64_t count;
    if (count_mask(fn, mask, &count)) return -1;
    if (tc_tensor_numel(src) < count)
        return tc_fail("%s: src has %lld elements but the mask selects %lld", fn, (long long)tc_tensor_numel(src),
                       (long long)count);
    if (count == 0) return 0;
    tc_tensor *sc = shares_storage(dst, src) || !tc_tensor_is_contiguous(src) ? tc_tensor_clone(src)
                                                                              : (tc_tensor_retain((tc_tensor *)src), (tc_tensor *)src);
    tc_tensor *mc = NULL;
    int rc = sc ? 0 : -1;
    if (rc == 0 && shares_storage(dst, mask) && !(mc = tc_tensor_clone(mask))) rc = -1;
    if (rc == 0) {
        mask_ctx c = {tc_tensor_data(sc), tc_dtype_size(dst->dtype), {0}};
        rc = run_mask(fn, dst, mc ? mc : mask, mscatter_inner, &c, 0);
    }
    tc_tensor_release(sc);
    tc_tensor_release(mc);
    return rc;
}

/* ---- nonzero ------------------------------------------------------------------------------------------ */

#define DEFINE_NONZERO(sfx, T, DT, F)                                                            \
    static int64_t nonzero_flat_##sfx(const void *data, int64_t n, int64_t *flat) {             \
        const T *p = data;                                                                       \
        int64_t k = 0;                                                                           \
        for (int64_t i = 0; i < n; i++)                                                          \
            if (p[i] != 0) {                                                                     \
                if (flat) flat[k] = i;                                                           \
                k++;                                                                             \
            }                                                                                    \
        return k;                                                                                \
    }
TC_FOR_ARITH_TYPES(DEFINE_NONZERO)

static int64_t nonzero_flat_f16(const void *data, int64_t n, int64_t *flat) {
    const uint16_t *p = data;
    int64_t k = 0;
    for (int64_t i = 0; i < n; i++)
        if (p[i] & 0x7fff) {  /* +0 and -0 are zero */
            if (flat) flat[k] = i;
            k++;
        }
    return k;
}

int tc_nonzero(tc_tensor *out, const tc_tensor *src, int64_t index_base) {
    const char *fn = "nonzero";
    if (!out) return tc_fail("%s: argument 'out' is NULL", fn);
    if (!src) return tc_fail("%s: argument 'src' is NULL", fn);
    if (out->dtype != TC_INT64) return tc_fail("%s: out must be int64 (Long), got %s", fn, tc_dtype_name(out->dtype));
    int64_t n = tc_tensor_numel(src);
    tc_tensor *c = tc_tensor_contiguous((tc_tensor *)src);
    if (!c) return -1;
    int64_t (*scan)(const void *, int64_t, int64_t *) = nonzero_flat_f16;
    switch (src->dtype) {
#define CASE_NZ(sfx, T, DT, F) case DT: scan = nonzero_flat_##sfx; break;
    TC_FOR_ARITH_TYPES(CASE_NZ)
#undef CASE_NZ
    }
    const void *data = tc_tensor_data(c);
    int64_t count = n ? scan(data, n, NULL) : 0;
    int64_t *flat = malloc(sizeof(int64_t) * (size_t)TC_MAX(count, 1));
    int rc = flat ? 0 : tc_fail("%s: out of memory", fn);
    if (rc == 0 && count) scan(data, n, flat);
    int nd = src->ndim;
    int64_t osz[2] = {count, nd};
    if (rc == 0 && shares_storage(out, src)) rc = tc_fail("%s: out must not share memory with the input", fn);
    if (rc == 0) rc = tc_tensor_resize(out, 2, osz);
    if (rc == 0 && count && nd) {
        int64_t *o = tc_tensor_data(out);
        for (int64_t k = 0; k < count; k++) {
            int64_t rem = flat[k];
            for (int d = nd - 1; d >= 0; d--) {
                o[k * out->strides[0] + d * out->strides[1]] = rem % src->sizes[d] + index_base;
                rem /= src->sizes[d];
            }
        }
    }
    free(flat);
    tc_tensor_release(c);
    return rc;
}

/* ---- take / put ----------------------------------------------------------------------------------------- */

/* element offset (in elements, relative to the tensor's first element) of row-major element `flat` */
static inline int64_t flat_offset(const tc_tensor *t, int64_t flat) {
    int64_t off = 0;
    for (int d = t->ndim - 1; d >= 0; d--) {
        off += (flat % t->sizes[d]) * t->strides[d];
        flat /= t->sizes[d];
    }
    return off;
}

int tc_take(tc_tensor *out, const tc_tensor *src, const tc_tensor *index, int64_t index_base) {
    const char *fn = "take";
    if (!out) return tc_fail("%s: argument 'out' is NULL", fn);
    if (!src) return tc_fail("%s: argument 'src' is NULL", fn);
    if (check_index_tensor(fn, index)) return -1;
    if (out->dtype != src->dtype)
        return tc_fail("%s: out is %s but src is %s", fn, tc_dtype_name(out->dtype), tc_dtype_name(src->dtype));
    int64_t n, total = tc_tensor_numel(src);
    int64_t *idx = load_indices(fn, index, total, index_base, -1, index_base == 0, &n);
    if (!idx) return -1;
    int64_t es = tc_dtype_size(src->dtype);
    char *buf = malloc((size_t)TC_MAX(n * es, 1));
    int rc = buf ? 0 : tc_fail("%s: out of memory", fn);
    if (rc == 0) {
        const char *s = tc_tensor_data(src);
        for (int64_t i = 0; i < n; i++) move_elem(buf + i * es, s + flat_offset(src, idx[i]) * es, es);
        rc = tc_tensor_resize(out, index->ndim, index->sizes);
    }
    if (rc == 0 && n > 0) {
        char *o = tc_tensor_data(out);
        for (int64_t i = 0; i < n; i++) move_elem(o + flat_offset(out, i) * es, buf + i * es, es);
    }
    free(buf);
    free(idx);
    return rc;
}

int tc_put(tc_tensor *dst, const tc_tensor *index, const tc_tensor *src, int accumulate, int64_t index_base) {
    const char *fn = "put";
    if (!dst) return tc_fail("%s: argument 'dst' is NULL", fn);
    if (!src) return tc_fail("%s: argument 'src' is NULL", fn);
    if (check_index_tensor(fn, index)) return -1;
    if (src->dtype != dst->dtype)
        return tc_fail("%s: dst is %s but src is %s", fn, tc_dtype_name(dst->dtype), tc_dtype_name(src->dtype));
    if (accumulate && !accumulable(dst->dtype)) return tc_fail("%s: dtype %s cannot accumulate", fn, tc_dtype_name(dst->dtype));
    if (tc_tensor_numel(src) != tc_tensor_numel(index))
        return tc_fail("%s: src has %lld elements but index has %lld", fn, (long long)tc_tensor_numel(src),
                       (long long)tc_tensor_numel(index));
    int64_t n;
    int64_t *idx = load_indices(fn, index, tc_tensor_numel(dst), index_base, -1, index_base == 0, &n);
    if (!idx) return -1;
    tc_tensor *sc = tc_tensor_clone(src);  /* packed, and safe if src overlaps dst */
    int rc = sc ? 0 : -1;
    if (rc == 0 && n > 0) {
        int64_t es = tc_dtype_size(dst->dtype);
        char *d = tc_tensor_data(dst);
        const char *s = tc_tensor_data(sc);
        if (!accumulate) {
            for (int64_t i = 0; i < n; i++) move_elem(d + flat_offset(dst, idx[i]) * es, s + i * es, es);
        } else {
            switch (dst->dtype) {
#define CASE_PUT(sfx, T, DT, F) \
            case DT: for (int64_t i = 0; i < n; i++) { T *p = (T *)d + flat_offset(dst, idx[i]); *p = (T)(*p + ((const T *)s)[i]); } break;
            TC_FOR_ARITH_TYPES(CASE_PUT)
#undef CASE_PUT
            }
        }
    }
    tc_tensor_release(sc);
    free(idx);
    return rc;
}
