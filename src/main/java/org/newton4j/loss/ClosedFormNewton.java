package org.newton4j.loss;

import org.newton4j.device.DeviceBuffer;

/**
 * Implemented by losses whose Hessian Newton direction (H + λI)⁻¹ g has a closed form, so no m×m
 * system is formed or solved (MSE: H = 2I/m; softmax cross-entropy per sample: Sherman–Morrison).
 */
public interface ClosedFormNewton {
    /** Whether {@link #hessianDirection} is available for this scope. */
    boolean hasHessianDirection(Scope scope);

    /** Writes d_i = (H + λI)⁻¹ g_i (N×m); gradient holds g (N×m) from evaluate. */
    void hessianDirection(LossBatch batch, Scope scope, DeviceBuffer gradient, double lambda, DeviceBuffer direction);
}
