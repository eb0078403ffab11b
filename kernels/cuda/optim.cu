// Optimizer kernels (module optim): body in ../common/optim.h, compiled for float and double.
#define BODY "../common/optim.h"
#include "both_precisions.cuh"
