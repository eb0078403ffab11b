package org.newton4j.optim;

import java.util.List;

import org.newton4j.device.DeviceBuffer;

/** An exact third-order directional derivative ∂³L(θ; batch)[u, u, u], when the model can provide one. */
@FunctionalInterface
public interface ThirdOrderOracle<B> {
    double thirdDirectional(List<DeviceBuffer> at, B batch, List<DeviceBuffer> u);
}
