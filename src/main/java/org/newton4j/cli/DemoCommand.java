package org.newton4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;

import org.newton4j.device.Backend;
import org.newton4j.device.BackendKind;
import org.newton4j.device.BackendUnavailableException;
import org.newton4j.device.Backends;
import org.newton4j.device.Precision;
import org.newton4j.device.cpu.CpuBackend;
import org.newton4j.linalg.BatchedSymmetricSolver;
import org.newton4j.linalg.HostSolution;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The README's first command. Solves the same batch of damped SPD systems on every backend found,
 * and prints the time per batch and the agreement with the CPU float64 reference.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Solve one batch of small SPD systems on every available backend; print timings and agreement.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--batch", defaultValue = "20000", description = "matrices per batch (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--m", defaultValue = "16", description = "matrix size (default ${DEFAULT-VALUE})")
    int m;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() {
        if (batch < 1) throw new IllegalArgumentException("--batch: must be >= 1, got " + batch);
        if (m < 1 || m > BatchedSymmetricSolver.MAX_M)
            throw new IllegalArgumentException("--m: must be in [1, " + BatchedSymmetricSolver.MAX_M + "], got " + m);
        double[][] problem = randomSpd(batch, m, new Random(seed));
        double lambda = 1e-3;
        System.out.printf("newton4j demo: %d damped SPD systems of size %d×%d, (A + %.0eI) x = r%n%n", batch, m, m, lambda);
        HostSolution reference = BatchedSymmetricSolver.cholesky(CpuBackend.shared())
                .solve(problem[0], problem[1], batch, m, lambda, Precision.F64, false);
        System.out.printf("%-8s %-44s %-9s %12s %22s%n", "backend", "device", "precision", "ms / batch", "max rel. err vs cpu f64");
        List<Backend> backends = available();
        try {
            for (Backend b : backends)
                for (Precision p : Precision.values()) {
                    if (!b.supports(p)) continue;
                    BatchedSymmetricSolver solver = BatchedSymmetricSolver.cholesky(b);
                    solver.solve(problem[0], problem[1], batch, m, lambda, p, false);   // warm-up: kernel build, JIT
                    long t0 = System.nanoTime();
                    int reps = 3;
                    HostSolution s = null;
                    for (int i = 0; i < reps; i++) s = solver.solve(problem[0], problem[1], batch, m, lambda, p, false);
                    double ms = (System.nanoTime() - t0) / 1e6 / reps;
                    System.out.printf("%-8s %-44.44s %-9s %12.2f %22.2e%n", b.kind(), b.info().name(), p, ms,
                            maxRelativeError(reference, s));
                }
        } finally {
            for (Backend b : backends) b.close();
        }
        System.out.println("\n(host-array timings include transfers; kernel-only figures come from bench/)");
        return 0;
    }

    private static List<Backend> available() {
        List<Backend> list = new ArrayList<>();
        list.add(new CpuBackend());
        for (BackendKind k : new BackendKind[] {BackendKind.OPENCL, BackendKind.CUDA}) {
            try {
                list.add(Backends.open(k));
            } catch (BackendUnavailableException e) {
                System.out.println("(" + e.getMessage() + ")");
            }
        }
        return list;
    }

    private static double maxRelativeError(HostSolution ref, HostSolution s) {
        double worst = 0;
        for (int b = 0; b < ref.batch(); b++) {
            double d = 0, n = 0;
            for (int i = 0; i < ref.m(); i++) {
                double e = s.solution()[b * ref.m() + i] - ref.solution()[b * ref.m() + i];
                d += e * e;
                n += ref.solution()[b * ref.m() + i] * ref.solution()[b * ref.m() + i];
            }
            double rel = Math.sqrt(d / Math.max(n, 1e-300));
            worst = Double.isNaN(rel) ? Double.NaN : Math.max(worst, rel);
        }
        return worst;
    }

    /** B random SPD matrices G Gᵀ/m + I/2 and right-hand sides. */
    private static double[][] randomSpd(int batch, int m, Random rnd) {
        double[] a = new double[batch * m * m], r = new double[batch * m], g = new double[m * m];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < m * m; i++) g[i] = rnd.nextGaussian();
            for (int i = 0; i < m; i++)
                for (int j = 0; j <= i; j++) {
                    double s = i == j ? 0.5 : 0;
                    for (int k = 0; k < m; k++) s += g[i * m + k] * g[j * m + k] / m;
                    a[b * m * m + i * m + j] = s;
                    a[b * m * m + j * m + i] = s;
                }
            for (int i = 0; i < m; i++) r[b * m + i] = rnd.nextGaussian();
        }
        return new double[][] {a, r};
    }
}
