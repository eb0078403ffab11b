package org.newton4j.loss;

import org.newton4j.device.DeviceBuffer;

/**
 * Where a loss writes what was asked for; a null buffer means "not wanted". Shapes: values N,
 * gradient N×m, hessian N×m×m (row-major, symmetric). Same backend and precision as the batch.
 */
public record LossOutputs(DeviceBuffer values, DeviceBuffer gradient, DeviceBuffer hessian) {
    public static LossOutputs valuesAndGradient(DeviceBuffer values, DeviceBuffer gradient) {
        return new LossOutputs(values, gradient, null);
    }
}
