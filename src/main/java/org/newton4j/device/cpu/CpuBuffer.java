package org.newton4j.device.cpu;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.ElementType;

/**
 * A heap array. Real buffers are held as double[] whatever their precision; F32 buffers round every
 * stored value to float, so the CPU backend's float32 results are what a float32 device stores.
 */
public final class CpuBuffer implements DeviceBuffer {
    private final CpuBackend backend;
    private final ElementType type;
    private double[] reals;
    private int[] ints;
    private boolean closed;

    CpuBuffer(CpuBackend backend, ElementType type, long length) {
        if (length > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException("cpu buffer of " + length + " elements exceeds a Java array");
        this.backend = backend;
        this.type = type;
        if (type == ElementType.I32) ints = new int[(int) length];
        else reals = new double[(int) length];
    }

    @Override public Backend backend() { return backend; }
    @Override public ElementType type() { return type; }
    @Override public long length() { return type == ElementType.I32 ? ints().length : reals().length; }
    @Override public boolean isClosed() { return closed; }

    /** The backing array of a real buffer. Writers must store values rounded by {@link #store}. */
    public double[] reals() {
        if (closed) throw new IllegalStateException("cpu buffer used after close");
        if (reals == null) throw new IllegalStateException("not a real-valued buffer: " + type);
        return reals;
    }

    public int[] ints() {
        if (closed) throw new IllegalStateException("cpu buffer used after close");
        if (ints == null) throw new IllegalStateException("not an int buffer: " + type);
        return ints;
    }

    /** Stores one value, rounded to the buffer's precision. (Hot: no checks beyond the array's own.) */
    public void store(int index, double value) {
        double[] r = reals;
        if (r == null) reals();   // throws the descriptive error: closed, or not a real buffer
        r[index] = type == ElementType.F32 ? (double) (float) value : value;
    }

    @Override
    public void close() {
        closed = true;
        reals = null;
        ints = null;
    }
}
