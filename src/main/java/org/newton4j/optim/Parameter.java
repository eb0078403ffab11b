package org.newton4j.optim;

import java.util.Arrays;

import org.newton4j.device.DeviceBuffer;

/**
 * One named parameter tensor: a real device buffer holding the values in row-major order, and its
 * shape. The optimizer updates the buffer in place; the caller keeps ownership (and closes it).
 */
public record Parameter(String name, DeviceBuffer buffer, int[] shape) {
    public Parameter {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("parameter name: must not be blank");
        if (buffer == null) throw new IllegalArgumentException("parameter '" + name + "': buffer is null");
        if (buffer.isClosed()) throw new IllegalArgumentException("parameter '" + name + "': buffer is closed");
        if (!buffer.type().isReal())
            throw new IllegalArgumentException("parameter '" + name + "': buffer holds " + buffer.type() + ", not reals");
        if (shape == null || shape.length == 0)
            throw new IllegalArgumentException("parameter '" + name + "': shape must have at least one dimension");
        long count = 1;
        for (int d : shape) {
            if (d <= 0) throw new IllegalArgumentException("parameter '" + name + "': shape " + Arrays.toString(shape)
                    + " has a non-positive dimension");
            count = Math.multiplyExact(count, d);
        }
        if (count != buffer.length())
            throw new IllegalArgumentException("parameter '" + name + "': shape " + Arrays.toString(shape) + " holds "
                    + count + " elements but the buffer has " + buffer.length());
        shape = shape.clone();
    }

    /** A parameter whose shape is its buffer's length (a vector). */
    public static Parameter vector(String name, DeviceBuffer buffer) {
        return new Parameter(name, buffer, new int[] {Math.toIntExact(buffer.length())});
    }

    @Override
    public int[] shape() { return shape.clone(); }

    public long length() { return buffer.length(); }

    /** Rank 2 or more: a weight in the sense of the {@code wb} partition. */
    public boolean isMatrixLike() { return shape.length >= 2; }
}
