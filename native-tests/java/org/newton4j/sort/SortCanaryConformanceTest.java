package org.newton4j.sort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.newton4j.conformance.Agreement;
import org.newton4j.conformance.NativeBackends;
import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.NativeBackend;
import org.newton4j.device.Precision;
import org.newton4j.device.cpu.CpuBackend;

/**
 * Memory safety of the "sort" kernel (kernels/common/sort.h, launched by {@link NativeRanking}) on every
 * native backend: every buffer the kernel sees has slack past its end holding a canary, inputs are canaried
 * in full, and the workspace runs in guard mode ({@link NativeRanking#NativeRanking(NativeBackend, int)}:
 * everything past a chunk's own workspace must keep its sentinel). After each run no canary may have moved,
 * and the in-range results must still match the CPU reference. Shapes are chosen so that the work-items
 * (samples, or samples × n for a Hessian) are never a multiple of the group size, bitonic pads (n not a power
 * of two), n = 2 (one comparator), streamed batches end in a short chunk, both precisions and both workspace
 * layouts. On PoCL an out-of-bounds write lands in the JVM's own process, so this is the test that would name
 * such a bug instead of a SIGSEGV.
 *
 * <p>What the kernel may index, per launch of count samples from first (ndir = n for a Hessian, else 1):
 * <pre>
 *   buffer        max index touched                     allocated (RankingLoss checks exactly)
 *   x, ranks      (first+count)·n − 1                   N·n
 *   dirs / out    (first+count)·n − 1         (HVP)     N·n
 *   perm, hess    (first+count)·n² − 1                  N·n²
 *   sorted, grad  (first+count)·n − 1                   N·n
 *   loss          first+count − 1                       N
 *   scratch       count·ndir·stride − 1                 chunk·ndir·stride (≥, chunk ≥ count)
 *     stride = 11·ncomp + 8n (network), 15n (NeuralSort, SoftSort); items ≥ count·ndir return at once
 * </pre>
 */
class SortCanaryConformanceTest {
    /** Past-the-end canary of every buffer (exact in float32; never a result of the shapes used here). */
    private static final double CANARY = 98765.25;
    private static final int INT_CANARY = 0x5AFE5AFE;
    /** Slack elements after each buffer, and guard elements after the workspace. */
    private static final int SLACK = 37, SCRATCH_GUARD = 1031;
    private static final CpuBackend CPU = new CpuBackend();
    private static List<NativeBackend> backends;

    @BeforeAll static void open() { backends = NativeBackends.openOrSkip(); }

    @AfterAll static void close() { NativeBackends.closeAll(backends); }

    private static List<RankingLoss> algorithms() {
        return List.of(RankingLoss.sortingNetwork(Network.BITONIC, Relaxation.LOGISTIC, 1.3),
                RankingLoss.sortingNetwork(Network.ODD_EVEN, Relaxation.CAUCHY, 1.1),
                RankingLoss.neuralSort(0.8), RankingLoss.softSort(0.6));
    }

    /** (samples, n): items never a multiple of 32; n = 2; bitonic padding at 3, 5, 12, 33. */
    private static final int[][] SHAPES = {{1, 2}, {3, 2}, {33, 3}, {7, 5}, {5, 12}, {2, 33}};

    private static final String[] NAMES = {"permutation", "sorted", "loss", "gradient", "hessian", "hvp"};

    /** A real buffer of length + SLACK: data then canaries. */
    private static DeviceBuffer withSlack(Backend b, Precision p, double[] data, int length) {
        DeviceBuffer buf = b.allocate(p, (long) length + SLACK);
        b.fill(buf, CANARY);
        if (data != null) b.write(buf, 0, data, 0, length);
        return buf;
    }

    private static DeviceBuffer withSlack(Backend b, int[] data) {
        DeviceBuffer buf = b.allocate(org.newton4j.device.ElementType.I32, (long) data.length + SLACK);
        int[] all = Arrays.copyOf(data, data.length + SLACK);
        Arrays.fill(all, data.length, all.length, INT_CANARY);
        b.write(buf, 0, all, 0, all.length);
        return buf;
    }

    private static void assertSlack(String what, NativeBackend nb, DeviceBuffer buf, long length) {
        if (buf == null) return;
        double[] all = nb.toDoubles(buf);
        for (long i = length; i < all.length; i++)
            assertEquals(CANARY, all[(int) i], what + ": element " + i + " past the end (" + length + ") was written");
    }

    private static void assertUnchanged(String what, NativeBackend nb, DeviceBuffer buf, double[] data, Precision p) {
        double[] all = nb.toDoubles(buf);
        for (int i = 0; i < all.length; i++) {
            double expected = i < data.length ? p.round(data[i]) : CANARY;
            assertEquals(expected, all[i], what + ": input element " + i + " changed");
        }
    }

    /**
     * One canaried run of the wanted outputs (indices into NAMES; 5 = HVP) through a guard-mode engine,
     * checked against the CPU reference. The Hessian and the HVP go through separate calls (as in use).
     */
    private static void run(NativeBackend nb, Precision p, RankingLoss l, int samples, int n, boolean[] want, String ctx) {
        Random rnd = new Random(31L * samples + n);
        int sn = samples * n, snn = sn * n;
        double[] x = new double[sn], u = new double[sn];
        for (int i = 0; i < sn; i++) { x[i] = rnd.nextGaussian(); u[i] = rnd.nextGaussian(); }
        // no ties: they only test accuracy (SortConformanceTest), and ART's |d|^−λ at d = 0 makes float32
        // Hessians of long networks drift from the reference there; indexing never depends on the values
        int[] ranks = RandomRanks.of(rnd, samples, n);
        int[] lengths = {snn, sn, samples, sn, snn, sn};
        boolean needRanks = want[2] || want[3] || want[4] || want[5];
        String what = nb.kind() + " " + p + " " + l + " samples=" + samples + " n=" + n + " " + ctx;

        double[][] expected = new double[6][];
        try (DeviceBuffer cx = CPU.upload(p, x); DeviceBuffer cr = CPU.upload(ranks); DeviceBuffer cu = CPU.upload(p, u)) {
            DeviceBuffer[] co = new DeviceBuffer[6];
            try {
                for (int k = 0; k < 6; k++) if (want[k]) co[k] = CPU.allocate(p, lengths[k]);
                if (want[0] || want[1] || want[2] || want[3] || want[4])
                    l.evaluate(cx, needRanks ? cr : null, n, new RankingOutputs(co[0], co[1], co[2], co[3], co[4]));
                if (want[5]) l.hessianVectorProduct(cx, cr, n, cu, co[5]);
                for (int k = 0; k < 6; k++) if (want[k]) expected[k] = CPU.toDoubles(co[k]);
            } finally {
                for (DeviceBuffer b : co) if (b != null) b.close();
            }
        }

        NativeRanking engine = new NativeRanking(nb, SCRATCH_GUARD);
        DeviceBuffer[] o = new DeviceBuffer[6];
        try (DeviceBuffer bx = withSlack(nb, p, x, sn); DeviceBuffer br = withSlack(nb, ranks);
             DeviceBuffer bu = withSlack(nb, p, u, sn)) {
            try {
                for (int k = 0; k < 6; k++) if (want[k]) o[k] = withSlack(nb, p, null, lengths[k]);
                RankingOutputs outs = new RankingOutputs(o[0], o[1], o[2], o[3], o[4]);
                if (!outs.isEmpty()) engine.evaluate(l, bx, needRanks ? br : null, samples, n, outs);
                if (want[5]) engine.hessianVectorProduct(l, bx, br, samples, n, bu, o[5]);
                nb.synchronize();
                for (int k = 0; k < 6; k++) {
                    if (!want[k]) continue;
                    assertSlack(what + " " + NAMES[k], nb, o[k], lengths[k]);
                    double[] actual = Arrays.copyOf(nb.toDoubles(o[k]), lengths[k]);
                    double tol = k >= 4 ? Agreement.hessianTolerance(p) : Agreement.valueTolerance(p);
                    Agreement.assertClose(what + " " + NAMES[k], expected[k], actual, tol);
                }
                assertUnchanged(what + " x", nb, bx, x, p);
                assertUnchanged(what + " dirs", nb, bu, u, p);
                int[] rb = nb.toInts(br);
                for (int i = 0; i < rb.length; i++)
                    assertEquals(i < ranks.length ? ranks[i] : INT_CANARY, rb[i], what + " ranks: element " + i + " changed");
            } finally {
                for (DeviceBuffer b : o) if (b != null) b.close();
            }
        }
    }

    private static final boolean[] ALL = {true, true, true, true, true, true};

    private static void withProperty(String key, String value, Runnable body) {
        String old = System.getProperty(key);
        if (value == null) System.clearProperty(key); else System.setProperty(key, value);
        try {
            body.run();
        } finally {
            if (old == null) System.clearProperty(key); else System.setProperty(key, old);
        }
    }

    /** Every output at once; both precisions, both workspace layouts, whole batch and short last chunks. */
    @Test
    void noWritePastAnyBufferOrWorkspace() {
        for (NativeBackend nb : backends)
            for (Precision p : Precision.values()) {
                if (!nb.supports(p)) continue;
                for (String layout : new String[] {"interleaved", "contiguous"})
                    for (String chunk : new String[] {null, "2", "3"})
                        withProperty(NativeRanking.LAYOUT_PROPERTY, layout, () -> withProperty(NativeRanking.CHUNK_PROPERTY, chunk, () -> {
                            for (RankingLoss l : algorithms())
                                for (int[] s : SHAPES) run(nb, p, l, s[0], s[1], ALL, layout + " chunk=" + chunk);
                        }));
            }
    }

    /** One output at a time (the kernel's early-return paths; unrequested outputs and ranks are stand-ins). */
    @Test
    void singleOutputsStayInBounds() {
        List<boolean[]> subsets = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            boolean[] w = new boolean[6];
            w[k] = true;
            subsets.add(w);
        }
        subsets.add(new boolean[] {true, true, false, false, false, false}); // P and sorted, no ranks
        for (NativeBackend nb : backends)
            for (Precision p : Precision.values()) {
                if (!nb.supports(p)) continue;
                for (RankingLoss l : algorithms())
                    for (boolean[] w : subsets)
                        for (int[] s : new int[][] {{33, 3}, {7, 5}}) run(nb, p, l, s[0], s[1], w, "subset " + Arrays.toString(w));
            }
    }

    /** The launcher's own bounds check refuses short buffers and a wrong precision before any launch. */
    @Test
    void shortOrMistypedBuffersAreRefusedBeforeLaunch() {
        int n = 5, samples = 4;
        RankingLoss l = RankingLoss.sortingNetwork(Network.BITONIC, Relaxation.LOGISTIC, 1.0);
        for (NativeBackend nb : backends) {
            if (!nb.supports(Precision.F64)) continue;
            NativeRanking engine = new NativeRanking(nb);
            try (DeviceBuffer x = nb.allocate(Precision.F64, samples * n); DeviceBuffer r = nb.upload(RandomRanks.of(new Random(1), samples, n));
                 DeviceBuffer shortHess = nb.allocate(Precision.F64, samples * n * n - 1);
                 DeviceBuffer f32Grad = nb.allocate(Precision.F32, samples * n);
                 DeviceBuffer shortRanks = nb.allocate(org.newton4j.device.ElementType.I32, samples * n - 1);
                 DeviceBuffer loss = nb.allocate(Precision.F64, samples)) {
                nb.fill(x, 0.5);
                assertThrows(IllegalArgumentException.class,
                        () -> engine.evaluate(l, x, r, samples, n, new RankingOutputs(null, null, null, null, shortHess)));
                assertThrows(IllegalArgumentException.class,
                        () -> engine.evaluate(l, x, r, samples, n, new RankingOutputs(null, null, null, f32Grad, null)));
                assertThrows(IllegalArgumentException.class,
                        () -> engine.evaluate(l, x, shortRanks, samples, n, new RankingOutputs(null, null, loss, null, null)));
                assertThrows(IllegalArgumentException.class,
                        () -> engine.evaluate(l, x, null, samples, n, new RankingOutputs(null, null, loss, null, null)));
                assertThrows(IllegalArgumentException.class,
                        () -> engine.evaluate(l, x, r, samples + 1, n, new RankingOutputs(null, null, loss, null, null)));
                assertThrows(IllegalArgumentException.class,
                        () -> engine.hessianVectorProduct(l, x, r, samples, n, f32Grad, loss));
            }
        }
    }
}
