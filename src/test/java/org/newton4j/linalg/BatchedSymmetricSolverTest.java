package org.newton4j.linalg;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.ElementType;
import org.newton4j.device.Precision;
import org.newton4j.device.cpu.CpuBackend;
import org.newton4j.linalg.SymmetricMatrices.Problem;

/** The CPU reference against constructed solutions (x_true known, r = (A + λI) x_true). */
class BatchedSymmetricSolverTest {
    private final CpuBackend cpu = new CpuBackend();
    private final BatchedSymmetricSolver cholesky = BatchedSymmetricSolver.cholesky(cpu);

    private static void assertSolved(Problem p, HostSolution s, double tol) {
        for (int b = 0; b < p.batch(); b++) {
            assertEquals(SolveStatus.OK, s.status(b), "matrix " + b);
            double err = SymmetricMatrices.relativeError(p.x(), b * p.m(), s.solution(), b * p.m(), p.m());
            assertTrue(err <= tol, "matrix " + b + ": relative error " + err + " > " + tol);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 17, 64, 256})
    void solvesRandomSpdSystems(int m) {
        Random rnd = new Random(m);
        int batch = m >= 64 ? 3 : 20;
        Problem p = SymmetricMatrices.problem(batch, m, 0.5, rnd, r -> SymmetricMatrices.spdSpectrum(m, 100, r));
        assertSolved(p, cholesky.solve(p.a(), p.r(), batch, m, 0.5, Precision.F64, false), 1e-11);
        assertSolved(p, cholesky.solve(p.a(), p.r(), batch, m, 0.5, Precision.F32, false), 1e-3);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 17, 64})
    void solvesIllConditionedSystemsToConditionTimesEpsilon(int m) {
        Random rnd = new Random(100 + m);
        Problem p = SymmetricMatrices.problem(5, m, 0, rnd, r -> SymmetricMatrices.spdSpectrum(m, 1e6, r));
        assertSolved(p, cholesky.solve(p.a(), p.r(), 5, m, 0, Precision.F64, false), 1e6 * m * 1e-14);
    }

    @Test
    void reportsIndefiniteMatricesAndReturnsNaNNotNumbers() {
        Random rnd = new Random(7);
        int m = 6;
        Problem p = SymmetricMatrices.problem(4, m, 0, rnd, r -> SymmetricMatrices.indefiniteSpectrum(m, r));
        HostSolution s = cholesky.solve(p.a(), p.r(), 4, m, 0, Precision.F64, false);
        for (int b = 0; b < 4; b++) {
            assertEquals(SolveStatus.NOT_POSITIVE_DEFINITE, s.status(b));
            for (int i = 0; i < m; i++) assertTrue(Double.isNaN(s.solution()[b * m + i]));
        }
        assertThrows(ArithmeticException.class, s::requireAllOk);
    }

    @Test
    void eigenPathSolvesIndefiniteMatricesExactly() {
        Random rnd = new Random(8);
        for (int m : new int[] {1, 2, 5, 17, 40}) {
            Problem p = SymmetricMatrices.problem(6, m, 0.25, rnd, r -> SymmetricMatrices.indefiniteSpectrum(m, r));
            HostSolution s = BatchedSymmetricSolver.eigen(cpu, SpectrumPolicy.SIGNED)
                    .solve(p.a(), p.r(), 6, m, 0.25, Precision.F64, false);
            assertSolved(p, s, 1e-10);
        }
    }

    @Test
    void absolutePolicyInvertsEigenvalueMagnitudes() {
        Random rnd = new Random(9);
        int m = 7;
        double[] spectrum = SymmetricMatrices.indefiniteSpectrum(m, rnd);
        double[] q = SymmetricMatrices.orthogonal(m, rnd);
        double[] a = new double[m * m], absA = new double[m * m];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
                for (int k = 0; k < m; k++) {
                    a[i * m + j] += q[i * m + k] * spectrum[k] * q[j * m + k];
                    absA[i * m + j] += q[i * m + k] * Math.abs(spectrum[k]) * q[j * m + k];
                }
        double[] x = new double[m], r = new double[m];
        for (int i = 0; i < m; i++) x[i] = rnd.nextGaussian();
        SymmetricMatrices.multiply(absA, 0, m, 0.1, x, 0, r, 0);
        HostSolution s = BatchedSymmetricSolver.eigen(cpu, SpectrumPolicy.ABSOLUTE).solve(a, r, 1, m, 0.1, Precision.F64, false);
        assertEquals(SolveStatus.OK, s.status(0));
        assertTrue(SymmetricMatrices.relativeError(x, 0, s.solution(), 0, m) < 1e-12);
    }

    @Test
    void reportsSingularMatrices() {
        Random rnd = new Random(10);
        int m = 5;
        double[] spectrum = {0, 1, 2, 3, 4};
        double[] a = SymmetricMatrices.withSpectrum(spectrum, rnd);
        double[] r = new double[m];
        Arrays.fill(r, 1);
        assertEquals(SolveStatus.SINGULAR, cholesky.solve(a, r, 1, m, 0, Precision.F64, false).status(0));
        assertEquals(SolveStatus.SINGULAR,
                BatchedSymmetricSolver.eigen(cpu, SpectrumPolicy.SIGNED).solve(a, r, 1, m, 0, Precision.F64, false).status(0));
        // the all-zero matrix, and damping that cancels an eigenvalue are singular too
        assertEquals(SolveStatus.SINGULAR, cholesky.solve(new double[m * m], r, 1, m, 0, Precision.F64, false).status(0));
        double[] shifted = SymmetricMatrices.withSpectrum(new double[] {-2, 1, 2, 3, 4}, rnd);
        assertEquals(SolveStatus.SINGULAR,
                BatchedSymmetricSolver.eigen(cpu, SpectrumPolicy.SIGNED).solve(shifted, r, 1, m, 2, Precision.F64, false).status(0));
    }

    @Test
    void reportsNonFiniteInputInTheLowerTriangleOrRhs() {
        int m = 3;
        double[] a = {4, 1, 0, 1, 3, 0, 0, 0, 2};
        double[] r = {1, 2, 3};
        double[] nanLower = a.clone();
        nanLower[3] = Double.NaN;
        double[] infRhs = r.clone();
        infRhs[2] = Double.POSITIVE_INFINITY;
        double[] nanUpper = a.clone();
        nanUpper[1] = Double.NaN;   // the upper triangle is documented as unread
        assertEquals(SolveStatus.NON_FINITE, cholesky.solve(nanLower, r, 1, m, 0, Precision.F64, false).status(0));
        assertEquals(SolveStatus.NON_FINITE, cholesky.solve(a, infRhs, 1, m, 0, Precision.F64, false).status(0));
        assertEquals(SolveStatus.OK, cholesky.solve(nanUpper, r, 1, m, 0, Precision.F64, false).status(0));
        assertEquals(SolveStatus.NON_FINITE,
                BatchedSymmetricSolver.eigen(cpu, SpectrumPolicy.SIGNED).solve(nanLower, r, 1, m, 0, Precision.F64, false).status(0));
    }

    @Test
    void solvesAHundredThousandSmallSystems() {
        Random rnd = new Random(11);
        int batch = 100_000, m = 3;
        Problem p = SymmetricMatrices.problem(batch, m, 0.1, rnd, r -> SymmetricMatrices.spdSpectrum(m, 10, r));
        HostSolution s = cholesky.solve(p.a(), p.r(), batch, m, 0.1, Precision.F64, false);
        assertTrue(s.allOk());
        assertEquals(0, SymmetricMatrices.relativeError(p.x(), 0, s.solution(), 0, batch * m), 1e-12);
    }

    @Test
    void solvesAgainstTheBatchMean() {
        Random rnd = new Random(12);
        int batch = 50, m = 4;
        Problem p = SymmetricMatrices.problem(batch, m, 0, rnd, r -> SymmetricMatrices.spdSpectrum(m, 10, r));
        double[] mean = new double[m * m];
        for (int b = 0; b < batch; b++) for (int e = 0; e < m * m; e++) mean[e] += p.a()[b * m * m + e] / batch;
        double[] x = new double[batch * m], r = new double[batch * m];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextGaussian();
        for (int b = 0; b < batch; b++) SymmetricMatrices.multiply(mean, 0, m, 0.3, x, b * m, r, b * m);
        HostSolution host = cholesky.solve(p.a(), r, batch, m, 0.3, Precision.F64, true);
        assertTrue(host.allOk());
        assertTrue(SymmetricMatrices.relativeError(x, 0, host.solution(), 0, x.length) < 1e-12);
        try (DeviceBuffer a = cpu.upload(Precision.F64, p.a()); DeviceBuffer rb = cpu.upload(Precision.F64, r);
             DeviceBuffer xb = cpu.allocate(Precision.F64, batch * m); DeviceBuffer st = cpu.allocate(ElementType.I32, batch)) {
            cholesky.solveAgainstMean(a, rb, xb, st, batch, m, 0.3);
            assertTrue(SymmetricMatrices.relativeError(x, 0, cpu.toDoubles(xb), 0, x.length) < 1e-12);
        }
    }

    @Test
    void rejectsBadArgumentsNamingThem() {
        double[] a = {2, 0, 0, 2}, r = {1, 1};
        assertMessage("m", () -> cholesky.solve(a, r, 1, 0, 0, Precision.F64, false));
        assertMessage("m", () -> cholesky.solve(new double[257 * 257], new double[257], 1, 257, 0, Precision.F64, false));
        assertMessage("matrices", () -> cholesky.solve(a, r, 2, 2, 0, Precision.F64, false));
        assertMessage("rhs", () -> cholesky.solve(a, new double[3], 1, 2, 0, Precision.F64, false));
        assertMessage("lambda", () -> cholesky.solve(a, r, 1, 2, -1, Precision.F64, false));
        assertMessage("lambda", () -> cholesky.solve(a, r, 1, 2, Double.NaN, Precision.F64, false));
        assertMessage("batch", () -> cholesky.solve(new double[0], new double[0], 0, 2, 0, Precision.F64, false));
        try (DeviceBuffer a32 = cpu.upload(Precision.F32, a); DeviceBuffer r64 = cpu.upload(Precision.F64, r);
             DeviceBuffer x = cpu.allocate(Precision.F32, 2); DeviceBuffer st = cpu.allocate(ElementType.I32, 1)) {
            assertMessage("rhs", () -> cholesky.solve(a32, r64, x, st, 1, 2, 0));
            assertMessage("status", () -> cholesky.solve(a32, a32, x, x, 1, 2, 0));
        }
    }

    private static void assertMessage(String field, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().startsWith(field + ":"), "message should name " + field + ": " + ex.getMessage());
    }
}
