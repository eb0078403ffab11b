package org.newton4j.nn;

import java.util.Locale;

/**
 * Elementwise nonlinearities with their first and second derivatives, written in terms of the
 * input x (and alpha for ELU). The second derivative is what the R-operator needs.
 */
public enum Activation {
    RELU, TANH, ELU;

    public double value(double x, double alpha) {
        switch (this) {
            case RELU: return x > 0 ? x : 0.0;
            case TANH: return Math.tanh(x);
            default: return x > 0 ? x : alpha * Math.expm1(x);
        }
    }

    public double derivative(double x, double alpha) {
        switch (this) {
            case RELU: return x > 0 ? 1.0 : 0.0;
            case TANH: { double t = Math.tanh(x); return 1 - t * t; }
            default: return x > 0 ? 1.0 : alpha * Math.exp(x);
        }
    }

    public double secondDerivative(double x, double alpha) {
        switch (this) {
            case RELU: return 0.0;
            case TANH: { double t = Math.tanh(x); return -2 * t * (1 - t * t); }
            default: return x > 0 ? 0.0 : alpha * Math.exp(x);
        }
    }

    public String displayName() { return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT); }
}
