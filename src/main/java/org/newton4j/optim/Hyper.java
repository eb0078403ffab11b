package org.newton4j.optim;

/** Validation of hyperparameters: each failure names the argument and the problem. */
final class Hyper {
    private Hyper() { }

    static double positive(String name, double x) {
        if (!(x > 0) || !Double.isFinite(x)) throw new IllegalArgumentException(name + ": must be positive and finite, got " + x);
        return x;
    }

    static double nonNegative(String name, double x) {
        if (!(x >= 0) || !Double.isFinite(x)) throw new IllegalArgumentException(name + ": must be non-negative and finite, got " + x);
        return x;
    }

    /** x in [lo, hi). */
    static double inHalfOpen(String name, double x, double lo, double hi) {
        if (!(x >= lo && x < hi)) throw new IllegalArgumentException(name + ": must lie in [" + lo + ", " + hi + "), got " + x);
        return x;
    }

    /** x in [lo, hi]. */
    static double inClosed(String name, double x, double lo, double hi) {
        if (!(x >= lo && x <= hi)) throw new IllegalArgumentException(name + ": must lie in [" + lo + ", " + hi + "], got " + x);
        return x;
    }

    static double inOpen(String name, double x, double lo, double hi) {
        if (!(x > lo && x < hi)) throw new IllegalArgumentException(name + ": must lie in (" + lo + ", " + hi + "), got " + x);
        return x;
    }

    static int atLeast(String name, int x, int min) {
        if (x < min) throw new IllegalArgumentException(name + ": must be at least " + min + ", got " + x);
        return x;
    }
}
