package org.newton4j.sort;

import java.util.Locale;

/**
 * The sigmoid-like function α = s(d) of a soft comparator (DESIGN §4), d = b − a the difference of the
 * two wire values, with its first and second derivatives in d. {@link #code()} is the number the
 * kernels switch on (kernels/common/sort.h), so the order of the constants is part of the kernel ABI.
 */
public enum Relaxation {
    LOGISTIC("logistic"),
    /** ART: σ(β d / (|d| + 1e−10)^λ). */
    LOGISTIC_PHI("logistic_phi"),
    GAUSSIAN("gaussian"),
    RECIPROCAL("reciprocal"),
    CAUCHY("cauchy"),
    OPTIMAL("optimal");

    /** The ε in ART's |d| + ε. */
    static final double ART_EPSILON = 1e-10;

    private final String id;

    Relaxation(String id) { this.id = id; }

    public String id() { return id; }

    /** The kernel's relaxation code. */
    public int code() { return ordinal(); }

    /** Parses a relaxation name (case-insensitive), naming the argument on failure. */
    public static Relaxation parse(String name) {
        String t = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (Relaxation r : values()) if (r.id.equals(t)) return r;
        StringBuilder known = new StringBuilder();
        for (Relaxation r : values()) known.append(known.length() == 0 ? "" : ", ").append(r.id);
        throw new IllegalArgumentException("relaxation: unknown relaxation '" + name + "' (expected one of " + known + ")");
    }

    /** Values {@link #evaluate} writes per comparator: α, 1 − α, s', s''. */
    static final int WIDTH = 4;

    /**
     * Writes α = s(d), ᾱ = 1 − α = s(−d), s'(d) and s''(d) into out[at..at+3] (derivatives in d, β and λ
     * fixed). ᾱ is computed directly, not as 1 − α, so tiny mixing weights keep their relative accuracy
     * (P entries far from a rank then stay accurate in float32 too). Non-smooth points use the branch
     * taken, with sign(0) = 0.
     */
    void evaluate(double d, double beta, double lambda, double[] out, int at) {
        double a, ab, s1, s2;
        switch (this) {
            case LOGISTIC: {
                double sg = sigmoid(beta * d), q = sg * (1 - sg);
                a = sg; ab = sigmoid(-beta * d); s1 = beta * q; s2 = beta * beta * q * (1 - 2 * sg);
                break;
            }
            case LOGISTIC_PHI: {
                double ad = Math.abs(d), t = ad + ART_EPSILON, tl = Math.pow(t, -lambda);
                double u = beta * d * tl;
                double u1 = beta * tl / t * (t - lambda * ad);
                double u2 = beta * lambda * Math.signum(d) * tl / (t * t) * ((lambda + 1) * ad - 2 * t);
                double sg = sigmoid(u), q = sg * (1 - sg);
                a = sg; ab = sigmoid(-u); s1 = q * u1; s2 = q * (1 - 2 * sg) * u1 * u1 + q * u2;
                break;
            }
            case GAUSSIAN: {
                double v = beta * d, pdf = Math.exp(-0.5 * v * v) / Math.sqrt(2 * Math.PI);
                a = 0.5 * erfc(-v / Math.sqrt(2)); ab = 0.5 * erfc(v / Math.sqrt(2));
                s1 = beta * pdf; s2 = -beta * beta * v * pdf;
                break;
            }
            case RECIPROCAL: {
                double v = beta * d, w = 2 + Math.abs(v);
                if (v >= 0) { a = 0.5 * (v / w + 1); ab = 1 / w; } else { a = 1 / w; ab = 0.5 * (1 - v / w); }
                s1 = beta / (w * w); s2 = -2 * beta * beta * Math.signum(v) / (w * w * w);
                break;
            }
            case CAUCHY: {
                double v = beta * d, w = 1 + v * v;
                double small = v == 0 ? 0.5 : Math.atan(1 / Math.abs(v)) / Math.PI; // the weight below ½
                if (v >= 0) { ab = small; a = Math.atan(v) / Math.PI + 0.5; } else { a = small; ab = 0.5 - Math.atan(v) / Math.PI; }
                s1 = beta / (Math.PI * w); s2 = -2 * beta * beta * v / (Math.PI * w * w);
                break;
            }
            case OPTIMAL: {
                double v = beta * d;
                if (Math.abs(v) <= 0.25) { a = v + 0.5; ab = 0.5 - v; s1 = beta; s2 = 0; }
                else {
                    if (v > 0) { a = 1 - 1 / (16 * v); ab = 1 / (16 * v); } else { a = -1 / (16 * v); ab = 1 + 1 / (16 * v); }
                    s1 = beta / (16 * v * v); s2 = -beta * beta / (8 * v * v * v);
                }
                break;
            }
            default: throw new AssertionError(this);
        }
        out[at] = a; out[at + 1] = ab; out[at + 2] = s1; out[at + 3] = s2;
    }

    private static double sigmoid(double u) {
        return u >= 0 ? 1 / (1 + Math.exp(-u)) : Math.exp(u) / (1 + Math.exp(u));
    }

    /**
     * erfc to about 1e−15 relative (Java has none): 1 − erf below 1.5, where erf is the everywhere-positive
     * series 2/√π e^{−x²} Σ 2^k x^{2k+1} / (2k+1)!!; above it the continued fraction
     * e^{−x²}/√π / (x + ½/(x + 1/(x + (3/2)/(x + ...)))), evaluated bottom-up.
     */
    static double erfc(double x) {
        if (x < 0) return 2 - erfc(-x);
        if (x < 1.5) {
            double term = x, sum = x, x2 = x * x;
            for (int k = 1; k < 200 && term > 1e-17 * sum; k++) {
                term *= 2 * x2 / (2 * k + 1);
                sum += term;
            }
            return 1 - 2 / Math.sqrt(Math.PI) * Math.exp(-x2) * sum;
        }
        if (x > 27) return 0;
        double t = x;
        for (int k = 80; k >= 1; k--) t = x + 0.5 * k / t;
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / t;
    }

    @Override
    public String toString() { return id; }
}
