package org.newton4j.path;

import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.ElementType;
import org.newton4j.device.Launch;
import org.newton4j.device.NativeBackend;
import org.newton4j.device.Precision;

/**
 * OpenCL and CUDA: kernels/common/path.h {@code rbf_forward}, {@code rbf_reverse} (one work-group
 * per map, primal state in global scratch) and {@code rbf_tangent} (one work-group per map and
 * slice of Hessian directions). The batch is streamed in chunks that fit the memory budget.
 */
final class RelaxedBellmanFordNative implements RelaxedBellmanFord.Implementation {
    static final int OUT_PATH = 1, OUT_LOSS = 2, OUT_GRADIENT = 4, OUT_HESSIAN = 8, OUT_HVP = 16;
    /** Work-groups a Hessian launch aims for, so a small batch still fills a GPU. */
    private static final int TARGET_GROUPS = 1024;

    private final RelaxedBellmanFord op;
    private final NativeBackend backend;

    RelaxedBellmanFordNative(RelaxedBellmanFord op, NativeBackend backend) {
        this.op = op;
        this.backend = backend;
    }

    @Override
    public void evaluate(DeviceBuffer cost, DeviceBuffer truth, int batch, PathOutputs o) {
        int bits = (o.path() != null ? OUT_PATH : 0) | (o.loss() != null ? OUT_LOSS : 0)
                | (o.gradient() != null ? OUT_GRADIENT : 0) | (o.hessian() != null ? OUT_HESSIAN : 0);
        if (bits == 0) return;
        run(cost, truth, null, o.path(), o.loss(), o.gradient(), o.hessian(), batch, bits);
    }

    @Override
    public void hessianVectorProduct(DeviceBuffer cost, DeviceBuffer truth, int batch, DeviceBuffer v, DeviceBuffer out) {
        run(cost, truth, v, null, null, null, out, batch, OUT_HVP);
    }

    private int groupSize() {
        int n = op.cells();
        return n <= 64 ? 64 : n <= 128 ? 128 : 256;
    }

    private void run(DeviceBuffer cost, DeviceBuffer truth, DeviceBuffer dir, DeviceBuffer path, DeviceBuffer loss,
                     DeviceBuffer grad, DeviceBuffer hess, int batch, int bits) {
        Precision pr = cost.precision();
        int n = op.cells(), t = op.iterations();
        long budget = Math.max(1, backend.memoryBudgetBytes() / 2 / pr.bytes());
        try (DeviceBuffer dummy = backend.allocate(pr, 1); DeviceBuffer steps = backend.allocate(ElementType.I32, batch)) {
            DeviceBuffer tr = truth == null ? dummy : truth;
            int stateCap = op.loop() == Loop.FOR ? t + 1 : maxWhileSteps(cost, batch, steps, dummy, budget) + 1;
            long perMap = primalPerMap(n, t, stateCap), perGroup = tangentPerGroup(n, t, stateCap);
            boolean tangent = (bits & (OUT_HESSIAN | OUT_HVP)) != 0;
            int slices = (bits & OUT_HESSIAN) != 0 ? Math.max(1, Math.min(n, TARGET_GROUPS / batch)) : 1;
            while (slices > 1 && perMap + slices * perGroup > budget) slices /= 2;
            long perChunkMap = perMap + (tangent ? slices * perGroup : 0);
            int chunk = (int) Math.max(1, Math.min(batch, budget / perChunkMap));
            try (DeviceBuffer primal = backend.allocate(pr, perMap * chunk);
                 DeviceBuffer tang = backend.allocate(pr, tangent ? perGroup * chunk * slices : 1)) {
                for (int first = 0; first < batch; first += chunk) {
                    int maps = Math.min(chunk, batch - first);
                    forward(cost, tr, path == null ? dummy : path, loss == null ? dummy : loss, steps, primal, perMap,
                            first, maps, bits, stateCap);
                    if ((bits & (OUT_GRADIENT | OUT_HESSIAN | OUT_HVP)) == 0) continue;
                    Precision p = pr;
                    backend.launch(backend.kernel("path", "rbf_reverse", p), new Launch(maps, groupSize(), 0),
                            tr, grad == null ? dummy : grad, steps, primal, perMap, first, bits,
                            op.height(), op.width(), t, p.scalar(op.beta()), op.tconorm().code(), p.scalar(op.tconorm().p()),
                            op.loop().ordinal(), op.loss().code(), stateCap);
                    if (!tangent) continue;
                    backend.launch(backend.kernel("path", "rbf_tangent", p), new Launch((long) maps * slices, groupSize(), 0),
                            dir == null ? dummy : dir, hess, steps, primal, perMap, tang, perGroup, first, slices, bits,
                            op.height(), op.width(), t, p.scalar(op.beta()), op.tconorm().code(), p.scalar(op.tconorm().p()),
                            op.loop().ordinal(), op.loss().code(), stateCap);
                }
                backend.synchronize();
            }
        }
    }

    private void forward(DeviceBuffer cost, DeviceBuffer truth, DeviceBuffer path, DeviceBuffer loss, DeviceBuffer steps,
                         DeviceBuffer primal, long perMap, int first, int maps, int bits, int stateCap) {
        Precision p = cost.precision();
        backend.launch(backend.kernel("path", "rbf_forward", p), new Launch(maps, groupSize(), 0),
                cost, truth, path, loss, steps, primal, perMap, first, bits, op.height(), op.width(), op.iterations(),
                p.scalar(op.beta()), op.tconorm().code(), p.scalar(op.tconorm().p()), op.loop().ordinal(),
                op.loss().code(), stateCap);
    }

    /** The relaxed While's traceback length depends on the data: a forward-only pass measures it. */
    private int maxWhileSteps(DeviceBuffer cost, int batch, DeviceBuffer steps, DeviceBuffer dummy, long budget) {
        long perMap = primalPerMap(op.cells(), op.iterations(), 2);
        int chunk = (int) Math.max(1, Math.min(batch, budget / perMap));
        try (DeviceBuffer primal = backend.allocate(cost.precision(), perMap * chunk)) {
            for (int first = 0; first < batch; first += chunk)
                forward(cost, dummy, dummy, dummy, steps, primal, perMap, first, Math.min(chunk, batch - first), 0, 2);
            int max = 0;
            for (int k : backend.toInts(steps)) max = Math.max(max, k);
            return max;
        }
    }

    /** REALs of primal scratch per map (layout PATH_PRIMAL_LAYOUT in path.h). */
    static long primalPerMap(int n, int t, int stateCap) {
        return 11L * t * n + 12L * n + 4L * stateCap * n + 5L * stateCap;
    }

    /** REALs of tangent scratch per work-group of rbf_tangent. */
    static long tangentPerGroup(int n, int t, int stateCap) {
        return 2L * t * n + 21L * n + 4L * stateCap * n + 5L * stateCap;
    }
}
