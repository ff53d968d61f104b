/* tc_math.h -- elementwise and reduction kernels.  See tensor_core.h for the rules every section follows.
 *
 * One declaration per op: the elementwise ops are listed once in the X-macro lists below.  The same
 * lists expand to the C prototypes here and to the runtime op table (tc_op_count / tc_op_get) that the
 * Lua and Python frontends iterate to build their method tables.
 *
 * Conventions shared by every kernel in this section
 *   - out comes first and is resized (tc_tensor_resize) to the result shape; it may be an input (in place).
 *   - Tensor operands have equal element counts; the shape of the first input is the result shape
 *     (Torch7 allows other shapes with equal numel; PyTorch frontends pass tc_view_expand views).
 *   - All tensor operands of one arithmetic kernel share one dtype and out has that dtype too, except
 *     where stated (comparisons, logical ops, where, reductions).  The frontend converts first.
 *   - Scalars are passed as double and converted to the tensor's dtype before use (for an integer tensor
 *     the scalar is truncated towards zero first: Torch7's IntTensor:div(2.5) divides by 2; a frontend
 *     wanting PyTorch's type promotion converts the tensor to floating point instead).
 *   - Integer division or remainder by zero fails with an error instead of trapping.
 */

/* ---- the op table ------------------------------------------------------------------------------ */
enum tc_op_kind {
    TC_OPK_UNARY = 0,        /* int tc_NAME(out, a) */
    TC_OPK_BINARY = 1,       /* int tc_NAME(out, a, b); tc_NAME_scalar(out, a, s); tc_NAME_rscalar(out, s, b) */
    TC_OPK_BINARY_ALPHA = 2, /* int tc_NAME(out, a, b, alpha) = a op alpha*b; _scalar and _rscalar as BINARY */
    TC_OPK_COMPARE = 3,      /* int tc_NAME(out, a, b); tc_NAME_scalar(out, a, s); out uint8/bool/a's dtype (0/1) */
    TC_OPK_LOGICAL = 4,      /* int tc_NAME(out, a, b); a, b one dtype (any); out uint8/bool/a's dtype (0/1) */
    TC_OPK_REDUCE = 5        /* int tc_NAME(out, a, dim, keepdim) (see "reductions" below) */
};

enum tc_op_flags {
    TC_OPF_FLOAT = 1,   /* float32, float64 */
    TC_OPF_INT = 2,     /* uint8, int8, int16, int32, int64 */
    TC_OPF_BOOL = 4,    /* bool */
    TC_OPF_F = 1, TC_OPF_FI = 3, TC_OPF_IB = 6, TC_OPF_FIB = 7, TC_OPF_I = 2   /* the combinations used */
};

typedef struct tc_op_info {
    const char *name;   /* the C entry point is "tc_" followed by name */
    int32_t kind;       /* enum tc_op_kind */
    int32_t arity;      /* tensor inputs of the tensor form */
    int32_t flags;      /* enum tc_op_flags: the input dtypes accepted */
} tc_op_info;

int32_t tc_op_count(void);
const tc_op_info *tc_op_get(int32_t i);            /* NULL when i is out of range */
const tc_op_info *tc_op_find(const char *name);    /* NULL when there is no such op */
int32_t tc_op_accepts(const tc_op_info *op, int32_t dtype); /* 1 when op takes inputs of dtype */

/* ---- the lists: X(name, dtypes) with dtypes one of F, FI, IB, FIB, I (TC_OPF_##dtypes) ----------------
 * round: halves away from zero (Torch7, C round); round_half_even: PyTorch's round.  reciprocal is
 * Torch7's cinv.  float32 exp, log, tanh and sigmoid use vectorised polynomial code (within 2 ulp,
 * sigmoid 3); the rest call libm per element. */
#define TC_UNARY_OPS(X) \
    X(exp, F) X(exp2, F) X(expm1, F) X(log, F) X(log2, F) X(log10, F) X(log1p, F) \
    X(sqrt, F) X(rsqrt, F) X(sin, F) X(cos, F) X(tan, F) X(asin, F) X(acos, F) X(atan, F) \
    X(sinh, F) X(cosh, F) X(tanh, F) X(sigmoid, F) X(reciprocal, F) \
    X(round, F) X(round_half_even, F) X(ceil, F) X(floor, F) X(trunc, F) X(frac, F) \
    X(erf, F) X(erfc, F) X(erfinv, F) X(lgamma, F) X(digamma, F) \
    X(abs, FI) X(neg, FI) X(sign, FI) X(square, FI) X(bitwise_not, IB) \
    X(logical_not, FIB)   /* out uint8, bool or a's dtype (0/1) */

/* a + alpha*b, a - alpha*b (alpha converted to the dtype like any scalar) */
#define TC_BINARY_ALPHA_OPS(X) X(add, FI) X(sub, FI)

/* div truncates for integers (Torch7, C); floor_divide rounds towards -inf (PyTorch, Python);
 * fmod takes the sign of the dividend (C fmod, Torch7 fmod/mod); remainder the sign of the divisor
 * (Torch7 remainder/%, PyTorch remainder).  pow: integer tensors to negative powers give 1/x^n
 * truncated.  maximum/minimum propagate NaN (PyTorch; Torch7 cmax/cmin).  Shifts on int types. */
#define TC_BINARY_OPS(X) \
    X(mul, FI) X(div, FI) X(floor_divide, FI) X(pow, FI) X(fmod, FI) X(remainder, FI) X(atan2, F) \
    X(maximum, FI) X(minimum, FI) \
    X(bitwise_and, IB) X(bitwise_or, IB) X(bitwise_xor, IB) X(lshift, I) X(rshift, I)

/* A float tensor is compared with the scalar rounded to its dtype (Torch7, PyTorch); an integer tensor
 * with a scalar it cannot hold (2.5, -1 for uint8) is compared exactly, in double. */
#define TC_COMPARE_OPS(X) X(lt, FIB) X(le, FIB) X(gt, FIB) X(ge, FIB) X(eq, FIB) X(ne, FIB)

#define TC_LOGICAL_OPS(X) X(logical_and, FIB) X(logical_or, FIB) X(logical_xor, FIB)

/* reductions sharing the signature tc_NAME(out, a, dim, keepdim) */
#define TC_REDUCE_OPS(X) X(sum, FIB) X(prod, FIB) X(mean, F) X(logsumexp, F) X(all, FIB) X(any, FIB)

/* ---- prototypes from the lists ------------------------------------------------------------------- */
#define TC_DECLARE_UNARY(name, flags) int tc_##name(tc_tensor *out, const tc_tensor *a);
#define TC_DECLARE_BINARY(name, flags) \
    int tc_##name(tc_tensor *out, const tc_tensor *a, const tc_tensor *b); \
    int tc_##name##_scalar(tc_tensor *out, const tc_tensor *a, double b); \
    int tc_##name##_rscalar(tc_tensor *out, double a, const tc_tensor *b);
#define TC_DECLARE_BINARY_ALPHA(name, flags) \
    int tc_##name(tc_tensor *out, const tc_tensor *a, const tc_tensor *b, double alpha); \
    int tc_##name##_scalar(tc_tensor *out, const tc_tensor *a, double b); \
    int tc_##name##_rscalar(tc_tensor *out, double a, const tc_tensor *b);
#define TC_DECLARE_COMPARE(name, flags) \
    int tc_##name(tc_tensor *out, const tc_tensor *a, const tc_tensor *b); \
    int tc_##name##_scalar(tc_tensor *out, const tc_tensor *a, double b);
#define TC_DECLARE_LOGICAL(name, flags) int tc_##name(tc_tensor *out, const tc_tensor *a, const tc_tensor *b);
#define TC_DECLARE_REDUCE(name, flags) int tc_##name(tc_tensor *out, const tc_tensor *a, int32_t dim, int32_t keepdim);

TC_UNARY_OPS(TC_DECLARE_UNARY)
TC_BINARY_ALPHA_OPS(TC_DECLARE_BINARY_ALPHA)
TC_BINARY_OPS(TC_DECLARE_BINARY)
TC_COMPARE_OPS(TC_DECLARE_COMPARE)
TC_LOGICAL_OPS(TC_DECLARE_LOGICAL)
TC_REDUCE_OPS(TC_DECLARE_REDUCE)

/* ---- elementwise ops with their own signatures --------------------------------------------------- */
/* min(max(a, lo), hi); has_lo / has_hi = 0 leaves that side open.  Float and int dtypes; NaN stays NaN.
 * Integer tensors: bounds truncated like any scalar, a bound outside the dtype's range is no bound. */
int tc_clamp(tc_tensor *out, const tc_tensor *a, double lo, double hi, int32_t has_lo, int32_t has_hi);
/* a + w*(b - a); float only */
int tc_lerp(tc_tensor *out, const tc_tensor *a, const tc_tensor *b, double weight);
int tc_lerp_tensor(tc_tensor *out, const tc_tensor *a, const tc_tensor *b, const tc_tensor *weight);
/* a + value*b*c and a + value*b/c; float and int dtypes (addcdiv: float only) */
int tc_addcmul(tc_tensor *out, const tc_tensor *a, const tc_tensor *b, const tc_tensor *c, double value);
int tc_addcdiv(tc_tensor *out, const tc_tensor *a, const tc_tensor *b, const tc_tensor *c, double value);
/* out = cond ? a : b; cond uint8 or bool (nonzero = true); a, b, out one dtype (any) */
int tc_where(tc_tensor *out, const tc_tensor *cond, const tc_tensor *a, const tc_tensor *b);

/* ---- reductions ----------------------------------------------------------------------------------
 * dim: the dimension to reduce (negative wraps), or TC_DIM_ALL for every element.
 * keepdim: 1 keeps the reduced dim with size 1 (Torch7 always; PyTorch keepdim=True), 0 removes it.
 * With TC_DIM_ALL the result is 0-dim (keepdim 0) or has every dim of size 1 (keepdim 1).
 * Dtypes: sum/prod take any arithmetic dtype, accumulate in int64 (integer and bool inputs) or double
 * (float inputs, pairwise), and write into out's dtype (any arithmetic dtype; pass int64 for PyTorch's
 * integer sum, a's dtype for Torch7's dim form, float64 or int64 for Torch7's accreal number).  mean, var, std, norm, logsumexp, dist, renorm, histc: float
 * only, out has a's dtype.  all/any: any input dtype (nonzero = true), out uint8 or bool.
 * max/min: values have a's dtype, indices int64 (may be NULL), first occurrence on ties, a NaN wins
 * (the first one).  Indices are written + index_base (1 for Lua callers, 0 for Python). */
enum { TC_DIM_ALL = 1073741824 };

int tc_var(tc_tensor *out, const tc_tensor *a, int32_t dim, int32_t keepdim, double correction);
int tc_std(tc_tensor *out, const tc_tensor *a, int32_t dim, int32_t keepdim, double correction);
/* p-norm; p = 0 counts nonzeros, p = inf / -inf take max / min |x| */
int tc_norm(tc_tensor *out, const tc_tensor *a, double p, int32_t dim, int32_t keepdim);
int tc_dist(tc_tensor *out, const tc_tensor *a, const tc_tensor *b, double p);   /* 0-dim out */
int tc_max(tc_tensor *values, tc_tensor *indices, const tc_tensor *a, int32_t dim, int32_t keepdim,
           int64_t index_base);
int tc_min(tc_tensor *values, tc_tensor *indices, const tc_tensor *a, int32_t dim, int32_t keepdim,
           int64_t index_base);
int tc_argmax(tc_tensor *indices, const tc_tensor *a, int32_t dim, int32_t keepdim, int64_t index_base);
int tc_argmin(tc_tensor *indices, const tc_tensor *a, int32_t dim, int32_t keepdim, int64_t index_base);
/* running sum / product along dim; out has a's shape, any arithmetic dtype; accumulation as for sum */
int tc_cumsum(tc_tensor *out, const tc_tensor *a, int32_t dim);
int tc_cumprod(tc_tensor *out, const tc_tensor *a, int32_t dim);
/* Torch7 histc: nbins equal bins over [lo, hi] (lo == hi: the data's min and max; if those are equal
 * too, [lo - 1, hi + 1]); values outside are ignored, hi falls in the last bin.  out: 1-D, a's dtype. */
int tc_histc(tc_tensor *out, const tc_tensor *a, int64_t nbins, double lo, double hi);
/* each slice a.select(dim, i) whose p-norm exceeds maxnorm is scaled to norm maxnorm (Torch7 renorm) */
int tc_renorm(tc_tensor *out, const tc_tensor *a, double p, int32_t dim, double maxnorm);
