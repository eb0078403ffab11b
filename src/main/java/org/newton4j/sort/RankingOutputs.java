package org.newton4j.sort;

import org.newton4j.device.DeviceBuffer;

/**
 * Where a ranking evaluation writes; a null buffer is not computed. Shapes for N samples of n scores:
 * permutation N×n×n (P[j][i] at j*n+i: probability that element j lands at rank i, ascending),
 * sorted N×n, loss N, gradient N×n, hessian N×n×n (row-major, symmetric). Same backend and precision
 * as the scores.
 */
public record RankingOutputs(DeviceBuffer permutation, DeviceBuffer sorted, DeviceBuffer loss,
                             DeviceBuffer gradient, DeviceBuffer hessian) {
    /** True when any output needs the ranks (loss and its derivatives). */
    boolean needsRanks() { return loss != null || gradient != null || hessian != null; }

    boolean isEmpty() { return permutation == null && sorted == null && !needsRanks(); }
}
