// Newton-loss step pieces and closed-form losses: body in kernels/common/newton.h.
#include "../common/portable.h"
#include "../common/newton.h"
