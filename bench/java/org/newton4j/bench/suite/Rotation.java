package org.newton4j.bench.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import org.newton4j.device.DeviceBuffer;

/**
 * Several copies of a case's input buffers, so that repeats rotate through them (Timing) and the
 * cache does not flatter a kernel. One copy only when a copy alone is far larger than any cache.
 */
final class Rotation implements AutoCloseable {
    private final List<DeviceBuffer[]> copies = new ArrayList<>();

    Rotation(int count, IntFunction<DeviceBuffer[]> make) {
        try {
            for (int c = 0; c < count; c++) copies.add(make.apply(c));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The copies to use for a case whose inputs take the given bytes (one copy above 256 MB). */
    static int copiesFor(Timing timing, long inputBytes) {
        return inputBytes > (256L << 20) ? 1 : timing.rotations();
    }

    DeviceBuffer[] get(int repeat) { return copies.get(repeat % copies.size()); }

    @Override
    public void close() {
        for (DeviceBuffer[] set : copies) for (DeviceBuffer b : set) if (b != null) b.close();
        copies.clear();
    }
}
