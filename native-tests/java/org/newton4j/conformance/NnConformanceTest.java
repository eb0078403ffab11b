package org.newton4j.conformance;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.ElementType;
import org.newton4j.device.NativeBackend;
import org.newton4j.device.Precision;
import org.newton4j.device.cpu.CpuBackend;
import org.newton4j.nn.Activation;
import org.newton4j.nn.ActivationLayer;
import org.newton4j.nn.Conv2d;
import org.newton4j.nn.ConvGeometry;
import org.newton4j.nn.Flatten;
import org.newton4j.nn.HessianVectorProduct;
import org.newton4j.nn.OutputLoss;
import org.newton4j.nn.Initializer;
import org.newton4j.nn.Linear;
import org.newton4j.nn.MaxPool2d;
import org.newton4j.nn.NnOps;
import org.newton4j.nn.Parameter;
import org.newton4j.nn.PoolGeometry;
import org.newton4j.nn.Sequential;
import org.newton4j.nn.Tensor;

/**
 * Every layer kernel of module "nn" against the CPU reference, on fresh random inputs, outputs
 * poisoned with NaN first; accumulated gradients start from the same random values on both sides.
 */
class NnConformanceTest {
    private static final Backend CPU = CpuBackend.shared();
    private static List<NativeBackend> backends;

    @BeforeAll
    static void open() { backends = NativeBackends.openOrSkip(); }

    @AfterAll
    static void close() { NativeBackends.closeAll(backends); }

    /** The same host values on the CPU and on a native backend. */
    private record Twin(DeviceBuffer cpu, DeviceBuffer dev) implements AutoCloseable {
        static Twin random(NativeBackend dev, Precision p, SplittableRandom rng, long n) {
            double[] v = new double[Math.toIntExact(n)];
            for (int i = 0; i < v.length; i++) v[i] = 2 * rng.nextDouble() - 1;
            return new Twin(CPU.upload(p, v), dev.upload(p, v));
        }

        static Twin poisoned(NativeBackend dev, Precision p, long n) {
            Twin t = new Twin(CPU.allocate(p, n), dev.allocate(p, n));
            CPU.fill(t.cpu, Double.NaN);
            dev.fill(t.dev, Double.NaN);
            return t;
        }

        static Twin ints(NativeBackend dev, long n) {
            Twin t = new Twin(CPU.allocate(ElementType.I32, n), dev.allocate(ElementType.I32, n));
            CPU.fill(t.cpu, -7);
            dev.fill(t.dev, -7);
            return t;
        }

        void assertAgree(String what) {
            Precision p = cpu.precision();
            Agreement.assertClose(what + " (" + dev.backend().kind() + ", " + p + ")", CPU.toDoubles(cpu),
                    dev.backend().toDoubles(dev), Agreement.valueTolerance(p));
        }

        @Override
        public void close() {
            cpu.close();
            dev.close();
        }
    }

    private interface Case {
        void run(NativeBackend b, Precision p, SplittableRandom rng);
    }

    private static void forEach(long seed, Case c) {
        for (NativeBackend b : backends)
            for (Precision p : Precision.values())
                if (b.supports(p)) c.run(b, p, new SplittableRandom(seed));
    }

    @Test
    void linearForwardAndBackward() {
        int[][] shapes = {{5, 7, 3}, {33, 40, 17}, {1, 1, 1}};
        for (int[] s : shapes)
            forEach(s[0] * 1000L + s[1], (b, p, rng) -> {
                int n = s[0], in = s[1], out = s[2];
                NnOps cpu = NnOps.on(CPU), dev = NnOps.on(b);
                try (Twin x = Twin.random(b, p, rng, (long) n * in); Twin w = Twin.random(b, p, rng, (long) out * in);
                     Twin bias = Twin.random(b, p, rng, out); Twin y = Twin.poisoned(b, p, (long) n * out);
                     Twin dy = Twin.random(b, p, rng, (long) n * out); Twin dx = Twin.poisoned(b, p, (long) n * in);
                     Twin dw = Twin.random(b, p, rng, (long) out * in); Twin db = Twin.random(b, p, rng, out)) {
                    cpu.linearForward(n, in, out, x.cpu, w.cpu, bias.cpu, y.cpu);
                    dev.linearForward(n, in, out, x.dev, w.dev, bias.dev, y.dev);
                    y.assertAgree("linear y " + n + "x" + in + "->" + out);
                    cpu.linearBackward(n, in, out, x.cpu, w.cpu, dy.cpu, dx.cpu, dw.cpu, db.cpu);
                    dev.linearBackward(n, in, out, x.dev, w.dev, dy.dev, dx.dev, dw.dev, db.dev);
                    dx.assertAgree("linear dx");
                    dw.assertAgree("linear dw");
                    db.assertAgree("linear db");
                }
            });
    }

    @Test
    void conv2dForwardAndBackward() {
        ConvGeometry[] gs = {new ConvGeometry(3, 2, 9, 11, 4, 5, 1, 2), new ConvGeometry(2, 3, 8, 7, 5, 3, 2, 1),
                             new ConvGeometry(1, 1, 6, 6, 2, 3, 1, 0), new ConvGeometry(4, 17, 5, 19, 18, 3, 1, 1)};
        for (ConvGeometry g : gs)
            forEach(g.hashCode(), (b, p, rng) -> {
                NnOps cpu = NnOps.on(CPU), dev = NnOps.on(b);
                long in = (long) g.batch() * g.inChannels() * g.inPixels(), out = (long) g.batch() * g.outChannels() * g.outPixels();
                long ws = (long) g.outChannels() * g.patchSize();
                try (Twin x = Twin.random(b, p, rng, in); Twin w = Twin.random(b, p, rng, ws); Twin bias = Twin.random(b, p, rng, g.outChannels());
                     Twin y = Twin.poisoned(b, p, out); Twin dy = Twin.random(b, p, rng, out); Twin dx = Twin.poisoned(b, p, in);
                     Twin dw = Twin.random(b, p, rng, ws); Twin db = Twin.random(b, p, rng, g.outChannels())) {
                    cpu.conv2dForward(g, x.cpu, w.cpu, bias.cpu, y.cpu);
                    dev.conv2dForward(g, x.dev, w.dev, bias.dev, y.dev);
                    y.assertAgree("conv y " + g);
                    cpu.conv2dBackward(g, x.cpu, w.cpu, dy.cpu, dx.cpu, dw.cpu, db.cpu);
                    dev.conv2dBackward(g, x.dev, w.dev, dy.dev, dx.dev, dw.dev, db.dev);
                    dx.assertAgree("conv dx " + g);
                    dw.assertAgree("conv dw " + g);
                    db.assertAgree("conv db " + g);
                }
            });
    }

    @Test
    void activations() {
        for (Activation act : Activation.values())
            forEach(act.ordinal() + 50, (b, p, rng) -> {
                NnOps cpu = NnOps.on(CPU), dev = NnOps.on(b);
                long n = 1000 + rng.nextInt(100);
                try (Twin x = Twin.random(b, p, rng, n); Twin y = Twin.poisoned(b, p, n); Twin dy = Twin.random(b, p, rng, n);
                     Twin dx = Twin.poisoned(b, p, n)) {
                    cpu.activationForward(act, 0.8, n, x.cpu, y.cpu);
                    dev.activationForward(act, 0.8, n, x.dev, y.dev);
                    y.assertAgree(act + " forward");
                    cpu.activationBackward(act, 0.8, n, x.cpu, dy.cpu, dx.cpu);
                    dev.activationBackward(act, 0.8, n, x.dev, dy.dev, dx.dev);
                    dx.assertAgree(act + " backward");
                }
            });
    }

    @Test
    void maxPool() {
        PoolGeometry[] gs = {new PoolGeometry(2, 3, 8, 10, 2, 2), new PoolGeometry(2, 2, 7, 9, 3, 2), new PoolGeometry(1, 4, 5, 5, 2, 1)};
        for (PoolGeometry g : gs)
            forEach(g.hashCode(), (b, p, rng) -> {
                NnOps cpu = NnOps.on(CPU), dev = NnOps.on(b);
                long in = (long) g.batch() * g.channels() * g.inHeight() * g.inWidth();
                try (Twin x = Twin.random(b, p, rng, in); Twin y = Twin.poisoned(b, p, g.outputSize());
                     Twin am = Twin.ints(b, g.outputSize()); Twin dy = Twin.random(b, p, rng, g.outputSize()); Twin dx = Twin.poisoned(b, p, in)) {
                    cpu.maxPoolForward(g, x.cpu, y.cpu, am.cpu);
                    dev.maxPoolForward(g, x.dev, y.dev, am.dev);
                    y.assertAgree("maxpool y " + g);
                    org.junit.jupiter.api.Assertions.assertArrayEquals(CPU.toInts(am.cpu), b.toInts(am.dev), "maxpool argmax " + g);
                    cpu.maxPoolBackward(g, dy.cpu, am.cpu, dx.cpu, in);
                    dev.maxPoolBackward(g, dy.dev, am.dev, dx.dev, in);
                    dx.assertAgree("maxpool dx " + g);
                }
            });
    }

    /** The ranking network end to end: scores and every parameter gradient agree. */
    @Test
    void smallRankingNetwork() {
        forEach(77, (b, p, rng) -> {
            double[] images = new double[6 * 12 * 16];
            for (int i = 0; i < images.length; i++) images[i] = rng.nextGaussian();
            double[] cot = new double[6];
            for (int i = 0; i < cot.length; i++) cot[i] = rng.nextGaussian();
            try (Sequential onCpu = net(CPU, p); Sequential onDev = net(b, p);
                 Tensor xc = Tensor.upload(CPU, p, images, 6, 1, 12, 16); Tensor xd = Tensor.upload(b, p, images, 6, 1, 12, 16);
                 Tensor gc = Tensor.upload(CPU, p, cot, 6, 1); Tensor gd = Tensor.upload(b, p, cot, 6, 1)) {
                Agreement.assertClose("network scores (" + b.kind() + ", " + p + ")", onCpu.forward(xc).toHost(),
                        onDev.forward(xd).toHost(), Agreement.valueTolerance(p));
                onCpu.zeroGradients();
                onDev.zeroGradients();
                Agreement.assertClose("network input gradient", onCpu.backward(gc).toHost(), onDev.backward(gd).toHost(),
                        Agreement.valueTolerance(p));
                for (int i = 0; i < onCpu.parameters().size(); i++) {
                    Parameter pc = onCpu.parameters().get(i), pd = onDev.parameters().get(i);
                    Agreement.assertClose("gradient of " + pc.name() + " (" + b.kind() + ", " + p + ")",
                            pc.gradient().toHost(), pd.gradient().toHost(), Agreement.valueTolerance(p));
                }
            }
        });
    }

    @Test
    void rOperatorKernels() {
        forEach(91, (b, p, rng) -> {
            NnOps cpu = NnOps.on(CPU), dev = NnOps.on(b);
            long n = 777;
            try (Twin x = Twin.random(b, p, rng, n); Twin y = Twin.random(b, p, rng, n); Twin z = Twin.random(b, p, rng, n);
                 Twin out = Twin.poisoned(b, p, n)) {
                cpu.add(n, x.cpu, y.cpu, out.cpu);
                dev.add(n, x.dev, y.dev, out.dev);
                out.assertAgree("add");
                for (Activation act : Activation.values()) {
                    b.fill(out.dev, Double.NaN);
                    cpu.activationCurvature(act, 0.6, n, x.cpu, y.cpu, z.cpu, out.cpu);
                    dev.activationCurvature(act, 0.6, n, x.dev, y.dev, z.dev, out.dev);
                    if (act != Activation.RELU) out.assertAgree(act + " curvature");
                    else org.junit.jupiter.api.Assertions.assertTrue(java.util.Arrays.stream(b.toDoubles(out.dev)).allMatch(v -> v == 0), "relu curvature is 0");
                }
            }
            PoolGeometry g = new PoolGeometry(2, 3, 7, 9, 3, 2);
            long in = 2L * 3 * 7 * 9;
            try (Twin x = Twin.random(b, p, rng, in); Twin rx = Twin.random(b, p, rng, in); Twin y = Twin.poisoned(b, p, g.outputSize());
                 Twin am = Twin.ints(b, g.outputSize()); Twin ry = Twin.poisoned(b, p, g.outputSize())) {
                cpu.maxPoolForward(g, x.cpu, y.cpu, am.cpu);
                dev.maxPoolForward(g, x.dev, y.dev, am.dev);
                cpu.maxPoolGather(g, rx.cpu, am.cpu, ry.cpu);
                dev.maxPoolGather(g, rx.dev, am.dev, ry.dev);
                ry.assertAgree("maxpool gather");
            }
        });
    }

    /** L = ½‖y‖²: HVP in output space is the identity; works on any backend through host copies. */
    private static final OutputLoss HALF_SQUARED = new OutputLoss() {
        @Override
        public double gradient(Tensor y, Tensor gradient) {
            double[] v = y.toHost();
            y.backend().write(gradient.buffer(), 0, v, 0, v.length);
            double s = 0;
            for (double t : v) s += t * t;
            return s / 2;
        }

        @Override
        public void hessianVectorProduct(Tensor y, Tensor v, Tensor out) {
            y.backend().copy(v.buffer(), 0, out.buffer(), 0, v.size());
        }
    };

    /** Exact HVPs of a whole network (R-operator passes on the device) agree with the CPU. */
    @Test
    void hessianVectorProductOfANetwork() {
        forEach(93, (b, p, rng) -> {
            double[] images = new double[4 * 12 * 16];
            for (int i = 0; i < images.length; i++) images[i] = rng.nextGaussian();
            try (Sequential onCpu = net(CPU, p); Sequential onDev = net(b, p);
                 Tensor xc = Tensor.upload(CPU, p, images, 4, 1, 12, 16); Tensor xd = Tensor.upload(b, p, images, 4, 1, 12, 16)) {
                java.util.List<Tensor> vc = new java.util.ArrayList<>(), vd = new java.util.ArrayList<>();
                java.util.List<Tensor> oc = new java.util.ArrayList<>(), od = new java.util.ArrayList<>();
                try {
                    for (Parameter q : onCpu.parameters()) {
                        double[] d = new double[q.size()];
                        for (int i = 0; i < d.length; i++) d[i] = rng.nextGaussian();
                        vc.add(Tensor.upload(CPU, p, d, q.value().shape()));
                        vd.add(Tensor.upload(b, p, d, q.value().shape()));
                        oc.add(Tensor.allocate(CPU, p, q.value().shape()));
                        Tensor o = Tensor.allocate(b, p, q.value().shape());
                        b.fill(o.buffer(), Double.NaN);
                        od.add(o);
                    }
                    HessianVectorProduct.compute(onCpu, xc, HALF_SQUARED, vc, oc);
                    HessianVectorProduct.compute(onDev, xd, HALF_SQUARED, vd, od);
                    for (int i = 0; i < oc.size(); i++)
                        Agreement.assertClose("HVP of " + onCpu.parameters().get(i).name() + " (" + b.kind() + ", " + p + ")",
                                oc.get(i).toHost(), od.get(i).toHost(), Agreement.hessianTolerance(p));
                } finally {
                    for (java.util.List<Tensor> l : java.util.List.of(vc, vd, oc, od)) l.forEach(Tensor::close);
                }
            }
        });
    }

    private static Sequential net(Backend b, Precision p) {
        Sequential s = new Sequential(new Conv2d(b, p, 1, 3, 5, 1, 2), ActivationLayer.relu(), new MaxPool2d(2),
                new Conv2d(b, p, 3, 4, 5, 1, 2), ActivationLayer.elu(1.0), new MaxPool2d(2), new Flatten(),
                new Linear(b, p, 4 * 3 * 4, 5), ActivationLayer.tanh(), new Linear(b, p, 5, 1));
        s.initialize(Initializer.KAIMING_UNIFORM, 5);
        return s;
    }
}
