package org.newton4j.device;

import java.util.Optional;

/**
 * The launch interface the OpenCL and CUDA backends share, so an algorithm has one native
 * implementation for both. Kernel sources live in {@code kernels/}: module "linalg" is
 * {@code kernels/opencl/linalg.cl} and {@code kernels/cuda/linalg.cu}, both thin wrappers over
 * {@code kernels/common/}.
 *
 * <p>Kernel arguments, in order: {@link DeviceBuffer} (a pointer), {@link Integer} (int),
 * {@link Long} (i64), {@link Float}/{@link Double} (REAL scalars: use {@link Precision#scalar}).
 * The dynamic local memory of {@link Launch#localBytes()} is the kernel's {@code SCRATCH_PARAM}.
 */
public interface NativeBackend extends Backend {
    /** The entry {@code function + precision suffix} of a module, compiled or loaded once and cached. */
    Kernel kernel(String module, String function, Precision precision);

    /** Enqueues a launch; returns without waiting (use {@link #synchronize()}). */
    void launch(Kernel kernel, Launch launch, Object... args);

    /** Threads per SIMD unit: 32 on NVIDIA, the preferred work-group multiple on OpenCL. */
    int simdWidth();

    /** Device buffers allocated and not yet closed: a leak check for callers and tests. */
    int liveBuffers();

    /**
     * The vendor BLAS this backend lends for matrix products, loaded on first use; empty when it has none
     * or it cannot be loaded here ({@link #vendorBlasAbsence()} says why).
     */
    default Optional<VendorBlas> vendorBlas() { return Optional.empty(); }

    /** Why {@link #vendorBlas()} is empty (one line), or null when it is not. */
    default String vendorBlasAbsence() { return kind() + " has no vendor BLAS binding"; }
}
