package org.newton4j.sort;

import org.newton4j.device.DeviceBuffer;

/** One backend's implementation of a {@link RankingLoss}: the CPU reference or the shared native kernels. */
interface RankingEngine {
    /** x: N×n scores, ranks: N×n I32 (null when no loss-derived output is wanted). */
    void evaluate(RankingLoss spec, DeviceBuffer x, DeviceBuffer ranks, int size, int n, RankingOutputs out);

    /** out_i = H_i u_i for every sample (u, out: N×n). */
    void hessianVectorProduct(RankingLoss spec, DeviceBuffer x, DeviceBuffer ranks, int size, int n,
                              DeviceBuffer u, DeviceBuffer out);
}
