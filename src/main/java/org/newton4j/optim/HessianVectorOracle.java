package org.newton4j.optim;

import java.util.List;

import org.newton4j.device.DeviceBuffer;

/** An exact Hessian-vector product of the objective, when the model can provide one. */
@FunctionalInterface
public interface HessianVectorOracle<B> {
    /** Writes ∇²L(θ; batch) v into {@code out}; must not modify {@code at} or {@code v}. */
    void hessianVectorProduct(List<DeviceBuffer> at, B batch, List<DeviceBuffer> v, List<DeviceBuffer> out);
}
