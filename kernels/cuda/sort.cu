// CUDA wrapper of kernels/common/sort.h (float and double entry points).
#define REAL float
#define SUFFIX _f32
#include "../common/portable.h"
#include "../common/sort.h"
#undef REAL
#undef SUFFIX
#define REAL double
#define SUFFIX _f64
#include "../common/portable.h"
#include "../common/sort.h"
