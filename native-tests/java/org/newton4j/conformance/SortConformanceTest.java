package org.newton4j.conformance;

import java.util.ArrayList;
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
import org.newton4j.sort.Network;
import org.newton4j.sort.RandomRanks;
import org.newton4j.sort.RankingLoss;
import org.newton4j.sort.RankingOutputs;
import org.newton4j.sort.Relaxation;

/**
 * The "sort" kernels on every native backend against the CPU reference: every algorithm × relaxation,
 * fresh random scores and ranks (with some ties), outputs poisoned with NaN before the launch, float32
 * and float64. Sizes cover bitonic with a non-power-of-two n and a batch streamed in several chunks.
 */
class SortConformanceTest {
    private static List<NativeBackend> backends;
    private static final CpuBackend CPU = new CpuBackend();

    @BeforeAll static void open() { backends = NativeBackends.openOrSkip(); }

    @AfterAll static void close() { NativeBackends.closeAll(backends); }

    private static List<RankingLoss> algorithms() {
        List<RankingLoss> list = new ArrayList<>();
        for (Network net : Network.values())
            for (Relaxation r : Relaxation.values()) list.add(RankingLoss.sortingNetwork(net, r, 1.3, 0.3));
        list.add(RankingLoss.neuralSort(0.8));
        list.add(RankingLoss.softSort(0.6));
        return list;
    }

    private static final class Batch {
        final double[] x, u;
        final int[] ranks;

        Batch(int samples, int n, Random rnd) {
            x = new double[samples * n];
            u = new double[samples * n];
            for (int i = 0; i < x.length; i++) { x[i] = rnd.nextGaussian(); u[i] = rnd.nextGaussian(); }
            x[0] = x[1]; // a tie
            ranks = RandomRanks.of(rnd, samples, n);
        }
    }

    /** All five outputs from one evaluate call, in the given precision, read back as doubles. */
    private static double[][] evaluate(Backend b, Precision p, RankingLoss l, Batch in, int samples, int n) {
        long nn = (long) n * n;
        try (DeviceBuffer x = b.upload(p, in.x); DeviceBuffer r = b.upload(in.ranks);
             DeviceBuffer perm = b.allocate(p, samples * nn); DeviceBuffer sorted = b.allocate(p, (long) samples * n);
             DeviceBuffer loss = b.allocate(p, samples); DeviceBuffer grad = b.allocate(p, (long) samples * n);
             DeviceBuffer hess = b.allocate(p, samples * nn); DeviceBuffer u = b.upload(p, in.u);
             DeviceBuffer hu = b.allocate(p, (long) samples * n)) {
            for (DeviceBuffer o : new DeviceBuffer[] {perm, sorted, loss, grad, hess, hu}) b.fill(o, Double.NaN);
            l.evaluate(x, r, n, new RankingOutputs(perm, sorted, loss, grad, hess));
            l.hessianVectorProduct(x, r, n, u, hu);
            b.synchronize();
            return new double[][] {b.toDoubles(perm), b.toDoubles(sorted), b.toDoubles(loss), b.toDoubles(grad),
                    b.toDoubles(hess), b.toDoubles(hu)};
        }
    }

    private static void compare(NativeBackend nb, Precision p, int samples, int n, long seed) {
        if (!nb.supports(p)) return;
        String[] names = {"permutation", "sorted", "loss", "gradient", "hessian", "hvp"};
        for (RankingLoss l : algorithms()) {
            Batch in = new Batch(samples, n, new Random(seed));
            double[][] expected = evaluate(CPU, p, l, in, samples, n);
            double[][] actual = evaluate(nb, p, l, in, samples, n);
            for (int k = 0; k < names.length; k++) {
                double tol = k >= 4 ? Agreement.hessianTolerance(p) : Agreement.valueTolerance(p);
                Agreement.assertClose(nb.kind() + " " + p + " " + l + " n=" + n + " " + names[k], expected[k], actual[k], tol);
            }
        }
    }

    @Test
    void smallSizesBothPrecisions() {
        for (NativeBackend nb : backends)
            for (Precision p : Precision.values()) {
                compare(nb, p, 9, 2, 1);
                compare(nb, p, 7, 5, 2);
                compare(nb, p, 5, 12, 3);
            }
    }

    @Test
    void largerSizeBothPrecisions() {
        for (NativeBackend nb : backends) for (Precision p : Precision.values()) compare(nb, p, 2, 33, 4);
    }

    /** Both workspace layouts (interleaved for GPUs, contiguous for CPU devices) whatever the device prefers. */
    @Test
    void bothWorkspaceLayouts() {
        for (String layout : new String[] {"interleaved", "contiguous"}) {
            String old = System.getProperty(org.newton4j.sort.NativeRanking.LAYOUT_PROPERTY);
            System.setProperty(org.newton4j.sort.NativeRanking.LAYOUT_PROPERTY, layout);
            try {
                for (NativeBackend nb : backends) compare(nb, Precision.F64, 6, 7, 9);
            } finally {
                if (old == null) System.clearProperty(org.newton4j.sort.NativeRanking.LAYOUT_PROPERTY);
                else System.setProperty(org.newton4j.sort.NativeRanking.LAYOUT_PROPERTY, old);
            }
        }
    }

    @Test
    void batchStreamedInSmallChunks() {
        String old = System.getProperty(org.newton4j.sort.NativeRanking.CHUNK_PROPERTY);
        System.setProperty(org.newton4j.sort.NativeRanking.CHUNK_PROPERTY, "2");
        try {
            for (NativeBackend nb : backends) compare(nb, Precision.F64, 7, 4, 5);
        } finally {
            if (old == null) System.clearProperty(org.newton4j.sort.NativeRanking.CHUNK_PROPERTY);
            else System.setProperty(org.newton4j.sort.NativeRanking.CHUNK_PROPERTY, old);
        }
    }

    /** Forward and gradient at large sizes (n = 1024 bitonic, NeuralSort, SoftSort; n = 300 odd-even to keep PoCL time short). */
    @Test
    void largeNForwardAndGradient() {
        for (NativeBackend nb : backends)
            for (Precision p : Precision.values()) {
                if (!nb.supports(p)) continue;
                for (RankingLoss l : List.of(RankingLoss.sortingNetwork(Network.BITONIC, Relaxation.CAUCHY, 1.0),
                        RankingLoss.sortingNetwork(Network.ODD_EVEN, Relaxation.LOGISTIC, 0.5),
                        RankingLoss.neuralSort(1.0), RankingLoss.softSort(1.0))) {
                    // NeuralSort's logits grow like n²/τ: in float32 their rounding alone exceeds 1e−4 beyond n ≈ 300
                    boolean neuralF32 = l.kind() == RankingLoss.Kind.NEURAL_SORT && p == Precision.F32;
                    int n = l.network() == Network.ODD_EVEN ? 300 : neuralF32 ? 256 : 1024, samples = 2;
                    Batch in = new Batch(samples, n, new Random(6));
                    double[][] expected = forwardGradient(CPU, p, l, in, samples, n);
                    double[][] actual = forwardGradient(nb, p, l, in, samples, n);
                    String[] names = {"sorted", "loss", "gradient"};
                    for (int k = 0; k < 3; k++)
                        Agreement.assertClose(nb.kind() + " " + p + " " + l + " n=" + n + " " + names[k], expected[k], actual[k],
                                Agreement.valueTolerance(p));
                }
            }
    }

    private static double[][] forwardGradient(Backend b, Precision p, RankingLoss l, Batch in, int samples, int n) {
        try (DeviceBuffer x = b.upload(p, in.x); DeviceBuffer r = b.upload(in.ranks);
             DeviceBuffer sorted = b.allocate(p, (long) samples * n); DeviceBuffer loss = b.allocate(p, samples);
             DeviceBuffer grad = b.allocate(p, (long) samples * n)) {
            for (DeviceBuffer o : new DeviceBuffer[] {sorted, loss, grad}) b.fill(o, Double.NaN);
            l.evaluate(x, r, n, new RankingOutputs(null, sorted, loss, grad, null));
            b.synchronize();
            return new double[][] {b.toDoubles(sorted), b.toDoubles(loss), b.toDoubles(grad)};
        }
    }

    @Test
    void onlyRequestedOutputsAreWritten() {
        int n = 6, samples = 3;
        RankingLoss l = RankingLoss.sortingNetwork(Network.BITONIC, Relaxation.LOGISTIC, 2);
        Batch in = new Batch(samples, n, new Random(8));
        for (NativeBackend nb : backends) {
            try (DeviceBuffer x = nb.upload(Precision.F32, in.x); DeviceBuffer r = nb.upload(in.ranks);
                 DeviceBuffer grad = nb.allocate(Precision.F32, samples * n);
                 DeviceBuffer perm = nb.allocate(Precision.F32, samples * n * n)) {
                nb.fill(grad, Double.NaN);
                nb.fill(perm, 7.0);
                l.evaluate(x, r, n, new RankingOutputs(null, null, null, grad, null));
                nb.synchronize();
                double[] expected;
                try (DeviceBuffer cx = CPU.upload(Precision.F32, in.x); DeviceBuffer cr = CPU.upload(in.ranks);
                     DeviceBuffer cg = CPU.allocate(Precision.F32, samples * n)) {
                    l.evaluate(cx, cr, n, new RankingOutputs(null, null, null, cg, null));
                    expected = CPU.toDoubles(cg);
                }
                Agreement.assertClose("gradient only", expected, nb.toDoubles(grad), Agreement.valueTolerance(Precision.F32));
                for (double v : nb.toDoubles(perm)) org.junit.jupiter.api.Assertions.assertEquals(7.0, v);
            }
        }
    }
}
