package org.newton4j.device;

/**
 * One compute backend: allocates buffers, moves data, and runs the algorithms' kernels.
 * Algorithms never depend on a concrete backend: they use {@link org.newton4j.device.cpu.CpuBackend}'s
 * parallel loops or the {@link NativeBackend} launch interface.
 *
 * Thread safety: every method may be called from any thread; launches are serialised per backend.
 */
public interface Backend extends AutoCloseable {
    BackendKind kind();

    DeviceInfo info();

    boolean supports(Precision precision);

    /** Allocates an uninitialised buffer. Zero-length buffers are allowed. */
    DeviceBuffer allocate(ElementType type, long length);

    default DeviceBuffer allocate(Precision precision, long length) {
        return allocate(precision.elementType(), length);
    }

    /** Copies host data into a buffer (rounded to the buffer's precision), starting at element offset. */
    void write(DeviceBuffer dst, long offset, double[] src, int srcOffset, int length);

    void write(DeviceBuffer dst, long offset, float[] src, int srcOffset, int length);

    void write(DeviceBuffer dst, long offset, int[] src, int srcOffset, int length);

    void read(DeviceBuffer src, long offset, double[] dst, int dstOffset, int length);

    void read(DeviceBuffer src, long offset, float[] dst, int dstOffset, int length);

    void read(DeviceBuffer src, long offset, int[] dst, int dstOffset, int length);

    /** Sets every element to value (used to poison outputs in tests, and to zero accumulators). */
    void fill(DeviceBuffer buffer, double value);

    /** Device-to-device copy. */
    void copy(DeviceBuffer src, long srcOffset, DeviceBuffer dst, long dstOffset, long length);

    /** Waits until all work submitted so far has finished. */
    void synchronize();

    /**
     * Device time of work that this backend runs, in nanoseconds: synchronises before and after.
     * CUDA overrides this with events; others use the host clock around a synchronised region.
     */
    default long timeNanos(Runnable work) {
        synchronize();
        long t0 = System.nanoTime();
        work.run();
        synchronize();
        return System.nanoTime() - t0;
    }

    /** Bytes an algorithm may allocate for one chunk of a streamed batch. */
    long memoryBudgetBytes();

    /** Frees the device context and any buffers still open. */
    @Override
    void close();

    // ---- conveniences built on the primitives above ----

    default DeviceBuffer upload(Precision precision, double[] data) {
        DeviceBuffer b = allocate(precision, data.length);
        write(b, 0, data, 0, data.length);
        return b;
    }

    default DeviceBuffer upload(float[] data) {
        DeviceBuffer b = allocate(ElementType.F32, data.length);
        write(b, 0, data, 0, data.length);
        return b;
    }

    default DeviceBuffer upload(int[] data) {
        DeviceBuffer b = allocate(ElementType.I32, data.length);
        write(b, 0, data, 0, data.length);
        return b;
    }

    default double[] toDoubles(DeviceBuffer b) {
        double[] out = new double[Math.toIntExact(b.length())];
        read(b, 0, out, 0, out.length);
        return out;
    }

    default float[] toFloats(DeviceBuffer b) {
        float[] out = new float[Math.toIntExact(b.length())];
        read(b, 0, out, 0, out.length);
        return out;
    }

    default int[] toInts(DeviceBuffer b) {
        int[] out = new int[Math.toIntExact(b.length())];
        read(b, 0, out, 0, out.length);
        return out;
    }
}
