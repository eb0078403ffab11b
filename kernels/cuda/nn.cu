// Layer kernels of the network stack: the body is kernels/common/nn.h, compiled for float and double.
#define REAL float
#define SUFFIX _f32
#include "../common/portable.h"
#include "../common/nn.h"
#undef REAL
#undef SUFFIX
#define REAL double
#define SUFFIX _f64
#include "../common/portable.h"
#include "../common/nn.h"
