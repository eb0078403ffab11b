package org.newton4j.train;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;

/** Test-only softmax cross-entropy (the real one lives in org.newton4j.loss): mean over rows, on the host. */
final class SoftmaxCrossEntropyLoss implements BatchLoss {
    @Override
    public double evaluate(DeviceBuffer y, DeviceBuffer targets, int rows, int columns, DeviceBuffer gradient) {
        Backend b = y.backend();
        double[] z = b.toDoubles(y), g = new double[z.length];
        int[] label = b.toInts(targets);
        double total = 0;
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int k = 0; k < columns; k++) max = Math.max(max, z[r * columns + k]);
            for (int k = 0; k < columns; k++) sum += Math.exp(z[r * columns + k] - max);
            total += Math.log(sum) + max - z[r * columns + label[r]];
            for (int k = 0; k < columns; k++)
                g[r * columns + k] = (Math.exp(z[r * columns + k] - max) / sum - (k == label[r] ? 1 : 0)) / rows;
        }
        b.write(gradient, 0, g, 0, g.length);
        return total / rows;
    }
}
