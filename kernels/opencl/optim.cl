// Optimizer kernels (module optim): the host builds this with -DREAL=float|double -DSUFFIX=_f32|_f64.
#include "../common/portable.h"
#include "../common/optim.h"
