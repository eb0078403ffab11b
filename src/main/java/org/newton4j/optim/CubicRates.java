package org.newton4j.optim;

import java.util.Arrays;

/**
 * GroupedNewton's per-group rates: the minimiser of the cubic-regularised model (float64)
 * <pre>  m(η) = −ḡᵀη + ½ ηᵀH̄η + (λ_int/6) ‖Dη‖³,   D = diag(d), d_s = |T_s|^{1/3}.</pre>
 * Its stationarity condition is η = (H̄ + (λ_int/2) r D²)⁻¹ ḡ with r = ‖Dη‖, so r is the root of
 * f(x) = ‖D (H̄ + (λ_int/2) x D²)⁻¹ ḡ‖ − x on [x₀, ∞), where x₀ makes the matrix positive
 * semi-definite (the global minimiser needs it):
 * <ul>
 *   <li>H̄ positive definite (smallest eigenvalue above 1e-10): x₀ = 0;</li>
 *   <li>otherwise, every d_s above 1e-5: x₀ = (2/λ_int)·max(0, −λ_min(D⁻¹H̄D⁻¹));</li>
 *   <li>otherwise x₀ is the root of λ_min(H̄ + (λ_int/2) x D²), bracketed by tripling; the search
 *       fails when that eigenvalue decreases.</li>
 * </ul>
 * f(x₀) is evaluated (x₀ nudged by 0.1% when the matrix is exactly singular there); x₁ = x₀ + 1 is
 * tripled until f(x₁) &lt; 0 and Brent's method finds r. "Step not found" (as in the reference):
 * x₀ not found, f(x₀) &lt; 0, no sign change, or no convergence; the caller then keeps its previous
 * rates. One deliberate difference: f(x₀) = 0 is accepted as the root r = x₀ (the reference reports
 * "not found"), which is the exact answer when T = 0 (e.g. on a quadratic: η = H̄⁻¹ḡ).
 * λ_int = 0 with H̄ not positive definite has no solution and throws, as the reference does.
 */
public final class CubicRates {
    static final double H_SINGULAR = 1e-10;
    static final double D_SINGULAR = 1e-5;
    private static final int MAX_BRACKET = 200;

    private CubicRates() { }

    /** The outcome: rates η (null when not found), r = ‖Dη‖, x₀ and how it was obtained. */
    public record Result(double[] rates, boolean found, double r, double x0, String method) {
        @Override
        public String toString() {
            return "CubicRates.Result[found=" + found + ", rates=" + Arrays.toString(rates) + ", r=" + r + ", x0=" + x0
                    + ", method=" + method + "]";
        }
    }

    public static Result solve(double[][] hBar, double[] gBar, double[] d, double lambdaInt) {
        int s = gBar.length;
        if (hBar.length != s || d.length != s)
            throw new IllegalArgumentException("cubic rates: H̄ is " + hBar.length + "×, ḡ has " + s + ", d has " + d.length + " entries");
        if (!(lambdaInt >= 0) || !Double.isFinite(lambdaInt))
            throw new IllegalArgumentException("lambdaInt: must be non-negative and finite, got " + lambdaInt);
        for (int i = 0; i < s; i++) {
            if (hBar[i].length != s) throw new IllegalArgumentException("cubic rates: H̄ row " + i + " has " + hBar[i].length + " entries");
            if (!Double.isFinite(gBar[i]) || !Double.isFinite(d[i]) || d[i] < 0)
                throw new IllegalArgumentException("cubic rates: ḡ or d has a non-finite or negative entry at " + i);
            for (double x : hBar[i]) if (!Double.isFinite(x)) throw new IllegalArgumentException("cubic rates: H̄ has a non-finite entry");
        }
        boolean hPositive = SmallDense.smallestEigenvalue(hBar) > H_SINGULAR;
        if (!hPositive && lambdaInt == 0)
            throw new IllegalStateException("cubic rates: H̄ is not positive definite and lambdaInt = 0: no step exists; use lambdaInt > 0");

        double x0;
        String method;
        if (hPositive) {
            x0 = 0;
            method = "direct";
        } else if (Arrays.stream(d).allMatch(x -> x > D_SINGULAR)) {
            double[][] scaled = new double[s][s];
            for (int i = 0; i < s; i++) for (int j = 0; j < s; j++) scaled[i][j] = hBar[i][j] / (d[i] * d[j]);
            x0 = 2 / lambdaInt * Math.max(0, -SmallDense.smallestEigenvalue(scaled));
            method = "analytical";
        } else {
            Double root = numericalX0(hBar, d, lambdaInt);
            if (root == null) return new Result(null, false, Double.NaN, Double.NaN, "numerical-diverged");
            x0 = root;
            method = "numerical";
        }

        double fx0;
        try {
            fx0 = residual(hBar, gBar, d, lambdaInt, x0);
        } catch (ArithmeticException singular) {
            x0 = x0 == 0 ? 1e-12 : x0 * 1.001;
            try {
                fx0 = residual(hBar, gBar, d, lambdaInt, x0);
            } catch (ArithmeticException stillSingular) {
                return new Result(null, false, Double.NaN, x0, method + "-singular");
            }
        }
        double r;
        if (fx0 < 0 || Double.isNaN(fx0)) {
            return new Result(null, false, Double.NaN, x0, method + "-f(x0)<0");
        } else if (fx0 == 0) {
            r = x0;
        } else {
            double x1 = x0 + 1;
            int k = 0;
            while (residualOrNaN(hBar, gBar, d, lambdaInt, x1) >= 0) {
                if (++k > MAX_BRACKET) return new Result(null, false, Double.NaN, x0, method + "-no-bracket");
                x1 *= 3;
            }
            final double lo = x0;
            Double root = SmallDense.brent(x -> residualOrNaN(hBar, gBar, d, lambdaInt, x), lo, x1, 100);
            if (root == null) return new Result(null, false, Double.NaN, x0, method + "-not-converged");
            r = root;
        }
        double[] eta;
        try {
            eta = SmallDense.solve(shifted(hBar, d, lambdaInt, r), gBar);
        } catch (ArithmeticException singular) {
            return new Result(null, false, r, x0, method + "-singular");
        }
        return new Result(eta, true, r, x0, method);
    }

    private static double[][] shifted(double[][] h, double[] d, double lambdaInt, double x) {
        int s = d.length;
        double[][] m = new double[s][];
        for (int i = 0; i < s; i++) {
            m[i] = h[i].clone();
            m[i][i] += 0.5 * lambdaInt * x * d[i] * d[i];
        }
        return m;
    }

    /** f(x) = ‖D (H̄ + (λ/2) x D²)⁻¹ ḡ‖ − x. */
    static double residual(double[][] h, double[] g, double[] d, double lambdaInt, double x) {
        double[] eta = SmallDense.solve(shifted(h, d, lambdaInt, x), g);
        double n = 0;
        for (int i = 0; i < eta.length; i++) n += (d[i] * eta[i]) * (d[i] * eta[i]);
        return Math.sqrt(n) - x;
    }

    private static double residualOrNaN(double[][] h, double[] g, double[] d, double lambdaInt, double x) {
        try {
            return residual(h, g, d, lambdaInt, x);
        } catch (ArithmeticException singular) {
            return Double.NaN;
        }
    }

    /** Root of λ_min(H̄ + (λ/2) x D²) by tripling then Brent; null when the eigenvalue stops growing. */
    private static Double numericalX0(double[][] h, double[] d, double lambdaInt) {
        java.util.function.DoubleUnaryOperator eig = x -> SmallDense.smallestEigenvalue(shifted(h, d, lambdaInt, x));
        if (eig.applyAsDouble(0) >= 0) return 0.0;
        double x1 = 1, last = eig.applyAsDouble(x1);
        int k = 0;
        while (last <= 0) {
            if (++k > MAX_BRACKET) return null;
            x1 *= 3;
            double cur = eig.applyAsDouble(x1);
            if (cur < last) return null;
            last = cur;
        }
        return SmallDense.brent(eig, 0, x1, 200);
    }

    /** The model m(η) itself (for tests and logging). */
    public static double model(double[][] hBar, double[] gBar, double[] d, double lambdaInt, double[] eta) {
        double lin = 0, quad = 0, cub = 0;
        for (int i = 0; i < eta.length; i++) {
            lin += gBar[i] * eta[i];
            for (int j = 0; j < eta.length; j++) quad += eta[i] * hBar[i][j] * eta[j];
            cub += (d[i] * eta[i]) * (d[i] * eta[i]);
        }
        return -lin + 0.5 * quad + lambdaInt / 6 * Math.pow(cub, 1.5);
    }
}
