package org.newton4j.device.cuda;

import static jcuda.jcublas.JCublas2.*;

import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.DeviceException;
import org.newton4j.device.ElementType;
import org.newton4j.device.VendorBlas;

import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasMath;
import jcuda.jcublas.cublasOperation;

/**
 * cuBLAS through JCublas2, one handle per {@link CudaBackend}, created in the backend's primary context (the
 * runtime API that cuBLAS uses shares it) and destroyed when the backend closes. Work goes to the default
 * stream, the one every kernel launch of the backend uses, so it is ordered with them.
 *
 * <p>cuBLAS is column-major; a row-major C = op(A)·op(B) is the column-major Cᵀ = op(B)ᵀ·op(A)ᵀ, and a
 * row-major matrix with leading dimension ld is its own transpose read column-major with the same ld. So
 * each call passes B before A, swaps m and n, and keeps every flag, leading dimension and stride as given.
 */
final class CudaBlas implements VendorBlas {
    private final CudaBackend backend;
    private final cublasHandle handle;
    private final String name;
    private boolean destroyed;

    private CudaBlas(CudaBackend backend, cublasHandle handle, String name) {
        this.backend = backend;
        this.handle = handle;
        this.name = name;
    }

    /** A handle in the backend's context, which the caller has made current. */
    static CudaBlas create(CudaBackend backend) {
        cublasHandle h = new cublasHandle();
        cublasCreate(h);
        // the default math mode is full FP32 (no TF32 tensor cores): f32 results then agree with the CPU
        // backend within the f32 tolerance of the conformance tests, like newton4j's own kernels
        cublasSetMathMode(h, cublasMath.CUBLAS_DEFAULT_MATH);
        int[] v = new int[1];
        cublasGetVersion(h, v);   // major·10000 + minor·100 + patch
        return new CudaBlas(backend, h, "cuBLAS " + v[0] / 10000 + "." + v[0] / 100 % 100 + "." + v[0] % 100);
    }

    @Override public String name() { return name; }

    @Override
    public void gemmStridedBatched(boolean transA, boolean transB, int m, int n, int k, double alpha,
                                   DeviceBuffer a, long aOff, int lda, long strideA,
                                   DeviceBuffer b, long bOff, int ldb, long strideB,
                                   double beta, DeviceBuffer c, long cOff, int ldc, long strideC, int batch) {
        if (m < 0 || n < 0 || k < 0) throw new IllegalArgumentException("gemm: negative dimension m=" + m + " n=" + n + " k=" + k);
        if (batch < 1) throw new IllegalArgumentException("gemm: batch " + batch + " < 1");
        if (batch > 1 && strideC == 0 && m > 0 && n > 0)
            throw new IllegalArgumentException("gemm: strideC 0 with batch " + batch + " would race on one C");
        ElementType type = c.type();
        if (type == ElementType.I32 || a.type() != type || b.type() != type)
            throw new IllegalArgumentException("gemm: operands " + a.type() + ", " + b.type() + ", " + c.type()
                    + " (need one real precision)");
        // stored shapes: a transposed operand is stored the other way round
        checkRange("A", a, aOff, transA ? k : m, transA ? m : k, lda, strideA, batch);
        checkRange("B", b, bOff, transB ? n : k, transB ? k : n, ldb, strideB, batch);
        checkRange("C", c, cOff, m, n, ldc, strideC, batch);
        if (m == 0 || n == 0) return;
        int opA = transA ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N;
        int opB = transB ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N;
        synchronized (backend) {
            if (destroyed) throw new IllegalStateException("cuBLAS used after its cuda backend was closed");
            backend.current();
            Pointer pa = backend.pointer(a, aOff), pb = backend.pointer(b, bOff), pc = backend.pointer(c, cOff);
            try {
                if (type == ElementType.F64) {
                    cublasDgemmStridedBatched(handle, opB, opA, n, m, k, Pointer.to(new double[] {alpha}),
                            pb, ldb, strideB, pa, lda, strideA, Pointer.to(new double[] {beta}), pc, ldc, strideC, batch);
                } else {
                    cublasSgemmStridedBatched(handle, opB, opA, n, m, k, Pointer.to(new float[] {(float) alpha}),
                            pb, ldb, strideB, pa, lda, strideA, Pointer.to(new float[] {(float) beta}), pc, ldc, strideC, batch);
                }
            } catch (CudaException e) {
                throw new DeviceException("cuBLAS gemm m=" + m + " n=" + n + " k=" + k + " batch=" + batch + " failed: "
                        + e.getMessage(), e);
            }
        }
    }

    /** The last element a strided batch of rows×cols matrices touches must lie inside the buffer. */
    private static void checkRange(String what, DeviceBuffer buf, long off, int rows, int cols, int ld, long stride, int batch) {
        if (ld < Math.max(1, cols))
            throw new IllegalArgumentException("gemm: leading dimension of " + what + " is " + ld + " < " + Math.max(1, cols));
        if (off < 0 || stride < 0) throw new IllegalArgumentException("gemm: negative offset or stride of " + what);
        if (rows == 0 || cols == 0) return;
        long end = off + (batch - 1) * stride + (long) (rows - 1) * ld + cols;
        if (end > buf.length())
            throw new IllegalArgumentException("gemm: " + what + " needs " + end + " elements, its buffer has " + buf.length());
    }

    /** Called by the backend's close, in its context, after the device has finished all work. */
    void destroy() {
        if (!destroyed) {
            destroyed = true;
            cublasDestroy(handle);
        }
    }
}
