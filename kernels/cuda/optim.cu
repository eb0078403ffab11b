// Optimizer kernels (module optim): body in ../common/optim.h, compiled for float and double.
#define REAL float
#define SUFFIX _f32
#include "../common/portable.h"
#include "../common/optim.h"
#undef REAL
#undef SUFFIX
#define REAL double
#define SUFFIX _f64
#include "../common/portable.h"
#include "../common/optim.h"
