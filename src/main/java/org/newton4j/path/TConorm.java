package org.newton4j.path;

import java.util.Locale;

/**
 * A t-conorm ⊕ that accumulates the soft traceback into the relaxed path (DESIGN §5), with its
 * first and second partial derivatives (the exact Hessian differentiates through it twice).
 * Yager-1's relu is not differentiable on a + b = 1: the derivatives there are the a.e. ones
 * (taken from the side a + b ≥ 1).
 */
public final class TConorm {
    /** Kernel codes; identical in kernels/common/path.h. */
    static final int PROBABILISTIC = 0, HAMACHER = 1, YAGER_1 = 2;

    private final int code;
    private final double p;

    private TConorm(int code, double p) {
        this.code = code;
        this.p = p;
    }

    /** a + b − ab. */
    public static TConorm probabilistic() { return new TConorm(PROBABILISTIC, 1); }

    /** (a + b + (p−2)ab) / (1 + (p−1)ab); p must be finite and &gt; 0 (p = 0 is singular at a = b = 1). */
    public static TConorm hamacher(double p) {
        if (!(p > 0) || !Double.isFinite(p))
            throw new IllegalArgumentException("p: the Hamacher parameter must be finite and > 0, got " + p);
        return new TConorm(HAMACHER, p);
    }

    /** 1 − relu(1 − a − b) = min(1, a + b). */
    public static TConorm yager1() { return new TConorm(YAGER_1, 1); }

    /** Parses probabilistic | hamacher | yager_1 (p is used by hamacher only). */
    public static TConorm parse(String name, double p, String argumentName) {
        String t = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "probabilistic": return probabilistic();
            case "hamacher": return hamacher(p);
            case "yager_1": case "yager1": case "yager": return yager1();
            default: throw new IllegalArgumentException(argumentName + ": unknown t-conorm '" + name
                    + "' (expected probabilistic, hamacher or yager_1)");
        }
    }

    int code() { return code; }

    /** The Hamacher parameter (1 for the others, where it is unused). */
    public double p() { return p; }

    public double apply(double a, double b) {
        switch (code) {
            case PROBABILISTIC: return a + b - a * b;
            case HAMACHER: return (a + b + (p - 2) * a * b) / (1 + (p - 1) * a * b);
            default: return 1 - Math.max(0, 1 - a - b);
        }
    }

    /** Writes S_a, S_b, S_aa, S_ab, S_bb at (a, b) into out[0..5). */
    public void partials(double a, double b, double[] out) {
        switch (code) {
            case PROBABILISTIC:
                out[0] = 1 - b; out[1] = 1 - a; out[2] = 0; out[3] = -1; out[4] = 0;
                return;
            case HAMACHER: {
                double n = a + b + (p - 2) * a * b, d = 1 + (p - 1) * a * b;
                double na = 1 + (p - 2) * b, nb = 1 + (p - 2) * a, da = (p - 1) * b, db = (p - 1) * a;
                double sa = (na * d - n * da) / (d * d), sb = (nb * d - n * db) / (d * d);
                out[0] = sa;
                out[1] = sb;
                out[2] = -2 * sa * da / d;
                out[3] = ((p - 2) * d + na * db - nb * da - (p - 1) * n) / (d * d) - 2 * sa * db / d;
                out[4] = -2 * sb * db / d;
                return;
            }
            default: {
                double s = a + b < 1 ? 1 : 0;
                out[0] = s; out[1] = s; out[2] = 0; out[3] = 0; out[4] = 0;
            }
        }
    }

    @Override
    public String toString() {
        switch (code) {
            case PROBABILISTIC: return "probabilistic";
            case HAMACHER: return "hamacher(" + p + ")";
            default: return "yager_1";
        }
    }
}
