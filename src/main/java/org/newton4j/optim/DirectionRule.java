package org.newton4j.optim;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

import org.newton4j.device.DeviceBuffer;

/**
 * A first-order update rule used as a search direction (GroupedNewton's u): consumes the gradient
 * at the current parameters, advances its own state, and writes the step it would take
 * (θ would move by −dir). {@link Sgd} and {@link Adam} are the two rules.
 */
public interface DirectionRule extends AutoCloseable {
    void direction(List<DeviceBuffer> gradient, List<DeviceBuffer> dir);

    void save(DataOutput out) throws IOException;

    void restore(DataInput in) throws IOException;

    @Override
    void close();
}
