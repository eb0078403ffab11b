package org.newton4j.path;

/**
 * Philox-4x32-10 (Salmon et al., SC'11), the counter-based generator every backend shares: the
 * same (seed, map, sample, element) gives the same 32-bit words on the CPU, OpenCL and CUDA
 * (kernels/common/path.h {@code path_philox}). Counter = (element, sample, map, 0), key = seed.
 */
public final class Philox {
    private static final int M0 = 0xD2511F53, M1 = 0xCD9E8D57, W0 = 0x9E3779B9, W1 = 0xBB67AE85;
    private static final double TWO_POW_M32 = 0x1.0p-32;

    private Philox() { }

    /** The four output words for counter (c0, c1, c2, c3) and key (k0, k1). */
    public static int[] block(int c0, int c1, int c2, int c3, int k0, int k1) {
        for (int r = 0; r < 10; r++) {
            long p0 = (M0 & 0xFFFFFFFFL) * (c0 & 0xFFFFFFFFL), p1 = (M1 & 0xFFFFFFFFL) * (c2 & 0xFFFFFFFFL);
            int hi0 = (int) (p0 >>> 32), lo0 = (int) p0, hi1 = (int) (p1 >>> 32), lo1 = (int) p1;
            c0 = hi1 ^ c1 ^ k0;
            c1 = lo1;
            c2 = hi0 ^ c3 ^ k1;
            c3 = lo0;
            k0 += W0;
            k1 += W1;
        }
        return new int[] {c0, c1, c2, c3};
    }

    /** Words for (seed, map, sample, element). */
    public static int[] block(long seed, int map, int sample, int element) {
        return block(element, sample, map, 0, (int) seed, (int) (seed >>> 32));
    }

    /** A uniform in (0, 1) from one word: (x + 0.5) / 2^32. */
    public static double uniform(int word) { return ((word & 0xFFFFFFFFL) + 0.5) * TWO_POW_M32; }

    /** A standard normal (Box-Muller, the cosine branch, from words 0 and 1). */
    public static double gaussian(long seed, int map, int sample, int element) {
        int[] b = block(seed, map, sample, element);
        double u1 = uniform(b[0]), u2 = uniform(b[1]);
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** A standard Cauchy, tan(π(u − ½)) from word 0. */
    public static double cauchy(long seed, int map, int sample, int element) {
        return Math.tan(Math.PI * (uniform(block(seed, map, sample, element)[0]) - 0.5));
    }
}
