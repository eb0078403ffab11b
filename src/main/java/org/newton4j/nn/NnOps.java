package org.newton4j.nn;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.NativeBackend;

/**
 * The numerical work of the layers, one method per layer pass, so a layer is written once and runs
 * on whichever backend holds its tensors. Buffers are row-major (see {@link Tensor}). Parameter
 * gradients are ACCUMULATED (+=) so several backward passes can sum; outputs and input gradients
 * are overwritten. An input-gradient argument may be null when the caller does not need it.
 */
public interface NnOps {
    /** y[N,out] = x[N,in]·w[out,in]ᵀ + b[out]. */
    void linearForward(int batch, int in, int out, DeviceBuffer x, DeviceBuffer w, DeviceBuffer b, DeviceBuffer y);

    /** dx = dy·w (overwritten, may be null), dw += dyᵀ·x, db += Σ_rows dy. */
    void linearBackward(int batch, int in, int out, DeviceBuffer x, DeviceBuffer w, DeviceBuffer dy,
                        DeviceBuffer dx, DeviceBuffer dw, DeviceBuffer db);

    /** y = conv(x, w) + b (cross-correlation, like PyTorch). */
    void conv2dForward(ConvGeometry g, DeviceBuffer x, DeviceBuffer w, DeviceBuffer b, DeviceBuffer y);

    /** dx (overwritten, may be null), dw += , db += . */
    void conv2dBackward(ConvGeometry g, DeviceBuffer x, DeviceBuffer w, DeviceBuffer dy,
                        DeviceBuffer dx, DeviceBuffer dw, DeviceBuffer db);

    /** y = act(x), n elements. */
    void activationForward(Activation act, double alpha, long n, DeviceBuffer x, DeviceBuffer y);

    /** dx = act'(x)·dy. */
    void activationBackward(Activation act, double alpha, long n, DeviceBuffer x, DeviceBuffer dy, DeviceBuffer dx);

    /** y = max over each window; argmax (I32) receives the flat input index of the maximum. */
    void maxPoolForward(PoolGeometry g, DeviceBuffer x, DeviceBuffer y, DeviceBuffer argmax);

    /** dx = scatter-add of dy into the argmax positions (dx overwritten). */
    void maxPoolBackward(PoolGeometry g, DeviceBuffer dy, DeviceBuffer argmax, DeviceBuffer dx, long inputSize);

    // ---- extra passes of the R-operator (Hessian-vector products) ----

    /** out = a + b over n elements (out may be a or b). */
    void add(long n, DeviceBuffer a, DeviceBuffer b, DeviceBuffer out);

    /** out = act''(x)·rx·gy: the curvature term of an activation's R-backward pass. */
    void activationCurvature(Activation act, double alpha, long n, DeviceBuffer x, DeviceBuffer rx, DeviceBuffer gy, DeviceBuffer out);

    /** ry[o] = rx[argmax[o]]: max-pooling is linear in the input once the argmax is fixed. */
    void maxPoolGather(PoolGeometry g, DeviceBuffer rx, DeviceBuffer argmax, DeviceBuffer ry);

    /**
     * The implementation for a backend: the CPU reference, or the native kernels of module "nn" with their
     * products on cuBLAS where it loads (see {@link GemmSource#BEST}).
     */
    static NnOps on(Backend backend) { return on(backend, GemmSource.BEST); }

    /** As {@link #on(Backend)}, with the GEMM of a native backend chosen by {@code gemm} (the CPU has one). */
    static NnOps on(Backend backend, GemmSource gemm) {
        if (backend instanceof NativeBackend nb) return NativeNnOps.on(nb, gemm);
        return CpuNnOps.INSTANCE;
    }

    /** What computes the matrix products of {@link #on(Backend, GemmSource)}, in a few words. */
    static String describeGemm(Backend backend, GemmSource gemm) {
        if (backend instanceof NativeBackend nb) return NativeNnOps.on(nb, gemm).gemmDescription();
        return "CpuGemm (blocked, parallel Java)";
    }
}
