// Batched small symmetric solves: the body is kernels/common/linalg.h (REAL and SUFFIX come from the build options).
#include "../common/portable.h"
#include "../common/linalg.h"
