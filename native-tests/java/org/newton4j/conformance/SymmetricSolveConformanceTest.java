package org.newton4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.ElementType;
import org.newton4j.device.NativeBackend;
import org.newton4j.device.Precision;
import org.newton4j.device.cpu.CpuBackend;
import org.newton4j.linalg.BatchedSymmetricSolver;
import org.newton4j.linalg.SpectrumPolicy;
import org.newton4j.linalg.SymmetricMatrices;

/**
 * Every linalg kernel on every native backend against the CPU backend, on fresh random batches that
 * mix SPD, indefinite, singular and non-finite matrices, with outputs poisoned before the launch.
 * Sizes cover each kernel variant: thread-per-matrix (m ≤ 16), group in local memory, group in a
 * global workspace.
 */
class SymmetricSolveConformanceTest {
    private static List<NativeBackend> backends;
    private static final CpuBackend CPU = new CpuBackend();
    /** Every kernel variant: thread per matrix (≤ 16), group in local memory, group in a global workspace (144). */
    private static final int[] SIZES = {1, 2, 3, 5, 16, 17, 40, 70, 144};

    @BeforeAll static void open() { backends = NativeBackends.openOrSkip(); }

    @AfterAll static void close() { NativeBackends.closeAll(backends); }

    /** A batch whose matrix kinds rotate through SPD, SPD, indefinite, singular, NaN. */
    private static double[][] mixedBatch(int batch, int m, Random rnd) {
        double[] a = new double[batch * m * m], r = new double[batch * m];
        for (int b = 0; b < batch; b++) {
            double[] spectrum;
            switch (b % 5) {
                case 2: spectrum = SymmetricMatrices.indefiniteSpectrum(m, rnd); break;
                case 3: spectrum = SymmetricMatrices.spdSpectrum(m, 10, rnd); spectrum[0] = 0; break;
                default: spectrum = SymmetricMatrices.spdSpectrum(m, 50, rnd);
            }
            System.arraycopy(SymmetricMatrices.withSpectrum(spectrum, rnd), 0, a, b * m * m, m * m);
            for (int i = 0; i < m; i++) r[b * m + i] = rnd.nextGaussian();
            if (b % 5 == 4) a[b * m * m + (m - 1) * m] = Double.NaN;   // lower triangle, last row
        }
        return new double[][] {a, r};
    }

    private interface Op {
        void run(BatchedSymmetricSolver s, DeviceBuffer a, DeviceBuffer r, DeviceBuffer x, DeviceBuffer st, int batch, int m);
    }

    /** Runs op on the CPU and on the native backend from the same inputs; compares solutions and status. */
    private static void compare(NativeBackend nb, Precision p, int batch, int m, long seed, boolean eigen, SpectrumPolicy policy, Op op) {
        if (!nb.supports(p)) return;
        double[][] in = mixedBatch(batch, m, new Random(seed));
        double[] expected = null, actual = null;
        int[] expectedStatus = null, actualStatus = null;
        for (Backend be : new Backend[] {CPU, nb}) {
            BatchedSymmetricSolver solver = eigen ? BatchedSymmetricSolver.eigen(be, policy) : BatchedSymmetricSolver.cholesky(be);
            try (DeviceBuffer a = be.upload(p, in[0]); DeviceBuffer r = be.upload(p, in[1]);
                 DeviceBuffer x = be.allocate(p, (long) batch * m); DeviceBuffer st = be.allocate(ElementType.I32, batch)) {
                be.fill(x, Double.NaN);   // poison: an unwritten element fails
                be.fill(st, -1);
                op.run(solver, a, r, x, st, batch, m);
                if (be == CPU) { expected = be.toDoubles(x); expectedStatus = be.toInts(st); }
                else { actual = be.toDoubles(x); actualStatus = be.toInts(st); }
            }
        }
        String what = nb.kind() + " " + p + " m=" + m + (eigen ? " eigen " + policy : " cholesky");
        assertArrayEquals(expectedStatus, actualStatus, what + ": status");
        // solutions of well-posed systems only (failed ones are NaN on both sides)
        Agreement.assertClose(what + ": solution", expected, actual, Agreement.valueTolerance(p));
    }

    @Test
    void choleskySolveMatchesCpu() {
        for (NativeBackend nb : backends)
            for (Precision p : Precision.values())
                for (int m : SIZES)
                    compare(nb, p, 23, m, 1000 + m, false, null, (s, a, r, x, st, b, mm) -> s.solve(a, r, x, st, b, mm, 0.5));
    }

    @Test
    void eigenSolveMatchesCpu() {
        for (NativeBackend nb : backends)
            for (SpectrumPolicy policy : SpectrumPolicy.values())
                for (Precision p : Precision.values())
                    for (int m : new int[] {1, 3, 9, 24})
                        compare(nb, p, 11, m, 2000 + m, true, policy, (s, a, r, x, st, b, mm) -> s.solve(a, r, x, st, b, mm, 0.25));
    }

    @Test
    void solveAgainstMeanMatchesCpu() {
        for (NativeBackend nb : backends)
            for (Precision p : Precision.values())
                for (int m : new int[] {1, 4, 33}) {
                    // the mean of a batch with a NaN matrix is NaN: use SPD-only batches here (b % 5 in {0,1})
                    compare(nb, p, 2, m, 3000 + m, false, null, (s, a, r, x, st, b, mm) -> s.solveAgainstMean(a, r, x, st, b, mm, 1.0));
                    compare(nb, p, 2, m, 3100 + m, true, SpectrumPolicy.ABSOLUTE,
                            (s, a, r, x, st, b, mm) -> s.solveAgainstMean(a, r, x, st, b, mm, 1.0));
                }
    }
}
