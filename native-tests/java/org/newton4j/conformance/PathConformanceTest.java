package org.newton4j.conformance;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.ElementType;
import org.newton4j.device.Launch;
import org.newton4j.device.NativeBackend;
import org.newton4j.device.Precision;
import org.newton4j.device.cpu.CpuBackend;
import org.newton4j.path.Loop;
import org.newton4j.path.Noise;
import org.newton4j.path.Philox;
import org.newton4j.path.ShortestPath;
import org.newton4j.path.StochasticShortestPath;
import org.newton4j.path.PathLoss;
import org.newton4j.path.PathOutputs;
import org.newton4j.path.RelaxedBellmanFord;
import org.newton4j.path.TConorm;

/**
 * The path kernels on every native backend against the CPU backend: fresh random maps, outputs
 * poisoned with NaN before each launch, DESIGN §8 tolerances.
 */
class PathConformanceTest {
    private static List<NativeBackend> backends;
    private static final CpuBackend CPU = new CpuBackend();

    @BeforeAll static void open() { backends = NativeBackends.openOrSkip(); }

    @AfterAll static void close() { NativeBackends.closeAll(backends); }

    private static double[] costs(Random r, int len) {
        double[] c = new double[len];
        for (int i = 0; i < len; i++) c[i] = 0.3 + 2 * r.nextDouble();
        return c;
    }

    private static double[] truth(Random r, int len) {
        double[] t = new double[len];
        for (int i = 0; i < len; i++) t[i] = r.nextInt(3) == 0 ? 1 : 0;
        return t;
    }

    /** [path, loss, gradient, hessian, hvp] from one backend. */
    private static double[][] run(Backend b, Precision p, RelaxedBellmanFord op, int batch, double[] c, double[] t, double[] v, boolean hessian) {
        int m = op.cells();
        try (DeviceBuffer cost = b.upload(p, c); DeviceBuffer tr = b.upload(p, t); DeviceBuffer dir = b.upload(p, v);
             DeviceBuffer path = b.allocate(p, (long) batch * m); DeviceBuffer loss = b.allocate(p, batch);
             DeviceBuffer grad = b.allocate(p, (long) batch * m); DeviceBuffer hess = b.allocate(p, hessian ? (long) batch * m * m : 1);
             DeviceBuffer hvp = b.allocate(p, (long) batch * m)) {
            for (DeviceBuffer o : new DeviceBuffer[] {path, loss, grad, hess, hvp}) b.fill(o, Double.NaN);
            op.evaluate(cost, tr, batch, new PathOutputs(path, loss, grad, hessian ? hess : null));
            op.hessianVectorProduct(cost, tr, batch, dir, hvp);
            return new double[][] {b.toDoubles(path), b.toDoubles(loss), b.toDoubles(grad), b.toDoubles(hess), b.toDoubles(hvp)};
        }
    }

    private static void compare(RelaxedBellmanFord op, int batch, long seed, boolean hessian) {
        for (NativeBackend nb : backends) {
            for (Precision p : Precision.values()) {
                if (!nb.supports(p)) continue;
                Random r = new Random(seed);
                int len = batch * op.cells();
                double[] c = costs(r, len), t = truth(r, len), v = new double[len];
                for (int i = 0; i < len; i++) v[i] = r.nextGaussian();
                // the CPU sees exactly the values the device stores
                double[] cr = c.clone(), vr = v.clone();
                for (int i = 0; i < len; i++) { cr[i] = p.round(cr[i]); vr[i] = p.round(vr[i]); }
                double[][] want = run(CPU, p, op, batch, cr, t, vr, hessian), got = run(nb, p, op, batch, cr, t, vr, hessian);
                String tag = nb.kind() + " " + p + " " + op;
                double tv = Agreement.valueTolerance(p), th = Agreement.hessianTolerance(p);
                Agreement.assertClose(tag + " path", want[0], got[0], tv);
                Agreement.assertClose(tag + " loss", want[1], got[1], tv);
                Agreement.assertClose(tag + " gradient", want[2], got[2], th);
                if (hessian) Agreement.assertClose(tag + " hessian", want[3], got[3], th);
                Agreement.assertClose(tag + " hvp", want[4], got[4], th);
            }
        }
    }

    @Test
    void forProbabilisticL2() {
        compare(RelaxedBellmanFord.builder().grid(4, 5).beta(1.5).iterations(8).build(), 3, 1, true);
    }

    @Test
    void whileHamacherL1() {
        compare(RelaxedBellmanFord.builder().grid(5, 4).beta(2).iterations(9).tconorm(TConorm.hamacher(0.5))
                .loop(Loop.WHILE).loss(PathLoss.L1).build(), 2, 2, true);
    }

    @Test
    void forYagerL2ShortIterations() {
        // fewer relaxations than the target's distance: unreached cells must stay exactly unreached
        compare(RelaxedBellmanFord.builder().grid(6, 6).beta(1).iterations(4).tconorm(TConorm.yager1()).build(), 2, 3, true);
    }

    @Test
    void forHamacher12x12GradientAndHvp() {
        // the full 144x144 Hessian is covered by the smaller maps (same code path); PoCL is slow
        compare(RelaxedBellmanFord.builder().grid(12, 12).beta(3).iterations(14).tconorm(TConorm.hamacher(2)).build(), 2, 4, false);
    }

    @Test
    void whileProbabilisticHessian() {
        compare(RelaxedBellmanFord.builder().grid(3, 6).beta(4).iterations(7).loop(Loop.WHILE).build(), 2, 5, true);
    }

    @Test
    void exactShortestPathsAreIdenticalOnEveryBackend() {
        for (NativeBackend nb : backends) {
            for (Precision p : Precision.values()) {
                if (!nb.supports(p)) continue;
                for (int[] shape : new int[][] {{1, 5}, {3, 3}, {7, 5}, {12, 12}, {32, 32}}) {
                    ShortestPath sp = new ShortestPath(shape[0], shape[1]);
                    int m = shape[0] * shape[1], batch = 6;
                    Random r = new Random(m);
                    double[] c = new double[batch * m];
                    for (int i = 0; i < c.length; i++) c[i] = p.round(r.nextInt(4) == 0 ? 1 : 0.05 + 3 * r.nextDouble());  // ties too
                    double[] want = sp.solveOn(CPU, p, c);
                    try (DeviceBuffer cost = nb.upload(p, c); DeviceBuffer out = nb.allocate(p, c.length)) {
                        nb.fill(out, Double.NaN);
                        sp.solve(cost, batch, out);
                        assertArrayEquals(want, nb.toDoubles(out), nb.kind() + " " + p + " " + shape[0] + "x" + shape[1]);
                    }
                }
            }
        }
    }

    @Test
    void philoxWordsAreBitIdenticalAndNoiseAgrees() {
        long seed = 0x1234_5678_9abcL;
        for (NativeBackend nb : backends) {
            for (Precision p : Precision.values()) {
                if (!nb.supports(p)) continue;
                int count = 1000;
                try (DeviceBuffer words = nb.allocate(ElementType.I32, 4L * count)) {
                    nb.fill(words, -7);
                    nb.launch(nb.kernel("path", "philox_words", p), Launch.covering(count, 64), words, count, 3, 5,
                            (int) seed, (int) (seed >>> 32));
                    int[] got = nb.toInts(words);
                    for (int i = 0; i < count; i++)
                        assertArrayEquals(Philox.block(seed, 3, 5, i), java.util.Arrays.copyOfRange(got, 4 * i, 4 * i + 4), "words " + i);
                }
                int maps = 3, samples = 4, m = 50;
                for (Noise noise : Noise.values()) {
                    double[] want = new double[maps * samples * m];
                    for (int i = 0; i < maps; i++) for (int s = 0; s < samples; s++) for (int e = 0; e < m; e++)
                        want[(i * samples + s) * m + e] = p.round(noise.sample(seed, i, s, e));
                    try (DeviceBuffer z = nb.allocate(p, want.length)) {
                        nb.fill(z, Double.NaN);
                        nb.launch(nb.kernel("path", "path_noise", p), Launch.covering(want.length, 64), z, maps, samples, m,
                                (int) seed, (int) (seed >>> 32), noise.ordinal());
                        double[] got = nb.toDoubles(z);
                        for (int i = 0; i < want.length; i++) {
                            double tol = (p == Precision.F32 ? 2e-5 : 1e-12) * Math.max(1, Math.abs(want[i]) * (1 + Math.abs(want[i])));
                            assertEquals(want[i], got[i], tol, nb.kind() + " " + p + " " + noise + " draw " + i);
                        }
                    }
                }
            }
        }
    }

    @Test
    void stochasticEstimatesAgreeAcrossBackends() {
        StochasticShortestPath op = StochasticShortestPath.builder().grid(5, 5).samples(10).epsilon(0.5).seed(21).build();
        Random r = new Random(2);
        double[] c = costs(r, 3 * 25), t = truth(r, 3 * 25);
        for (NativeBackend nb : backends) {
            StochasticShortestPath.Estimate want = op.perturbedOptimizer(CPU, Precision.F64, c, t);
            StochasticShortestPath.Estimate got = op.perturbedOptimizer(nb, Precision.F64, c, t);
            Agreement.assertClose(nb.kind() + " perturbed path", want.path(), got.path(), 1e-10);
            Agreement.assertClose(nb.kind() + " perturbed hessian", want.hessian(), got.hessian(), 1e-10);
        }
    }
}
