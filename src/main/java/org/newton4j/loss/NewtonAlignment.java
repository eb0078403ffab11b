package org.newton4j.loss;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;

/**
 * How far a Newton loss moves the training signal away from the plain loss on one batch: the cosine between
 * the Newton loss's surrogate gradient (y − z*)/N and the wrapped loss's gradient, over all N×m outputs.
 *
 * <p>This is the number to look at when choosing λ. A cosine of 1 means the Newton loss is the plain loss up to a
 * scale on this batch, and Adam removes a scale: it happens when λ is large against the curvature (the per-sample
 * Hessians of the mean-reduced ranking losses have norms near 0.1, so λ = 1 gives 0.999; bench/RESULTS.md, 2026-12-02)
 * and for batch-scope curvature of exchangeable outputs. Values well below 1 mean the curvature re-weights the
 * samples or turns their directions. Both vectors come to the host (2·N·m values, small next to a network pass).
 */
public final class NewtonAlignment {
    /** At or above this cosine the Newton loss is reported as "nearly a rescaled plain loss". */
    public static final double RESCALE_THRESHOLD = 0.99;

    private NewtonAlignment() { }

    /** One line for a user: the cosine, and what it means for the choice of λ. */
    public static String describe(double cosine) {
        if (Double.isNaN(cosine)) return "Newton loss vs plain loss: no direction to compare (the plain gradient vanished)";
        String line = String.format(java.util.Locale.ROOT,
                "Newton loss vs plain loss: cosine of their gradients w.r.t. the network outputs = %.4f", cosine);
        return cosine >= RESCALE_THRESHOLD
                ? line + " — at this λ the Newton loss is nearly the plain loss rescaled (a learning-rate change, which Adam"
                        + " undoes); a smaller λ lets the curvature count"
                : line + " — the curvature re-weights the samples and turns their directions";
    }

    /** The mean of the cosines of several batches, leaving out those with nothing to compare (NaN if all are). */
    public static final class Mean {
        private double sum;
        private int count;

        /** Adds the cosine of one more batch. */
        public void add(NewtonLoss newton, LossBatch batch) {
            double c = cosine(newton, batch);
            if (!Double.isNaN(c)) {
                sum += c;
                count++;
            }
        }

        public double value() { return count == 0 ? Double.NaN : sum / count; }
    }

    /** cos(surrogate gradient, plain gradient) on the batch; NaN where either vector is zero (nothing to compare). */
    public static double cosine(NewtonLoss newton, LossBatch batch) {
        Backend be = batch.y().backend();
        int n = batch.size(), m = newton.loss().dimension();
        double[] d;
        try (NewtonResult r = newton.step(batch)) {
            d = be.toDoubles(r.surrogateGradient());
        }
        double[] g;
        try (DeviceBuffer values = be.allocate(batch.y().precision(), n);
             DeviceBuffer gradient = be.allocate(batch.y().precision(), (long) n * m)) {
            newton.loss().evaluate(batch, LossOutputs.valuesAndGradient(values, gradient));
            g = be.toDoubles(gradient);
        }
        return cosine(d, g, 0, n * m);
    }

    /**
     * cos(d, g) over the entries [from, to) of two update vectors (a Newton direction and a plain gradient, in output
     * or in parameter space); NaN where either part is zero.
     */
    public static double cosine(double[] d, double[] g, int from, int to) {
        if (d.length != g.length || from < 0 || to > d.length || from > to)
            throw new IllegalArgumentException("cosine: entries [" + from + ", " + to + ") of vectors of lengths "
                    + d.length + " and " + g.length);
        double dg = 0, dd = 0, gg = 0;
        for (int i = from; i < to; i++) {
            dg += d[i] * g[i];
            dd += d[i] * d[i];
            gg += g[i] * g[i];
        }
        return dd == 0 || gg == 0 ? Double.NaN : dg / Math.sqrt(dd * gg);
    }
}
