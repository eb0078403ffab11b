package org.newton4j.conformance;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.NativeBackend;
import org.newton4j.device.Precision;
import org.newton4j.device.cpu.CpuBackend;
import org.newton4j.loss.Curvature;
import org.newton4j.loss.IndefinitePolicy;
import org.newton4j.loss.LossBatch;
import org.newton4j.loss.LossOutputs;
import org.newton4j.loss.MeanSquaredError;
import org.newton4j.loss.NewtonLoss;
import org.newton4j.loss.NewtonResult;
import org.newton4j.loss.Scope;
import org.newton4j.loss.SoftmaxCrossEntropy;
import org.newton4j.loss.TwiceDifferentiableLoss;
import org.newton4j.sort.RandomRanks;
import org.newton4j.sort.RankingLoss;
import org.newton4j.sort.RankingNewtonLoss;

/**
 * The Newton-loss kernels (newton.h) and the built-in losses on every native backend against the
 * CPU: every curvature × scope × policy, closed forms and general solves, Woodbury and direct,
 * for MSE, softmax cross-entropy and a ranking loss (SoftSort, whose Hessians are indefinite).
 */
class NewtonLossConformanceTest {
    private static List<NativeBackend> backends;
    private static final CpuBackend CPU = new CpuBackend();

    @BeforeAll static void open() { backends = NativeBackends.openOrSkip(); }

    @AfterAll static void close() { NativeBackends.closeAll(backends); }

    private record Input(double[] y, double[] realTargets, int[] labels, int[] ranks, int n, int m) { }

    private static Input input(int n, int m, long seed) {
        Random rnd = new Random(seed);
        double[] y = new double[n * m], t = new double[n * m];
        int[] labels = new int[n];
        for (int i = 0; i < y.length; i++) { y[i] = 2 * rnd.nextGaussian(); t[i] = rnd.nextGaussian(); }
        for (int i = 0; i < n; i++) labels[i] = rnd.nextInt(m);
        int[] ranks = RandomRanks.of(rnd, n, m);
        return new Input(y, t, labels, ranks, n, m);
    }

    private static DeviceBuffer targets(Backend be, TwiceDifferentiableLoss loss, Input in, Precision p) {
        if (loss instanceof SoftmaxCrossEntropy) return be.upload(in.labels());
        if (loss instanceof RankingNewtonLoss) return be.upload(in.ranks());
        return be.upload(p, in.realTargets());
    }

    /** z*, surrogate gradient and surrogate value on one backend. */
    private static double[][] step(Backend be, NewtonLoss nl, Input in, Precision p) {
        try (DeviceBuffer y = be.upload(p, in.y()); DeviceBuffer t = targets(be, nl.loss(), in, p);
             NewtonResult r = nl.step(new LossBatch(y, t, in.n()))) {
            return new double[][] {be.toDoubles(r.target()), be.toDoubles(r.surrogateGradient()),
                    {r.surrogateValue(), r.lossValue()}};
        }
    }

    @Test
    void everyCurvatureScopeAndPolicyMatchesCpu() {
        for (NativeBackend nb : backends)
            for (Precision p : Precision.values()) {
                if (!nb.supports(p)) continue;
                for (int[] shape : new int[][] {{40, 5}, {6, 12}}) {   // N ≥ m and N < m (Woodbury)
                    Input in = input(shape[0], shape[1], 17 + shape[0]);
                    for (TwiceDifferentiableLoss loss : List.of(new MeanSquaredError(shape[1]), new SoftmaxCrossEntropy(shape[1]),
                            RankingLoss.softSort(1.0).asLoss(shape[1])))
                        for (Curvature c : Curvature.values())
                            for (Scope s : Scope.values())
                                for (IndefinitePolicy policy : c == Curvature.HESSIAN ? IndefinitePolicy.values() : new IndefinitePolicy[] {IndefinitePolicy.EXACT})
                                    for (boolean closed : new boolean[] {true, false}) {
                                        NewtonLoss nl = NewtonLoss.of(loss).curvature(c).scope(s).policy(policy)
                                                .lambda(0.1).closedForms(closed).build();
                                        double[][] expected = step(CPU, nl, in, p), actual = step(nb, nl, in, p);
                                        String what = nb.kind() + " " + p + " " + loss.getClass().getSimpleName() + " " + c + "/" + s
                                                + " " + policy + (closed ? " closed" : "") + " N=" + in.n() + " m=" + in.m();
                                        double tol = Agreement.valueTolerance(p);
                                        Agreement.assertClose(what + " z*", expected[0], actual[0], tol);
                                        Agreement.assertClose(what + " surrogate gradient", expected[1], actual[1], tol);
                                        Agreement.assertClose(what + " values", expected[2], actual[2], tol);
                                    }
                }
            }
    }

    @Test
    void lossKernelsMatchCpuWithPoisonedOutputs() {
        for (NativeBackend nb : backends)
            for (Precision p : Precision.values()) {
                if (!nb.supports(p)) continue;
                Input in = input(33, 7, 5);
                for (TwiceDifferentiableLoss loss : List.of(new MeanSquaredError(7), new SoftmaxCrossEntropy(7))) {
                    double[][] expected = null;
                    for (Backend be : new Backend[] {CPU, nb}) {
                        try (DeviceBuffer y = be.upload(p, in.y()); DeviceBuffer t = targets(be, loss, in, p);
                             DeviceBuffer v = be.allocate(p, in.n()); DeviceBuffer g = be.allocate(p, (long) in.n() * 7);
                             DeviceBuffer h = be.allocate(p, (long) in.n() * 49); DeviceBuffer hv = be.allocate(p, (long) in.n() * 7)) {
                            for (DeviceBuffer b : new DeviceBuffer[] {v, g, h, hv}) be.fill(b, Double.NaN);
                            LossBatch batch = new LossBatch(y, t, in.n());
                            loss.evaluate(batch, new LossOutputs(v, g, h));
                            loss.hessianVectorProduct(batch, y, hv);
                            double[][] got = {be.toDoubles(v), be.toDoubles(g), be.toDoubles(h), be.toDoubles(hv)};
                            if (expected == null) { expected = got; continue; }
                            String[] names = {"values", "gradient", "hessian", "hvp"};
                            for (int k = 0; k < 4; k++)
                                Agreement.assertClose(nb.kind() + " " + p + " " + loss.getClass().getSimpleName() + " " + names[k],
                                        expected[k], got[k], k == 2 ? Agreement.hessianTolerance(p) : Agreement.valueTolerance(p));
                        }
                    }
                }
            }
    }
}
