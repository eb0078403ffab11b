package org.newton4j.bench.suite;

import java.util.Arrays;
import java.util.function.IntConsumer;

import org.newton4j.device.Backend;

/**
 * How the suite times a kernel: warm-up runs, then the median of repeats, each timed on the device
 * ({@link Backend#timeNanos}: CUDA events on CUDA), rotating through several copies of the inputs
 * so the cache does not flatter us.
 */
public record Timing(int warmup, int repeats, int rotations) {
    public static final Timing DEFAULT = new Timing(3, 11, 4);
    public static final Timing QUICK = new Timing(1, 3, 2);

    /** Median milliseconds of run(copy) with copy = repeat mod rotations. */
    public double medianMillis(Backend backend, IntConsumer run) {
        for (int i = 0; i < warmup; i++) run.accept(i % rotations);
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            int copy = i % rotations;
            ms[i] = backend.timeNanos(() -> run.accept(copy)) / 1e6;
        }
        Arrays.sort(ms);
        return ms[repeats / 2];
    }
}
