package org.newton4j.optim;

import java.util.List;

import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.ElementType;
import org.newton4j.device.Launch;
import org.newton4j.device.NativeBackend;
import org.newton4j.device.Precision;

/** The optim kernels on OpenCL or CUDA (module {@code optim}); grid-stride launches of 256 threads. */
final class NativeOptimKernels implements OptimKernels {
    private static final String MODULE = "optim";
    private static final int GROUP = 256;
    /** Enough groups to fill any current GPU; the kernels stride over the rest. */
    private static final long MAX_GROUPS = 4096;
    /** Groups of the dot product (its partial sums come back to the host). */
    private static final int DOT_GROUPS = 256;

    private final NativeBackend backend;
    private DeviceBuffer flag;
    private final DeviceBuffer[] partials = new DeviceBuffer[2];

    NativeOptimKernels(NativeBackend backend) { this.backend = backend; }

    private static Launch launchFor(long n) {
        long groups = Math.max(1, Math.min(MAX_GROUPS, (n + GROUP - 1) / GROUP));
        return new Launch(groups, GROUP, 0);
    }

    private void run(String fn, DeviceBuffer shape, Object... args) {
        Precision p = shape.precision();
        backend.launch(backend.kernel(MODULE, fn, p), launchFor(shape.length()), args);
    }

    private static void checkSameLength(DeviceBuffer first, DeviceBuffer... rest) {
        for (DeviceBuffer b : rest)
            if (b.length() != first.length() || b.type() != first.type())
                throw new IllegalArgumentException("optim kernel: buffers differ (" + first.length() + " " + first.type()
                        + " vs " + b.length() + " " + b.type() + ")");
    }

    @Override
    public boolean anyNonFinite(List<DeviceBuffer> xs) {
        if (flag == null) flag = backend.allocate(ElementType.I32, 1);
        backend.fill(flag, 0);
        for (DeviceBuffer x : xs) {
            if (x.length() == 0) continue;
            backend.launch(backend.kernel(MODULE, "nonfinite_flag", x.precision()), launchFor(x.length()), x, flag, x.length());
        }
        return backend.toInts(flag)[0] != 0;
    }

    @Override
    public void axpby(DeviceBuffer out, double a, DeviceBuffer x, double b, DeviceBuffer y) {
        checkSameLength(out, x, y);
        Precision p = out.precision();
        run("axpby", out, out, x, y, p.scalar(a), p.scalar(b), out.length());
    }

    @Override
    public double dot(DeviceBuffer x, DeviceBuffer y) {
        checkSameLength(x, y);
        Precision p = x.precision();
        int slot = p == Precision.F32 ? 0 : 1;
        if (partials[slot] == null) partials[slot] = backend.allocate(p, DOT_GROUPS);
        long groups = Math.max(1, Math.min(DOT_GROUPS, (x.length() + GROUP - 1) / GROUP));
        backend.launch(backend.kernel(MODULE, "dot_partial", p), new Launch(groups, GROUP, (long) GROUP * p.bytes()),
                x, y, partials[slot], x.length());
        double[] part = new double[(int) groups];
        backend.read(partials[slot], 0, part, 0, part.length);
        double s = 0;
        for (double d : part) s += d;
        return s;
    }

    @Override
    public void sgdStep(DeviceBuffer theta, DeviceBuffer grad, DeviceBuffer buf, SgdCoefficients c, boolean first) {
        checkSameLength(theta, grad, buf);
        Precision p = theta.precision();
        run("sgd_step", theta, theta, grad, buf, theta.length(), p.scalar(c.lr()), p.scalar(c.momentum()),
                p.scalar(c.dampening()), p.scalar(c.weightDecay()), c.nesterov() ? 1 : 0, first ? 1 : 0);
    }

    @Override
    public void sgdDirection(DeviceBuffer theta, DeviceBuffer grad, DeviceBuffer buf, DeviceBuffer dir,
                             SgdCoefficients c, boolean first) {
        checkSameLength(theta, grad, buf, dir);
        Precision p = theta.precision();
        run("sgd_direction", theta, theta, grad, buf, dir, theta.length(), p.scalar(c.lr()), p.scalar(c.momentum()),
                p.scalar(c.dampening()), p.scalar(c.weightDecay()), c.nesterov() ? 1 : 0, first ? 1 : 0);
    }

    @Override
    public void adamStep(DeviceBuffer theta, DeviceBuffer grad, DeviceBuffer m, DeviceBuffer v, AdamCoefficients c) {
        checkSameLength(theta, grad, m, v);
        Precision p = theta.precision();
        run("adam_step", theta, theta, grad, m, v, theta.length(), p.scalar(c.stepSize()), p.scalar(c.beta1()),
                p.scalar(c.beta2()), p.scalar(c.eps()), p.scalar(c.weightDecay()), p.scalar(c.bc2Sqrt()));
    }

    @Override
    public void adamDirection(DeviceBuffer theta, DeviceBuffer grad, DeviceBuffer m, DeviceBuffer v, DeviceBuffer dir,
                              AdamCoefficients c) {
        checkSameLength(theta, grad, m, v, dir);
        Precision p = theta.precision();
        run("adam_direction", theta, theta, grad, m, v, dir, theta.length(), p.scalar(c.stepSize()), p.scalar(c.beta1()),
                p.scalar(c.beta2()), p.scalar(c.eps()), p.scalar(c.weightDecay()), p.scalar(c.bc2Sqrt()));
    }

    @Override
    public void aliceInitPert(DeviceBuffer pb, DeviceBuffer nu, DeviceBuffer z, double sigma, int seed, int step, long offset) {
        checkSameLength(pb, nu, z);
        Precision p = pb.precision();
        run("alice_init_pert", pb, pb, nu, z, pb.length(), p.scalar(sigma), seed, step, offset);
    }

    @Override
    public void alicePertUpdate(DeviceBuffer pb, DeviceBuffer nu, DeviceBuffer z, DeviceBuffer grad, DeviceBuffer g,
                                DeviceBuffer r, DeviceBuffer h, DeviceBuffer v, int phase, AliceCoefficients c) {
        checkSameLength(pb, nu, z, grad, g, r, h, v);
        Precision p = pb.precision();
        run("alice_pert_update", pb, pb, nu, z, grad, g, r, h, v, pb.length(), phase, c.hessComp(),
                p.scalar(c.sigma()), p.scalar(c.beta1()), p.scalar(c.beta2()), p.scalar(c.beta3()),
                p.scalar(c.w1()), p.scalar(c.w2()));
    }

    @Override
    public void aliceQuickUpdate(DeviceBuffer nu, DeviceBuffer grad, DeviceBuffer g, DeviceBuffer v, AliceCoefficients c) {
        checkSameLength(nu, grad, g, v);
        Precision p = nu.precision();
        run("alice_quick_update", nu, nu, grad, g, v, nu.length(), p.scalar(c.beta1()), p.scalar(c.beta2()),
                p.scalar(c.w1()), p.scalar(c.w2()));
    }

    @Override
    public void aliceStateUpdate(DeviceBuffer pb, DeviceBuffer mu, DeviceBuffer nu, DeviceBuffer g, DeviceBuffer r,
                                 DeviceBuffer h, DeviceBuffer v, AliceCoefficients c) {
        checkSameLength(pb, mu, nu, g, r, h, v);
        Precision p = pb.precision();
        run("alice_state_update", pb, pb, mu, nu, g, r, h, v, pb.length(), c.hessComp(), c.gradGlass() ? 1 : 0,
                c.limiter(), p.scalar(c.eps()), p.scalar(c.tau1()), p.scalar(c.tau2()), p.scalar(c.phi()),
                p.scalar(c.omega()));
    }

    @Override
    public void close() {
        if (flag != null) flag.close();
        for (DeviceBuffer b : partials) if (b != null) b.close();
    }
}
