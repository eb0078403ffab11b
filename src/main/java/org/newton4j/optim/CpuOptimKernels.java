package org.newton4j.optim;

import java.util.List;

import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.cpu.CpuBackend;
import org.newton4j.device.cpu.CpuBuffer;

/** The Java fallback of the optim kernels, for the CPU backend: the formulas of optim.h, element by element. */
final class CpuOptimKernels implements OptimKernels {
    private static final int CHUNK = 1 << 14;

    @FunctionalInterface
    private interface Range { void run(int from, int to); }

    /** Runs body over [0, n) in parallel chunks. */
    private static void forRange(long n, Range body) {
        int len = Math.toIntExact(n);
        int chunks = (len + CHUNK - 1) / CHUNK;
        CpuBackend.parallelFor(chunks, c -> body.run(c * CHUNK, Math.min(len, (c + 1) * CHUNK)));
    }

    private static CpuBuffer cpu(DeviceBuffer b) { return CpuBackend.buffer(b); }

    private static void checkSameLength(DeviceBuffer first, DeviceBuffer... rest) {
        for (DeviceBuffer b : rest)
            if (b.length() != first.length())
                throw new IllegalArgumentException("optim kernel: buffer lengths differ (" + first.length() + " vs " + b.length() + ")");
    }

    @Override
    public boolean anyNonFinite(List<DeviceBuffer> xs) {
        for (DeviceBuffer x : xs) for (double d : cpu(x).reals()) if (!Double.isFinite(d)) return true;
        return false;
    }

    @Override
    public void axpby(DeviceBuffer out, double a, DeviceBuffer x, double b, DeviceBuffer y) {
        checkSameLength(out, x, y);
        CpuBuffer o = cpu(out);
        double[] xs = cpu(x).reals(), ys = cpu(y).reals();
        forRange(out.length(), (lo, hi) -> { for (int i = lo; i < hi; i++) o.store(i, a * xs[i] + b * ys[i]); });
    }

    @Override
    public double dot(DeviceBuffer x, DeviceBuffer y) {
        checkSameLength(x, y);
        double[] xs = cpu(x).reals(), ys = cpu(y).reals();
        double s = 0;
        for (int i = 0; i < xs.length; i++) s += xs[i] * ys[i];
        return s;
    }

    /** The SGD direction at element i; updates the momentum buffer. */
    private static double sgdDir(double theta, double g, CpuBuffer buf, int i, SgdCoefficients c, boolean first) {
        double d = g + c.weightDecay() * theta;
        if (c.momentum() != 0) {
            double b = first ? d : c.momentum() * buf.reals()[i] + (1 - c.dampening()) * d;
            buf.store(i, b);
            b = buf.reals()[i];
            d = c.nesterov() ? d + c.momentum() * b : b;
        }
        return d;
    }

    @Override
    public void sgdStep(DeviceBuffer theta, DeviceBuffer grad, DeviceBuffer momentumBuffer, SgdCoefficients c, boolean first) {
        checkSameLength(theta, grad, momentumBuffer);
        CpuBuffer t = cpu(theta), buf = cpu(momentumBuffer);
        double[] ts = t.reals(), gs = cpu(grad).reals();
        forRange(theta.length(), (lo, hi) -> {
            for (int i = lo; i < hi; i++) t.store(i, ts[i] - c.lr() * sgdDir(ts[i], gs[i], buf, i, c, first));
        });
    }

    @Override
    public void sgdDirection(DeviceBuffer theta, DeviceBuffer grad, DeviceBuffer momentumBuffer, DeviceBuffer dir,
                             SgdCoefficients c, boolean first) {
        checkSameLength(theta, grad, momentumBuffer, dir);
        CpuBuffer buf = cpu(momentumBuffer), d = cpu(dir);
        double[] ts = cpu(theta).reals(), gs = cpu(grad).reals();
        forRange(theta.length(), (lo, hi) -> {
            for (int i = lo; i < hi; i++) d.store(i, c.lr() * sgdDir(ts[i], gs[i], buf, i, c, first));
        });
    }

    private static double adamDir(double theta, double g, CpuBuffer m, CpuBuffer v, int i, AdamCoefficients c) {
        g += c.weightDecay() * theta;
        m.store(i, c.beta1() * m.reals()[i] + (1 - c.beta1()) * g);
        v.store(i, c.beta2() * v.reals()[i] + (1 - c.beta2()) * g * g);
        return c.stepSize() * m.reals()[i] / (Math.sqrt(v.reals()[i]) / c.bc2Sqrt() + c.eps());
    }

    @Override
    public void adamStep(DeviceBuffer theta, DeviceBuffer grad, DeviceBuffer m, DeviceBuffer v, AdamCoefficients c) {
        checkSameLength(theta, grad, m, v);
        CpuBuffer t = cpu(theta), mb = cpu(m), vb = cpu(v);
        double[] ts = t.reals(), gs = cpu(grad).reals();
        forRange(theta.length(), (lo, hi) -> {
            for (int i = lo; i < hi; i++) t.store(i, ts[i] - adamDir(ts[i], gs[i], mb, vb, i, c));
        });
    }

    @Override
    public void adamDirection(DeviceBuffer theta, DeviceBuffer grad, DeviceBuffer m, DeviceBuffer v, DeviceBuffer dir,
                              AdamCoefficients c) {
        checkSameLength(theta, grad, m, v, dir);
        CpuBuffer mb = cpu(m), vb = cpu(v), d = cpu(dir);
        double[] ts = cpu(theta).reals(), gs = cpu(grad).reals();
        forRange(theta.length(), (lo, hi) -> {
            for (int i = lo; i < hi; i++) d.store(i, adamDir(ts[i], gs[i], mb, vb, i, c));
        });
    }

    @Override
    public void aliceInitPert(DeviceBuffer p, DeviceBuffer nu, DeviceBuffer z, double sigma, int seed, int step, long offset) {
        checkSameLength(p, nu, z);
        CpuBuffer pb = cpu(p), zb = cpu(z);
        double[] nus = cpu(nu).reals();
        double s = p.precision().round(sigma);
        forRange(p.length(), (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                double d = Rademacher.sign(seed, step, offset + i) > 0 ? s : -s;
                pb.store(i, nus[i] + d);
                zb.store(i, nus[i] - d);
            }
        });
    }

    @Override
    public void alicePertUpdate(DeviceBuffer p, DeviceBuffer nu, DeviceBuffer z, DeviceBuffer grad, DeviceBuffer g,
                                DeviceBuffer r, DeviceBuffer h, DeviceBuffer v, int phase, AliceCoefficients c) {
        checkSameLength(p, nu, z, grad, g, r, h, v);
        CpuBuffer pb = cpu(p), zb = cpu(z), gb = cpu(g), rb = cpu(r), hb = cpu(h), vb = cpu(v);
        double[] nus = cpu(nu).reals(), grads = cpu(grad).reals(), zs = zb.reals();
        forRange(p.length(), (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                if (phase == 0) {
                    pb.store(i, zs[i]);
                    zb.store(i, grads[i]);
                } else if (phase == 1) {
                    pb.store(i, nus[i]);
                    double gp = zs[i], gm = grads[i];
                    double hz = 0.5 * (gp - gm) / c.sigma();
                    double hv = c.hessComp() == 2 ? hz * hz + c.w2() * c.w2() : Math.abs(hz) + c.w2();
                    hb.store(i, hv + c.beta3() * (hb.reals()[i] - hv));
                    zb.store(i, 0.5 * (gp + gm));
                } else {
                    double g0 = grads[i];
                    double dg = zs[i] - g0;
                    double rho = 2 * dg * dg / c.sigma();
                    double sq = g0 * g0;
                    double x = nus[i];
                    g0 += (x < 0 ? -c.w1() : c.w1()) + c.w2() * x;
                    rb.store(i, rho + c.beta3() * (rb.reals()[i] - rho));
                    vb.store(i, sq + c.beta2() * (vb.reals()[i] - sq));
                    gb.store(i, g0 + c.beta1() * (gb.reals()[i] - g0));
                }
            }
        });
    }

    @Override
    public void aliceQuickUpdate(DeviceBuffer nu, DeviceBuffer grad, DeviceBuffer g, DeviceBuffer v, AliceCoefficients c) {
        checkSameLength(nu, grad, g, v);
        CpuBuffer gb = cpu(g), vb = cpu(v);
        double[] nus = cpu(nu).reals(), grads = cpu(grad).reals();
        forRange(nu.length(), (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                double g0 = grads[i];
                double sq = g0 * g0;
                double x = nus[i];
                g0 += (x < 0 ? -c.w1() : c.w1()) + c.w2() * x;
                vb.store(i, sq + c.beta2() * (vb.reals()[i] - sq));
                gb.store(i, g0 + c.beta1() * (gb.reals()[i] - g0));
            }
        });
    }

    @Override
    public void aliceStateUpdate(DeviceBuffer p, DeviceBuffer mu, DeviceBuffer nu, DeviceBuffer g, DeviceBuffer r,
                                 DeviceBuffer h, DeviceBuffer v, AliceCoefficients c) {
        checkSameLength(p, mu, nu, g, r, h, v);
        CpuBuffer pb = cpu(p), mb = cpu(mu), nb = cpu(nu);
        double[] gs = cpu(g).reals(), rs = cpu(r).reals(), hs = cpu(h).reals(), vs = cpu(v).reals();
        forRange(p.length(), (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                double delta = AliceStep.delta(gs[i], rs[i], hs[i], vs[i], c);
                double m = mb.reals()[i];
                double mNew = m + c.phi() * delta;
                nb.store(i, m + c.omega() * delta);
                mb.store(i, mNew);
                pb.store(i, mNew);
            }
        });
    }
}
