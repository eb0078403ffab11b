package org.newton4j.sort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Precision;
import org.newton4j.device.cpu.CpuBackend;
import org.newton4j.loss.LossBatch;
import org.newton4j.loss.LossOutputs;

/** The CPU reference: derivatives against central finite differences (float64), closed forms, structure, bad input. */
class RankingLossTest {
    private static final EnumSet<RankingOutput> ALL = EnumSet.allOf(RankingOutput.class);

    /** Every algorithm × relaxation, with parameters that keep the relaxations away from saturation. */
    static Stream<RankingLoss> algorithms() {
        List<RankingLoss> list = new ArrayList<>();
        for (Network net : Network.values())
            for (Relaxation r : Relaxation.values())
                list.add(RankingLoss.sortingNetwork(net, r, r == Relaxation.OPTIMAL ? 0.7 : 1.5, 0.25));
        list.add(RankingLoss.sortingNetwork(Network.ODD_EVEN, Relaxation.LOGISTIC_PHI, 1.5, 0.6));
        list.add(RankingLoss.neuralSort(0.7));
        list.add(RankingLoss.softSort(0.7));
        return list.stream();
    }

    static double[] randomScores(Random rnd, int count) {
        double[] x = new double[count];
        for (int i = 0; i < count; i++) x[i] = rnd.nextGaussian();
        return x;
    }

    static int[] randomRanks(Random rnd, int samples, int n) { return RandomRanks.of(rnd, samples, n); }

    private static double loss(RankingLoss l, double[] x, int[] r, int n) {
        return l.evaluate(x, r, n, EnumSet.of(RankingOutput.LOSS)).loss()[0];
    }

    private static double[] grad(RankingLoss l, double[] x, int[] r, int n) {
        return l.evaluate(x, r, n, EnumSet.of(RankingOutput.GRADIENT)).gradient();
    }

    private static void assertNear(String what, double expected, double actual, double tol) {
        assertTrue(Math.abs(expected - actual) <= tol, what + ": expected " + expected + ", got " + actual);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    void gradientAndHessianMatchFiniteDifferences(RankingLoss l) {
        for (int size : new int[] {5, 8}) {
            int n = size;
            Random rnd = new Random(17 + n);
            double[] x = randomScores(rnd, n);
            int[] r = randomRanks(rnd, 1, n);
            RankingResult res = l.evaluate(x, r, n, ALL);
            double gnorm = Math.sqrt(Arrays.stream(res.gradient()).map(v -> v * v).sum());
            assertTrue(gnorm > 1e-6, "gradient is not trivially zero");
            // ART's second derivative is steep near d = 0 (|d|^(−λ−1)): a smaller step there
            double step = l.relaxation() == Relaxation.LOGISTIC_PHI ? 2e-5 : 2e-4;
            for (int c = 0; c < n; c++) {
                int i = c;
                double fd = richardson(step, h -> (loss(l, shifted(x, i, h), r, n) - loss(l, shifted(x, i, -h), r, n)) / (2 * h));
                assertNear(l + " n=" + n + " gradient[" + i + "]", fd, res.gradient()[i], 1e-7 * (1 + gnorm));
                for (int k = 0; k < n; k++) {
                    int kk = k;
                    double fdh = richardson(step, h -> (grad(l, shifted(x, i, h), r, n)[kk] - grad(l, shifted(x, i, -h), r, n)[kk]) / (2 * h));
                    assertNear(l + " n=" + n + " hessian[" + k + "][" + i + "]", fdh, res.hessian()[k * n + i], 1e-6 * (1 + gnorm));
                }
            }
        }
    }

    /**
     * Central differences with one Richardson step, (4 D(h/2) − D(h)) / 3: error O(h⁴). A moderate h keeps
     * the cancellation noise of 1 − α in far tails (≈1e−12 in the loss) below 1e−8, while ART's steep
     * second derivative near d = 0 needs the higher order.
     */
    private static double richardson(double h, java.util.function.DoubleUnaryOperator central) {
        return (4 * central.applyAsDouble(h / 2) - central.applyAsDouble(h)) / 3;
    }

    private static double[] shifted(double[] x, int i, double h) {
        double[] y = x.clone();
        y[i] += h;
        return y;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithms")
    void hessianVectorProductIsHessianTimesVector(RankingLoss l) {
        int n = 7, samples = 3;
        Random rnd = new Random(5);
        double[] x = randomScores(rnd, samples * n), u = randomScores(rnd, samples * n);
        int[] r = randomRanks(rnd, samples, n);
        CpuBackend cpu = CpuBackend.shared();
        double[] hess = l.evaluate(x, r, n, EnumSet.of(RankingOutput.HESSIAN)).hessian();
        try (DeviceBuffer xb = cpu.upload(Precision.F64, x); DeviceBuffer rb = cpu.upload(r);
             DeviceBuffer ub = cpu.upload(Precision.F64, u); DeviceBuffer out = cpu.allocate(Precision.F64, samples * n)) {
            l.hessianVectorProduct(xb, rb, n, ub, out);
            double[] hu = cpu.toDoubles(out);
            for (int s = 0; s < samples; s++)
                for (int i = 0; i < n; i++) {
                    double e = 0;
                    for (int k = 0; k < n; k++) e += hess[(s * n + i) * n + k] * u[s * n + k];
                    assertNear("Hu[" + s + "][" + i + "]", e, hu[s * n + i], 1e-12 * (1 + Math.abs(e)));
                }
        }
        for (int s = 0; s < samples; s++) // symmetry
            for (int i = 0; i < n; i++)
                for (int k = 0; k < i; k++)
                    assertNear("symmetry", hess[(s * n + i) * n + k], hess[(s * n + k) * n + i], 1e-10);
    }

    /** The CPU's two Hessian paths agree: all directions in one pass, and one unit direction at a time (large n). */
    @Test
    void batchedAndPerDirectionHessiansAgree() {
        int n = 9;
        Random rnd = new Random(21);
        double[] x = randomScores(rnd, n);
        int[] r = randomRanks(rnd, 1, n);
        for (Network net : Network.values()) {
            RankingLoss l = RankingLoss.sortingNetwork(net, Relaxation.LOGISTIC_PHI, 2.0);
            int[] comps = l.comparators(n);
            double[] batched = new double[n * n], loss = new double[1], grad = new double[n];
            RankingSample.Sink sink = new RankingSample.Sink();
            sink.loss = loss; sink.grad = grad;
            new RankingSample(l, n, comps, Precision.F64).networkHessian(x, 0, r, 0, batched, 0, sink);
            RankingSample one = new RankingSample(l, n, comps, Precision.F64);
            double[] column = new double[n];
            for (int c = 0; c < n; c++) {
                RankingSample.Sink s1 = new RankingSample.Sink();
                s1.hu = column;
                one.run(x, 0, r, 0, null, 0, c, s1);
                for (int i = 0; i < n; i++) assertNear(net + " H[" + i + "][" + c + "]", batched[i * n + c], column[i], 1e-13);
            }
            RankingResult res = l.evaluate(x, r, n, EnumSet.of(RankingOutput.LOSS, RankingOutput.GRADIENT));
            assertEquals(res.loss()[0], loss[0], 1e-15);
            assertArrayEquals(res.gradient(), grad, 1e-15);
        }
    }

    @Test
    void twoElementsInClosedForm() {
        double beta = 2.0, x0 = 0.3, x1 = -0.4;
        RankingResult res = RankingLoss.sortingNetwork(Network.ODD_EVEN, Relaxation.LOGISTIC, beta)
                .evaluate(new double[] {x0, x1}, new int[] {0, 1}, 2, ALL);
        double a = 1 / (1 + Math.exp(-beta * (x1 - x0))), q = a * (1 - a);
        assertArrayEquals(new double[] {a, 1 - a, 1 - a, a}, res.permutation(), 1e-15);
        assertArrayEquals(new double[] {a * x0 + (1 - a) * x1, (1 - a) * x0 + a * x1}, res.sorted(), 1e-15);
        assertEquals(-Math.log(a), res.loss()[0], 1e-14);
        assertArrayEquals(new double[] {beta * (1 - a), -beta * (1 - a)}, res.gradient(), 1e-14);
        double h = beta * beta * q;
        assertArrayEquals(new double[] {h, -h, -h, h}, res.hessian(), 1e-14);
        // bitonic on two wires is the same single comparator
        RankingResult bit = RankingLoss.sortingNetwork(Network.BITONIC, Relaxation.LOGISTIC, beta)
                .evaluate(new double[] {x0, x1}, new int[] {0, 1}, 2, ALL);
        assertArrayEquals(res.hessian(), bit.hessian(), 1e-15);

        // NeuralSort, n = 2: rank 0 is softmax(−x/τ), rank 1 softmax(x/τ)
        double tau = 0.5, e0 = Math.exp(-x0 / tau), e1 = Math.exp(-x1 / tau);
        RankingResult ns = RankingLoss.neuralSort(tau).evaluate(new double[] {x0, x1}, new int[] {1, 0}, 2, ALL);
        double p00 = e0 / (e0 + e1);
        assertArrayEquals(new double[] {p00, 1 - p00, 1 - p00, p00}, ns.permutation(), 1e-15);
        // SoftSort, n = 2 (x1 < x0): rank 0 row is softmax(−|x1 − x_j|/τ)
        RankingResult ss = RankingLoss.softSort(tau).evaluate(new double[] {x0, x1}, new int[] {1, 0}, 2, ALL);
        double w = Math.exp(-Math.abs(x1 - x0) / tau), s1 = 1 / (1 + w);
        assertArrayEquals(new double[] {1 - s1, s1, s1, 1 - s1}, ss.permutation(), 1e-15);
        assertEquals(-Math.log(s1), ss.loss()[0], 1e-14);
    }

    @Test
    void sortedInputAtLargeSteepnessGivesIdentity() {
        int n = 9;
        double[] x = new double[n];
        int[] r = new int[n];
        for (int i = 0; i < n; i++) { x[i] = i; r[i] = i; }
        List<RankingLoss> losses = new ArrayList<>();
        for (Network net : Network.values())
            for (Relaxation rel : Relaxation.values()) losses.add(RankingLoss.sortingNetwork(net, rel, 1e4));
        losses.add(RankingLoss.neuralSort(0.01));
        losses.add(RankingLoss.softSort(0.01));
        for (RankingLoss l : losses) {
            RankingResult res = l.evaluate(x, r, n, ALL);
            for (int j = 0; j < n; j++)
                for (int i = 0; i < n; i++)
                    assertNear(l + " P[" + j + "][" + i + "]", i == j ? 1 : 0, res.permutation()[j * n + i], 1e-3);
            assertArrayEquals(x, res.sorted(), 1e-2, l.toString());
            assertTrue(res.loss()[0] < 1e-3, l + " loss " + res.loss()[0]);
        }
    }

    @Test
    void networksSortAndGiveDoublyStochasticP() {
        Random rnd = new Random(3);
        for (Network net : Network.values()) {
            for (int n = 2; n <= 19; n++) {
                double[] x = randomScores(rnd, n);
                // at a huge steepness the network is a hard sorting network: it must sort
                RankingResult hard = RankingLoss.sortingNetwork(net, Relaxation.LOGISTIC, 1e9)
                        .evaluate(x, null, n, EnumSet.of(RankingOutput.SORTED));
                double[] expected = x.clone();
                Arrays.sort(expected);
                assertArrayEquals(expected, hard.sorted(), 1e-12, net + " n=" + n + " does not sort");
                RankingResult soft = RankingLoss.sortingNetwork(net, Relaxation.CAUCHY, 1.0)
                        .evaluate(x, null, n, EnumSet.of(RankingOutput.PERMUTATION, RankingOutput.SORTED));
                double[] p = soft.permutation();
                for (int a = 0; a < n; a++) {
                    double row = 0, col = 0;
                    for (int b = 0; b < n; b++) { row += p[a * n + b]; col += p[b * n + a]; }
                    assertNear(net + " row sum", 1, row, 1e-13);
                    assertNear(net + " column sum", 1, col, 1e-13);
                }
                for (int i = 0; i < n; i++) { // sorted = xᵀP
                    double t = 0;
                    for (int j = 0; j < n; j++) t += x[j] * p[j * n + i];
                    assertNear("sorted", t, soft.sorted()[i], 1e-13);
                }
            }
        }
    }

    @Test
    void tiesStayFinite() {
        int n = 6;
        double[] x = {0.5, 0.5, 0.5, -1, 2, 2};
        int[] r = {0, 1, 2, 3, 4, 5};
        List<RankingLoss> losses = new ArrayList<>();
        for (Network net : Network.values())
            for (Relaxation rel : Relaxation.values()) losses.add(RankingLoss.sortingNetwork(net, rel, 3));
        losses.add(RankingLoss.neuralSort(0.5));
        losses.add(RankingLoss.softSort(0.5));
        for (RankingLoss l : losses) {
            RankingResult res = l.evaluate(x, r, n, ALL);
            for (double[] a : new double[][] {res.permutation(), res.sorted(), res.loss(), res.gradient(), res.hessian()})
                for (double v : a) assertTrue(Double.isFinite(v), l + " gives a non-finite value at a tie");
        }
    }

    @Test
    void saturatedEntriesUseTheClampedLog() {
        // reversed input at huge steepness: P is the anti-identity, every target entry has log 0 → −100
        int n = 4;
        RankingResult res = RankingLoss.sortingNetwork(Network.ODD_EVEN, Relaxation.LOGISTIC, 1e6)
                .evaluate(new double[] {3, 2, 1, 0}, new int[] {0, 1, 2, 3}, n, ALL);
        assertEquals(2 * n * 100.0 / (n * n), res.loss()[0], 1e-9);
        for (double g : res.gradient()) assertTrue(Double.isFinite(g));
    }

    @Test
    void float32BuffersHoldRoundedResults() {
        int n = 6;
        Random rnd = new Random(9);
        double[] x = randomScores(rnd, 2 * n);
        int[] r = randomRanks(rnd, 2, n);
        RankingLoss l = RankingLoss.sortingNetwork(Network.BITONIC, Relaxation.GAUSSIAN, 2);
        RankingResult d = l.evaluate(CpuBackend.shared(), Precision.F64, x, r, n, ALL);
        double[] xf = x.clone();
        for (int i = 0; i < xf.length; i++) xf[i] = (float) xf[i];
        RankingResult f = l.evaluate(CpuBackend.shared(), Precision.F32, x, r, n, ALL);
        RankingResult df = l.evaluate(CpuBackend.shared(), Precision.F64, xf, r, n, ALL);
        for (int i = 0; i < f.hessian().length; i++) assertEquals((float) df.hessian()[i], f.hessian()[i], 0.0);
        assertEquals((float) df.loss()[1], f.loss()[1], 0.0);
        assertEquals(d.loss()[0], f.loss()[0], 1e-5);
    }

    @Test
    void newtonLossAdapterMatchesDirectEvaluation() {
        int n = 5, samples = 4;
        Random rnd = new Random(11);
        double[] x = randomScores(rnd, samples * n);
        int[] r = randomRanks(rnd, samples, n);
        RankingLoss l = RankingLoss.softSort(0.3);
        RankingResult direct = l.evaluate(x, r, n, ALL);
        RankingNewtonLoss adapter = l.asLoss(n);
        assertEquals(n, adapter.dimension());
        assertTrue(adapter.providesHessian());
        CpuBackend cpu = CpuBackend.shared();
        try (DeviceBuffer y = cpu.upload(Precision.F64, x); DeviceBuffer t = cpu.upload(r);
             DeviceBuffer v = cpu.allocate(Precision.F64, samples); DeviceBuffer g = cpu.allocate(Precision.F64, samples * n);
             DeviceBuffer h = cpu.allocate(Precision.F64, samples * n * n)) {
            adapter.evaluate(new LossBatch(y, t, samples), new LossOutputs(v, g, h));
            assertArrayEquals(direct.loss(), cpu.toDoubles(v), 0.0);
            assertArrayEquals(direct.gradient(), cpu.toDoubles(g), 0.0);
            assertArrayEquals(direct.hessian(), cpu.toDoubles(h), 0.0);
            LossBatch wrong = new LossBatch(y, t, samples - 1);
            assertThrows(IllegalArgumentException.class, () -> adapter.evaluate(wrong, new LossOutputs(v, null, null)));
        }
    }

    @Test
    void badParametersFailNamingThem() {
        assertMessage("steepness", () -> RankingLoss.sortingNetwork(Network.BITONIC, Relaxation.CAUCHY, 0));
        assertMessage("steepness", () -> RankingLoss.sortingNetwork(Network.BITONIC, Relaxation.CAUCHY, -1));
        assertMessage("steepness", () -> RankingLoss.sortingNetwork(Network.BITONIC, Relaxation.CAUCHY, Double.NaN));
        assertMessage("steepness", () -> RankingLoss.sortingNetwork(Network.BITONIC, Relaxation.CAUCHY, Double.POSITIVE_INFINITY));
        assertMessage("art_lambda", () -> RankingLoss.sortingNetwork(Network.ODD_EVEN, Relaxation.LOGISTIC_PHI, 1, Double.NaN));
        assertMessage("art_lambda", () -> RankingLoss.sortingNetwork(Network.ODD_EVEN, Relaxation.LOGISTIC_PHI, 1, -0.1));
        assertMessage("tau", () -> RankingLoss.neuralSort(0));
        assertMessage("tau", () -> RankingLoss.softSort(-2));
        assertMessage("tau", () -> RankingLoss.softSort(Double.NaN));
        assertMessage("relaxation", () -> Relaxation.parse("sigmoid"));
        assertMessage("relaxation", () -> RankingLoss.sortingNetwork(Network.ODD_EVEN, null, 1));
        assertMessage("network", () -> Network.parse("bubble"));
        assertEquals(Relaxation.LOGISTIC_PHI, Relaxation.parse("Logistic_Phi"));
        assertEquals(Network.ODD_EVEN, Network.parse("odd_even"));
        RankingLoss l = RankingLoss.softSort(1);
        assertMessage("n", () -> l.evaluate(new double[] {1}, new int[] {0}, 1, ALL));
        assertMessage("n", () -> l.asLoss(1));
        assertMessage("ranks", () -> l.evaluate(new double[] {1, 2}, new int[] {0, 0}, 2, ALL));
        assertMessage("ranks", () -> l.evaluate(new double[] {1, 2}, new int[] {0, 2}, 2, ALL));
        assertMessage("ranks", () -> l.evaluate(new double[] {1, 2}, null, 2, ALL));
        assertMessage("x", () -> l.evaluate(new double[] {1, Double.NaN}, new int[] {0, 1}, 2, ALL));
        assertMessage("x", () -> l.evaluate(new double[] {1, 2, 3}, new int[] {0, 1, 2}, 2, ALL));
        CpuBackend cpu = CpuBackend.shared();
        try (DeviceBuffer x = cpu.upload(Precision.F64, new double[] {1, 2}); DeviceBuffer r = cpu.upload(new int[] {0, 1});
             DeviceBuffer wrong = cpu.allocate(Precision.F64, 3)) {
            assertMessage("gradient", () -> l.evaluate(x, r, 2, new RankingOutputs(null, null, null, wrong, null)));
            assertMessage("ranks", () -> l.evaluate(x, null, 2, new RankingOutputs(null, null, wrong, null, null)));
            try (DeviceBuffer nan = cpu.upload(Precision.F64, new double[] {1, Double.NaN});
                 DeviceBuffer badRanks = cpu.upload(new int[] {1, 1}); DeviceBuffer lossOut = cpu.allocate(Precision.F64, 1)) {
                assertMessage("x", () -> l.evaluate(nan, r, 2, new RankingOutputs(null, null, lossOut, null, null)));
                assertMessage("ranks", () -> l.evaluate(x, badRanks, 2, new RankingOutputs(null, null, lossOut, null, null)));
            }
        }
    }

    private static void assertMessage(String name, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(name + ":"), "message should name " + name + ": " + e.getMessage());
    }
}
