package org.newton4j.train;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;

/**
 * Test-only ranking loss (the real ones live in org.newton4j.sort): per set, the mean over ordered
 * pairs (r_i < r_j) of softplus(s_i − s_j), averaged over sets. Computed on the host.
 */
final class PairwiseLogisticLoss implements CurvedBatchLoss {
    @Override
    public double evaluate(DeviceBuffer y, DeviceBuffer targets, int rows, int columns, DeviceBuffer gradient) {
        Backend b = y.backend();
        double[] s = b.toDoubles(y);
        int[] r = b.toInts(targets);
        double[] g = new double[s.length];
        double total = 0;
        int pairs = columns * (columns - 1) / 2;
        for (int set = 0; set < rows; set++)
            for (int i = 0; i < columns; i++)
                for (int j = 0; j < columns; j++) {
                    int a = set * columns + i, c = set * columns + j;
                    if (r[a] >= r[c]) continue;
                    double d = s[a] - s[c];
                    total += d > 0 ? d + Math.log1p(Math.exp(-d)) : Math.log1p(Math.exp(d));
                    double sig = 1 / (1 + Math.exp(-d)) / (pairs * (double) rows);
                    g[a] += sig;
                    g[c] -= sig;
                }
        b.write(gradient, 0, g, 0, g.length);
        return total / (pairs * (double) rows);
    }

    @Override
    public void hessianVectorProduct(DeviceBuffer y, DeviceBuffer targets, int rows, int columns, DeviceBuffer v, DeviceBuffer out) {
        Backend b = y.backend();
        double[] s = b.toDoubles(y), vv = b.toDoubles(v), o = new double[s.length];
        int[] r = b.toInts(targets);
        int pairs = columns * (columns - 1) / 2;
        for (int set = 0; set < rows; set++)
            for (int i = 0; i < columns; i++)
                for (int j = 0; j < columns; j++) {
                    int a = set * columns + i, c = set * columns + j;
                    if (r[a] >= r[c]) continue;
                    double sig = 1 / (1 + Math.exp(-(s[a] - s[c])));
                    double w = sig * (1 - sig) / (pairs * (double) rows) * (vv[a] - vv[c]);
                    o[a] += w;
                    o[c] -= w;
                }
        b.write(out, 0, o, 0, o.length);
    }
}
