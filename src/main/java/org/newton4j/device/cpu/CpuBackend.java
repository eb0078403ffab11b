package org.newton4j.device.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

import org.newton4j.device.Backend;
import org.newton4j.device.BackendKind;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.DeviceInfo;
import org.newton4j.device.ElementType;
import org.newton4j.device.Precision;

/** The pure-Java reference backend: heap buffers, parallel over the batch with the common fork-join pool. */
public final class CpuBackend implements Backend {
    private static final CpuBackend SHARED = new CpuBackend();

    private final DeviceInfo info;

    public CpuBackend() {
        Runtime rt = Runtime.getRuntime();
        info = new DeviceInfo(System.getProperty("os.arch") + " JVM (" + rt.availableProcessors() + " threads)",
                rt.maxMemory(), rt.availableProcessors(), true, Long.MAX_VALUE, Integer.MAX_VALUE);
    }

    /** A process-wide instance; closing it is a no-op because heap buffers need no context. */
    public static CpuBackend shared() { return SHARED; }

    @Override public BackendKind kind() { return BackendKind.CPU; }
    @Override public DeviceInfo info() { return info; }
    @Override public boolean supports(Precision precision) { return true; }

    @Override
    public CpuBuffer allocate(ElementType type, long length) {
        if (length < 0) throw new IllegalArgumentException("negative buffer length " + length);
        return new CpuBuffer(this, type, length);
    }

    /** Casts a buffer of this backend, failing clearly when it belongs to another. */
    public static CpuBuffer buffer(DeviceBuffer b) {
        if (!(b instanceof CpuBuffer cb))
            throw new IllegalArgumentException("buffer belongs to the " + b.backend().kind()
                    + " backend, not cpu");
        return cb;
    }

    /**
     * Threads a {@link #parallelFor} uses: the common pool's workers plus the calling thread (the
     * pool alone has cores − 1 workers, so 1 on a 2-core machine, where the caller makes it 2).
     */
    public static int parallelism() {
        return Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), ForkJoinPool.getCommonPoolParallelism() + 1));
    }

    /** Runs body(i) for i in [0, n), on {@link #parallelism()} threads when there is more than one item. */
    public static void parallelFor(int n, IntConsumer body) {
        if (n <= 1 || parallelism() <= 1) {
            for (int i = 0; i < n; i++) body.accept(i);
        } else {
            IntStream.range(0, n).parallel().forEach(body);
        }
    }

    private static void checkRange(DeviceBuffer b, long offset, int length) {
        if (offset < 0 || length < 0 || offset + length > b.length())
            throw new IndexOutOfBoundsException("range [" + offset + ", " + (offset + length)
                    + ") outside buffer of length " + b.length());
    }

    @Override
    public void write(DeviceBuffer dst, long offset, double[] src, int srcOffset, int length) {
        CpuBuffer d = buffer(dst);
        checkRange(d, offset, length);
        for (int i = 0; i < length; i++) d.store((int) offset + i, src[srcOffset + i]);
    }

    @Override
    public void write(DeviceBuffer dst, long offset, float[] src, int srcOffset, int length) {
        CpuBuffer d = buffer(dst);
        checkRange(d, offset, length);
        for (int i = 0; i < length; i++) d.store((int) offset + i, src[srcOffset + i]);
    }

    @Override
    public void write(DeviceBuffer dst, long offset, int[] src, int srcOffset, int length) {
        CpuBuffer d = buffer(dst);
        checkRange(d, offset, length);
        System.arraycopy(src, srcOffset, d.ints(), (int) offset, length);
    }

    @Override
    public void read(DeviceBuffer src, long offset, double[] dst, int dstOffset, int length) {
        CpuBuffer s = buffer(src);
        checkRange(s, offset, length);
        System.arraycopy(s.reals(), (int) offset, dst, dstOffset, length);
    }

    @Override
    public void read(DeviceBuffer src, long offset, float[] dst, int dstOffset, int length) {
        CpuBuffer s = buffer(src);
        checkRange(s, offset, length);
        double[] r = s.reals();
        for (int i = 0; i < length; i++) dst[dstOffset + i] = (float) r[(int) offset + i];
    }

    @Override
    public void read(DeviceBuffer src, long offset, int[] dst, int dstOffset, int length) {
        CpuBuffer s = buffer(src);
        checkRange(s, offset, length);
        System.arraycopy(s.ints(), (int) offset, dst, dstOffset, length);
    }

    @Override
    public void fill(DeviceBuffer buffer, double value) {
        CpuBuffer b = buffer(buffer);
        if (b.type() == ElementType.I32) java.util.Arrays.fill(b.ints(), (int) value);
        else java.util.Arrays.fill(b.reals(), b.precision().round(value));
    }

    @Override
    public void copy(DeviceBuffer src, long srcOffset, DeviceBuffer dst, long dstOffset, long length) {
        CpuBuffer s = buffer(src), d = buffer(dst);
        checkRange(s, srcOffset, Math.toIntExact(length));
        checkRange(d, dstOffset, Math.toIntExact(length));
        if (s.type() == ElementType.I32) {
            System.arraycopy(s.ints(), (int) srcOffset, d.ints(), (int) dstOffset, (int) length);
        } else {
            for (int i = 0; i < length; i++) d.store((int) dstOffset + i, s.reals()[(int) srcOffset + i]);
        }
    }

    @Override public void synchronize() { }

    @Override public long memoryBudgetBytes() { return Math.max(64L << 20, Runtime.getRuntime().maxMemory() / 4); }

    @Override public void close() { }

    @Override public String toString() { return "cpu"; }
}
