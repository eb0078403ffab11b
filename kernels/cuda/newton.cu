// Newton-loss step pieces and closed-form losses: body in kernels/common/newton.h.
#define REAL float
#define SUFFIX _f32
#include "../common/portable.h"
#include "../common/newton.h"
#undef REAL
#undef SUFFIX
#define REAL double
#define SUFFIX _f64
#include "../common/portable.h"
#include "../common/newton.h"
