/* tensor.c -- tensor handles, metadata operations and views. */
#include "tc_internal.h"

void tc_contiguous_strides(int ndim, const int64_t *sizes, int64_t *strides) {
    int64_t s = 1;
    for (int d = ndim - 1; d >= 0; d--) {
        strides[d] = s;
        s *= sizes[d] > 0 ? sizes[d] : 1;
    }
}

int64_t tc_shape_numel(int ndim, const int64_t *sizes) {
    int64_t n = 1;
    for (int d = 0; d < ndim; d++) n *= sizes[d];
    return n;
}

int tc_normalize_dim(int dim, int ndim, const char *fn) {
    int n = ndim > 0 ? ndim : 1;
    if (dim < -n || dim >= n)
        return tc_fail("%s: dimension %d out of range (tensor has %d dimensions)", fn, dim, ndim);
    return dim < 0 ? dim + n : dim;
}

static int check_shape(int ndim, const int64_t *sizes, const char *fn) {
    if (ndim < 0 || ndim > TC_MAX_DIMS)
        return tc_fail("%s: %d dimensions (must be between 0 and %d)", fn, ndim, (int)TC_MAX_DIMS);
    int64_t n = 1;
    for (int d = 0; d < ndim; d++) {
        if (sizes[d] < 0) return tc_fail("%s: negative size %lld in dimension %d", fn, (long long)sizes[d], d);
        if (sizes[d] && n > INT64_MAX / 16 / sizes[d]) return tc_fail("%s: shape too large", fn);
        n *= sizes[d];
    }
    return 0;
}

/* Every addressable element must lie in [0, storage->size). */
static int check_bounds(const tc_storage *s, int64_t offset, int ndim, const int64_t *sizes,
                        const int64_t *strides, const char *fn) {
    int64_t lo = offset, hi = offset;
    for (int d = 0; d < ndim; d++) {
        if (sizes[d] == 0) return 0;
        int64_t span = (sizes[d] - 1) * strides[d];
        if (span < 0) lo += span; else hi += span;
    }
    int64_t ssize = s ? s->size : 0;
    if (lo < 0 || hi >= ssize)
        return tc_fail("%s: view [%lld, %lld] out of bounds for a storage of %lld elements", fn,
                       (long long)lo, (long long)hi, (long long)ssize);
    return 0;
}

static tc_tensor *alloc_handle(int dtype) {
    tc_tensor *t = malloc(sizeof *t);
    if (!t) return tc_fail_null("tc_tensor: out of memory");
    t->storage = NULL;
    t->offset = 0;
    t->ndim = 1;
    t->dtype = dtype;
    t->refcount = 1;
    t->version = 0;
    t->sizes[0] = 0;
    t->strides[0] = 1;
    return t;
}

tc_tensor *tc_tensor_new(int dtype) {
    if (dtype < 0 || dtype >= TC_NUM_DTYPES) return tc_fail_null("tc_tensor_new: unknown dtype %d", dtype);
    return alloc_handle(dtype);
}

tc_tensor *tc_tensor_empty(int dtype, int ndim, const int64_t *sizes) {
    if (dtype < 0 || dtype >= TC_NUM_DTYPES) return tc_fail_null("tc_tensor_empty: unknown dtype %d", dtype);
    if (check_shape(ndim, sizes, "tc_tensor_empty")) return NULL;
    tc_storage *s = tc_storage_new(dtype, tc_shape_numel(ndim, sizes));
    if (!s) return NULL;
    tc_tensor *t = alloc_handle(dtype);
    if (!t) { tc_storage_release(s); return NULL; }
    t->storage = s;
    t->ndim = ndim;
    memcpy(t->sizes, sizes, sizeof(int64_t) * ndim);
    tc_contiguous_strides(ndim, sizes, t->strides);
    return t;
}

tc_tensor *tc_tensor_zeros(int dtype, int ndim, const int64_t *sizes) {
    tc_tensor *t = tc_tensor_empty(dtype, ndim, sizes);
    if (t && t->storage) memset(t->storage->data, 0, (size_t)(t->storage->size * tc_dtype_size(dtype)));
    return t;
}

tc_tensor *tc_tensor_new_with_storage(tc_storage *storage, int64_t offset, int ndim,
                                      const int64_t *sizes, const int64_t *strides) {
    if (!storage) return tc_fail_null("tc_tensor_new_with_storage: storage is NULL");
    tc_tensor *t = alloc_handle(storage->dtype);
    if (!t) return NULL;
    if (tc_tensor_set_storage(t, storage, offset, ndim, sizes, strides)) {
        free(t);
        return NULL;
    }
    return t;
}

tc_tensor *tc_tensor_new_view(const tc_tensor *src) {
    if (!src) return tc_fail_null("tc_tensor_new_view: tensor is NULL");
    tc_tensor *t = malloc(sizeof *t);
    if (!t) return tc_fail_null("tc_tensor_new_view: out of memory");
    memcpy(t, src, sizeof *t);
    t->refcount = 1;
    t->version = 0;
    tc_storage_retain(t->storage);
    return t;
}

void tc_tensor_retain(tc_tensor *t) {
    if (t) __atomic_add_fetch(&t->refcount, 1, __ATOMIC_RELAXED);
}

void tc_tensor_release(tc_tensor *t) {
    if (!t) return;
    if (__atomic_sub_fetch(&t->refcount, 1, __ATOMIC_ACQ_REL) != 0) return;
    tc_storage_release(t->storage);
    free(t);
}

int64_t tc_tensor_numel(const tc_tensor *t) {
    return t ? tc_shape_numel(t->ndim, t->sizes) : 0;
}

int tc_tensor_is_contiguous(const tc_tensor *t) {
    if (!t) return 0;
    int64_t expected = 1;
    for (int d = t->ndim - 1; d >= 0; d--) {
        if (t->sizes[d] == 0) return 1;
        if (t->sizes[d] != 1) {
            if (t->strides[d] != expected) return 0;
            expected *= t->sizes[d];
        }
    }
    return 1;
}

int tc_tensor_same_shape(const tc_tensor *a, const tc_tensor *b) {
    if (a->ndim != b->ndim) return 0;
    for (int d = 0; d < a->ndim; d++)
        if (a->sizes[d] != b->sizes[d]) return 0;
    return 1;
}

void *tc_tensor_data(const tc_tensor *t) {
    if (!t || !t->storage) return NULL;
    return (char *)t->storage->data + t->offset * tc_dtype_size(t->dtype);
}

int tc_tensor_check(const tc_tensor *t) {
    if (!t) return tc_fail("tc_tensor_check: tensor is NULL");
    if (t->ndim < 0 || t->ndim > TC_MAX_DIMS) return tc_fail("tc_tensor_check: bad ndim %d", t->ndim);
    if (tc_tensor_numel(t) == 0) return 0;
    if (!t->storage) return tc_fail("tc_tensor_check: tensor with elements has no storage");
    return check_bounds(t->storage, t->offset, t->ndim, t->sizes, t->strides, "tc_tensor_check");
}

/* ---- in-place metadata ------------------------------------------------------------------------ */
int tc_tensor_resize(tc_tensor *t, int ndim, const int64_t *sizes) {
    if (!t) return tc_fail("tc_tensor_resize: tensor is NULL");
    if (check_shape(ndim, sizes, "tc_tensor_resize")) return -1;
    if (t->ndim == ndim) {
        int same = 1;
        for (int d = 0; d < ndim; d++)
            if (t->sizes[d] != sizes[d]) { same = 0; break; }
        if (same && (tc_shape_numel(ndim, sizes) == 0 || t->storage)) return 0;
    }
    int64_t n = tc_shape_numel(ndim, sizes);
    int64_t need = t->offset + n;
    if (n > 0) {
        if (!t->storage) {
            t->storage = tc_storage_new(t->dtype, need);
            if (!t->storage) return -1;
        } else if (t->storage->size < need) {
            if (tc_storage_resize(t->storage, need)) return -1;
        }
    }
    t->ndim = ndim;
    memcpy(t->sizes, sizes, sizeof(int64_t) * ndim);
    tc_contiguous_strides(ndim, sizes, t->strides);
    return 0;
}

int tc_tensor_resize_as(tc_tensor *t, const tc_tensor *like) {
    if (!like) return tc_fail("tc_tensor_resize_as: template is NULL");
    return tc_tensor_resize(t, like->ndim, like->sizes);
}

int tc_tensor_set(tc_tensor *t, const tc_tensor *src) {
    if (!t || !src) return tc_fail("tc_tensor_set: tensor is NULL");
    if (t == src) return 0;
    if (t->dtype != src->dtype)
        return tc_fail("tc_tensor_set: dtype %s cannot view a %s tensor", tc_dtype_name(t->dtype), tc_dtype_name(src->dtype));
    tc_storage_retain(src->storage);
    tc_storage_release(t->storage);
    t->storage = src->storage;
    t->offset = src->offset;
    t->ndim = src->ndim;
    memcpy(t->sizes, src->sizes, sizeof(int64_t) * src->ndim);
    memcpy(t->strides, src->strides, sizeof(int64_t) * src->ndim);
    return 0;
}

int tc_tensor_set_storage(tc_tensor *t, tc_storage *storage, int64_t offset, int ndim,
                          const int64_t *sizes, const int64_t *strides) {
    const char *fn = "tc_tensor_set_storage";
    if (!t) return tc_fail("%s: tensor is NULL", fn);
    if (check_shape(ndim, sizes, fn)) return -1;
    if (offset < 0) return tc_fail("%s: negative storage offset %lld", fn, (long long)offset);
    if (storage && storage->dtype != t->dtype)
        return tc_fail("%s: storage dtype %s does not match tensor dtype %s", fn,
                       tc_dtype_name(storage->dtype), tc_dtype_name(t->dtype));
    int64_t st[TC_MAX_DIMS];
    if (strides) memcpy(st, strides, sizeof(int64_t) * ndim);
    else tc_contiguous_strides(ndim, sizes, st);
    if (tc_shape_numel(ndim, sizes) > 0 && check_bounds(storage, offset, ndim, sizes, st, fn)) return -1;
    tc_storage_retain(storage);
    tc_storage_release(t->storage);
    t->storage = storage;
    t->offset = offset;
    t->ndim = ndim;
    memcpy(t->sizes, sizes, sizeof(int64_t) * ndim);
    memcpy(t->strides, st, sizeof(int64_t) * ndim);
    return 0;
}

int tc_tensor_set_narrow(tc_tensor *t, int dim, int64_t start, int64_t length) {
    const char *fn = "narrow";
    if (!t) return tc_fail("%s: tensor is NULL", fn);
    if (t->ndim == 0) return tc_fail("%s: cannot narrow a 0-dimensional tensor", fn);
    if ((dim = tc_normalize_dim(dim, t->ndim, fn)) < 0) return -1;
    if (start < 0 || length < 0 || start + length > t->sizes[dim])
        return tc_fail("%s: range [%lld, %lld) out of bounds for dimension %d of size %lld", fn,
                       (long long)start, (long long)(start + length), dim, (long long)t->sizes[dim]);
    if (length > 0) t->offset += start * t->strides[dim];
    t->sizes[dim] = length;
    return 0;
}

int tc_tensor_set_select(tc_tensor *t, int dim, int64_t index) {
    const char *fn = "select";
    if (!t) return tc_fail("%s: tensor is NULL", fn);
    if (t->ndim == 0) return tc_fail("%s: cannot select on a 0-dimensional tensor", fn);
    if ((dim = tc_normalize_dim(dim, t->ndim, fn)) < 0) return -1;
    if (index < 0 || index >= t->sizes[dim])
        return tc_fail("%s: index %lld out of range for dimension %d of size %lld", fn, (long long)index, dim,
                       (long long)t->sizes[dim]);
    t->offset += index * t->strides[dim];
    for (int d = dim; d < t->ndim - 1; d++) {
        t->sizes[d] = t->sizes[d + 1];
        t->strides[d] = t->strides[d + 1];
    }
    t->ndim--;
    return 0;
}

int tc_tensor_set_transpose(tc_tensor *t, int dim0, int dim1) {
    const char *fn = "transpose";
    if (!t) return tc_fail("%s: tensor is NULL", fn);
    if (t->ndim == 0 && (dim0 == 0 || dim0 == -1) && (dim1 == 0 || dim1 == -1)) return 0;
    if ((dim0 = tc_normalize_dim(dim0, t->ndim, fn)) < 0) return -1;
    if ((dim1 = tc_normalize_dim(dim1, t->ndim, fn)) < 0) return -1;
    int64_t s = t->sizes[dim0]; t->sizes[dim0] = t->sizes[dim1]; t->sizes[dim1] = s;
    s = t->strides[dim0]; t->strides[dim0] = t->strides[dim1]; t->strides[dim1] = s;
    return 0;
}

int tc_tensor_set_unsqueeze(tc_tensor *t, int dim) {
    const char *fn = "unsqueeze";
    if (!t) return tc_fail("%s: tensor is NULL", fn);
    if (t->ndim >= TC_MAX_DIMS) return tc_fail("%s: tensor already has %d dimensions", fn, (int)TC_MAX_DIMS);
    int n = t->ndim + 1;
    if (dim < -n || dim >= n) return tc_fail("%s: dimension %d out of range [%d, %d]", fn, dim, -n, n - 1);
    if (dim < 0) dim += n;
    for (int d = t->ndim; d > dim; d--) {
        t->sizes[d] = t->sizes[d - 1];
        t->strides[d] = t->strides[d - 1];
    }
    t->sizes[dim] = 1;
    t->strides[dim] = dim + 1 < n ? t->sizes[dim + 1] * t->strides[dim + 1] : 1;
    t->ndim = n;
    return 0;
}

int tc_tensor_set_squeeze_dim(tc_tensor *t, int dim) {
    const char *fn = "squeeze";
    if (!t) return tc_fail("%s: tensor is NULL", fn);
    if (t->ndim == 0) return 0;
    if ((dim = tc_normalize_dim(dim, t->ndim, fn)) < 0) return -1;
    if (t->sizes[dim] != 1) return 0;
    for (int d = dim; d < t->ndim - 1; d++) {
        t->sizes[d] = t->sizes[d + 1];
        t->strides[d] = t->strides[d + 1];
    }
    t->ndim--;
    return 0;
}

/* ---- views returning new handles ------------------------------------------------------------------ */
#define VIEW_VIA(setter_call)                         \
    tc_tensor *v = tc_tensor_new_view(t);             \
    if (!v) return NULL;                              \
    if (setter_call) { tc_tensor_release(v); return NULL; } \
    return v;

tc_tensor *tc_view_narrow(const tc_tensor *t, int dim, int64_t start, int64_t length) {
    VIEW_VIA(tc_tensor_set_narrow(v, dim, start, length))
}

tc_tensor *tc_view_select(const tc_tensor *t, int dim, int64_t index) {
    VIEW_VIA(tc_tensor_set_select(v, dim, index))
}

tc_tensor *tc_view_transpose(const tc_tensor *t, int dim0, int dim1) {
    VIEW_VIA(tc_tensor_set_transpose(v, dim0, dim1))
}

tc_tensor *tc_view_unsqueeze(const tc_tensor *t, int dim) {
    VIEW_VIA(tc_tensor_set_unsqueeze(v, dim))
}

tc_tensor *tc_view_squeeze_dim(const tc_tensor *t, int dim) {
    VIEW_VIA(tc_tensor_set_squeeze_dim(v, dim))
}

tc_tensor *tc_view_squeeze(const tc_tensor *t) {
    if (!t) return tc_fail_null("squeeze: tensor is NULL");
    tc_tensor *v = tc_tensor_new_view(t);
    if (!v) return NULL;
    int n = 0;
    for (int d = 0; d < t->ndim; d++) {
        if (t->sizes[d] != 1) {
            v->sizes[n] = t->sizes[d];
            v->strides[n] = t->strides[d];
            n++;
        }
    }
    v->ndim = n;
    return v;
}

tc_tensor *tc_view_permute(const tc_tensor *t, const int *dims) {
    const char *fn = "permute";
    if (!t || !dims) return tc_fail_null("%s: NULL argument", fn);
    int seen[TC_MAX_DIMS] = {0};
    tc_tensor *v = tc_tensor_new_view(t);
    if (!v) return NULL;
    for (int i = 0; i < t->ndim; i++) {
        int d = dims[i] < 0 ? dims[i] + t->ndim : dims[i];
        if (d < 0 || d >= t->ndim || seen[d]) {
            tc_tensor_release(v);
            return tc_fail_null("%s: dims is not a permutation of 0..%d (entry %d is %d)", fn, t->ndim - 1, i, dims[i]);
        }
        seen[d] = 1;
        v->sizes[i] = t->sizes[d];
        v->strides[i] = t->strides[d];
    }
    return v;
}

/* Computes strides for viewing t with a new shape without copying (PyTorch's computeStride rule);
 * returns 0 and fills new_strides, or -1 when impossible. */
static int view_strides(const tc_tensor *t, int ndim, const int64_t *sizes, int64_t *new_strides) {
    int64_t numel = tc_tensor_numel(t);
    if (numel == 0 || t->ndim == 0) {   /* no elements, or one scalar: any shape of that size is a view */
        tc_contiguous_strides(ndim, sizes, new_strides);
        return 0;
    }
    int view_d = ndim - 1;
    int64_t chunk_base_stride = t->ndim > 0 ? t->strides[t->ndim - 1] : 1;
    int64_t tensor_numel = 1, view_numel = 1;
    for (int tensor_d = t->ndim - 1; tensor_d >= 0; tensor_d--) {
        tensor_numel *= t->sizes[tensor_d];
        if (tensor_d == 0 || (t->sizes[tensor_d - 1] != 1 &&
                              t->strides[tensor_d - 1] != tensor_numel * chunk_base_stride)) {
            while (view_d >= 0 && (view_numel < tensor_numel || sizes[view_d] == 1)) {
                new_strides[view_d] = view_numel * chunk_base_stride;
                view_numel *= sizes[view_d];
                view_d--;
            }
            if (view_numel != tensor_numel) return -1;
            if (tensor_d > 0) {
                chunk_base_stride = t->strides[tensor_d - 1];
                tensor_numel = 1;
                view_numel = 1;
            }
        }
    }
    if (view_d != -1) return -1;
    return 0;
}

tc_tensor *tc_view_reshape(const tc_tensor *t, int ndim, const int64_t *sizes_in) {
    const char *fn = "view";
    if (!t || (!sizes_in && ndim > 0)) return tc_fail_null("%s: NULL argument", fn);
    if (ndim < 0 || ndim > TC_MAX_DIMS) return tc_fail_null("%s: bad number of dimensions %d", fn, ndim);
    int64_t sizes[TC_MAX_DIMS];
    int infer = -1;
    int64_t known = 1;
    for (int d = 0; d < ndim; d++) {
        sizes[d] = sizes_in[d];
        if (sizes[d] == -1) {
            if (infer >= 0) return tc_fail_null("%s: only one dimension can be inferred", fn);
            infer = d;
        } else if (sizes[d] < 0) {
            return tc_fail_null("%s: invalid size %lld in dimension %d", fn, (long long)sizes[d], d);
        } else {
            known *= sizes[d];
        }
    }
    int64_t numel = tc_tensor_numel(t);
    if (infer >= 0) {
        if (known == 0 || numel % known != 0)
            return tc_fail_null("%s: shape is invalid for input of size %lld", fn, (long long)numel);
        sizes[infer] = numel / known;
    } else if (known != numel) {
        return tc_fail_null("%s: shape with %lld elements is invalid for input of size %lld", fn,
                            (long long)known, (long long)numel);
    }
    int64_t strides[TC_MAX_DIMS];
    if (view_strides(t, ndim, sizes, strides))
        return tc_fail_null("%s: size is not compatible with the input tensor's size and stride "
                            "(at least one dimension spans two contiguous subspaces); call contiguous() first", fn);
    tc_tensor *v = tc_tensor_new_view(t);
    if (!v) return NULL;
    v->ndim = ndim;
    memcpy(v->sizes, sizes, sizeof(int64_t) * ndim);
    memcpy(v->strides, strides, sizeof(int64_t) * ndim);
    return v;
}

tc_tensor *tc_view_expand(const tc_tensor *t, int ndim, const int64_t *sizes) {
    const char *fn = "expand";
    if (!t || (!sizes && ndim > 0)) return tc_fail_null("%s: NULL argument", fn);
    if (ndim < t->ndim)
        return tc_fail_null("%s: the number of sizes (%d) must be at least the tensor's dimensions (%d)", fn, ndim, t->ndim);
    if (ndim > TC_MAX_DIMS) return tc_fail_null("%s: too many dimensions", fn);
    tc_tensor *v = tc_tensor_new_view(t);
    if (!v) return NULL;
    int lead = ndim - t->ndim;
    for (int d = ndim - 1; d >= 0; d--) {
        int src = d - lead;
        int64_t want = sizes[d];
        if (src >= 0) {
            int64_t have = t->sizes[src];
            if (want == -1) want = have;
            if (have == want) {
                v->sizes[d] = have;
                v->strides[d] = t->strides[src];
            } else if (have == 1 && want >= 0) {
                v->sizes[d] = want;
                v->strides[d] = 0;
            } else {
                tc_tensor_release(v);
                return tc_fail_null("%s: the expanded size (%lld) must match the existing size (%lld) at "
                                    "non-singleton dimension %d", fn, (long long)want, (long long)have, d);
            }
        } else {
            if (want < 0) {
                tc_tensor_release(v);
                return tc_fail_null("%s: the expanded size %lld is not allowed in a leading new dimension %d", fn,
                                    (long long)want, d);
            }
            v->sizes[d] = want;
            v->strides[d] = 0;
        }
    }
    v->ndim = ndim;
    return v;
}

tc_tensor *tc_view_unfold(const tc_tensor *t, int dim, int64_t size, int64_t step) {
    const char *fn = "unfold";
    if (!t) return tc_fail_null("%s: tensor is NULL", fn);
    if (t->ndim >= TC_MAX_DIMS) return tc_fail_null("%s: too many dimensions", fn);
    int nd = t->ndim > 0 ? t->ndim : 1;
    if ((dim = tc_normalize_dim(dim, nd, fn)) < 0) return NULL;
    int64_t len = t->ndim > 0 ? t->sizes[dim] : 1;
    int64_t st = t->ndim > 0 ? t->strides[dim] : 1;
    if (step <= 0) return tc_fail_null("%s: step must be positive, got %lld", fn, (long long)step);
    if (size < 0 || size > len)
        return tc_fail_null("%s: size %lld exceeds the size %lld of dimension %d", fn, (long long)size,
                            (long long)len, dim);
    tc_tensor *v = tc_tensor_new_view(t);
    if (!v) return NULL;
    if (t->ndim == 0) { v->ndim = 1; v->sizes[0] = 1; v->strides[0] = 1; }
    v->sizes[dim] = (len - size) / step + 1;
    v->strides[dim] = step * st;
    v->sizes[v->ndim] = size;
    v->strides[v->ndim] = st;
    v->ndim++;
    return v;
}

tc_tensor *tc_view_as_strided(const tc_tensor *t, int ndim, const int64_t *sizes,
                              const int64_t *strides, int64_t offset) {
    const char *fn = "as_strided";
    if (!t || (ndim > 0 && (!sizes || !strides))) return tc_fail_null("%s: NULL argument", fn);
    if (check_shape(ndim, sizes, fn)) return NULL;
    if (offset < 0) return tc_fail_null("%s: negative storage offset", fn);
    for (int d = 0; d < ndim; d++)
        if (strides[d] < 0) return tc_fail_null("%s: negative stride %lld in dimension %d", fn, (long long)strides[d], d);
    if (tc_shape_numel(ndim, sizes) > 0 && check_bounds(t->storage, offset, ndim, sizes, strides, fn)) return NULL;
    tc_tensor *v = tc_tensor_new_view(t);
    if (!v) return NULL;
    v->offset = offset;
    v->ndim = ndim;
    memcpy(v->sizes, sizes, sizeof(int64_t) * ndim);
    memcpy(v->strides, strides, sizeof(int64_t) * ndim);
    return v;
}

tc_tensor *tc_view_diagonal(const tc_tensor *t, int64_t offset, int dim0, int dim1) {
    const char *fn = "diagonal";
    if (!t) return tc_fail_null("%s: tensor is NULL", fn);
    if (t->ndim < 2) return tc_fail_null("%s: needs at least 2 dimensions, got %d", fn, t->ndim);
    if ((dim0 = tc_normalize_dim(dim0, t->ndim, fn)) < 0) return NULL;
    if ((dim1 = tc_normalize_dim(dim1, t->ndim, fn)) < 0) return NULL;
    if (dim0 == dim1) return tc_fail_null("%s: dim0 and dim1 are both %d", fn, dim0);
    int64_t len, start = t->offset;
    if (offset >= 0) {
        len = TC_MIN(t->sizes[dim0], t->sizes[dim1] - offset);
        if (len > 0) start += offset * t->strides[dim1];
    } else {
        len = TC_MIN(t->sizes[dim0] + offset, t->sizes[dim1]);
        if (len > 0) start -= offset * t->strides[dim0];
    }
    if (len < 0) len = 0;
    tc_tensor *v = tc_tensor_new_view(t);
    if (!v) return NULL;
    int n = 0;
    for (int d = 0; d < t->ndim; d++) {
        if (d == dim0 || d == dim1) continue;
        v->sizes[n] = t->sizes[d];
        v->strides[n] = t->strides[d];
        n++;
    }
    v->sizes[n] = len;
    v->strides[n] = t->strides[dim0] + t->strides[dim1];
    v->ndim = n + 1;
    v->offset = len > 0 ? start : t->offset;
    return v;
}
