package org.newton4j.loss;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;
import org.newton4j.device.cpu.CpuBackend;
import org.newton4j.linalg.SymmetricMatrices;

/** NewtonLoss against DESIGN §6 computed independently here (EJML, float64), and its limits. */
class NewtonLossTest {
    private final CpuBackend cpu = new CpuBackend();

    /** A problem: outputs y (N×m), targets c, and the loss. */
    private record Problem(QuarticLoss loss, double[] y, double[] c, int n, int m) { }

    private static Problem problem(int n, int m, boolean definite, boolean fullHessian, long seed) {
        Random rnd = new Random(seed);
        double[] a = new double[m];
        for (int j = 0; j < m; j++) a[j] = 0.5 + rnd.nextDouble();
        double[] b = SymmetricMatrices.withSpectrum(definite ? SymmetricMatrices.spdSpectrum(m, 5, rnd)
                : SymmetricMatrices.indefiniteSpectrum(m, rnd), rnd);
        double[] y = new double[n * m], c = new double[n * m];
        for (int i = 0; i < y.length; i++) { y[i] = rnd.nextGaussian(); c[i] = rnd.nextGaussian(); }
        return new Problem(new QuarticLoss(a, b, fullHessian), y, c, n, m);
    }

    /** Runs a NewtonLoss on the CPU in float64; returns {z, surrogateGradient} and checks the surrogate value. */
    private double[][] run(NewtonLoss nl, double[] y, double[] targets, int n, int m, NewtonReport[] report) {
        try (DeviceBuffer yb = cpu.upload(Precision.F64, y); DeviceBuffer tb = cpu.upload(Precision.F64, targets);
             NewtonResult r = nl.step(new LossBatch(yb, tb, n))) {
            double[] z = cpu.toDoubles(r.target()), s = cpu.toDoubles(r.surrogateGradient());
            double value = 0;
            for (int i = 0; i < n * m; i++) {
                value += 0.5 * (y[i] - z[i]) * (y[i] - z[i]) / n;
                assertEquals((y[i] - z[i]) / n, s[i], 1e-14, "surrogate gradient (y − z)/N");
            }
            assertEquals(value, r.surrogateValue(), 1e-12 * Math.max(1, value), "surrogate value");
            if (report != null) report[0] = r.report();
            return new double[][] {z, s};
        }
    }

    private static void assertVectorsClose(double[] expected, double[] actual, int off, double tol, String what) {
        assertTrue(SymmetricMatrices.relativeError(expected, 0, actual, off, expected.length) <= tol,
                what + ": relative error " + SymmetricMatrices.relativeError(expected, 0, actual, off, expected.length));
    }

    @Test
    void hessianBatchScopeSolvesWithTheMeanHessian() {
        Problem p = problem(7, 5, true, true, 1);
        int n = p.n(), m = p.m();
        double[] hbar = new double[m * m];
        for (int i = 0; i < n; i++) {
            double[] h = p.loss().hessian(p.y(), i * m);
            for (int e = 0; e < m * m; e++) hbar[e] += h[e] / n;
        }
        double[] z = run(NewtonLoss.of(p.loss()).scope(Scope.BATCH).lambda(0.3).build(), p.y(), p.c(), n, m, null)[0];
        for (int i = 0; i < n; i++) {
            double[] d = DenseReference.solve(hbar, m, 0.3, p.loss().gradient(p.y(), i * m, p.c(), i * m));
            double[] expected = new double[m];
            for (int j = 0; j < m; j++) expected[j] = p.y()[i * m + j] - d[j];
            assertVectorsClose(expected, z, i * m, 1e-12, "z*_" + i);
        }
    }

    @Test
    void hessianSampleScopeSolvesEachSampleWithItsOwnHessian() {
        Problem p = problem(6, 4, true, true, 2);
        int m = p.m();
        double[] z = run(NewtonLoss.of(p.loss()).scope(Scope.SAMPLE).lambda(0.2).build(), p.y(), p.c(), p.n(), m, null)[0];
        for (int i = 0; i < p.n(); i++) {
            double[] d = DenseReference.solve(p.loss().hessian(p.y(), i * m), m, 0.2, p.loss().gradient(p.y(), i * m, p.c(), i * m));
            double[] expected = new double[m];
            for (int j = 0; j < m; j++) expected[j] = p.y()[i * m + j] - d[j];
            assertVectorsClose(expected, z, i * m, 1e-12, "z*_" + i);
        }
    }

    private static double[] fisherDirection(Problem p, int i, double lambda) {
        int n = p.n(), m = p.m();
        double[] f = new double[m * m];
        for (int k = 0; k < n; k++) {
            double[] g = p.loss().gradient(p.y(), k * m, p.c(), k * m);
            for (int a = 0; a < m; a++) for (int b = 0; b < m; b++) f[a * m + b] += g[a] * g[b] / n;
        }
        return DenseReference.solve(f, m, lambda, p.loss().gradient(p.y(), i * m, p.c(), i * m));
    }

    @Test
    void fisherBatchScopeDirectAndWoodburyMatchTheFormula() {
        for (int[] shape : new int[][] {{12, 4}, {3, 9}}) {   // N ≥ m (direct) and N < m (Woodbury)
            Problem p = problem(shape[0], shape[1], true, true, 3);
            int n = p.n(), m = p.m();
            for (NewtonLoss.FisherSolve how : NewtonLoss.FisherSolve.values()) {
                NewtonReport[] rep = new NewtonReport[1];
                double[] z = run(NewtonLoss.of(p.loss()).curvature(Curvature.FISHER).lambda(0.05).fisherSolve(how).build(),
                        p.y(), p.c(), n, m, rep)[0];
                boolean expectWoodbury = how == NewtonLoss.FisherSolve.WOODBURY || (how == NewtonLoss.FisherSolve.AUTO && n < m);
                assertEquals(expectWoodbury, rep[0].method().startsWith("woodbury"), rep[0].toString());
                for (int i = 0; i < n; i++) {
                    double[] d = fisherDirection(p, i, 0.05), expected = new double[m];
                    for (int j = 0; j < m; j++) expected[j] = p.y()[i * m + j] - d[j];
                    assertVectorsClose(expected, z, i * m, 1e-9, how + " z*_" + i);
                }
            }
        }
    }

    @Test
    void fisherSampleScopeIsTheClosedForm() {
        Problem p = problem(5, 6, true, true, 4);
        int m = p.m();
        double[] z = run(NewtonLoss.of(p.loss()).curvature(Curvature.FISHER).scope(Scope.SAMPLE).lambda(0.7).build(),
                p.y(), p.c(), p.n(), m, null)[0];
        for (int i = 0; i < p.n(); i++) {
            double[] g = p.loss().gradient(p.y(), i * m, p.c(), i * m);
            double gg = 0;
            for (double v : g) gg += v * v;
            for (int j = 0; j < m; j++) assertEquals(p.y()[i * m + j] - g[j] / (0.7 + gg), z[i * m + j], 1e-13);
        }
    }

    @Test
    void hugeLambdaGivesTheGradientOverLambda() {
        Problem p = problem(4, 3, false, true, 5);
        int m = p.m();
        double lambda = 1e9;
        for (Curvature c : Curvature.values())
            for (Scope s : Scope.values()) {
                double[] z = run(NewtonLoss.of(p.loss()).curvature(c).scope(s).lambda(lambda).build(), p.y(), p.c(), p.n(), m, null)[0];
                for (int i = 0; i < p.n(); i++) {
                    double[] g = p.loss().gradient(p.y(), i * m, p.c(), i * m), scaled = new double[m];
                    for (int j = 0; j < m; j++) scaled[j] = (p.y()[i * m + j] - z[i * m + j]) * lambda;
                    assertVectorsClose(g, scaled, 0, 1e-6, c + "/" + s + " λ(y − z*) vs g");
                }
            }
    }

    @Test
    void mseTargetIsTheExactMinimiser() {
        int n = 5, m = 4;
        Random rnd = new Random(6);
        double[] y = new double[n * m], t = new double[n * m];
        for (int i = 0; i < y.length; i++) { y[i] = rnd.nextGaussian(); t[i] = rnd.nextGaussian(); }
        for (Scope s : Scope.values())
            for (boolean closed : new boolean[] {true, false}) {
                NewtonReport[] rep = new NewtonReport[1];
                double[] z = run(NewtonLoss.of(new MeanSquaredError(m)).scope(s).lambda(1e-13).closedForms(closed).build(), y, t, n, m, rep)[0];
                assertEquals(closed, rep[0].method().equals("closed form"), rep[0].toString());
                for (int i = 0; i < y.length; i++) assertEquals(t[i], z[i], 1e-9, s + " closed=" + closed);
            }
    }

    @Test
    void quadraticLossWithVanishingLambdaReachesItsMinimiser() {
        Problem p = problem(4, 5, true, true, 7);
        QuarticLoss quadratic = new QuarticLoss(new double[p.m()], p.loss().b, true);   // a = 0: ½(y−c)ᵀB(y−c)
        for (Scope s : Scope.values()) {
            double[] z = run(NewtonLoss.of(quadratic).scope(s).lambda(1e-12).build(), p.y(), p.c(), p.n(), p.m(), null)[0];
            for (int i = 0; i < z.length; i++) assertEquals(p.c()[i], z[i], 1e-9, "scope " + s);
        }
    }

    @Test
    void indefinitePoliciesOnAConstructedIndefiniteHessian() {
        Problem p = problem(3, 6, false, true, 8);
        int m = p.m();
        QuarticLoss quadratic = new QuarticLoss(new double[m], p.loss().b, true);   // H = B, indefinite
        double[] b = p.loss().b;
        double lambda = 0.01;
        NewtonReport[] rep = new NewtonReport[1];

        double[] exact = run(NewtonLoss.of(quadratic).scope(Scope.SAMPLE).lambda(lambda).policy(IndefinitePolicy.EXACT).build(),
                p.y(), p.c(), p.n(), m, rep)[0];
        assertTrue(rep[0].method().contains("eigen"), rep[0].toString());
        double[] abs = run(NewtonLoss.of(quadratic).scope(Scope.SAMPLE).lambda(lambda).policy(IndefinitePolicy.ABS_EIGEN).build(),
                p.y(), p.c(), p.n(), m, null)[0];
        double[] adaptive = run(NewtonLoss.of(quadratic).scope(Scope.SAMPLE).lambda(lambda).policy(IndefinitePolicy.ADAPTIVE_DAMPING).build(),
                p.y(), p.c(), p.n(), m, rep)[0];
        double used = rep[0].lambdaUsed();
        assertTrue(rep[0].raisedDamping() && used > -DenseReference.minEigenvalue(b, m), rep[0].toString());
        assertTrue(used <= -DenseReference.minEigenvalue(b, m) * NewtonLoss.DAMPING_GROWTH + lambda, "raised no further than needed: " + used);
        double[] absB = DenseReference.absolute(b, m);
        for (int i = 0; i < p.n(); i++) {
            double[] g = quadratic.gradient(p.y(), i * m, p.c(), i * m);
            double[] dExact = DenseReference.solve(b, m, lambda, g), dAbs = DenseReference.solve(absB, m, lambda, g),
                    dAdaptive = DenseReference.solve(b, m, used, g);
            double descent = 0;
            for (int j = 0; j < m; j++) {
                assertEquals(p.y()[i * m + j] - dExact[j], exact[i * m + j], 1e-9, "exact");
                assertEquals(p.y()[i * m + j] - dAbs[j], abs[i * m + j], 1e-9, "abs-eigen");
                assertEquals(p.y()[i * m + j] - dAdaptive[j], adaptive[i * m + j], 1e-9, "adaptive");
                descent += g[j] * (p.y()[i * m + j] - abs[i * m + j]);
            }
            assertTrue(descent > 0, "abs-eigen direction is a descent direction");
        }
    }

    @Test
    void hessianAssembledFromHvpsEqualsTheFullHessianPath() {
        Problem full = problem(5, 4, true, true, 9);
        QuarticLoss hvpOnly = new QuarticLoss(full.loss().a, full.loss().b, false);
        for (Scope s : Scope.values()) {
            double[] a = run(NewtonLoss.of(full.loss()).scope(s).lambda(0.1).build(), full.y(), full.c(), 5, 4, null)[0];
            double[] b = run(NewtonLoss.of(hvpOnly).scope(s).lambda(0.1).build(), full.y(), full.c(), 5, 4, null)[0];
            assertArrayEquals(a, b, 1e-13);
        }
    }

    @Test
    void crossEntropyClosedFormMatchesTheGeneralSolve() {
        int n = 6, m = 5;
        Random rnd = new Random(10);
        double[] y = new double[n * m];
        int[] labels = new int[n];
        for (int i = 0; i < y.length; i++) y[i] = 2 * rnd.nextGaussian();
        for (int i = 0; i < n; i++) labels[i] = rnd.nextInt(m);
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(m);
        double[][] out = new double[2][];
        for (int k = 0; k < 2; k++) {
            NewtonLoss nl = NewtonLoss.of(ce).scope(Scope.SAMPLE).lambda(0.05).closedForms(k == 0).build();
            try (DeviceBuffer yb = cpu.upload(Precision.F64, y); DeviceBuffer lb = cpu.upload(labels);
                 NewtonResult r = nl.step(new LossBatch(yb, lb, n))) {
                out[k] = cpu.toDoubles(r.target());
                assertEquals(k == 0 ? "closed form" : "cholesky", r.report().method());
            }
        }
        assertArrayEquals(out[1], out[0], 1e-11);
    }

    @Test
    void hostFloatArraysInAndOut() {
        int n = 3, m = 2;
        float[] y = {1, 2, 3, 4, 5, 6}, t = {0, 0, 0, 0, 0, 0};
        HostNewtonResult r = NewtonLoss.of(new MeanSquaredError(m)).lambda(1).build().step(cpu, y, n, t);
        // MSE: d = g/(2/m + λ) = (2(y−t)/m)/(1 + 1) = y/2 for m = 2
        for (int i = 0; i < y.length; i++) {
            assertEquals(y[i] / 2, r.target()[i], 1e-6);
            assertEquals(y[i] / 2 / n, r.surrogateGradient()[i], 1e-6);
        }
        assertThrows(IllegalArgumentException.class, () -> NewtonLoss.of(new MeanSquaredError(m)).lambda(1).build().step(cpu, new float[5], n, t));
    }

    @Test
    void badSettingsAndInputsAreNamed() {
        MeanSquaredError mse = new MeanSquaredError(3);
        assertMessage("lambda", () -> NewtonLoss.of(mse).lambda(0).build());
        assertMessage("lambda", () -> NewtonLoss.of(mse).lambda(-1).build());
        assertMessage("lambda", () -> NewtonLoss.of(mse).lambda(Double.NaN).build());
        assertMessage("lambda", () -> NewtonLoss.of(mse).lambda(Double.POSITIVE_INFINITY).build());
        assertMessage("lambda", () -> NewtonLoss.of(mse).build());
        assertMessage("loss", () -> NewtonLoss.of(null));
        assertMessage("curvature", () -> Curvature.parse("newton", "curvature"));
        assertMessage("scope", () -> Scope.parse("global", "scope"));
        assertMessage("policy", () -> IndefinitePolicy.parse("shrug", "policy"));
        assertEquals(IndefinitePolicy.ABS_EIGEN, IndefinitePolicy.parse("abs-eigen", "policy"));
        assertEquals(IndefinitePolicy.ADAPTIVE_DAMPING, IndefinitePolicy.parse("adaptive_damping", "policy"));
        assertMessage("classes", () -> new SoftmaxCrossEntropy(1));
        NewtonLoss nl = NewtonLoss.of(mse).lambda(1).build();
        try (DeviceBuffer y = cpu.upload(Precision.F64, new double[] {1, 2, 3, 4, 5}); DeviceBuffer t = cpu.upload(Precision.F64, new double[6])) {
            assertMessage("y", () -> nl.step(new LossBatch(y, t, 2)));
        }
        try (DeviceBuffer y = cpu.upload(Precision.F64, new double[] {1, Double.NaN, 3}); DeviceBuffer t = cpu.upload(Precision.F64, new double[3])) {
            ArithmeticException e = assertThrows(ArithmeticException.class, () -> nl.step(new LossBatch(y, t, 1)));
            assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
        }
        // an out-of-range class label poisons its sample, and the step refuses to return numbers
        NewtonLoss ce = NewtonLoss.of(new SoftmaxCrossEntropy(3)).scope(Scope.SAMPLE).lambda(1).build();
        try (DeviceBuffer y = cpu.upload(Precision.F64, new double[] {1, 2, 3}); DeviceBuffer t = cpu.upload(new int[] {3})) {
            assertThrows(ArithmeticException.class, () -> ce.step(new LossBatch(y, t, 1)));
        }
    }

    private static void assertMessage(String field, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().startsWith(field + ":"), "message should name " + field + ": " + ex.getMessage());
    }
}
