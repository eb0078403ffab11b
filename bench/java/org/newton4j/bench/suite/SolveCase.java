package org.newton4j.bench.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.ElementType;
import org.newton4j.device.Precision;
import org.newton4j.linalg.BatchedSymmetricSolver;

/**
 * Batched Cholesky solves at sizes that fill an H100 (m ∈ {5, 16, 32, 64, 144}, B up to 1e6 for small
 * m). Floor: the matrices and right-hand sides read once, solutions and status written once.
 * PyTorch's reference for the same rows: bench/torch_ref.py (cholesky_ex + cholesky_solve).
 */
public final class SolveCase implements SuiteCase {
    @Override public String family() { return "solve"; }

    @Override
    public List<SuiteRow> run(Backend backend, Floor floor, Timing timing, boolean quick) {
        int[][] shapes = quick ? new int[][] {{5, 1000}, {16, 1000}} : new int[][] {
                {5, 1_000_000}, {16, 100_000}, {16, 1_000_000}, {32, 100_000}, {64, 10_000}, {144, 1_000}};
        List<SuiteRow> rows = new ArrayList<>();
        for (Precision p : Precision.values()) {
            if (!backend.supports(p)) continue;
            for (int[] s : shapes) rows.add(one(backend, floor, timing, p, s[0], s[1]));
        }
        return rows;
    }

    private SuiteRow one(Backend be, Floor floor, Timing timing, Precision p, int m, int batch) {
        BatchedSymmetricSolver solver = BatchedSymmetricSolver.cholesky(be);
        Random rnd = new Random(m * 31L + batch);
        List<DeviceBuffer> as = new ArrayList<>(), rs = new ArrayList<>();
        try (DeviceBuffer x = be.allocate(p, (long) batch * m); DeviceBuffer st = be.allocate(ElementType.I32, batch)) {
            for (int c = 0; c < timing.rotations(); c++) {
                as.add(be.upload(p, spdBatch(batch, m, rnd)));
                double[] r = new double[batch * m];
                for (int i = 0; i < r.length; i++) r[i] = rnd.nextGaussian();
                rs.add(be.upload(p, r));
            }
            double ms = timing.medianMillis(be, c -> solver.solve(as.get(c), rs.get(c), x, st, batch, m, 0.0));
            long bytes = (long) batch * ((long) m * m + 2L * m) * p.bytes() + 4L * batch;
            return new SuiteRow("solve", "cholesky", "m=" + m + " B=" + batch, p.toString(), be.kind().toString(), ms,
                    floor.millisFor(bytes));
        } finally {
            as.forEach(DeviceBuffer::close);
            rs.forEach(DeviceBuffer::close);
        }
    }

    /** Cheap well-conditioned SPD matrices: diagonally dominant with random symmetric off-diagonals. */
    static double[] spdBatch(int batch, int m, Random rnd) {
        double[] a = new double[batch * m * m];
        for (int b = 0; b < batch; b++) {
            int o = b * m * m;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < i; j++) {
                    double v = rnd.nextDouble() - 0.5;
                    a[o + i * m + j] = v;
                    a[o + j * m + i] = v;
                }
                a[o + i * m + i] = m;
            }
        }
        return a;
    }
}
