package org.newton4j.linalg;

import org.newton4j.device.DeviceBuffer;

/**
 * The backend-specific half of the batched solves: one CPU and one native implementation (the
 * latter shared by OpenCL and CUDA). Arguments are validated by {@link BatchedSymmetricSolver}.
 * Layouts as in kernels/common/linalg.h: matrices B×m×m (lower triangle read), vectors B×m.
 */
interface SymmetricSolveEngine {
    /** x_b = (A_b + λI)⁻¹ r_b with per-matrix status. */
    void choleskySolve(DeviceBuffer a, DeviceBuffer r, DeviceBuffer x, DeviceBuffer status, int batch, int m, double lambda);

    /** L = chol(A + λI) of one matrix; status holds one element. */
    void choleskyFactor(DeviceBuffer a, DeviceBuffer l, DeviceBuffer status, int m, double lambda);

    /** x_b = (L Lᵀ)⁻¹ r_b for every b against one factor. */
    void choleskySolveFactored(DeviceBuffer l, DeviceBuffer factorStatus, DeviceBuffer r, DeviceBuffer x,
                               DeviceBuffer status, int batch, int m);

    /** Jacobi eigendecomposition: vectors B×m×m (columns), values B×m. */
    void eigenDecompose(DeviceBuffer a, DeviceBuffer vectors, DeviceBuffer values, DeviceBuffer status, int batch, int m);

    /** x_b = V f(Λ) Vᵀ r_b using decomposition b·stride (stride 0 or 1). */
    void eigenApply(DeviceBuffer vectors, DeviceBuffer values, DeviceBuffer eigStatus, int stride, DeviceBuffer r,
                    DeviceBuffer x, DeviceBuffer status, int batch, int m, double damping, SpectrumPolicy policy);

    /** out = mean_b A_b (m×m). */
    void mean(DeviceBuffer a, int batch, int m, DeviceBuffer out);
}
