package org.newton4j.nn;

import org.newton4j.device.DeviceBuffer;

/**
 * Who computes the matrix products of the native layer passes: newton4j's own tiled kernels
 * ({@link KernelGemm}) or a vendor BLAS the backend lends ({@link VendorBlasGemm}). {@link NativeNnOps}
 * is written against this contract and takes the engine it is given.
 */
interface GemmEngine {
    /**
     * Row-major C_b = alpha·op(A_b)·op(B_b) + beta·C_b for b < batch, or, when reduce, the sum over b into
     * one C: C = alpha·Σ_b op(A_b)·op(B_b) + beta·C (strideC is then ignored). Offsets, leading dimensions
     * and strides are in elements; a stride of 0 reuses one matrix for every b. With beta = 0, C is not read.
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
              DeviceBuffer a, long aOff, int lda, long strideA, DeviceBuffer b, long bOff, int ldb, long strideB,
              double beta, DeviceBuffer c, long cOff, int ldc, long strideC, int batch, boolean reduce);

    /** What runs the products, for logs and benchmark rows: "newton4j kernels" or the vendor library. */
    String describe();
}
