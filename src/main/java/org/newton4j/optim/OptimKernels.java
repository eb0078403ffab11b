package org.newton4j.optim;

import java.util.List;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.NativeBackend;

/**
 * The fused elementwise kernels of module {@code optim} (kernels/common/optim.h): one native
 * implementation shared by OpenCL and CUDA, and a pure-Java fallback for the CPU backend that
 * computes the same formulas. Every method works on whole buffers of equal length.
 */
public interface OptimKernels extends AutoCloseable {
    static OptimKernels on(Backend backend) {
        return backend instanceof NativeBackend nb ? new NativeOptimKernels(nb) : new CpuOptimKernels();
    }

    /** True when some element of some buffer is NaN or infinite. */
    boolean anyNonFinite(List<DeviceBuffer> xs);

    /** out = a x + b y (out may be x or y). */
    void axpby(DeviceBuffer out, double a, DeviceBuffer x, double b, DeviceBuffer y);

    /** Σ x_i y_i, accumulated per work-group on the device and in float64 on the host. */
    double dot(DeviceBuffer x, DeviceBuffer y);

    /** θ ← θ − lr d with d the SGD direction; {@code first} initialises the momentum buffer. */
    void sgdStep(DeviceBuffer theta, DeviceBuffer grad, DeviceBuffer momentumBuffer, SgdCoefficients c, boolean first);

    /** dir ← lr d, θ untouched. */
    void sgdDirection(DeviceBuffer theta, DeviceBuffer grad, DeviceBuffer momentumBuffer, DeviceBuffer dir,
                      SgdCoefficients c, boolean first);

    void adamStep(DeviceBuffer theta, DeviceBuffer grad, DeviceBuffer m, DeviceBuffer v, AdamCoefficients c);

    void adamDirection(DeviceBuffer theta, DeviceBuffer grad, DeviceBuffer m, DeviceBuffer v, DeviceBuffer dir,
                       AdamCoefficients c);

    /** p ← ν + σz, z-buffer ← ν − σz with z the Rademacher draw of (seed, step, offset + i). */
    void aliceInitPert(DeviceBuffer p, DeviceBuffer nu, DeviceBuffer z, double sigma, int seed, int step, long offset);

    /** Consumes the gradient of sample evaluation {@code phase} ∈ {0, 1, 2}. */
    void alicePertUpdate(DeviceBuffer p, DeviceBuffer nu, DeviceBuffer z, DeviceBuffer grad, DeviceBuffer g,
                         DeviceBuffer r, DeviceBuffer h, DeviceBuffer v, int phase, AliceCoefficients c);

    void aliceQuickUpdate(DeviceBuffer nu, DeviceBuffer grad, DeviceBuffer g, DeviceBuffer v, AliceCoefficients c);

    /** The step: μ, ν updated, p ← μ. */
    void aliceStateUpdate(DeviceBuffer p, DeviceBuffer mu, DeviceBuffer nu, DeviceBuffer g, DeviceBuffer r,
                          DeviceBuffer h, DeviceBuffer v, AliceCoefficients c);

    @Override
    default void close() { }
}
