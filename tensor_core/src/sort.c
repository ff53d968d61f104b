/* sort.c -- sort, topk, kthvalue, median and mode along a dimension.
 *
 * Every op works slice by slice: the iterator walks the dimensions other than `dim` (the tensors
 * with `dim` selected away), and for each position the slice is copied into a buffer of
 * (value, position) pairs, sorted by a stable merge sort, and the wanted elements are written
 * back.  Stability gives the documented tie rules (original order kept; mode's last occurrence);
 * NaN compares above every number as in PyTorch.
 */
#include "tc_internal.h"

enum { OP_SORT, OP_TOPK, OP_KTH, OP_MEDIAN, OP_MODE };

typedef struct {
    int op;
    int descending;
    int64_t n;          /* slice length (src's size along dim) */
    int64_t k;          /* topk count / kthvalue rank (0-based) */
    int64_t nout;       /* outputs per slice */
    int64_t sstride;    /* byte strides along dim: src, values, indices */
    int64_t vstride;
    int64_t istride;
    int64_t base;
    int has_values, has_indices;
    int failed;
} slice_ctx;

#define ISNAN_F(F, x) ((F) && (x) != (x))

#define DEFINE_SORT(sfx, T, DT, F)                                                                          \
    typedef struct { T v; int64_t i; } pair_##sfx;                                                         \
    static inline int before_##sfx(const pair_##sfx *a, const pair_##sfx *b, int desc) {                   \
        if (desc) return a->v > b->v || (ISNAN_F(F, a->v) && !ISNAN_F(F, b->v));                           \
        return a->v < b->v || (ISNAN_F(F, b->v) && !ISNAN_F(F, a->v));                                     \
    }                                                                                                      \
    /* stable: an element moves ahead of another only when it strictly precedes it */                      \
    static void msort_##sfx(pair_##sfx *a, pair_##sfx *tmp, int64_t n, int desc) {                         \
        if (n <= 16) {                                                                                     \
            for (int64_t i = 1; i < n; i++) {                                                              \
                pair_##sfx x = a[i];                                                                       \
                int64_t j = i;                                                                             \
                while (j > 0 && before_##sfx(&x, &a[j - 1], desc)) { a[j] = a[j - 1]; j--; }               \
                a[j] = x;                                                                                  \
            }                                                                                              \
            return;                                                                                        \
        }                                                                                                  \
        int64_t h = n / 2;                                                                                 \
        msort_##sfx(a, tmp, h, desc);                                                                      \
        msort_##sfx(a + h, tmp, n - h, desc);                                                              \
        if (!before_##sfx(&a[h], &a[h - 1], desc)) return; /* already in order */                          \
        memcpy(tmp, a, sizeof(pair_##sfx) * (size_t)h);                                                    \
        int64_t i = 0, j = h, o = 0;                                                                       \
        while (i < h && j < n) a[o++] = before_##sfx(&a[j], &tmp[i], desc) ? a[j++] : tmp[i++];            \
        while (i < h) a[o++] = tmp[i++];                                                                   \
    }                                                                                                      \
    static void slices_##sfx(char **p, const int64_t *st, int64_t count, void *vc) {                       \
        slice_ctx *c = vc;                                                                                 \
        int64_t n = c->n;                                                                                  \
        pair_##sfx *buf = malloc(sizeof(pair_##sfx) * (size_t)(2 * n + 1));                               \
        if (!buf) { c->failed = 1; return; }                                                               \
        pair_##sfx *tmp = buf + n;                                                                         \
        for (int64_t e = 0; e < count; e++) {                                                              \
            const char *s = p[0] + e * st[0];                                                              \
            char *vo = c->has_values ? p[1] + e * st[1] : NULL;                                            \
            char *io = c->has_indices ? p[2] + e * st[2] : NULL;                                           \
            for (int64_t i = 0; i < n; i++) { buf[i].v = *(const T *)(s + i * c->sstride); buf[i].i = i; } \
            msort_##sfx(buf, tmp, n, c->descending);                                                       \
            int64_t first = 0, nout = c->nout;                                                             \
            if (c->op == OP_KTH) first = c->k;                                                             \
            else if (c->op == OP_MEDIAN) {                                                                 \
                first = (n - 1) / 2;                                                                       \
                if (ISNAN_F(F, buf[n - 1].v)) { /* NaN present: the first NaN is the answer */             \
                    first = n - 1;                                                                         \
                    while (first > 0 && ISNAN_F(F, buf[first - 1].v)) first--;                             \
                }                                                                                          \
            } else if (c->op == OP_MODE) {                                                                 \
                int64_t best = 0, bestf = 0, run = 0;                                                      \
                for (int64_t i = 0; i < n; i++) {                                                          \
                    run++;                                                                                 \
                    if (i == n - 1 || buf[i].v != buf[i + 1].v) {                                          \
                        if (run > bestf) { bestf = run; best = i; }                                        \
                        run = 0;                                                                           \
                    }                                                                                      \
                }                                                                                          \
                first = best;                                                                              \
            }                                                                                              \
            for (int64_t i = 0; i < nout; i++) {                                                           \
                if (vo) *(T *)(vo + i * c->vstride) = buf[first + i].v;                                    \
                if (io) *(int64_t *)(io + i * c->istride) = buf[first + i].i + c->base;                    \
            }                                                                                              \
        }                                                                                                  \
        free(buf);                                                                                         \
    }
TC_FOR_ARITH_TYPES(DEFINE_SORT)

/* A view of t with `dim` removed (stack copy). */
static tc_tensor drop_dim(const tc_tensor *t, int dim) {
    tc_tensor v = *t;
    for (int d = dim; d < t->ndim - 1; d++) {
        v.sizes[d] = t->sizes[d + 1];
        v.strides[d] = t->strides[d + 1];
    }
    v.ndim = t->ndim - 1;
    return v;
}

static int shares(const tc_tensor *a, const tc_tensor *b) { return a && b && a->storage && a->storage == b->storage; }

/* The shared driver.  nout: outputs per slice; keep: the output keeps dim (size nout). */
static int run_slices(const char *fn, int op, tc_tensor *values, tc_tensor *indices, const tc_tensor *src, int dim,
                      int descending, int64_t k, int64_t nout, int keep, int64_t base) {
    if (!src) return tc_fail("%s: argument 'src' is NULL", fn);
    if (!values && !indices) return tc_fail("%s: both outputs are NULL", fn);
    if (src->dtype == TC_FLOAT16) return tc_fail("%s: dtype float16 is not supported", fn);
    if (values && values->dtype != src->dtype)
        return tc_fail("%s: values is %s but src is %s", fn, tc_dtype_name(values->dtype), tc_dtype_name(src->dtype));
    if (indices && indices->dtype != TC_INT64)
        return tc_fail("%s: indices must be int64 (Long), got %s", fn, tc_dtype_name(indices->dtype));
    if (src->storage && src->storage->device != TC_DEVICE_CPU) return tc_fail("%s: src must be on the CPU", fn);
    /* a scalar is a one-element slice */
    tc_tensor s1 = *src;
    int scalar = src->ndim == 0;
    if (scalar) { s1.ndim = 1; s1.sizes[0] = 1; s1.strides[0] = 1; }
    if ((dim = tc_normalize_dim(dim, s1.ndim, fn)) < 0) return -1;
    int64_t n = s1.sizes[dim];
    if (op == OP_TOPK && (k < 0 || k > n))
        return tc_fail("%s: k %lld out of range for dimension %d of size %lld", fn, (long long)k, dim, (long long)n);
    if (op == OP_KTH && (k < 0 || k >= n))
        return tc_fail("%s: k %lld out of range for dimension %d of size %lld (k counts from 1)", fn, (long long)k + 1,
                       dim, (long long)n);
    if ((op == OP_MEDIAN || op == OP_MODE) && n == 0)
        return tc_fail("%s: dimension %d is empty", fn, dim);
    /* output shape */
    int64_t osz[TC_MAX_DIMS];
    int ond = s1.ndim;
    memcpy(osz, s1.sizes, sizeof(int64_t) * s1.ndim);
    osz[dim] = nout;
    if (!keep) {
        for (int d = dim; d < ond - 1; d++) osz[d] = osz[d + 1];
        ond--;
    }
    if (scalar && keep) ond = 0;  /* a scalar's sort is a scalar */
    tc_tensor *sc = NULL;
    if (shares(values, src) || shares(indices, src)) {
        if (!(sc = tc_tensor_clone(src))) return -1;
        s1.storage = sc->storage;
        s1.offset = sc->offset;
        if (!scalar) memcpy(s1.strides, sc->strides, sizeof(int64_t) * sc->ndim);
    }
    int rc = 0;
    if (values) rc = tc_tensor_resize(values, ond, osz);
    if (rc == 0 && indices) rc = tc_tensor_resize(indices, ond, osz);
    int64_t rest = n ? tc_tensor_numel(&s1) / n : 0;
    if (rc == 0 && nout > 0 && rest > 0 && tc_shape_numel(s1.ndim, s1.sizes) > 0) {
        /* show the outputs with dim present (size nout), then drop it for the iterator */
        tc_tensor vk, ik, *outs[2] = {values, indices}, *kept[2] = {&vk, &ik};
        for (int j = 0; j < 2; j++) {
            if (!outs[j]) continue;
            tc_tensor o = *outs[j];
            if (!keep || scalar) {
                o.ndim = s1.ndim;
                for (int d = 0, e = 0; d < s1.ndim; d++) {
                    if (d == dim) { o.sizes[d] = 1; o.strides[d] = 0; }
                    else { o.sizes[d] = outs[j]->sizes[e]; o.strides[d] = outs[j]->strides[e]; e++; }
                }
                if (scalar) { o.sizes[0] = 1; o.strides[0] = 0; }
            }
            *kept[j] = o;
        }
        slice_ctx c = {op, descending, n, k, nout, s1.strides[dim] * tc_dtype_size(src->dtype),
                       values ? vk.strides[dim] * tc_dtype_size(src->dtype) : 0, indices ? ik.strides[dim] * 8 : 0,
                       base, values != NULL, indices != NULL, 0};
        tc_tensor sv = drop_dim(&s1, dim), vv, iv;
        tc_tensor *ops[3] = {&sv, &sv, &sv};
        if (values) { vv = drop_dim(&vk, dim); ops[1] = &vv; }
        if (indices) { iv = drop_dim(&ik, dim); ops[2] = &iv; }
        tc_inner_fn inner = NULL;
        switch (src->dtype) {
#define CASE_SORT(sfx, T, DT, F) case DT: inner = slices_##sfx; break;
        TC_FOR_ARITH_TYPES(CASE_SORT)
#undef CASE_SORT
        }
        tc_iter it;
        rc = tc_iter_init(&it, 3, ops, fn);
        if (rc == 0) {
            /* parallel only when there are many slices or long ones */
            tc_iter_run(&it, inner, &c, rest * n >= TC_PARALLEL_GRAIN && rest > 1);
            tc_iter_free(&it);
            if (c.failed) rc = tc_fail("%s: out of memory", fn);
        }
    }
    tc_tensor_release(sc);
    return rc;
}

int tc_sort(tc_tensor *values, tc_tensor *indices, const tc_tensor *src, int dim, int descending,
            int64_t index_base) {
    int64_t n = 0;
    if (src) {
        int nd = src->ndim ? src->ndim : 1;
        int d = dim < 0 ? dim + nd : dim;
        n = src->ndim == 0 ? 1 : (d >= 0 && d < nd ? src->sizes[d] : 0);
    }
    return run_slices("sort", OP_SORT, values, indices, src, dim, descending != 0, 0, n, 1, index_base);
}

int tc_topk(tc_tensor *values, tc_tensor *indices, const tc_tensor *src, int64_t k, int dim, int largest,
            int sorted, int64_t index_base) {
    (void)sorted;
    return run_slices("topk", OP_TOPK, values, indices, src, dim, largest != 0, k, k, 1, index_base);
}

int tc_kthvalue(tc_tensor *values, tc_tensor *indices, const tc_tensor *src, int64_t k, int dim, int keepdim,
                int64_t index_base) {
    return run_slices("kthvalue", OP_KTH, values, indices, src, dim, 0, k - 1, 1, keepdim, index_base);
}

int tc_median(tc_tensor *values, tc_tensor *indices, const tc_tensor *src, int dim, int keepdim,
              int64_t index_base) {
    return run_slices("median", OP_MEDIAN, values, indices, src, dim, 0, 0, 1, keepdim, index_base);
}

int tc_mode(tc_tensor *values, tc_tensor *indices, const tc_tensor *src, int dim, int keepdim, int64_t index_base) {
    return run_slices("mode", OP_MODE, values, indices, src, dim, 0, 0, 1, keepdim, index_base);
}
