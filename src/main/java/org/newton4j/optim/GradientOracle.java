package org.newton4j.optim;

import java.util.List;

import org.newton4j.device.DeviceBuffer;

/**
 * The objective's gradient on one minibatch: the optimizer's equivalent of PyTorch's closure.
 *
 * @param <B> the minibatch type (whatever the model needs: indices, tensors, a seed)
 */
@FunctionalInterface
public interface GradientOracle<B> {
    /**
     * Writes ∇L(θ; batch) into {@code gradient} (one buffer per parameter tensor, same lengths) and
     * returns L(θ; batch). Must not modify {@code at}.
     */
    double gradient(List<DeviceBuffer> at, B batch, List<DeviceBuffer> gradient);
}
