// path: relaxed Bellman-Ford and exact shortest paths (body in ../common/path.h)
#include "../common/portable.h"
#include "../common/path.h"
