package org.newton4j.device;

/**
 * A vendor BLAS that a native backend lends for matrix products (cuBLAS on CUDA). The operands use the
 * row-major convention of the nn layers: C_b = alpha·op(A_b)·op(B_b) + beta·C_b for b < batch, where
 * op(X) = Xᵀ when the flag is set, every matrix is addressed by an element offset, a leading dimension
 * (elements between rows) and a stride between batch entries (0: the same matrix for every b). The three
 * buffers must have the same precision and belong to the backend that lent this BLAS. With beta = 0, C is
 * not read. Calls are enqueued in order with the backend's kernel launches and return without waiting.
 * Valid until the backend is closed; the backend releases it.
 */
public interface VendorBlas {
    /** The library and its version, e.g. "cuBLAS 12.6.4". */
    String name();

    void gemmStridedBatched(boolean transA, boolean transB, int m, int n, int k, double alpha,
                            DeviceBuffer a, long aOff, int lda, long strideA,
                            DeviceBuffer b, long bOff, int ldb, long strideB,
                            double beta, DeviceBuffer c, long cOff, int ldc, long strideC, int batch);
}
