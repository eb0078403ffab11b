package org.newton4j.path;

import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.cpu.CpuBackend;
import org.newton4j.device.cpu.CpuBuffer;

/** The CPU reference: float64 throughout, parallel over the batch; float32 buffers round on store. */
final class RelaxedBellmanFordCpu implements RelaxedBellmanFord.Implementation {
    private final RelaxedBellmanFord op;

    RelaxedBellmanFordCpu(RelaxedBellmanFord op) { this.op = op; }

    @Override
    public void evaluate(DeviceBuffer cost, DeviceBuffer truth, int batch, PathOutputs outputs) {
        int m = op.cells();
        double[] c = CpuBackend.buffer(cost).reals();
        double[] t = truth == null ? new double[m] : CpuBackend.buffer(truth).reals();
        int tStride = truth == null ? 0 : m;
        CpuBuffer path = outputs.path() == null ? null : CpuBackend.buffer(outputs.path());
        CpuBuffer loss = outputs.loss() == null ? null : CpuBackend.buffer(outputs.loss());
        CpuBuffer grad = outputs.gradient() == null ? null : CpuBackend.buffer(outputs.gradient());
        CpuBuffer hess = outputs.hessian() == null ? null : CpuBackend.buffer(outputs.hessian());
        ThreadLocal<RelaxedBellmanFordSample> samples = ThreadLocal.withInitial(op::newSample);
        CpuBackend.parallelFor(batch, i -> {
            RelaxedBellmanFordSample s = samples.get();
            s.forward(c, i * m, t, i * tStride);
            if (path != null) for (int v = 0; v < m; v++) path.store(i * m + v, s.path()[v]);
            if (loss != null) loss.store(i, s.loss());
            if (grad == null && hess == null) return;
            s.reverse();
            if (grad != null) for (int v = 0; v < m; v++) grad.store(i * m + v, s.gradient()[v]);
            if (hess != null) {
                double[] e = new double[m], col = new double[m];
                long base = (long) i * m * m;
                for (int j = 0; j < m; j++) {
                    e[j] = 1;
                    s.hessianTimes(e, 0, col, 0);
                    e[j] = 0;
                    for (int r = 0; r < m; r++) hess.store((int) (base + (long) r * m + j), col[r]);
                }
            }
        });
    }

    @Override
    public void hessianVectorProduct(DeviceBuffer cost, DeviceBuffer truth, int batch, DeviceBuffer v, DeviceBuffer out) {
        int m = op.cells();
        double[] c = CpuBackend.buffer(cost).reals(), t = CpuBackend.buffer(truth).reals(), dir = CpuBackend.buffer(v).reals();
        CpuBuffer o = CpuBackend.buffer(out);
        ThreadLocal<RelaxedBellmanFordSample> samples = ThreadLocal.withInitial(op::newSample);
        CpuBackend.parallelFor(batch, i -> {
            RelaxedBellmanFordSample s = samples.get();
            s.forward(c, i * m, t, i * m);
            s.reverse();
            double[] res = new double[m];
            s.hessianTimes(dir, i * m, res, 0);
            for (int r = 0; r < m; r++) o.store(i * m + r, res[r]);
        });
    }
}
