package org.newton4j.nn;

import java.util.Locale;

/**
 * Elementwise nonlinearities with their first and second derivatives, written in terms of the
 * input x (and alpha for ELU). The second derivative is what the R-operator needs. Softplus
 * log(1 + eˣ) maps to positive values smoothly (predicted costs of a shortest-path network).
 */
public enum Activation {
    RELU, TANH, ELU, SOFTPLUS;

    public double value(double x, double alpha) {
        switch (this) {
            case RELU: return x > 0 ? x : 0.0;
            case TANH: return Math.tanh(x);
            case SOFTPLUS: return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))); // no overflow for large |x|
            default: return x > 0 ? x : alpha * Math.expm1(x);
        }
    }

    public double derivative(double x, double alpha) {
        switch (this) {
            case RELU: return x > 0 ? 1.0 : 0.0;
            case TANH: { double t = Math.tanh(x); return 1 - t * t; }
            case SOFTPLUS: return sigmoid(x);
            default: return x > 0 ? 1.0 : alpha * Math.exp(x);
        }
    }

    public double secondDerivative(double x, double alpha) {
        switch (this) {
            case RELU: return 0.0;
            case TANH: { double t = Math.tanh(x); return -2 * t * (1 - t * t); }
            case SOFTPLUS: { double s = sigmoid(x); return s * (1 - s); }
            default: return x > 0 ? 0.0 : alpha * Math.exp(x);
        }
    }

    private static double sigmoid(double x) {
        if (x >= 0) return 1 / (1 + Math.exp(-x));
        double e = Math.exp(x);
        return e / (1 + e);
    }

    public String displayName() { return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT); }
}
