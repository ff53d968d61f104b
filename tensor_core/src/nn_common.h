/* nn_common.h -- argument checks and buffer helpers shared by the nn_*.c kernel files. */
#ifndef NN_COMMON_H
#define NN_COMMON_H

#include "tc_internal.h"

/* A float32/float64 CPU tensor, or a clear error naming the argument. */
static int nn_check_float(const tc_tensor *t, const char *fn, const char *name) {
    if (!t) return tc_fail("%s: argument '%s' is NULL", fn, name);
    if (t->dtype != TC_FLOAT32 && t->dtype != TC_FLOAT64)
        return tc_fail("%s: argument '%s' must be float32 or float64, got %s", fn, name, tc_dtype_name(t->dtype));
    if (t->storage && t->storage->device != TC_DEVICE_CPU)
        return tc_fail("%s: argument '%s' is on a CUDA device; this kernel runs on the CPU", fn, name);
    if (tc_tensor_numel(t) > 0 && !t->storage) return tc_fail("%s: argument '%s' has no storage", fn, name);
    return 0;
}

/* Same dtype as the reference floating tensor. */
static int nn_check_like(const tc_tensor *t, const tc_tensor *ref, const char *fn, const char *name) {
    if (nn_check_float(t, fn, name)) return -1;
    if (t->dtype != ref->dtype)
        return tc_fail("%s: argument '%s' has dtype %s but the input is %s", fn, name, tc_dtype_name(t->dtype),
                       tc_dtype_name(ref->dtype));
    return 0;
}

static int nn_check_int64(const tc_tensor *t, const char *fn, const char *name) {
    if (!t) return tc_fail("%s: argument '%s' is NULL", fn, name);
    if (t->dtype != TC_INT64)
        return tc_fail("%s: argument '%s' must be an int64 index tensor, got %s", fn, name, tc_dtype_name(t->dtype));
    if (t->storage && t->storage->device != TC_DEVICE_CPU)
        return tc_fail("%s: argument '%s' is on a CUDA device; this kernel runs on the CPU", fn, name);
    if (tc_tensor_numel(t) > 0 && !t->storage) return tc_fail("%s: argument '%s' has no storage", fn, name);
    return 0;
}

/* An output tensor of the input's dtype (checked before it is resized). */
static int nn_check_out(const tc_tensor *out, const tc_tensor *ref, const char *fn, const char *name) {
    if (!out) return tc_fail("%s: output '%s' is NULL", fn, name);
    if (out->dtype != ref->dtype)
        return tc_fail("%s: output '%s' has dtype %s but the input is %s", fn, name, tc_dtype_name(out->dtype),
                       tc_dtype_name(ref->dtype));
    if (out->storage && out->storage->device != TC_DEVICE_CPU)
        return tc_fail("%s: output '%s' is on a CUDA device; this kernel runs on the CPU", fn, name);
    return 0;
}

static int nn_numel_eq(const tc_tensor *t, const tc_tensor *ref, const char *fn, const char *name) {
    if (tc_tensor_numel(t) != tc_tensor_numel(ref))
        return tc_fail("%s: '%s' has %lld elements but the input has %lld", fn, name,
                       (long long)tc_tensor_numel(t), (long long)tc_tensor_numel(ref));
    return 0;
}

/* Contiguous version of an input: a new reference (the tensor itself retained, or a copy). */
static tc_tensor *nn_contig(const tc_tensor *t) { return tc_tensor_contiguous((tc_tensor *)t); }

/* Resizes `out` to the shape and returns where the kernel writes: `out` itself (retained) when
 * contiguous, else a contiguous temporary that nn_out_finish copies back. */
static tc_tensor *nn_out_begin(tc_tensor *out, int ndim, const int64_t *sizes) {
    if (tc_tensor_resize(out, ndim, sizes)) return NULL;
    if (tc_tensor_is_contiguous(out) && (out->storage || tc_tensor_numel(out) == 0)) {
        tc_tensor_retain(out);
        return out;
    }
    return tc_tensor_empty(out->dtype, ndim, sizes);
}

static int nn_out_finish(tc_tensor *out, tc_tensor *work, int rc) {
    if (!work) return -1;
    if (rc == 0 && work != out) rc = tc_copy(out, work);
    tc_tensor_release(work);
    return rc;
}

static void nn_release(tc_tensor *t) { if (t) tc_tensor_release(t); }

#define NN_DATA(t, T) ((T *)tc_tensor_data(t))

/* Writes a scalar result: an output that already holds one element keeps its shape (Torch7's
 * 1-element buffers), anything else becomes 0-d. */
static int nn_write_scalar(tc_tensor *out, double v) {
    if (!(tc_tensor_numel(out) == 1 && out->storage) && tc_tensor_resize(out, 0, (const int64_t[1]){0})) return -1;
    return tc_set_flat(out, 0, v);
}

static int nn_read_scalar(const tc_tensor *t, double *v, const char *fn, const char *name) {
    if (tc_tensor_numel(t) != 1)
        return tc_fail("%s: '%s' must hold one element, got %lld", fn, name, (long long)tc_tensor_numel(t));
    return tc_get_flat(t, 0, v);
}

/* accumulating outputs: a contiguous working copy when the caller's tensor is strided */
static tc_tensor *acc_begin(tc_tensor *t, int *rc) {
    if (!t || *rc) return NULL;
    if (tc_tensor_is_contiguous(t)) { tc_tensor_retain(t); return t; }
    tc_tensor *c = tc_tensor_clone(t);
    if (!c) *rc = -1;
    return c;
}

static int acc_finish(tc_tensor *t, tc_tensor *work, int rc) {
    if (!work) return rc;
    if (!rc && work != t) rc = tc_copy(t, work);
    tc_tensor_release(work);
    return rc;
}

/* contiguous copy of an optional vector */
static tc_tensor *opt_contig(const tc_tensor *v, int *rc) {
    if (!v) return NULL;
    tc_tensor *c = nn_contig(v);
    if (!c) *rc = -1;
    return c;
}

#endif
