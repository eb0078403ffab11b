package org.newton4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class CubicRatesTest {
    /** Brute-force minimisation of the cubic model: many random starts of Nelder–Mead. */
    private static double[] bruteForce(double[][] h, double[] g, double[] d, double lam, Random rnd) {
        int s = g.length;
        double[] best = null;
        double bestVal = Double.POSITIVE_INFINITY;
        for (int start = 0; start < 40; start++) {
            double[] x0 = new double[s];
            for (int i = 0; i < s; i++) x0[i] = 4 * rnd.nextGaussian();
            double[] x = nelderMead(y -> CubicRates.model(h, g, d, lam, y), x0);
            double val = CubicRates.model(h, g, d, lam, x);
            if (val < bestVal) {
                bestVal = val;
                best = x;
            }
        }
        return best;
    }

    private static double[] nelderMead(java.util.function.ToDoubleFunction<double[]> f, double[] x0) {
        int n = x0.length;
        double[][] p = new double[n + 1][];
        double[] v = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            p[i] = x0.clone();
            if (i > 0) p[i][i - 1] += 1;
            v[i] = f.applyAsDouble(p[i]);
        }
        for (int it = 0; it < 20000; it++) {
            Integer[] order = new Integer[n + 1];
            for (int i = 0; i <= n; i++) order[i] = i;
            final double[] vv = v;
            java.util.Arrays.sort(order, (a, b) -> Double.compare(vv[a], vv[b]));
            double[][] q = new double[n + 1][];
            double[] w = new double[n + 1];
            for (int i = 0; i <= n; i++) { q[i] = p[order[i]]; w[i] = v[order[i]]; }
            p = q;
            v = w;
            if (Math.abs(v[n] - v[0]) < 1e-15 * (1 + Math.abs(v[0])) && it > 100) break;
            double[] c = new double[n];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) c[j] += p[i][j] / n;
            double[] r = new double[n];
            for (int j = 0; j < n; j++) r[j] = c[j] + (c[j] - p[n][j]);
            double fr = f.applyAsDouble(r);
            if (fr < v[0]) {
                double[] e = new double[n];
                for (int j = 0; j < n; j++) e[j] = c[j] + 2 * (c[j] - p[n][j]);
                double fe = f.applyAsDouble(e);
                if (fe < fr) { p[n] = e; v[n] = fe; } else { p[n] = r; v[n] = fr; }
            } else if (fr < v[n - 1]) {
                p[n] = r;
                v[n] = fr;
            } else {
                double[] k = new double[n];
                for (int j = 0; j < n; j++) k[j] = c[j] + 0.5 * (p[n][j] - c[j]);
                double fk = f.applyAsDouble(k);
                if (fk < v[n]) {
                    p[n] = k;
                    v[n] = fk;
                } else {
                    for (int i = 1; i <= n; i++) {
                        for (int j = 0; j < n; j++) p[i][j] = p[0][j] + 0.5 * (p[i][j] - p[0][j]);
                        v[i] = f.applyAsDouble(p[i]);
                    }
                }
            }
        }
        int bi = 0;
        for (int i = 1; i <= n; i++) if (v[i] < v[bi]) bi = i;
        return p[bi];
    }

    private static double[][] randomSymmetric(Random rnd, int s, double shift) {
        double[][] a = new double[s][s];
        for (int i = 0; i < s; i++)
            for (int j = 0; j <= i; j++) a[i][j] = a[j][i] = rnd.nextGaussian() + (i == j ? shift : 0);
        return a;
    }

    @Test
    void cubicSolveMatchesBruteForceMinimisationOfTheModel() {
        Random rnd = new Random(3);
        int checked = 0;
        for (int trial = 0; trial < 24; trial++) {
            int s = 2 + trial % 3;
            double[][] h = randomSymmetric(rnd, s, trial % 2 == 0 ? 2.5 : -0.5);  // definite and indefinite
            double[] g = new double[s], d = new double[s];
            for (int i = 0; i < s; i++) {
                g[i] = rnd.nextGaussian();
                d[i] = 0.3 + rnd.nextDouble();
            }
            double lam = trial % 4 < 2 ? 1 : 3;
            CubicRates.Result res = CubicRates.solve(h, g, d, lam);
            assertTrue(res.found(), "trial " + trial + ": " + res);
            double[] brute = bruteForce(h, g, d, lam, rnd);
            double mSolve = CubicRates.model(h, g, d, lam, res.rates());
            double mBrute = CubicRates.model(h, g, d, lam, brute);
            assertTrue(mSolve <= mBrute + 1e-9, "trial " + trial + ": solver " + mSolve + " vs brute force " + mBrute);
            assertArrayEquals(brute, res.rates(), 1e-5, "trial " + trial);
            checked++;
        }
        assertEquals(24, checked);
    }

    @Test
    void singularThirdOrderUsesTheNumericalLowerBound() {
        double[][] h = {{1, 0.2}, {0.2, -0.5}};
        double[] g = {0.4, -0.3}, d = {0, 0.8};
        CubicRates.Result res = CubicRates.solve(h, g, d, 2);
        assertTrue(res.found(), res.toString());
        assertEquals("numerical", res.method());
        double[] brute = bruteForce(h, g, d, 2, new Random(5));
        assertArrayEquals(brute, res.rates(), 1e-5);
    }

    @Test
    void zeroThirdOrderOnAPositiveDefiniteModelGivesTheNewtonRates() {
        double[][] h = {{2, 0.5}, {0.5, 1}};
        double[] g = {1, -1};
        CubicRates.Result res = CubicRates.solve(h, g, new double[] {0, 0}, 1);
        assertTrue(res.found());
        assertArrayEquals(SmallDense.solve(h, g), res.rates(), 1e-14);
    }

    @Test
    void noStepFoundWhenNegativeCurvatureCannotBeRegularised() {
        // d = 0 on the direction of negative curvature: λ_min(H + (λ/2) x D²) never becomes positive
        CubicRates.Result res = CubicRates.solve(new double[][] {{-1, 0}, {0, 1}}, new double[] {1, 1}, new double[] {0, 1}, 1);
        assertFalse(res.found(), res.toString());
    }

    @Test
    void indefiniteWithoutRegularisationIsRejected() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CubicRates.solve(new double[][] {{-1}}, new double[] {1}, new double[] {1}, 0));
        assertTrue(e.getMessage().contains("lambdaInt"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> CubicRates.solve(new double[][] {{1}}, new double[] {Double.NaN}, new double[] {1}, 1));
        assertTrue(bad.getMessage().contains("ḡ"), bad.getMessage());
    }

    @Test
    void symmetricEigenvaluesMatchTheTrace() {
        Random rnd = new Random(8);
        double[][] a = randomSymmetric(rnd, 5, 0);
        double[] e = SmallDense.symmetricEigenvalues(a);
        double tr = 0, sum = 0;
        for (int i = 0; i < 5; i++) { tr += a[i][i]; sum += e[i]; }
        assertEquals(tr, sum, 1e-12);
        // each eigenvalue makes A − λI singular
        for (double lam : e) {
            double[][] m = new double[5][];
            for (int i = 0; i < 5; i++) { m[i] = a[i].clone(); m[i][i] -= lam; }
            double min = SmallDense.symmetricEigenvalues(m)[0], max = SmallDense.symmetricEigenvalues(m)[4];
            assertTrue(Math.min(Math.abs(min), Math.abs(max)) < 1e-10 || Math.abs(closestToZero(m)) < 1e-10);
        }
    }

    private static double closestToZero(double[][] m) {
        double best = Double.POSITIVE_INFINITY;
        for (double x : SmallDense.symmetricEigenvalues(m)) if (Math.abs(x) < Math.abs(best)) best = x;
        return best;
    }
}
