package org.newton4j.device;

/**
 * One-dimensional launch geometry: {@code groups} work-groups (CUDA blocks) of {@code groupSize}
 * threads, with {@code localBytes} of dynamic local (shared) memory per group.
 */
public record Launch(long groups, int groupSize, long localBytes) {
    public Launch {
        if (groups < 0 || groupSize <= 0 || localBytes < 0)
            throw new IllegalArgumentException("bad launch geometry: groups=" + groups
                    + " groupSize=" + groupSize + " localBytes=" + localBytes);
    }

    /** Enough groups of groupSize threads to cover n work items (at least one group). */
    public static Launch covering(long n, int groupSize) {
        return new Launch(Math.max(1, (n + groupSize - 1) / groupSize), groupSize, 0);
    }

    public Launch withLocalBytes(long bytes) { return new Launch(groups, groupSize, bytes); }
}
