/* nn_instantiate.h -- compiles the template named by NN_TEMPLATE twice: for float (functions suffixed
 * _f32, NN_IS_F32 1) and for double (_f64).  Usage: #define NN_TEMPLATE "nn_x_t.h" then include this.
 * NN_LANES: how many partial results a row reduction keeps so that gcc vectorises it without
 * -ffast-math (a 64-byte register's worth: 16 floats, 8 doubles). */
#define real float
#define NN_IS_F32 1
#define NN_LANES 16
#define NN_SFX(name) name##_f32
#include NN_TEMPLATE
#undef real
#undef NN_IS_F32
#undef NN_LANES
#undef NN_SFX
#define real double
#define NN_IS_F32 0
#define NN_LANES 8
#define NN_SFX(name) name##_f64
#include NN_TEMPLATE
#undef real
#undef NN_IS_F32
#undef NN_LANES
#undef NN_SFX
#undef NN_TEMPLATE
