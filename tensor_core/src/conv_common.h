/* conv_common.h -- helpers shared by the spatial kernels (conv*.c, pool*.c, upsample.c, pad.c).
 * Every spatial kernel works on a 3-D geometry: 1-D and 2-D problems get leading unit dims, so one
 * loop nest serves all three ranks. */
#ifndef TC_CONV_COMMON_H
#define TC_CONV_COMMON_H

#include <stdio.h>
#include "tc_internal.h"

/* Shape of an (N, C, D, H, W) problem after unit dims were added. */
typedef struct sp_shape {
    int nsp;          /* spatial dims the caller has (1..3) */
    int batched;      /* input had a batch dim */
    int64_t N, C;
    int64_t s[3];     /* spatial sizes, padded at the front with 1 */
} sp_shape;

static inline int sp_check_float(const tc_tensor *t, const char *fn, const char *name, int dtype) {
    if (!t) return tc_fail("%s: argument '%s' is NULL", fn, name);
    if (dtype < 0 && t->dtype != TC_FLOAT32 && t->dtype != TC_FLOAT64)
        return tc_fail("%s: '%s' must be float32 or float64 (got %s)", fn, name, tc_dtype_name(t->dtype));
    if (dtype >= 0 && t->dtype != dtype)
        return tc_fail("%s: '%s' has dtype %s but the input is %s", fn, name, tc_dtype_name(t->dtype),
                       tc_dtype_name(dtype));
    if (t->storage && t->storage->device != TC_DEVICE_CPU)
        return tc_fail("%s: '%s' is on a CUDA device; this kernel runs on the CPU", fn, name);
    return 0;
}

static inline int sp_check_index(const tc_tensor *t, const char *fn, const char *name) {
    if (!t) return tc_fail("%s: argument '%s' is NULL", fn, name);
    if (t->dtype != TC_INT64) return tc_fail("%s: '%s' must be int64 (got %s)", fn, name, tc_dtype_name(t->dtype));
    if (t->storage && t->storage->device != TC_DEVICE_CPU)
        return tc_fail("%s: '%s' is on a CUDA device; this kernel runs on the CPU", fn, name);
    return 0;
}

static inline int sp_check_nsp(int nsp, const char *fn) {
    if (nsp < 1 || nsp > 3) return tc_fail("%s: nspatial must be 1, 2 or 3 (got %d)", fn, nsp);
    return 0;
}

/* Reads an input of shape (N, C, s...) or (C, s...).  `allow_empty_c` = 0 rejects zero channels. */
static inline int sp_parse(sp_shape *sh, const tc_tensor *x, int nsp, const char *fn, const char *name) {
    if (sp_check_nsp(nsp, fn)) return -1;
    if (x->ndim != nsp + 1 && x->ndim != nsp + 2)
        return tc_fail("%s: '%s' must be %dD (unbatched) or %dD (batched), got %dD", fn, name, nsp + 1,
                       nsp + 2, (int)x->ndim);
    sh->nsp = nsp;
    sh->batched = x->ndim == nsp + 2;
    int o = sh->batched ? 1 : 0;
    sh->N = sh->batched ? x->sizes[0] : 1;
    sh->C = x->sizes[o];
    for (int i = 0; i < 3; i++) sh->s[i] = 1;
    for (int i = 0; i < nsp; i++) sh->s[3 - nsp + i] = x->sizes[o + 1 + i];
    if (sh->C == 0) return tc_fail("%s: '%s' has zero channels (size %lld at dim %d)", fn, name, 0LL, o);
    for (int i = 0; i < nsp; i++)
        if (x->sizes[o + 1 + i] == 0)
            return tc_fail("%s: '%s' has an empty spatial dim %d", fn, name, o + 1 + i);
    return 0;
}

/* The sizes of a tensor shaped like `sh` but with C channels and spatial sizes s3 (padded form). */
static inline int sp_sizes(const sp_shape *sh, int64_t C, const int64_t *s3, int64_t *sizes) {
    int n = 0;
    if (sh->batched) sizes[n++] = sh->N;
    sizes[n++] = C;
    for (int i = 0; i < sh->nsp; i++) sizes[n++] = s3[3 - sh->nsp + i];
    return n;
}

/* Option array value i (caller order) or the default. */
static inline int64_t sp_opt(const int64_t *a, int i, int64_t dflt) { return a ? a[i] : dflt; }

/* Copies an option array into padded 3-D form (front filled with fill). */
static inline void sp_opt3(const int64_t *a, int nsp, int64_t dflt, int64_t fill, int64_t *o3) {
    for (int i = 0; i < 3; i++) o3[i] = fill;
    for (int i = 0; i < nsp; i++) o3[3 - nsp + i] = sp_opt(a, i, dflt);
}

/* ---- output handling: kernels write into a contiguous tensor; when the caller's tensor is not
 * contiguous a temporary is used and copied back.  `keep` = 1 preserves the old contents (for
 * accumulating into gradients). */
static inline tc_tensor *sp_out_begin(tc_tensor *out, int ndim, const int64_t *sizes, int keep) {
    if (sizes && tc_tensor_resize(out, ndim, sizes)) return NULL;
    if (tc_tensor_is_contiguous(out) && (tc_tensor_numel(out) == 0 || out->storage)) {
        tc_tensor_retain(out);
        return out;
    }
    if (keep) return tc_tensor_contiguous(out);
    return tc_tensor_empty(out->dtype, out->ndim, out->sizes);
}

static inline int sp_out_end(tc_tensor *out, tc_tensor *work, int ok) {
    int rc = ok ? 0 : -1;
    if (work && work != out && ok) rc = tc_copy(out, work);
    if (work) tc_tensor_release(work);
    return rc;
}

/* A contiguous version of an input (retained or cloned), NULL on failure. */
static inline tc_tensor *sp_in(const tc_tensor *t) { return tc_tensor_contiguous((tc_tensor *)t); }

static inline int sp_same_shape_as(const tc_tensor *t, int ndim, const int64_t *sizes, const char *fn,
                                   const char *name) {
    int same = t->ndim == ndim;
    for (int i = 0; same && i < ndim; i++) same = t->sizes[i] == sizes[i];
    if (!same) {
        char buf[200], *p = buf;
        p += sprintf(p, "(");
        for (int i = 0; i < ndim && p < buf + 150; i++) p += sprintf(p, i ? ", %lld" : "%lld", (long long)sizes[i]);
        sprintf(p, ")");
        char got[200], *q = got;
        q += sprintf(q, "(");
        for (int i = 0; i < t->ndim && q < got + 150; i++)
            q += sprintf(q, i ? ", %lld" : "%lld", (long long)t->sizes[i]);
        sprintf(q, ")");
        return tc_fail("%s: '%s' must have shape %s, got %s", fn, name, buf, got);
    }
    return 0;
}

#endif
