// Batched small symmetric solves: the body is kernels/common/linalg.h, compiled for float and double.
#define REAL float
#define SUFFIX _f32
#include "../common/portable.h"
#include "../common/linalg.h"
#undef REAL
#undef SUFFIX
#define REAL double
#define SUFFIX _f64
#include "../common/portable.h"
#include "../common/linalg.h"
