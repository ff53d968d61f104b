/* nn_math_t.h -- per-dtype math names for the templated kernel bodies (included with real = float/double).
 * Also a vectorisable exp for the hot softmax loops (float32 only: libm's expf does not vectorise). */
#undef EXP
#undef LOG
#undef LOG1P
#undef TANH
#undef ERF
#undef SQRT
#undef FABS
#undef POW
#undef VEXP
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
#else
#define EXP exp
#define LOG log
#define LOG1P log1p
#define TANH tanh
#define ERF erf
#define SQRT sqrt
#define FABS fabs
#define POW pow
#define VEXP exp
#endif
