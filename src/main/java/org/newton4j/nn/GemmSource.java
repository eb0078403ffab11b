package org.newton4j.nn;

/** Which GEMM the native layer passes use (see {@link NnOps#on(org.newton4j.device.Backend, GemmSource)}). */
public enum GemmSource {
    /** The backend's vendor BLAS (cuBLAS) when it loads, else newton4j's own kernels. */
    BEST,
    /** Always newton4j's own tiled kernels, e.g. to measure them against cuBLAS side by side. */
    OWN_KERNELS
}
