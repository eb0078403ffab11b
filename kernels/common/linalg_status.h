/* Status codes of a batched solve (the Java enum org.newton4j.linalg.SolveStatus mirrors them). */
#ifndef NEWTON4J_LINALG_STATUS_H
#define NEWTON4J_LINALG_STATUS_H
#define STATUS_OK 0
#define STATUS_NOT_POSITIVE_DEFINITE 1
#define STATUS_SINGULAR 2
#define STATUS_NON_FINITE 3
/* A pivot (or eigenvalue) with |d| <= m * SINGULAR_PIVOT_FACTOR * eps * max|diag| is treated as zero. */
#define SINGULAR_PIVOT_FACTOR 1
#endif
/* machine epsilon of the current REAL (re-evaluated per precision) */
#undef EPS_OF
#define EPS_OF(T) ((T) (sizeof(T) == 8 ? 2.220446049250313e-16 : 1.1920928955078125e-7))
