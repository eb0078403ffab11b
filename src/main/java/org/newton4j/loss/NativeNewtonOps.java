package org.newton4j.loss;

import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.Launch;
import org.newton4j.device.NativeBackend;
import org.newton4j.device.Precision;

/** Launches kernels/common/newton.h on OpenCL or CUDA. */
final class NativeNewtonOps implements NewtonOps {
    private static final String MODULE = "newton";
    private static final int GROUP = 128;
    /** Grid-stride kernels never need more groups than this to fill a GPU. */
    private static final long MAX_GROUPS = 16_384;

    private final NativeBackend nb;

    NativeNewtonOps(NativeBackend nb) { this.nb = nb; }

    private void run(String fn, Precision p, long work, Object... args) {
        long groups = Math.max(1, Math.min(MAX_GROUPS, (work + GROUP - 1) / GROUP));
        nb.launch(nb.kernel(MODULE, fn, p), new Launch(groups, GROUP, 0), args);
    }

    private static DeviceBuffer orDummy(DeviceBuffer b, DeviceBuffer fallback) { return b != null ? b : fallback; }

    @Override
    public void gramColumns(DeviceBuffer g, DeviceBuffer f, int n, int m, double scale) {
        Precision p = g.precision();
        run("gram_columns", p, (long) m * m, g, f, (long) n, m, p.scalar(scale));
    }

    @Override
    public void gramRows(DeviceBuffer g, DeviceBuffer k, int n, int m) {
        run("gram_rows", g.precision(), (long) n * n, g, k, n, m);
    }

    @Override
    public void woodburyFinish(DeviceBuffer g, DeviceBuffer c, DeviceBuffer d, int n, int m, double lambda) {
        Precision p = g.precision();
        run("woodbury_finish", p, (long) n * m, g, c, d, n, m, p.scalar(lambda));
    }

    @Override
    public void fisherSample(DeviceBuffer g, DeviceBuffer d, int n, int m, double lambda) {
        Precision p = g.precision();
        run("fisher_sample", p, n, g, d, (long) n, m, p.scalar(lambda));
    }

    @Override
    public void scaleCopy(DeviceBuffer g, DeviceBuffer d, long total, double scale) {
        Precision p = g.precision();
        run("scale_copy", p, total, g, d, total, p.scalar(scale));
    }

    @Override
    public void newtonOutputs(DeviceBuffer y, DeviceBuffer d, DeviceBuffer z, DeviceBuffer s, DeviceBuffer halfSq, int n, int m) {
        run("newton_outputs", y.precision(), n, y, d, z, s, halfSq, (long) n, m);
    }

    @Override
    public double sum(DeviceBuffer x, int n) {
        Precision p = x.precision();
        int parts = (int) Math.max(1, Math.min(256, n));
        long chunk = (n + parts - 1) / parts;
        parts = (int) ((n + chunk - 1) / chunk);
        try (DeviceBuffer partial = nb.allocate(p, parts)) {
            nb.launch(nb.kernel(MODULE, "sum_partial", p), new Launch(parts, 1, 0), x, partial, (long) n, chunk);
            double s = 0;
            for (double v : nb.toDoubles(partial)) s += v;
            return s;
        }
    }

    @Override
    public void unitVectors(DeviceBuffer v, int n, int m, int k) {
        run("unit_vectors", v.precision(), (long) n * m, v, (long) n, m, k);
    }

    @Override
    public void scatterColumn(DeviceBuffer hv, DeviceBuffer h, int n, int m, int k) {
        run("scatter_column", hv.precision(), (long) n * m, hv, h, (long) n, m, k);
    }

    @Override
    public void mseEval(DeviceBuffer y, DeviceBuffer t, DeviceBuffer value, DeviceBuffer grad, DeviceBuffer hess, int n, int m) {
        run("mse_eval", y.precision(), n, y, t, orDummy(value, y), orDummy(grad, y), orDummy(hess, y), (long) n, m,
                value != null ? 1 : 0, grad != null ? 1 : 0, hess != null ? 1 : 0);
    }

    @Override
    public void mseHvp(DeviceBuffer v, DeviceBuffer out, long total, int m) {
        run("mse_hvp", v.precision(), total, v, out, total, m);
    }

    @Override
    public void ceEval(DeviceBuffer y, DeviceBuffer labels, DeviceBuffer p, DeviceBuffer value, DeviceBuffer grad,
                       DeviceBuffer hess, int n, int m) {
        run("ce_eval", y.precision(), n, y, labels, p, orDummy(value, y), orDummy(grad, y), orDummy(hess, y), (long) n, m,
                value != null ? 1 : 0, grad != null ? 1 : 0, hess != null ? 1 : 0);
    }

    @Override
    public void ceHvp(DeviceBuffer p, DeviceBuffer v, DeviceBuffer out, int n, int m) {
        run("ce_hvp", p.precision(), n, p, v, out, (long) n, m);
    }

    @Override
    public void ceNewtonSample(DeviceBuffer p, DeviceBuffer g, DeviceBuffer d, int n, int m, double lambda) {
        Precision pr = g.precision();
        run("ce_newton_sample", pr, n, p, g, d, (long) n, m, pr.scalar(lambda));
    }
}
