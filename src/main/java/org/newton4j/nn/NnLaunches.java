package org.newton4j.nn;

import org.newton4j.device.Launch;

/** Launch shapes shared by the users of kernel module "nn" (kernels/common/nn.h). */
final class NnLaunches {
    static final String MODULE = "nn";
    static final int GROUP = 256;
    /** Grid-stride kernels never need more groups than this. */
    private static final long MAX_GROUPS = 16_384;

    private NnLaunches() { }

    /** Enough groups of {@link #GROUP} threads for n elements, capped: the kernels loop with a grid stride. */
    static Launch gridStride(long n) {
        return new Launch(Math.max(1, Math.min(MAX_GROUPS, (n + GROUP - 1) / GROUP)), GROUP, 0);
    }
}
