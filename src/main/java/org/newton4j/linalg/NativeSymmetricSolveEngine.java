package org.newton4j.linalg;

import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Launch;
import org.newton4j.device.NativeBackend;
import org.newton4j.device.Precision;

/** Launches the kernels of kernels/common/linalg.h on OpenCL or CUDA. */
final class NativeSymmetricSolveEngine implements SymmetricSolveEngine {
    private static final String MODULE = "linalg";
    /** Largest m solved thread-per-matrix (the matrix in local memory, many matrices per group). */
    static final int SMALL_M = 16;
    /** Local memory a launch plans to use per group: leaves room for several groups per SM. */
    private static final long LOCAL_BUDGET = 32 * 1024;
    /** Upper bound on concurrently resident groups for the grid-stride kernels (bounds workspaces). */
    private static final int MAX_GROUPS = 65_535;

    private final NativeBackend backend;

    NativeSymmetricSolveEngine(NativeBackend backend) { this.backend = backend; }

    private long localBudget() { return Math.min(LOCAL_BUDGET, backend.info().maxGroupLocalBytes()); }

    private int groupSizeFor(int m) {
        int g = Math.min(256, Math.max(32, (m + 31) / 32 * 32));
        return Math.min(g, backend.info().maxGroupSize());
    }

    @Override
    public void choleskySolve(DeviceBuffer a, DeviceBuffer r, DeviceBuffer x, DeviceBuffer status, int batch, int m, double lambda) {
        Precision p = a.precision();
        int es = p.bytes();
        long perMatrix = (long) (m * m + m) * es;
        if (m <= SMALL_M && perMatrix <= localBudget()) {
            int t = (int) Math.min(64, Math.min(localBudget() / perMatrix, backend.info().maxGroupSize()));
            long groups = (batch + t - 1) / t;
            backend.launch(backend.kernel(MODULE, "chol_solve_small", p), new Launch(groups, t, t * perMatrix),
                    a, r, x, status, (long) batch, m, p.scalar(lambda));
            return;
        }
        int gs = groupSizeFor(m);
        long localVariant = (long) (m * m + m + 2) * es;
        if (localVariant <= localBudget()) {
            try (DeviceBuffer unused = backend.allocate(p, 1)) {
                backend.launch(backend.kernel(MODULE, "chol_solve_local", p),
                        new Launch(Math.min(batch, MAX_GROUPS), gs, localVariant),
                        a, r, x, status, unused, (long) batch, m, p.scalar(lambda));
                backend.synchronize();
            }
        } else {
            int groups = workspaceGroups(batch, m, es);
            try (DeviceBuffer work = backend.allocate(p, (long) groups * m * m)) {
                backend.launch(backend.kernel(MODULE, "chol_solve_global", p), new Launch(groups, gs, (long) (m + 2) * es),
                        a, r, x, status, work, (long) batch, m, p.scalar(lambda));
                backend.synchronize();
            }
        }
    }

    /** Groups for a kernel with an m×m global workspace per group, within a quarter of the budget. */
    private int workspaceGroups(int batch, int m, int es) {
        long fit = Math.max(1, backend.memoryBudgetBytes() / 4 / ((long) m * m * es));
        return (int) Math.max(1, Math.min(Math.min(batch, MAX_GROUPS), fit));
    }

    @Override
    public void choleskyFactor(DeviceBuffer a, DeviceBuffer l, DeviceBuffer status, int m, double lambda) {
        Precision p = a.precision();
        backend.launch(backend.kernel(MODULE, "chol_factor_global", p), new Launch(1, groupSizeFor(m), (long) (m + 2) * p.bytes()),
                a, l, status, m, p.scalar(lambda));
    }

    @Override
    public void choleskySolveFactored(DeviceBuffer l, DeviceBuffer factorStatus, DeviceBuffer r, DeviceBuffer x,
                                      DeviceBuffer status, int batch, int m) {
        Precision p = l.precision();
        backend.launch(backend.kernel(MODULE, "chol_solve_factored", p), Launch.covering(batch, 64),
                l, factorStatus, r, x, status, (long) batch, m);
    }

    @Override
    public void eigenDecompose(DeviceBuffer a, DeviceBuffer vectors, DeviceBuffer values, DeviceBuffer status, int batch, int m) {
        Precision p = a.precision();
        int groups = workspaceGroups(batch, m, p.bytes());
        try (DeviceBuffer work = backend.allocate(p, (long) groups * m * m)) {
            backend.launch(backend.kernel(MODULE, "eig_decompose", p), new Launch(groups, groupSizeFor(m), 4L * p.bytes()),
                    a, vectors, values, status, work, (long) batch, m, DenseSymmetric.MAX_JACOBI_SWEEPS);
            backend.synchronize();
        }
    }

    @Override
    public void eigenApply(DeviceBuffer vectors, DeviceBuffer values, DeviceBuffer eigStatus, int stride, DeviceBuffer r,
                           DeviceBuffer x, DeviceBuffer status, int batch, int m, double damping, SpectrumPolicy policy) {
        Precision p = vectors.precision();
        try (DeviceBuffer w = backend.allocate(p, (long) batch * m)) {
            backend.launch(backend.kernel(MODULE, "eig_apply", p), Launch.covering(batch, 64),
                    vectors, values, eigStatus, stride, r, x, w, status, (long) batch, m, p.scalar(damping),
                    policy == SpectrumPolicy.ABSOLUTE ? 1 : 0);
            backend.synchronize();
        }
    }

    @Override
    public void mean(DeviceBuffer a, int batch, int m, DeviceBuffer out) {
        Precision p = a.precision();
        long mm = (long) m * m;
        int parts = (int) Math.max(1, Math.min(Math.min(batch, 1024), (16L << 20) / mm));
        long chunk = (batch + parts - 1) / parts;
        parts = (int) ((batch + chunk - 1) / chunk);
        try (DeviceBuffer partial = backend.allocate(p, parts * mm)) {
            backend.launch(backend.kernel(MODULE, "mean_partial", p), new Launch(parts, 64, 0), a, partial, (long) batch, m, chunk);
            backend.launch(backend.kernel(MODULE, "mean_finish", p), Launch.covering(mm, 64), partial, out, parts, m, (long) batch);
            backend.synchronize();
        }
    }
}
