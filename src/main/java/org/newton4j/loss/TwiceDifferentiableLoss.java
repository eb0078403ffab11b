package org.newton4j.loss;

import org.newton4j.device.DeviceBuffer;

/**
 * A per-sample loss ℓ(y_i) of an m-vector, with exact first and second derivatives. Implemented by
 * the ranking losses (org.newton4j.sort), the relaxed path losses (org.newton4j.path), MSE and
 * softmax cross-entropy, and by users. Newton losses (DESIGN §6) are built on this.
 *
 * <p>Implementations evaluate on the backend that holds the batch, without host round trips.
 */
public interface TwiceDifferentiableLoss {
    /** m: values per sample this loss takes (n for ranking, H·W for paths). */
    int dimension();

    /** True when {@link #evaluate} can write full m×m Hessians; otherwise only HVPs are offered. */
    boolean providesHessian();

    /** Writes per-sample values, gradients and (if asked and provided) Hessians. */
    void evaluate(LossBatch batch, LossOutputs outputs);

    /** out_i = H_i v_i for every sample: v and out are N×m. */
    void hessianVectorProduct(LossBatch batch, DeviceBuffer v, DeviceBuffer out);
}
