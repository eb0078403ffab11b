package org.newton4j.path;

import java.util.Locale;

/**
 * Per-sample loss of a relaxed path against a 0/1 truth, a mean over the H·W cells. L1's |·| has a
 * kink where path = truth: its derivative there is taken as 0 (the a.e. derivative elsewhere).
 */
public enum PathLoss {
    L1, L2SQ;

    /** Kernel code, identical in kernels/common/path.h. */
    int code() { return ordinal(); }

    double value(double path, double truth) {
        double r = path - truth;
        return this == L1 ? Math.abs(r) : r * r;
    }

    /** d value / d path (before dividing by the number of cells). */
    double derivative(double path, double truth) {
        double r = path - truth;
        return this == L1 ? Math.signum(r) : 2 * r;
    }

    /** d² value / d path² (before dividing by the number of cells). */
    double secondDerivative() { return this == L1 ? 0 : 2; }

    public static PathLoss parse(String name, String argumentName) {
        String t = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "l1": return L1;
            case "l2sq": case "l2": return L2SQ;
            default: throw new IllegalArgumentException(argumentName + ": unknown loss '" + name + "' (expected l1 or l2sq)");
        }
    }

    @Override
    public String toString() { return name().toLowerCase(Locale.ROOT); }
}
