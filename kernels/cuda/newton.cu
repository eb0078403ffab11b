// Newton-loss step pieces and closed-form losses: body in kernels/common/newton.h.
#define BODY "../common/newton.h"
#include "both_precisions.cuh"
