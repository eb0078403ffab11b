package org.newton4j.optim;

/**
 * Halves a damping factor when a monitored loss stops improving (the reference's
 * ReduceDampingOnPlateau, mode "min", relative threshold): after more than {@code patience}
 * reports without a relative improvement of {@code threshold} over the best value, the factor is
 * multiplied by {@code factor} (0.5) and a cooldown of {@code cooldown} reports starts.
 */
public final class PlateauHalving {
    private final int patience, cooldown;
    private final double threshold, factor, minimum;
    private double best = Double.POSITIVE_INFINITY;
    private int bad, cooldownLeft;

    public PlateauHalving(int patience, double threshold, int cooldown, double factor, double minimum) {
        this.patience = Hyper.atLeast("patience", patience, 0);
        this.threshold = Hyper.nonNegative("threshold", threshold);
        this.cooldown = Hyper.atLeast("cooldown", cooldown, 0);
        this.factor = Hyper.inOpen("factor", factor, 0, 1);
        this.minimum = Hyper.nonNegative("minimum", minimum);
    }

    /** The reference defaults with factor ½: patience 10, threshold 1e-4, no cooldown, no minimum. */
    public static PlateauHalving defaults() { return new PlateauHalving(10, 1e-4, 0, 0.5, 0); }

    /** Records one value; returns the new damping (unchanged unless a plateau was detected). */
    public double report(double metric, double damping) {
        if (!Double.isFinite(metric)) throw new IllegalArgumentException("plateau metric: not finite (" + metric + ")");
        if (metric < best * (1 - threshold)) {
            best = metric;
            bad = 0;
        } else {
            bad++;
        }
        if (cooldownLeft > 0) {
            cooldownLeft--;
            bad = 0;
        }
        if (bad > patience) {
            damping = Math.max(damping * factor, minimum);
            cooldownLeft = cooldown;
            bad = 0;
            best = metric;
        }
        return damping;
    }

    double[] state() { return new double[] {best, bad, cooldownLeft}; }

    void restore(double[] s) {
        best = s[0];
        bad = (int) s[1];
        cooldownLeft = (int) s[2];
    }
}
