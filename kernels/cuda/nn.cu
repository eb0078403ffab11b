// Layer kernels of the network stack: the body is kernels/common/nn.h, compiled for float and double.
#define BODY "../common/nn.h"
#include "both_precisions.cuh"
