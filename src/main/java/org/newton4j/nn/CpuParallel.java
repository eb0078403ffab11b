package org.newton4j.nn;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Parallel loops for the layer code. Unlike a check of the common pool's parallelism (which is
 * cores − 1, so 1 on a 2-core machine), a parallel stream also runs on the calling thread, so two
 * cores give two workers.
 */
final class CpuParallel {
    private CpuParallel() { }

    /** Threads a parallel loop uses: the common pool's workers plus the caller. */
    static int threads() {
        return Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(),
                java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 1));
    }

    static void forEach(int n, IntConsumer body) {
        if (n <= 1 || threads() <= 1) {
            for (int i = 0; i < n; i++) body.accept(i);
        } else {
            IntStream.range(0, n).parallel().forEach(body);
        }
    }
}
