// Batched small symmetric solves: the body is kernels/common/linalg.h, compiled for float and double.
#define BODY "../common/linalg.h"
#include "both_precisions.cuh"
