/* tc_internal.h -- helpers shared by the kernel files; not part of the public header. */
#ifndef TC_INTERNAL_H
#define TC_INTERNAL_H

#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include <stdlib.h>
#include <math.h>
#include "tensor_core.h"

#ifdef _OPENMP
#include <omp.h>
#endif

/* ---- errors: tc_fail("tc_add: sizes %d vs %d", a, b) records the message and returns -1 ---- */
int tc_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void *tc_fail_null(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define TC_CHECK_TENSOR(t, fn) \
    do { if (!(t)) return tc_fail("%s: argument '" #t "' is NULL", fn); } while (0)

/* ---- parallelism: below this many elements a kernel runs serially (a parallel region costs ~1.5 us) */
enum { TC_PARALLEL_GRAIN = 32768 };
int tc_threads_for(int64_t work);   /* how many threads to use for `work` elements (1 = serial) */

/* ---- dtype dispatch ----------------------------------------------------------------------
 * TC_DISPATCH_ALL(dtype, fn_prefix) expands a switch calling fn_prefix##_u8, _i8, ..., _f64, _bool.
 * Simpler: kernels define one static function per element type with a macro and pick it with
 * a switch.  The element C types: */
typedef uint8_t tc_u8;
typedef int8_t tc_i8;
typedef int16_t tc_i16;
typedef int32_t tc_i32;
typedef int64_t tc_i64;
typedef uint16_t tc_f16;
typedef float tc_f32;
typedef double tc_f64;
typedef uint8_t tc_bool;

/* X(suffix, ctype, TC_DTYPE, is_float) for the dtypes with arithmetic (no float16) */
#define TC_FOR_ARITH_TYPES(X) \
    X(u8, uint8_t, TC_UINT8, 0) \
    X(i8, int8_t, TC_INT8, 0) \
    X(i16, int16_t, TC_INT16, 0) \
    X(i32, int32_t, TC_INT32, 0) \
    X(i64, int64_t, TC_INT64, 0) \
    X(f32, float, TC_FLOAT32, 1) \
    X(f64, double, TC_FLOAT64, 1) \
    X(bool, uint8_t, TC_BOOL, 0)

#define TC_FOR_INT_TYPES(X) \
    X(u8, uint8_t, TC_UINT8, 0) \
    X(i8, int8_t, TC_INT8, 0) \
    X(i16, int16_t, TC_INT16, 0) \
    X(i32, int32_t, TC_INT32, 0) \
    X(i64, int64_t, TC_INT64, 0)

#define TC_FOR_FLOAT_TYPES(X) \
    X(f32, float, TC_FLOAT32, 1) \
    X(f64, double, TC_FLOAT64, 1)

/* ---- N-ary strided iteration ---------------------------------------------------------------
 * Operands share one logical shape (the first operand's).  An operand with the same element
 * count but another shape is reshaped as a view when possible, otherwise copied to a
 * contiguous temporary (inputs only).  Dimensions are collapsed where every operand allows.
 * tc_iter_run calls `inner` once per 1-D run of elements with byte pointers and byte strides:
 * the inner loop is where the kernel lives (with its own contiguous fast path). */
enum { TC_ITER_MAX_OPS = 6 };

typedef struct tc_iter {
    int nops;
    int ndim;                                   /* after collapsing; 0 means one element */
    int64_t numel;
    int64_t sizes[TC_MAX_DIMS];
    int64_t strides[TC_ITER_MAX_OPS][TC_MAX_DIMS];  /* in bytes */
    char *data[TC_ITER_MAX_OPS];
    int64_t elsize[TC_ITER_MAX_OPS];
    tc_tensor *temps[TC_ITER_MAX_OPS];
} tc_iter;

typedef void (*tc_inner_fn)(char **ptrs, const int64_t *strides, int64_t n, void *ctx);

/* ops[0] is usually the output.  `fn` names the caller for error messages. */
int tc_iter_init(tc_iter *it, int nops, tc_tensor *const *ops, const char *fn);
void tc_iter_free(tc_iter *it);
/* Runs inner over all elements; splits across threads when numel is large and `parallel`. */
void tc_iter_run(tc_iter *it, tc_inner_fn inner, void *ctx, int parallel);
/* Whether every operand is contiguous in the collapsed iteration (one flat run). */
int tc_iter_is_flat(const tc_iter *it);

/* ---- misc helpers ---------------------------------------------------------------------------- */
int tc_normalize_dim(int dim, int ndim, const char *fn);   /* negative dims wrap; returns -1 on error */
void tc_contiguous_strides(int ndim, const int64_t *sizes, int64_t *strides);
int64_t tc_shape_numel(int ndim, const int64_t *sizes);
/* storage allocation from the caching allocator */
void *tc_alloc(int64_t nbytes, int64_t *capacity);
void tc_free(void *ptr, int64_t capacity);

/* dtype-generic scalar read/write (slow paths, conversion) */
double tc_read_as_double(const void *p, int dtype);
void tc_write_from_double(void *p, int dtype, double v);
int64_t tc_read_as_int64(const void *p, int dtype);
void tc_write_from_int64(void *p, int dtype, int64_t v);

/* ---- raw GEMM on row-major buffers (OpenBLAS underneath; one place every kernel calls) ----
 * C[M x N] = alpha * op(A)[M x K] * op(B)[K x N] + beta * C, leading dimensions in elements.
 * trans_a / trans_b: 0 = as stored, 1 = transposed.  beta == 0 ignores C's old contents (NaN-safe). */
void tc_gemm_f32(int trans_a, int trans_b, int64_t M, int64_t N, int64_t K, float alpha,
                 const float *A, int64_t lda, const float *B, int64_t ldb, float beta, float *C, int64_t ldc);
void tc_gemm_f64(int trans_a, int trans_b, int64_t M, int64_t N, int64_t K, double alpha,
                 const double *A, int64_t lda, const double *B, int64_t ldb, double beta, double *C, int64_t ldc);
/* OpenBLAS runs its own thread pool; the core keeps it in step with tc_set_num_threads. */
void tc_blas_set_num_threads(int n);

#define TC_MIN(a, b) ((a) < (b) ? (a) : (b))
#define TC_MAX(a, b) ((a) > (b) ? (a) : (b))

#endif
