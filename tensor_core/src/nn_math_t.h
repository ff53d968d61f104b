/* nn_math_t.h -- per-dtype math names for the templated kernel bodies (included with real = float/double).
 * VEXP / VTANH / VPHI (normal CDF) are the vectorisable versions from nn_vexp.h / math_fast.h (libm's exp,
 * tanh and erfc do not vectorise); float64 VPHI keeps libm.  VEXP clamps its argument to [-87, 88]: use it only
 * where the argument cannot exceed that (or the clamp is harmless). */
#undef EXP
#undef LOG
#undef LOG1P
#undef TANH
#undef ERF
#undef SQRT
#undef FABS
#undef POW
#undef VEXP
#undef VTANH
#undef VPHI
#undef VEXPM1
#if NN_IS_F32
#define EXP expf
#define LOG logf
#define LOG1P log1pf
#define TANH tanhf
#define ERF erff
#define SQRT sqrtf
#define FABS fabsf
#define POW powf
#define VEXP nn_vexpf
#define VTANH nn_vtanhf
#define VPHI nn_vphif
#define VEXPM1 nn_vexpm1f
#else
#define EXP exp
#define LOG log
#define LOG1P log1p
#define TANH tanh
#define ERF erf
#define SQRT sqrt
#define FABS fabs
#define POW pow
#define VEXP tc_exp_fast
#define VTANH tc_tanh_fast
#define VPHI(x) (0.5 * erfc(-(x) * M_SQRT1_2))
#define VEXPM1 expm1
#endif
