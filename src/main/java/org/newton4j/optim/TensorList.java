package org.newton4j.optim;

import java.util.List;

import org.newton4j.device.DeviceBuffer;

/** Buffers an optimizer owns, one per parameter tensor, closed together. */
public record TensorList(List<DeviceBuffer> buffers) implements AutoCloseable {
    public TensorList {
        buffers = List.copyOf(buffers);
    }

    public DeviceBuffer get(int i) { return buffers.get(i); }

    public int size() { return buffers.size(); }

    @Override
    public void close() {
        for (DeviceBuffer b : buffers) b.close();
    }
}
