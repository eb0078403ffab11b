// Compiles the kernel body named by BODY (a quoted path) twice: REAL = float with entry points
// suffixed _f32, then REAL = double with _f64. Every cuda/<module>.cu is just:
//   #define BODY "../common/<module>.h"
//   #include "both_precisions.cuh"
#ifndef BODY
#error "define BODY as the quoted path of a kernels/common body before including both_precisions.cuh"
#endif
#define REAL float
#define SUFFIX _f32
#include "../common/portable.h"
#include BODY
#undef REAL
#undef SUFFIX
#define REAL double
#define SUFFIX _f64
#include "../common/portable.h"
#include BODY
