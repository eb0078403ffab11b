package org.newton4j.path;

import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.ElementType;
import org.newton4j.device.Kernel;
import org.newton4j.device.Launch;
import org.newton4j.device.NativeBackend;
import org.newton4j.device.Precision;

/**
 * OpenCL and CUDA: kernels/common/path.h {@code rbf_run}, one work-group per (map, slice of
 * Hessian directions), every state in global scratch. The batch is streamed in chunks that fit
 * the backend's memory budget.
 */
final class RelaxedBellmanFordNative implements RelaxedBellmanFord.Implementation {
    static final int OUT_PATH = 1, OUT_LOSS = 2, OUT_GRADIENT = 4, OUT_HESSIAN = 8, OUT_HVP = 16, OUT_STEPS = 32;
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

    private void run(DeviceBuffer cost, DeviceBuffer truth, DeviceBuffer dir, DeviceBuffer path, DeviceBuffer loss,
                     DeviceBuffer grad, DeviceBuffer hess, int batch, int bits) {
        Precision precision = cost.precision();
        int n = op.cells(), t = op.iterations();
        Kernel kernel = backend.kernel("path", "rbf_run", precision);
        int groupSize = n <= 64 ? 64 : n <= 128 ? 128 : 256;
        try (DeviceBuffer dummy = backend.allocate(precision, 1); DeviceBuffer dummyInts = backend.allocate(ElementType.I32, 1)) {
            int stateCap = op.loop() == Loop.FOR ? t + 1 : maxWhileSteps(kernel, cost, batch, groupSize, dummy, dummyInts) + 1;
            long perGroup = scratchPerGroup(n, t, stateCap);
            int slices = (bits & OUT_HESSIAN) != 0 ? Math.max(1, Math.min(n, TARGET_GROUPS / batch)) : 1;
            long budgetGroups = Math.max(1, backend.memoryBudgetBytes() / 2 / (perGroup * precision.bytes()));
            if (budgetGroups < slices) slices = (int) budgetGroups;
            int mapsPerChunk = (int) Math.max(1, Math.min(batch, budgetGroups / slices));
            try (DeviceBuffer scratch = backend.allocate(precision, perGroup * mapsPerChunk * slices)) {
                for (int first = 0; first < batch; first += mapsPerChunk) {
                    int maps = Math.min(mapsPerChunk, batch - first);
                    launch(kernel, maps * slices, groupSize, cost, truth == null ? dummy : truth, dir == null ? dummy : dir,
                            path == null ? dummy : path, loss == null ? dummy : loss, grad == null ? dummy : grad,
                            hess == null ? dummy : hess, dummyInts, scratch, perGroup, first, slices, bits, stateCap);
                }
                backend.synchronize();
            }
        }
    }

    /** The relaxed While's traceback length depends on the data: a forward-only pass measures it. */
    private int maxWhileSteps(Kernel kernel, DeviceBuffer cost, int batch, int groupSize, DeviceBuffer dummy, DeviceBuffer dummyInts) {
        int n = op.cells(), t = op.iterations();
        long perGroup = scratchPerGroup(n, t, 2);
        try (DeviceBuffer steps = backend.allocate(ElementType.I32, batch);
             DeviceBuffer scratch = backend.allocate(cost.precision(), perGroup * batch)) {
            launch(kernel, batch, groupSize, cost, dummy, dummy, dummy, dummy, dummy, dummy, steps, scratch,
                    perGroup, 0, 1, OUT_STEPS, 2);
            int max = 0;
            for (int k : backend.toInts(steps)) max = Math.max(max, k);
            return max;
        }
    }

    private void launch(Kernel kernel, int groups, int groupSize, DeviceBuffer cost, DeviceBuffer truth, DeviceBuffer dir,
                        DeviceBuffer path, DeviceBuffer loss, DeviceBuffer grad, DeviceBuffer hess, DeviceBuffer steps,
                        DeviceBuffer scratch, long perGroup, int first, int slices, int bits, int stateCap) {
        Precision pr = cost.precision();
        backend.launch(kernel, new Launch(groups, groupSize, 0), cost, truth, dir, path, loss, grad, hess, steps, scratch,
                perGroup, first, slices, bits, op.height(), op.width(), op.iterations(), pr.scalar(op.beta()),
                op.tconorm().code(), pr.scalar(op.tconorm().p()), op.loop().ordinal(), op.loss().code(), stateCap);
    }

    /** REALs of global scratch per work-group; the layout is the one at the top of rbf_run. */
    static long scratchPerGroup(int n, int t, int stateCap) {
        return 12L * t * n + 32L * n + 8L * stateCap * n + 10L * stateCap;
    }
}
