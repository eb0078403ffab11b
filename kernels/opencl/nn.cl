// Layer kernels of the network stack: the body is kernels/common/nn.h (REAL and SUFFIX come from the build options).
#include "../common/portable.h"
#include "../common/nn.h"
