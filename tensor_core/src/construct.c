/* construct.c -- cat, diag, tril/triu, eye, linspace/logspace, range/arange, cross, trace,
 * repeat, flip, roll.
 *
 * Most of these are views plus tc_copy: the copy already handles dtype conversion, any strides
 * and overlapping operands, so a kernel here only has to describe where the data goes.  Handles
 * built on the stack (copies of a tc_tensor with other sizes/strides/offset) are never retained;
 * they only live for the duration of one copy.
 */
#include "tc_internal.h"

static int shares(const tc_tensor *a, const tc_tensor *b) { return a && b && a->storage && a->storage == b->storage; }

static int same_view(const tc_tensor *a, const tc_tensor *b) {
    if (a == b) return 1;
    return a->storage == b->storage && a->offset == b->offset && a->ndim == b->ndim &&
           !memcmp(a->sizes, b->sizes, sizeof(int64_t) * a->ndim) &&
           !memcmp(a->strides, b->strides, sizeof(int64_t) * a->ndim);
}

static tc_tensor narrowed(const tc_tensor *t, int dim, int64_t start, int64_t len) {
    tc_tensor v = *t;
    v.offset += start * t->strides[dim];
    v.sizes[dim] = len;
    return v;
}

static int check_out(const char *fn, const tc_tensor *out) {
    if (!out) return tc_fail("%s: argument 'out' is NULL", fn);
    if (out->storage && out->storage->device != TC_DEVICE_CPU) return tc_fail("%s: out must be on the CPU", fn);
    return 0;
}

/* ---- cat ------------------------------------------------------------------------------------------- */

int tc_cat(tc_tensor *out, tc_tensor *const *inputs, int count, int dim) {
    const char *fn = "cat";
    if (check_out(fn, out)) return -1;
    if (count < 0 || (count > 0 && !inputs)) return tc_fail("%s: no input list", fn);
    const tc_tensor *ref = NULL;
    int alias = 0, ref_index = 0;
    for (int i = 0; i < count; i++) {
        if (!inputs[i]) return tc_fail("%s: input %d is NULL", fn, i);
        if (shares(out, inputs[i])) alias = 1;
        if (inputs[i]->ndim == 1 && inputs[i]->sizes[0] == 0) continue;
        if (!ref) { ref = inputs[i]; ref_index = i; }
    }
    if (!ref) {
        int64_t zero = 0;
        return tc_tensor_resize(out, 1, &zero);
    }
    int nd = ref->ndim;
    if (nd == 0) return tc_fail("%s: zero-dimensional tensor (input %d) cannot be concatenated", fn, ref_index);
    if ((dim = tc_normalize_dim(dim, nd, fn)) < 0) return -1;
    int64_t sizes[TC_MAX_DIMS];
    memcpy(sizes, ref->sizes, sizeof(int64_t) * nd);
    sizes[dim] = 0;
    for (int i = 0; i < count; i++) {
        const tc_tensor *t = inputs[i];
        if (t->ndim == 1 && t->sizes[0] == 0) continue;
        if (t->ndim != nd)
            return tc_fail("%s: input %d has %d dimensions but input %d has %d", fn, i, t->ndim,
                           ref_index, nd);
        for (int d = 0; d < nd; d++)
            if (d != dim && t->sizes[d] != ref->sizes[d])
                return tc_fail("%s: inconsistent tensor sizes: input %d has size %lld in dimension %d, expected %lld", fn,
                               i, (long long)t->sizes[d], d, (long long)ref->sizes[d]);
        sizes[dim] += t->sizes[dim];
    }
    tc_tensor *target = alias ? tc_tensor_empty(out->dtype, nd, sizes) : out;
    if (!target) return -1;
    int rc = alias ? 0 : tc_tensor_resize(out, nd, sizes);
    int64_t at = 0;
    for (int i = 0; i < count && rc == 0; i++) {
        const tc_tensor *t = inputs[i];
        if (t->ndim == 1 && t->sizes[0] == 0) continue;
        if (t->sizes[dim] > 0 && tc_tensor_numel(t) > 0) {
            tc_tensor piece = narrowed(target, dim, at, t->sizes[dim]);
            rc = tc_copy(&piece, t);
        }
        at += t->sizes[dim];
    }
    if (alias) {
        if (rc == 0) rc = tc_tensor_resize(out, nd, sizes);
        if (rc == 0) rc = tc_copy(out, target);
        tc_tensor_release(target);
    }
    return rc;
}

/* ---- diagonals and triangles ------------------------------------------------------------------------- */

/* a 1-D view of the k-th diagonal of the 2-D tensor t (stack copy) */
static tc_tensor diagonal_view(const tc_tensor *t, int64_t k) {
    tc_tensor v = *t;
    int64_t r = t->sizes[0], c = t->sizes[1];
    int64_t len = k >= 0 ? TC_MIN(r, c - k) : TC_MIN(r + k, c);
    if (len < 0) len = 0;
    if (len > 0) v.offset += k >= 0 ? k * t->strides[1] : -k * t->strides[0];
    v.ndim = 1;
    v.sizes[0] = len;
    v.strides[0] = t->strides[0] + t->strides[1];
    return v;
}

int tc_diag(tc_tensor *out, const tc_tensor *src, int64_t k) {
    const char *fn = "diag";
    if (check_out(fn, out)) return -1;
    if (!src) return tc_fail("%s: argument 'src' is NULL", fn);
    if (src->ndim != 1 && src->ndim != 2) return tc_fail("%s: matrix or a vector expected, got %dD", fn, src->ndim);
    tc_tensor *sc = NULL;
    if (shares(out, src) && !(sc = tc_tensor_clone(src))) return -1;
    const tc_tensor *s = sc ? sc : src;
    int rc;
    if (s->ndim == 1) {
        int64_t n = s->sizes[0] + (k >= 0 ? k : -k);
        int64_t sz[2] = {n, n};
        rc = tc_tensor_resize(out, 2, sz);
        if (rc == 0) rc = tc_zero(out);
        if (rc == 0 && s->sizes[0] > 0) {
            tc_tensor d = diagonal_view(out, k);
            rc = tc_copy(&d, s);
        }
    } else {
        tc_tensor d = diagonal_view(s, k);
        rc = tc_tensor_resize(out, 1, d.sizes);
        if (rc == 0 && d.sizes[0] > 0) rc = tc_copy(out, &d);
    }
    tc_tensor_release(sc);
    return rc;
}

/* zero the elements of the last two dims with (j - i) outside the kept side of diagonal k */
static int zero_triangle(tc_tensor *t, int64_t k, int upper) {
    int nd = t->ndim;
    int64_t rows = t->sizes[nd - 2], cols = t->sizes[nd - 1];
    int64_t batch = tc_shape_numel(nd - 2, t->sizes);
    int64_t es = tc_dtype_size(t->dtype);
    char *base = tc_tensor_data(t);
    if (!base || rows == 0 || cols == 0) return 0;
    for (int64_t b = 0; b < batch; b++) {
        int64_t off = 0, rem = b;
        for (int d = nd - 3; d >= 0; d--) {
            off += (rem % t->sizes[d]) * t->strides[d];
            rem /= t->sizes[d];
        }
        for (int64_t i = 0; i < rows; i++) {
            /* tril keeps j <= i + k; triu keeps j >= i + k */
            int64_t j0 = upper ? 0 : TC_MAX(0, i + k + 1);
            int64_t j1 = upper ? TC_MIN(cols, TC_MAX(0, i + k)) : cols;
            for (int64_t j = j0; j < j1; j++)
                memset(base + (off + i * t->strides[nd - 2] + j * t->strides[nd - 1]) * es, 0, (size_t)es);
        }
    }
    return 0;
}

static int triangle(const char *fn, tc_tensor *out, const tc_tensor *src, int64_t k, int upper) {
    if (check_out(fn, out)) return -1;
    if (!src) return tc_fail("%s: argument 'src' is NULL", fn);
    if (src->ndim < 2) return tc_fail("%s: matrix expected, got %dD tensor", fn, src->ndim);
    if (out->dtype != src->dtype)
        return tc_fail("%s: out is %s but src is %s", fn, tc_dtype_name(out->dtype), tc_dtype_name(src->dtype));
    int rc = 0;
    if (!same_view(out, src)) {
        tc_tensor *sc = NULL;
        if (shares(out, src) && !(sc = tc_tensor_clone(src))) return -1;
        rc = tc_tensor_resize(out, src->ndim, src->sizes);
        if (rc == 0 && tc_tensor_numel(src) > 0) rc = tc_copy(out, sc ? sc : src);
        tc_tensor_release(sc);
    }
    if (rc == 0) rc = zero_triangle(out, k, upper);
    return rc;
}

int tc_tril(tc_tensor *out, const tc_tensor *src, int64_t k) { return triangle("tril", out, src, k, 0); }
int tc_triu(tc_tensor *out, const tc_tensor *src, int64_t k) { return triangle("triu", out, src, k, 1); }

int tc_eye(tc_tensor *out, int64_t n, int64_t m) {
    const char *fn = "eye";
    if (check_out(fn, out)) return -1;
    if (m < 0) m = n;
    if (n < 0) return tc_fail("%s: invalid size %lld", fn, (long long)n);
    int64_t sz[2] = {n, m};
    if (tc_tensor_resize(out, 2, sz) || tc_zero(out)) return -1;
    tc_tensor d = diagonal_view(out, 0);
    return d.sizes[0] > 0 ? tc_fill(&d, 1.0) : 0;
}

/* ---- sequences ------------------------------------------------------------------------------------------ */

/* writes f(i) for i in [0, n) into the 1-D tensor out (any stride, any dtype) */
#define FILL_SEQUENCE(out, n, expr)                                                          \
    do {                                                                                     \
        char *p_ = tc_tensor_data(out);                                                      \
        int64_t es_ = tc_dtype_size((out)->dtype), st_ = (out)->strides[0];                  \
        if ((out)->dtype == TC_FLOAT64)                                                      \
            for (int64_t i = 0; i < (n); i++) ((double *)p_)[i * st_] = (expr);             \
        else if ((out)->dtype == TC_FLOAT32)                                                 \
            for (int64_t i = 0; i < (n); i++) ((float *)p_)[i * st_] = (float)(expr);       \
        else                                                                                 \
            for (int64_t i = 0; i < (n); i++) tc_write_from_double(p_ + i * st_ * es_, (out)->dtype, (expr)); \
    } while (0)

int tc_linspace(tc_tensor *out, double start, double end, int64_t steps) {
    const char *fn = "linspace";
    if (check_out(fn, out)) return -1;
    if (steps < 0) return tc_fail("%s: number of steps must be non-negative, got %lld", fn, (long long)steps);
    if (tc_tensor_resize(out, 1, &steps)) return -1;
    if (steps == 0) return 0;
    double step = steps > 1 ? (end - start) / (double)(steps - 1) : 0;
    /* a single point is start (PyTorch); steps / 2 would make it end */
    int64_t half = steps == 1 ? 1 : steps / 2;
    /* from both ends towards the middle, so both end points are exact (PyTorch's formula) */
    FILL_SEQUENCE(out, steps, i < half ? start + step * (double)i : end - step * (double)(steps - 1 - i));
    return 0;
}

int tc_logspace(tc_tensor *out, double start, double end, int64_t steps, double base) {
    const char *fn = "logspace";
    if (check_out(fn, out)) return -1;
    if (steps < 0) return tc_fail("%s: number of steps must be non-negative, got %lld", fn, (long long)steps);
    if (tc_tensor_resize(out, 1, &steps)) return -1;
    if (steps == 0) return 0;
    double step = steps > 1 ? (end - start) / (double)(steps - 1) : 0;
    int64_t half = steps == 1 ? 1 : steps / 2;
    FILL_SEQUENCE(out, steps,
                  pow(base, i < half ? start + step * (double)i : end - step * (double)(steps - 1 - i)));
    return 0;
}

static int check_step(const char *fn, double start, double end, double step) {
    if (!(step > 0 || step < 0)) return tc_fail("%s: step must be a non-zero number", fn);
    if (!isfinite(start) || !isfinite(end)) return tc_fail("%s: unsupported range %g to %g", fn, start, end);
    if ((step > 0 && end < start) || (step < 0 && end > start))
        return tc_fail("%s: upper bound and larger bound inconsistent with step sign (%g to %g by %g)", fn, start, end,
                       step);
    return 0;
}

int tc_range(tc_tensor *out, double start, double end, double step) {
    const char *fn = "range";
    if (check_out(fn, out) || check_step(fn, start, end, step)) return -1;
    double count = floor((end - start) / step) + 1;
    if (count > (double)INT64_MAX / 16) return tc_fail("%s: %g elements are too many", fn, count);
    int64_t n = (int64_t)count;
    if (tc_tensor_resize(out, 1, &n)) return -1;
    FILL_SEQUENCE(out, n, start + step * (double)i);
    return 0;
}

int tc_arange(tc_tensor *out, double start, double end, double step) {
    const char *fn = "arange";
    if (check_out(fn, out) || check_step(fn, start, end, step)) return -1;
    double count = ceil((end - start) / step);
    if (count > (double)INT64_MAX / 16) return tc_fail("%s: %g elements are too many", fn, count);
    int64_t n = (int64_t)count;
    if (tc_tensor_resize(out, 1, &n)) return -1;
    FILL_SEQUENCE(out, n, start + step * (double)i);
    return 0;
}

/* ---- cross, trace ----------------------------------------------------------------------------------------- */

typedef struct { int64_t so, sa, sb; } cross_ctx; /* byte strides along the 3-dim */

#define DEFINE_CROSS(sfx, T, DT, F)                                                              \
    static void cross_##sfx(char **p, const int64_t *st, int64_t n, void *vc) {                 \
        const cross_ctx *c = vc;                                                                 \
        for (int64_t j = 0; j < n; j++) {                                                        \
            char *o = p[0] + j * st[0];                                                          \
            const char *a = p[1] + j * st[1], *b = p[2] + j * st[2];                             \
            T a0 = *(const T *)a, a1 = *(const T *)(a + c->sa), a2 = *(const T *)(a + 2 * c->sa); \
            T b0 = *(const T *)b, b1 = *(const T *)(b + c->sb), b2 = *(const T *)(b + 2 * c->sb); \
            *(T *)o = (T)(a1 * b2 - a2 * b1);                                                    \
            *(T *)(o + c->so) = (T)(a2 * b0 - a0 * b2);                                          \
            *(T *)(o + 2 * c->so) = (T)(a0 * b1 - a1 * b0);                                      \
        }                                                                                        \
    }
TC_FOR_ARITH_TYPES(DEFINE_CROSS)

static tc_tensor drop_dim(const tc_tensor *t, int dim) {
    tc_tensor v = *t;
    for (int d = dim; d < t->ndim - 1; d++) {
        v.sizes[d] = t->sizes[d + 1];
        v.strides[d] = t->strides[d + 1];
    }
    v.ndim = t->ndim - 1;
    return v;
}

int tc_cross(tc_tensor *out, const tc_tensor *a, const tc_tensor *b, int dim) {
    const char *fn = "cross";
    if (check_out(fn, out)) return -1;
    if (!a || !b) return tc_fail("%s: input is NULL", fn);
    if (a->dtype != b->dtype || out->dtype != a->dtype)
        return tc_fail("%s: dtypes differ (out %s, inputs %s and %s)", fn, tc_dtype_name(out->dtype),
                       tc_dtype_name(a->dtype), tc_dtype_name(b->dtype));
    if (a->dtype == TC_FLOAT16 || a->dtype == TC_BOOL) return tc_fail("%s: dtype %s is not supported", fn, tc_dtype_name(a->dtype));
    if (!tc_tensor_same_shape(a, b)) return tc_fail("%s: inconsistent tensor sizes of the two inputs", fn);
    if (dim == TC_DIM_AUTO) {
        dim = -1;
        for (int d = 0; d < a->ndim; d++)
            if (a->sizes[d] == 3) { dim = d; break; }
        if (dim < 0) return tc_fail("%s: no dimension of size 3", fn);
    } else if ((dim = tc_normalize_dim(dim, a->ndim, fn)) < 0) {
        return -1;
    }
    if (a->sizes[dim] != 3) return tc_fail("%s: dimension %d does not have size 3 (size %lld)", fn, dim, (long long)a->sizes[dim]);
    tc_tensor *ac = NULL, *bc = NULL;
    int rc = 0;
    if (shares(out, a) && !same_view(out, a) && !(ac = tc_tensor_clone(a))) return -1;
    if (shares(out, b) && !same_view(out, b) && !(bc = tc_tensor_clone(b))) rc = -1;
    if (rc == 0) rc = tc_tensor_resize(out, a->ndim, a->sizes);
    if (rc == 0 && tc_tensor_numel(a) > 0) {
        const tc_tensor *A = ac ? ac : a, *B = bc ? bc : b;
        int64_t es = tc_dtype_size(a->dtype);
        cross_ctx c = {out->strides[dim] * es, A->strides[dim] * es, B->strides[dim] * es};
        tc_tensor vo = drop_dim(out, dim), va = drop_dim(A, dim), vb = drop_dim(B, dim);
        tc_tensor *ops[3] = {&vo, &va, &vb};
        tc_inner_fn inner = NULL;
        switch (a->dtype) {
#define CASE_CROSS(sfx, T, DT, F) case DT: inner = cross_##sfx; break;
        TC_FOR_ARITH_TYPES(CASE_CROSS)
#undef CASE_CROSS
        }
        tc_iter it;
        rc = tc_iter_init(&it, 3, ops, fn);
        if (rc == 0) {
            tc_iter_run(&it, inner, &c, 1);
            tc_iter_free(&it);
        }
    }
    tc_tensor_release(ac);
    tc_tensor_release(bc);
    return rc;
}

int tc_trace(const tc_tensor *src, double *result) {
    const char *fn = "trace";
    if (!src || !result) return tc_fail("%s: argument is NULL", fn);
    if (src->ndim != 2) return tc_fail("%s: matrix expected, got %dD tensor", fn, src->ndim);
    if (src->dtype == TC_FLOAT16) return tc_fail("%s: dtype float16 is not supported", fn);
    tc_tensor d = diagonal_view(src, 0);
    const char *p = tc_tensor_data(src);
    int64_t es = tc_dtype_size(src->dtype);
    double acc = 0;
    for (int64_t i = 0; i < d.sizes[0]; i++) acc += tc_read_as_double(p + i * d.strides[0] * es, src->dtype);
    *result = acc;
    return 0;
}

/* ---- repeat, flip, roll ---------------------------------------------------------------------------------- */

int tc_repeat(tc_tensor *out, const tc_tensor *src, int count, const int64_t *repeats) {
    const char *fn = "repeat";
    if (check_out(fn, out)) return -1;
    if (!src) return tc_fail("%s: argument 'src' is NULL", fn);
    if (count > 0 && !repeats) return tc_fail("%s: argument 'repeats' is NULL", fn);
    if (count < src->ndim)
        return tc_fail("%s: number of repetitions (%d) cannot be smaller than the number of dimensions (%d)", fn, count,
                       src->ndim);
    if (2 * count > TC_MAX_DIMS) return tc_fail("%s: at most %d dimensions", fn, TC_MAX_DIMS / 2);
    if (out->dtype != src->dtype)
        return tc_fail("%s: out is %s but src is %s", fn, tc_dtype_name(out->dtype), tc_dtype_name(src->dtype));
    int64_t ssz[TC_MAX_DIMS], sst[TC_MAX_DIMS], osz[TC_MAX_DIMS];
    int pad = count - src->ndim;
    for (int d = 0; d < count; d++) {
        if (repeats[d] < 0) return tc_fail("%s: repetition %lld is negative (dim %d)", fn, (long long)repeats[d], d);
        ssz[d] = d < pad ? 1 : src->sizes[d - pad];
        sst[d] = d < pad ? 0 : src->strides[d - pad];
        osz[d] = ssz[d] * repeats[d];
    }
    tc_tensor *sc = NULL;
    if (shares(out, src) && !(sc = tc_tensor_clone(src))) return -1;
    if (sc) for (int d = pad; d < count; d++) sst[d] = sc->strides[d - pad];
    int rc = tc_tensor_resize(out, count, osz);
    if (rc == 0 && tc_shape_numel(count, osz) > 0) {
        /* out seen as (r0, s0, r1, s1, ...); src as the same with zero strides on the r's */
        tc_tensor ov = *out, sv = *(sc ? sc : src);
        ov.ndim = sv.ndim = 2 * count;
        for (int d = 0; d < count; d++) {
            ov.sizes[2 * d] = sv.sizes[2 * d] = repeats[d];
            ov.sizes[2 * d + 1] = sv.sizes[2 * d + 1] = ssz[d];
            ov.strides[2 * d] = ssz[d] * out->strides[d];
            ov.strides[2 * d + 1] = out->strides[d];
            sv.strides[2 * d] = 0;
            sv.strides[2 * d + 1] = sst[d];
        }
        rc = tc_copy(&ov, &sv);
    }
    tc_tensor_release(sc);
    return rc;
}

int tc_flip(tc_tensor *out, const tc_tensor *src, int count, const int *dims) {
    const char *fn = "flip";
    if (check_out(fn, out)) return -1;
    if (!src) return tc_fail("%s: argument 'src' is NULL", fn);
    if (count > 0 && !dims) return tc_fail("%s: argument 'dims' is NULL", fn);
    if (out->dtype != src->dtype)
        return tc_fail("%s: out is %s but src is %s", fn, tc_dtype_name(out->dtype), tc_dtype_name(src->dtype));
    tc_tensor v = *src;
    int seen[TC_MAX_DIMS] = {0};
    for (int i = 0; i < count; i++) {
        int d = tc_normalize_dim(dims[i], TC_MAX(src->ndim, 1), fn);
        if (d < 0) return -1;
        if (src->ndim == 0) continue;
        if (seen[d]) return tc_fail("%s: dim %d appears twice", fn, d);
        seen[d] = 1;
        if (src->sizes[d] > 0) v.offset += (src->sizes[d] - 1) * src->strides[d];
        v.strides[d] = -src->strides[d];
    }
    tc_tensor *sc = NULL;
    if (shares(out, src) && !(sc = tc_tensor_clone(src))) return -1;
    if (sc) {  /* the same flip, over the clone */
        v = *sc;
        for (int d = 0; d < src->ndim; d++)
            if (seen[d]) {
                if (sc->sizes[d] > 0) v.offset += (sc->sizes[d] - 1) * sc->strides[d];
                v.strides[d] = -sc->strides[d];
            }
    }
    int rc = tc_tensor_resize(out, src->ndim, src->sizes);
    if (rc == 0 && tc_tensor_numel(src) > 0) rc = tc_copy(out, &v);
    tc_tensor_release(sc);
    return rc;
}

int tc_roll(tc_tensor *out, const tc_tensor *src, int count, const int64_t *shifts, const int *dims) {
    const char *fn = "roll";
    if (check_out(fn, out)) return -1;
    if (!src) return tc_fail("%s: argument 'src' is NULL", fn);
    if (count < 1 || !shifts || !dims) return tc_fail("%s: at least one (shift, dim) pair is needed", fn);
    if (out->dtype != src->dtype)
        return tc_fail("%s: out is %s but src is %s", fn, tc_dtype_name(out->dtype), tc_dtype_name(src->dtype));
    for (int i = 0; i < count; i++)
        if (tc_normalize_dim(dims[i], src->ndim, fn) < 0) return -1;
    tc_tensor *cur = tc_tensor_clone(src);  /* also makes aliasing of out and src harmless */
    if (!cur) return -1;
    int rc = 0;
    for (int i = 0; i < count && rc == 0; i++) {
        int d = tc_normalize_dim(dims[i], src->ndim, fn);
        int64_t n = src->sizes[d];
        if (n == 0) continue;
        int64_t s = ((shifts[i] % n) + n) % n;
        if (s == 0) continue;
        tc_tensor *next = tc_tensor_empty(src->dtype, src->ndim, src->sizes);
        if (!next) { rc = -1; break; }
        tc_tensor dst_hi = narrowed(next, d, s, n - s), src_lo = narrowed(cur, d, 0, n - s);
        tc_tensor dst_lo = narrowed(next, d, 0, s), src_hi = narrowed(cur, d, n - s, s);
        rc = tc_copy(&dst_hi, &src_lo);
        if (rc == 0) rc = tc_copy(&dst_lo, &src_hi);
        tc_tensor_release(cur);
        cur = next;
    }
    if (rc == 0) rc = tc_tensor_resize(out, src->ndim, src->sizes);
    if (rc == 0 && tc_tensor_numel(src) > 0) rc = tc_copy(out, cur);
    tc_tensor_release(cur);
    return rc;
}
