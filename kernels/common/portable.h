/*
 * portable.h — the thin layer that lets one kernel body compile as CUDA C++ and as OpenCL C.
 *
 * Every file in kernels/common/ is written against these macros only:
 *   KERNEL            marks an entry point (extern "C" __global__ / __kernel)
 *   GLOBAL, LOCAL     address spaces of pointers (empty in CUDA)
 *   DEVICE_FN         a helper function callable from kernels (static inline)
 *   GROUP_ID, LOCAL_ID, GROUP_SIZE, NUM_GROUPS, GLOBAL_ID, GLOBAL_SIZE   1-D launch geometry
 *   BARRIER()         work-group barrier for local memory
 *   SCRATCH_PARAM     last kernel parameter: dynamic local memory (OpenCL only; empty in CUDA)
 *   SCRATCH_DECL      first statement of a kernel using it; declares `LOCAL uchar_t *scratch`
 *   REAL, NAME(f)     the floating type and the precision-suffixed entry name (f_f32 / f_f64)
 *   i64               a 64-bit signed integer for indexing batches of millions
 *
 * The host passes REAL via the build: OpenCL options -DREAL=float|double -DSUFFIX=_f32|_f64,
 * CUDA wrappers #define them and include the body twice.
 */
#ifndef NEWTON4J_PORTABLE_H
#define NEWTON4J_PORTABLE_H

#if defined(__OPENCL_VERSION__)
  #ifdef REAL_IS_DOUBLE
    #pragma OPENCL EXTENSION cl_khr_fp64 : enable
  #endif
  #define KERNEL __kernel
  #define GLOBAL __global
  #define LOCAL __local
  #define DEVICE_FN static inline
  #define GROUP_ID ((int) get_group_id(0))
  #define LOCAL_ID ((int) get_local_id(0))
  #define GROUP_SIZE ((int) get_local_size(0))
  #define NUM_GROUPS ((int) get_num_groups(0))
  #define GLOBAL_ID ((i64) get_global_id(0))
  #define GLOBAL_SIZE ((i64) get_global_size(0))
  #define BARRIER() barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE)
  #define SCRATCH_PARAM , __local uchar *scratch_raw
  #define SCRATCH_DECL LOCAL uchar *scratch = scratch_raw;
  typedef long i64;
  typedef uchar uchar_t;
  #define IS_FINITE(x) isfinite(x)
  #define IS_NAN(x) isnan(x)
#elif defined(__CUDACC__)
  #define KERNEL extern "C" __global__
  #define GLOBAL
  #define LOCAL
  #define DEVICE_FN static __device__ __forceinline__
  #define GROUP_ID ((int) blockIdx.x)
  #define LOCAL_ID ((int) threadIdx.x)
  #define GROUP_SIZE ((int) blockDim.x)
  #define NUM_GROUPS ((int) gridDim.x)
  #define GLOBAL_ID ((i64) blockIdx.x * blockDim.x + threadIdx.x)
  #define GLOBAL_SIZE ((i64) gridDim.x * blockDim.x)
  #define BARRIER() __syncthreads()
  #define SCRATCH_PARAM
  #define SCRATCH_DECL extern __shared__ unsigned char scratch_dyn[]; unsigned char *scratch = scratch_dyn;
  typedef long long i64;
  typedef unsigned char uchar_t;
  #define IS_FINITE(x) isfinite(x)
  #define IS_NAN(x) isnan(x)
#else
  #error "portable.h: compile as OpenCL C or with nvcc"
#endif

#endif /* NEWTON4J_PORTABLE_H */

/* Precision-dependent part: re-evaluated on every include so a CUDA wrapper can switch REAL. */
#ifndef REAL
  #error "define REAL (float or double) before including portable.h"
#endif
#undef NAME
#undef NAME_CAT
#undef NAME_CAT2
#define NAME_CAT2(a, b) a##b
#define NAME_CAT(a, b) NAME_CAT2(a, b)
#define NAME(f) NAME_CAT(f, SUFFIX)
