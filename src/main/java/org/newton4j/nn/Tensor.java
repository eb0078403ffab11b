package org.newton4j.nn;

import java.util.Arrays;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;

/**
 * A real device buffer with a shape whose first axis is the batch: {@code [N, F]} for dense layers,
 * {@code [N, C, H, W]} for convolutions (row-major, like PyTorch). A tensor made by {@link #view}
 * shares its buffer; closing a view does not free the buffer.
 */
public final class Tensor implements AutoCloseable {
    private final DeviceBuffer buffer;
    private final int[] shape;
    private final boolean owner;

    private Tensor(DeviceBuffer buffer, int[] shape, boolean owner) {
        if (!buffer.type().isReal())
            throw new IllegalArgumentException("tensor buffer must be real-valued, got " + buffer.type());
        long size = size(shape);
        if (buffer.length() != size)
            throw new IllegalArgumentException("tensor shape " + Arrays.toString(shape) + " needs " + size
                    + " elements, buffer has " + buffer.length());
        this.buffer = buffer;
        this.shape = shape.clone();
        this.owner = owner;
    }

    /** Wraps a buffer the tensor will own (and close). */
    public static Tensor of(DeviceBuffer buffer, int... shape) { return new Tensor(buffer, shape, true); }

    /** Sees a buffer someone else owns with a shape; closing the tensor leaves the buffer open. */
    public static Tensor wrap(DeviceBuffer buffer, int... shape) { return new Tensor(buffer, shape, false); }

    /** Allocates an uninitialised tensor. */
    public static Tensor allocate(Backend backend, Precision precision, int... shape) {
        return new Tensor(backend.allocate(precision, size(shape)), shape, true);
    }

    /** Uploads host data. */
    public static Tensor upload(Backend backend, Precision precision, double[] data, int... shape) {
        if (data.length != size(shape))
            throw new IllegalArgumentException("data has " + data.length + " values, shape "
                    + Arrays.toString(shape) + " needs " + size(shape));
        return new Tensor(backend.upload(precision, data), shape, true);
    }

    /** The same buffer seen with another shape of equal size (e.g. Flatten). */
    public Tensor view(int... newShape) { return new Tensor(buffer, newShape, false); }

    public static long size(int... shape) {
        long s = 1;
        for (int d : shape) {
            if (d < 1) throw new IllegalArgumentException("tensor dimensions must be >= 1: " + Arrays.toString(shape));
            s = Math.multiplyExact(s, d);
        }
        return s;
    }

    public DeviceBuffer buffer() { return buffer; }

    public Backend backend() { return buffer.backend(); }

    public Precision precision() { return buffer.precision(); }

    public int[] shape() { return shape.clone(); }

    public int rank() { return shape.length; }

    public int dim(int axis) { return shape[axis]; }

    /** N: the first axis. */
    public int batch() { return shape[0]; }

    /** Elements per sample: the product of all axes but the first. */
    public int sampleSize() { return Math.toIntExact(size() / shape[0]); }

    public long size() { return buffer.length(); }

    public double[] toHost() { return buffer.backend().toDoubles(buffer); }

    public boolean sameShape(int... other) { return Arrays.equals(shape, other); }

    @Override
    public void close() { if (owner) buffer.close(); }

    @Override
    public String toString() { return "Tensor" + Arrays.toString(shape) + "(" + precision() + ")"; }
}
