package org.newton4j.linalg;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.ElementType;
import org.newton4j.device.NativeBackend;
import org.newton4j.device.Precision;

/**
 * Batched small symmetric solves {@code (A_b + λI) x_b = r_b}, b = 0..B−1, m from 1 to 256, on any
 * backend, with a status per matrix ({@link SolveStatus}; failed systems get NaN solutions).
 *
 * <p>Layouts: matrices B×m×m row-major of which only the lower triangle is read; right-hand sides
 * and solutions B×m; status B ints. All buffers of one call share a backend and a precision.
 * Device-resident calls do not synchronise the host more than the kernels need; host-array calls
 * ({@link #solve(double[], double[], int, int, double, Precision, boolean)}) stream the batch in
 * chunks that fit the device's memory budget.
 */
public final class BatchedSymmetricSolver {
    public static final int MAX_M = 256;

    private final Backend backend;
    private final SymmetricSolveEngine engine;
    private final SolveMethod method;
    private final SpectrumPolicy policy;

    private BatchedSymmetricSolver(Backend backend, SolveMethod method, SpectrumPolicy policy) {
        this.backend = backend;
        this.method = method;
        this.policy = policy;
        this.engine = backend instanceof NativeBackend nb ? new NativeSymmetricSolveEngine(nb) : new CpuSymmetricSolveEngine();
    }

    /** Cholesky solves: for symmetric positive definite A + λI. */
    public static BatchedSymmetricSolver cholesky(Backend backend) {
        return new BatchedSymmetricSolver(backend, SolveMethod.CHOLESKY, SpectrumPolicy.SIGNED);
    }

    /** Eigen (Jacobi) solves for symmetric indefinite matrices, inverting Λ + λI or |Λ| + λI. */
    public static BatchedSymmetricSolver eigen(Backend backend, SpectrumPolicy policy) {
        if (policy == null) throw new IllegalArgumentException("policy: must not be null");
        return new BatchedSymmetricSolver(backend, SolveMethod.EIGEN, policy);
    }

    public Backend backend() { return backend; }

    public SolveMethod method() { return method; }

    public SpectrumPolicy policy() { return policy; }

    /** x_b = (A_b + λI)⁻¹ r_b for every b. */
    public void solve(DeviceBuffer a, DeviceBuffer r, DeviceBuffer x, DeviceBuffer status, int batch, int m, double lambda) {
        check(a, r, x, status, batch, batch, m, lambda);
        if (method == SolveMethod.CHOLESKY) {
            engine.choleskySolve(a, r, x, status, batch, m, lambda);
        } else {
            Precision p = a.precision();
            try (DeviceBuffer v = backend.allocate(p, (long) batch * m * m);
                 DeviceBuffer e = backend.allocate(p, (long) batch * m);
                 DeviceBuffer es = backend.allocate(ElementType.I32, batch)) {
                engine.eigenDecompose(a, v, e, es, batch, m);
                engine.eigenApply(v, e, es, 1, r, x, status, batch, m, lambda, policy);
            }
        }
        backend.synchronize();
    }

    /** x_b = (Ā + λI)⁻¹ r_b with Ā = mean_b A_b: one reduction, one factorisation, B substitutions. */
    public void solveAgainstMean(DeviceBuffer a, DeviceBuffer r, DeviceBuffer x, DeviceBuffer status,
                                 int batch, int m, double lambda) {
        check(a, r, x, status, batch, batch, m, lambda);
        try (DeviceBuffer mean = backend.allocate(a.precision(), (long) m * m)) {
            engine.mean(a, batch, m, mean);
            solveShared(mean, r, x, status, batch, m, lambda);
        }
    }

    /** x_b = (A + λI)⁻¹ r_b against one matrix A (m×m) for every right-hand side. */
    public void solveShared(DeviceBuffer a, DeviceBuffer r, DeviceBuffer x, DeviceBuffer status,
                            int batch, int m, double lambda) {
        check(a, r, x, status, 1, batch, m, lambda);
        Precision p = a.precision();
        try (DeviceBuffer f = backend.allocate(p, (long) m * m);
             DeviceBuffer e = backend.allocate(p, m);
             DeviceBuffer fs = backend.allocate(ElementType.I32, 1)) {
            if (method == SolveMethod.CHOLESKY) {
                engine.choleskyFactor(a, f, fs, m, lambda);
                engine.choleskySolveFactored(f, fs, r, x, status, batch, m);
            } else {
                engine.eigenDecompose(a, f, e, fs, 1, m);
                engine.eigenApply(f, e, fs, 0, r, x, status, batch, m, lambda, policy);
            }
            backend.synchronize();
        }
    }

    /** Mean of a batch of m×m matrices into out (m×m). */
    public void mean(DeviceBuffer a, int batch, int m, DeviceBuffer out) {
        checkShape("batch", batch, 1, Integer.MAX_VALUE);
        checkShape("m", m, 1, MAX_M);
        checkBuffer("matrices", a, (long) batch * m * m, a.type());
        checkBuffer("out", out, (long) m * m, a.type());
        engine.mean(a, batch, m, out);
        backend.synchronize();
    }

    /**
     * Host arrays in, host arrays out, streamed through the device in chunks. With {@code mean},
     * every rhs is solved against the batch mean (computed in float64 on the host, exactly once).
     */
    public HostSolution solve(double[] matrices, double[] rhs, int batch, int m, double lambda, Precision precision,
                              boolean mean) {
        checkShape("batch", batch, 1, Integer.MAX_VALUE);
        checkShape("m", m, 1, MAX_M);
        if ((long) batch * m * m != matrices.length)
            throw new IllegalArgumentException("matrices: expected " + ((long) batch * m * m) + " values (B×m×m), got " + matrices.length);
        if ((long) batch * m != rhs.length)
            throw new IllegalArgumentException("rhs: expected " + ((long) batch * m) + " values (B×m), got " + rhs.length);
        if (!backend.supports(precision))
            throw new IllegalArgumentException("precision: " + precision + " is not supported by " + backend);
        double[] solution = new double[rhs.length];
        int[] status = new int[batch];
        int mm = m * m;
        double[] meanMatrix = mean ? hostMean(matrices, batch, m) : null;
        long perSample = (long) (mean ? 0 : mm + mm + m) * precision.bytes() + 2L * m * precision.bytes() + 8;
        int chunk = (int) Math.max(1, Math.min(batch, backend.memoryBudgetBytes() / 2 / perSample));
        try (DeviceBuffer shared = mean ? backend.upload(precision, meanMatrix) : null) {
            for (int start = 0; start < batch; start += chunk) {
                int n = Math.min(chunk, batch - start);
                try (DeviceBuffer r = backend.allocate(precision, (long) n * m);
                     DeviceBuffer x = backend.allocate(precision, (long) n * m);
                     DeviceBuffer s = backend.allocate(ElementType.I32, n)) {
                    backend.write(r, 0, rhs, start * m, n * m);
                    if (mean) {
                        solveShared(shared, r, x, s, n, m, lambda);
                    } else {
                        try (DeviceBuffer a = backend.allocate(precision, (long) n * mm)) {
                            backend.write(a, 0, matrices, start * mm, n * mm);
                            solve(a, r, x, s, n, m, lambda);
                        }
                    }
                    backend.read(x, 0, solution, start * m, n * m);
                    backend.read(s, 0, status, start, n);
                }
            }
        }
        return new HostSolution(solution, status, batch, m);
    }

    private static double[] hostMean(double[] matrices, int batch, int m) {
        int mm = m * m;
        double[] mean = new double[mm];
        for (int b = 0; b < batch; b++) for (int e = 0; e < mm; e++) mean[e] += matrices[b * mm + e];
        for (int e = 0; e < mm; e++) mean[e] /= batch;
        return mean;
    }

    private void check(DeviceBuffer a, DeviceBuffer r, DeviceBuffer x, DeviceBuffer status,
                       int matrices, int batch, int m, double lambda) {
        checkShape("batch", batch, 1, Integer.MAX_VALUE);
        checkShape("m", m, 1, MAX_M);
        if (!Double.isFinite(lambda) || lambda < 0)
            throw new IllegalArgumentException("lambda: damping must be finite and >= 0, got " + lambda);
        if (!a.type().isReal()) throw new IllegalArgumentException("matrices: must be a real buffer, got " + a.type());
        checkBuffer("matrices", a, (long) matrices * m * m, a.type());
        checkBuffer("rhs", r, (long) batch * m, a.type());
        checkBuffer("solution", x, (long) batch * m, a.type());
        checkBuffer("status", status, batch, ElementType.I32);
        if (!backend.supports(a.precision()))
            throw new IllegalArgumentException("precision: " + a.precision() + " is not supported by " + backend);
    }

    private void checkBuffer(String name, DeviceBuffer b, long length, ElementType type) {
        if (b == null) throw new IllegalArgumentException(name + ": must not be null");
        if (b.backend() != backend) throw new IllegalArgumentException(name + ": lives on another backend (" + b.backend() + ")");
        if (b.isClosed()) throw new IllegalArgumentException(name + ": buffer is closed");
        if (b.type() != type) throw new IllegalArgumentException(name + ": expected " + type + " elements, got " + b.type());
        if (b.length() < length) throw new IllegalArgumentException(name + ": needs " + length + " elements, has " + b.length());
    }

    private static void checkShape(String name, int value, int min, int max) {
        if (value < min || value > max)
            throw new IllegalArgumentException(name + ": must be in [" + min + ", " + max + "], got " + value);
    }
}
