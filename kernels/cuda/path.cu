// Relaxed Bellman-Ford, exact shortest paths and Philox noise: the body is kernels/common/path.h,
// compiled for float and double.
#define BODY "../common/path.h"
#include "both_precisions.cuh"
