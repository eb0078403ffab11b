// path: relaxed Bellman-Ford and exact shortest paths (body in ../common/path.h)
#define REAL float
#define SUFFIX _f32
#include "../common/portable.h"
#include "../common/path.h"
#undef REAL
#undef SUFFIX
#define REAL double
#define SUFFIX _f64
#include "../common/portable.h"
#include "../common/path.h"
