package org.newton4j.optim;

/**
 * Counter-based Rademacher draws keyed by (seed, step, global element index), bit-identical to
 * {@code optim_rademacher} in kernels/common/optim.h: no generator state to carry or checkpoint.
 */
public final class Rademacher {
    private Rademacher() { }

    static int mix32(int x) {
        x ^= x >>> 16;
        x *= 0x7feb352d;
        x ^= x >>> 15;
        x *= 0x846ca68b;
        x ^= x >>> 16;
        return x;
    }

    /** +1 or −1. */
    public static int sign(int seed, int step, long index) {
        int h = mix32(seed ^ 0x9e3779b9);
        h = mix32(h ^ step);
        h = mix32(h ^ (int) index);
        h = mix32(h ^ (int) (index >> 32));
        return (h >>> 31) != 0 ? 1 : -1;
    }
}
