package org.newton4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.newton4j.conformance.Agreement;
import org.newton4j.conformance.NativeBackends;
import org.newton4j.device.BackendKind;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.NativeBackend;
import org.newton4j.device.Precision;
import org.newton4j.device.VendorBlas;

/**
 * The native GEMM engines against {@link CpuGemm} (the CPU backend's GEMM), f32 and f64, fresh random inputs:
 * newton4j's kernels ({@link KernelGemm}) on every native backend, and the vendor BLAS ({@link VendorBlasGemm}:
 * cuBLAS) on every backend that lends one — skipped, with each backend's reason, where none loads. Shapes straddle the switch from kernel "gemm" to
 * "gemm_blocked" (M, N ≥ 64) with sizes that are not multiples of 16 or 64, all four transA/transB
 * combinations, padded leading dimensions, offsets, batches with a stride-0 operand, reduce mode and beta ≠ 0,
 * and reductions long enough over a C small enough to be split into slices (gemm_sum_slices).
 * With beta = 0 the output region starts as NaN (the kernels must not read it); everything in the C buffer
 * outside the output region (leading-dimension gaps, between batch entries, before and after) holds a finite
 * sentinel that must survive exactly, so a store outside the guards fails the test.
 */
class NativeGemmConformanceTest {
    private static final double SENTINEL = 12345.5;
    private static final int A_OFF = 5, B_OFF = 2, C_OFF = 7, SLACK = 9;
    private static List<NativeBackend> backends;

    @BeforeAll
    static void open() { backends = NativeBackends.openOrSkip(); }

    @AfterAll
    static void close() { NativeBackends.closeAll(backends); }

    /** One launch: ldPad is added to every leading dimension; share = stride 0 for that operand. */
    private record Case(int m, int n, int k, boolean transA, boolean transB, int batch, boolean shareA, boolean shareB,
                        boolean reduce, double alpha, double beta, int ldPad) {
        @Override
        public String toString() {
            return "M=" + m + " N=" + n + " K=" + k + (transA ? " Aᵀ" : "") + (transB ? " Bᵀ" : "") + " batch=" + batch
                    + (shareA ? " strideA=0" : "") + (shareB ? " strideB=0" : "") + (reduce ? " reduce" : "")
                    + " alpha=" + alpha + " beta=" + beta + " ldPad=" + ldPad
                    + (KernelGemm.usesBlockedKernel(m, n) ? " [gemm_blocked]" : " [gemm]");
        }
    }

    @Test
    void thresholdsSelectTheBlockedKernelFromOneFullTile() {
        assertTrue(KernelGemm.usesBlockedKernel(64, 64));
        assertTrue(KernelGemm.usesBlockedKernel(65, 4096));
        assertFalse(KernelGemm.usesBlockedKernel(63, 4096));
        assertFalse(KernelGemm.usesBlockedKernel(4096, 63));
    }

    @Test
    void reductionsAreSplitOnlyWhenTheTilesLeaveComputeUnitsIdle() {
        // a conv1 weight gradient on an H100: 4 tiles, 160 images × 196 K steps, 132 SMs -> 132 slices
        assertEquals(132, KernelGemm.reductionSlices(4, 160 * 196, 132, 32 * 25 * 4));
        assertEquals(1, KernelGemm.reductionSlices(4 * 132, 160 * 196, 132, 4), "enough tiles: no split");
        assertEquals(2, KernelGemm.reductionSlices(1, 2 * KernelGemm.MIN_STEPS_PER_SLICE + 1, 132, 4),
                "slices are at least MIN_STEPS_PER_SLICE long");
        assertEquals(1, KernelGemm.reductionSlices(1, KernelGemm.MIN_STEPS_PER_SLICE - 1, 132, 4));
        assertEquals(3, KernelGemm.reductionSlices(1, 1 << 20, 132, KernelGemm.MAX_SLICES_BYTES / 3),
                "the workspace bound caps the slices");
    }

    @Test
    void splitReductionsOfFewTilesAndLongSums() {
        List<Case> cases = splitReductions();
        for (NativeBackend b : backends) {
            KernelGemm gemm = new KernelGemm(b);
            for (Case c : cases)
                assertTrue(gemm.reductionSlices(c.m, c.n, c.k, c.batch, Precision.F32) > 1,
                        c + " is not split on " + b.kind() + " (" + b.info().computeUnits() + " compute units)");
        }
        runAll(cases, OWN_KERNELS);
    }

    @Test
    void singleProductsAcrossTheThresholds() { runAll(singleProducts(), OWN_KERNELS); }

    @Test
    void batchesWithASharedOperandAndReductions() { runAll(batches(), OWN_KERNELS); }

    @Test
    void theBestSourceIsTheVendorBlasWhereOneLoadsAndTheKernelsElsewhere() {
        for (NativeBackend b : backends) {
            String expected = b.vendorBlas().map(VendorBlas::name).orElse("newton4j kernels");
            assertEquals(expected, NativeNnOps.on(b, GemmSource.BEST).gemmDescription(), b.kind() + ": " + b.vendorBlasAbsence());
            assertEquals("newton4j kernels", NativeNnOps.on(b, GemmSource.OWN_KERNELS).gemmDescription());
            if (b.vendorBlas().isEmpty()) assertTrue(b.vendorBlasAbsence() != null && !b.vendorBlasAbsence().isBlank(),
                    b.kind() + " lends no vendor BLAS and does not say why");
        }
    }

    /** Every case above on each vendor BLAS: the row-major to column-major mapping and the reduce workspace. */
    @Test
    void vendorBlasAgreesOnEveryCase() {
        List<String> absent = new ArrayList<>(backends.stream().filter(b -> b.vendorBlas().isEmpty())
                .map(b -> b.kind() + ": " + b.vendorBlasAbsence()).toList());
        boolean lent = absent.size() < backends.size();
        if (backends.stream().noneMatch(b -> b.kind() == BackendKind.CUDA)) absent.add("cuda: no CUDA backend opened here");
        Assumptions.assumeTrue(lent, "no native backend lends a vendor BLAS here (" + String.join("; ", absent) + ")");
        List<Case> cases = new ArrayList<>(splitReductions());
        cases.addAll(singleProducts());
        cases.addAll(batches());
        runAll(cases, VENDOR_BLAS);
    }

    private static List<Case> splitReductions() {
        return List.of(
                new Case(8, 8, 50, false, true, 64, false, false, true, 1, 0, 1),       // one tile, 256 K steps
                new Case(17, 33, 100, true, false, 40, false, true, true, -0.5, 1, 0),
                new Case(65, 70, 300, false, true, 24, false, false, true, 1, 0.25, 2),  // gemm_blocked
                new Case(8, 8, 4000, false, false, 1, false, false, false, 1, 0, 0));   // one product, long K
    }

    private static List<Case> singleProducts() {
        int[][] shapes = {{1, 1, 1}, {17, 63, 5}, {63, 64, 17}, {64, 63, 130}, {64, 64, 64}, {65, 130, 17},
                          {130, 65, 63}, {64, 65, 1}, {17, 130, 65}, {130, 17, 64}, {130, 130, 130}};
        List<Case> cases = new ArrayList<>();
        for (int s = 0; s < shapes.length; s++)
            for (int t = 0; t < 4; t++) {
                int[] d = shapes[s];
                boolean even = (s + t) % 2 == 0;
                cases.add(new Case(d[0], d[1], d[2], (t & 1) != 0, (t & 2) != 0, 1, false, false, false,
                        even ? 1 : -0.75, even ? 0 : 0.5, (s % 2) * 3));
            }
        return cases;
    }

    private static List<Case> batches() {
        int[][] shapes = {{17, 33, 20}, {65, 70, 33}, {130, 64, 17}};
        List<Case> cases = new ArrayList<>();
        for (int[] d : shapes) {
            int m = d[0], n = d[1], k = d[2];
            cases.add(new Case(m, n, k, false, true, 3, true, false, false, 1, 0, 3));
            cases.add(new Case(m, n, k, true, false, 3, false, true, false, 0.5, -0.3, 0));
            cases.add(new Case(m, n, k, false, true, 4, false, false, true, 1, 0, 2));
            cases.add(new Case(m, n, k, true, true, 4, true, false, true, -1.25, 1, 1));
        }
        return cases;
    }

    /** The engine under test on one backend, or null where that backend has none of this kind. */
    private static final Function<NativeBackend, GemmEngine> OWN_KERNELS = KernelGemm::new;
    private static final Function<NativeBackend, GemmEngine> VENDOR_BLAS = b -> VendorBlasGemm.on(b).orElse(null);

    private static void runAll(List<Case> cases, Function<NativeBackend, GemmEngine> engineOn) {
        assertTrue(cases.stream().anyMatch(c -> KernelGemm.usesBlockedKernel(c.m, c.n)), "no case reaches gemm_blocked");
        assertTrue(cases.stream().anyMatch(c -> !KernelGemm.usesBlockedKernel(c.m, c.n)), "no case reaches gemm");
        for (NativeBackend b : backends) {
            GemmEngine engine = engineOn.apply(b);
            if (engine == null) continue;
            for (Precision p : Precision.values())
                if (b.supports(p)) {
                    SplittableRandom rng = new SplittableRandom(42 + p.ordinal());
                    for (Case c : cases) check(engine, b, p, c, rng);
                }
        }
    }

    /** Random values, rounded to the precision so that host reference and device see the same inputs. */
    private static double[] random(SplittableRandom rng, Precision p, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = round(p, 2 * rng.nextDouble() - 1);
        return v;
    }

    private static double round(Precision p, double v) { return p == Precision.F32 ? (float) v : v; }

    private static void check(GemmEngine engine, NativeBackend dev, Precision p, Case c, SplittableRandom rng) {
        // stored shapes: op(A) is m×k, op(B) is k×n; a transposed operand is stored the other way round
        int aRows = c.transA ? c.k : c.m, aCols = c.transA ? c.m : c.k;
        int bRows = c.transB ? c.n : c.k, bCols = c.transB ? c.k : c.n;
        int lda = aCols + c.ldPad, ldb = bCols + c.ldPad, ldc = c.n + c.ldPad;
        int strideA = c.shareA ? 0 : aRows * lda + 1, strideB = c.shareB ? 0 : bRows * ldb + 3;
        int strideC = c.reduce ? 0 : c.m * ldc + 2;
        int cEntries = c.reduce ? 1 : c.batch;
        double[] a = random(rng, p, A_OFF + (c.batch - 1) * strideA + aRows * lda);
        double[] b = random(rng, p, B_OFF + (c.batch - 1) * strideB + bRows * ldb);
        int cLen = C_OFF + (cEntries - 1) * strideC + c.m * ldc + SLACK;
        boolean[] region = new boolean[cLen];
        for (int e = 0; e < cEntries; e++)
            for (int i = 0; i < c.m; i++)
                for (int j = 0; j < c.n; j++) region[C_OFF + e * strideC + i * ldc + j] = true;
        double[] c0 = new double[cLen];
        for (int i = 0; i < cLen; i++)
            c0[i] = !region[i] ? SENTINEL : c.beta == 0 ? Double.NaN : round(p, 2 * rng.nextDouble() - 1);

        double[] expected = c0.clone();
        for (int e = 0; e < c.batch; e++) {
            int cOff = C_OFF + (c.reduce ? 0 : e * strideC);
            double beta = c.reduce && e > 0 ? 1 : c.beta;
            CpuGemm.serial(c.transA, c.transB, c.m, c.n, c.k, c.alpha, a, A_OFF + e * strideA, lda,
                    b, B_OFF + e * strideB, ldb, beta, expected, cOff, ldc);
        }

        double[] actual;
        try (DeviceBuffer da = dev.upload(p, a); DeviceBuffer db = dev.upload(p, b); DeviceBuffer dc = dev.upload(p, c0)) {
            engine.gemm(c.transA, c.transB, c.m, c.n, c.k, c.alpha, da, A_OFF, lda, strideA, db, B_OFF, ldb, strideB,
                    c.beta, dc, C_OFF, ldc, strideC, c.batch, c.reduce);
            actual = dev.toDoubles(dc);
        }
        String what = "gemm " + c + " (" + dev.kind() + ", " + engine.describe() + ", " + p + ")";
        int inside = 0;
        for (boolean r : region) if (r) inside++;
        double[] exp = new double[inside], act = new double[inside];
        for (int i = 0, q = 0; i < cLen; i++) {
            if (region[i]) {
                exp[q] = expected[i];
                act[q++] = actual[i];
            } else {
                assertEquals(SENTINEL, actual[i], 0, what + ": element " + i + " outside C was written");
            }
        }
        Agreement.assertClose(what, exp, act, Agreement.valueTolerance(p));
    }
}
