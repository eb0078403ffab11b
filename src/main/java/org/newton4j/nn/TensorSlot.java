package org.newton4j.nn;

import java.util.Arrays;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.ElementType;
import org.newton4j.device.Precision;

/** A layer-owned workspace tensor, reallocated only when the shape, precision or backend changes. */
final class TensorSlot implements AutoCloseable {
    private Tensor tensor;
    private DeviceBuffer ints;

    Tensor get(Backend backend, Precision precision, int... shape) {
        if (tensor == null || tensor.backend() != backend || tensor.precision() != precision
                || !Arrays.equals(tensor.shape(), shape)) {
            close();
            tensor = Tensor.allocate(backend, precision, shape);
        }
        return tensor;
    }

    /** An I32 buffer of the given length (max-pool argmax indices). */
    DeviceBuffer ints(Backend backend, long length) {
        if (ints == null || ints.backend() != backend || ints.length() != length) {
            if (ints != null) ints.close();
            ints = backend.allocate(ElementType.I32, length);
        }
        return ints;
    }

    @Override
    public void close() {
        if (tensor != null) tensor.close();
        if (ints != null) ints.close();
        tensor = null;
        ints = null;
    }
}
