/*
 * tensor_core.h -- the single list of luatorch's C entry points.
 *
 * This umbrella header is what C code includes.  The cffi declarations (Python) and the
 * LuaJIT ffi declarations (Lua) are both generated from it at build time by running the C
 * preprocessor with TC_CDEF defined (tensor_core/build.py); nothing is declared by hand twice.
 *
 * Rules for every section header included below, so that the generated declarations parse
 * in both cffi and LuaJIT:
 *   - only typedefs, enums, structs and function prototypes (macros may be used to generate
 *     prototypes: the preprocessor expands them before cffi/LuaJIT see the text);
 *   - integer constants as enum values, not #define;
 *   - fixed-width integer types (int64_t, ...) and no system headers outside the TC_CDEF guard.
 *
 * Error convention: a function returning int returns 0 on success and -1 on failure; a function
 * returning a pointer returns NULL on failure.  In both cases tc_last_error() holds a message
 * (thread-local) naming the function and what was wrong.  Nothing aborts.
 */
#ifndef TENSOR_CORE_H
#define TENSOR_CORE_H

#ifndef TC_CDEF
#include <stdint.h>
#include <stddef.h>
#endif

#include "tc_base.h"       /* dtypes, storages, tensors, views, copy, fill, errors, threads */
#include "tc_math.h"       /* elementwise and reduction kernels */
#include "tc_index.h"      /* indexing, sorting, cat, construction helpers */
#include "tc_blas.h"       /* BLAS / LAPACK */
#include "tc_random.h"     /* MT19937 generator and distributions (Torch7-exact) */
#include "tc_file.h"       /* binary/ascii primitives for the .t7 codec */
#include "tc_nn.h"         /* neural-network kernels: activations, losses, normalisation, RNN cells (THNN's role) */
#include "tc_conv.h"       /* neural-network kernels: convolution, pooling, upsampling, padding */

#endif
