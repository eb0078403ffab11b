package org.newton4j.nn;

import java.util.Optional;

import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.NativeBackend;
import org.newton4j.device.Precision;
import org.newton4j.device.VendorBlas;

/**
 * Matrix products on the backend's vendor BLAS (cuBLAS). A batch is one strided-batched call. BLAS has no
 * reduce mode, so a reduction (the weight gradient of a convolution, summed over the images of a chunk)
 * writes each image's product to a workspace in one batched call and sums them with newton4j's
 * gemm_sum_slices kernel: the images' products then run side by side, and the sum is deterministic.
 */
final class VendorBlasGemm implements GemmEngine {
    private final NativeBackend backend;
    private final VendorBlas blas;

    VendorBlasGemm(NativeBackend backend, VendorBlas blas) {
        this.backend = backend;
        this.blas = blas;
    }

    /** The engine on the backend's vendor BLAS, or empty where it lends none (see NativeBackend#vendorBlasAbsence). */
    static Optional<GemmEngine> on(NativeBackend backend) {
        return backend.vendorBlas().map(blas -> new VendorBlasGemm(backend, blas));
    }

    @Override public String describe() { return blas.name(); }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                     DeviceBuffer a, long aOff, int lda, long strideA, DeviceBuffer b, long bOff, int ldb, long strideB,
                     double beta, DeviceBuffer c, long cOff, int ldc, long strideC, int batch, boolean reduce) {
        if (!reduce || batch == 1) {
            blas.gemmStridedBatched(transA, transB, m, n, k, alpha, a, aOff, lda, strideA, b, bOff, ldb, strideB,
                    beta, c, cOff, ldc, reduce ? 0 : strideC, batch);
            return;
        }
        if (m == 0 || n == 0) return;
        Precision p = c.precision();
        long mn = (long) m * n;
        int group = (int) Math.max(1, Math.min(batch, KernelGemm.MAX_SLICES_BYTES / (mn * p.bytes())));
        try (DeviceBuffer partial = backend.allocate(p, group * mn)) {
            for (int first = 0; first < batch; first += group) {
                int count = Math.min(group, batch - first);
                blas.gemmStridedBatched(transA, transB, m, n, k, 1, a, aOff + first * strideA, lda, strideA,
                        b, bOff + first * strideB, ldb, strideB, 0, partial, 0, n, mn, count);
                KernelGemm.sumSlices(backend, partial, count, m, n, c, cOff, ldc, alpha, first == 0 ? beta : 1);
            }
            backend.synchronize();   // partial is freed when this block ends
        }
    }
}
