// CUDA wrapper of kernels/common/sort.h (float and double entry points).
#define BODY "../common/sort.h"
#include "both_precisions.cuh"
