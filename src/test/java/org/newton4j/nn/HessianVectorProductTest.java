package org.newton4j.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.newton4j.device.Backend;
import org.newton4j.device.Precision;

/** R-operator HVPs against central differences of the backward pass's gradients (float64, CPU). */
class HessianVectorProductTest {
    private static final Backend CPU = GradientCheck.CPU;
    /** Small, so that θ ± h·v rarely crosses a ReLU kink or a max-pool argmax switch (where FD breaks, not the HVP). */
    private static final double H = 1e-7;

    /** L(y) = Σ a⊙y + Σ log cosh y + ½(Σ y)²: curved, with a dense Hessian sech²(y) + 11ᵀ. */
    static final class CurvedLoss implements OutputLoss {
        private final double[] a;

        CurvedLoss(double[] a) { this.a = a; }

        @Override
        public double gradient(Tensor y, Tensor gradient) {
            double[] v = y.toHost(), g = new double[v.length];
            double sum = 0, l = 0;
            for (double t : v) sum += t;
            for (int i = 0; i < v.length; i++) {
                l += a[i] * v[i] + Math.log(Math.cosh(v[i]));
                g[i] = a[i] + Math.tanh(v[i]) + sum;
            }
            CPU.write(gradient.buffer(), 0, g, 0, g.length);
            return l + 0.5 * sum * sum;
        }

        @Override
        public void hessianVectorProduct(Tensor y, Tensor v, Tensor out) {
            double[] yy = y.toHost(), vv = v.toHost(), o = new double[yy.length];
            double s = 0;
            for (double t : vv) s += t;
            for (int i = 0; i < yy.length; i++) {
                double c = 1 / Math.cosh(yy[i]);
                o[i] = c * c * vv[i] + s;
            }
            CPU.write(out.buffer(), 0, o, 0, o.length);
        }
    }

    private static void check(Sequential net, long seed, int... inputShape) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] xs = GradientCheck.random(rng, (int) Tensor.size(inputShape));
        int outputs = (int) Tensor.size(net.outputShape(inputShape));
        CurvedLoss loss = new CurvedLoss(GradientCheck.random(rng, outputs));
        List<Parameter> ps = net.parameters();
        // nonzero biases: with zero biases a unit whose input patch is all zero (dead ReLUs upstream)
        // sits exactly on the next ReLU's kink, where the Hessian does not exist
        for (Parameter p : ps)
            if (p.name().endsWith("bias")) CPU.write(p.value().buffer(), 0, GradientCheck.random(rng, p.size()), 0, p.size());
        List<Tensor> v = new ArrayList<>(), out = new ArrayList<>();
        List<double[]> vHost = new ArrayList<>();
        for (Parameter p : ps) {
            double[] d = GradientCheck.random(rng, p.size());
            vHost.add(d);
            v.add(Tensor.upload(CPU, Precision.F64, d, p.value().shape()));
            out.add(Tensor.allocate(CPU, Precision.F64, p.value().shape()));
        }
        try (Tensor x = Tensor.upload(CPU, Precision.F64, xs, inputShape)) {
            HessianVectorProduct.compute(net, x, loss, v, out);
            List<double[]> plus = gradientsAt(net, x, loss, vHost, H), minus = gradientsAt(net, x, loss, vHost, -H);
            for (int i = 0; i < ps.size(); i++) {
                double[] fd = new double[ps.get(i).size()];
                for (int j = 0; j < fd.length; j++) fd[j] = (plus.get(i)[j] - minus.get(i)[j]) / (2 * H);
                GradientCheck.assertClose("HVP of " + ps.get(i).name() + " in " + net, fd, out.get(i).toHost(), 1e-6);
            }
        } finally {
            v.forEach(Tensor::close);
            out.forEach(Tensor::close);
        }
    }

    /** Gradients at θ + h·v (θ restored afterwards). */
    private static List<double[]> gradientsAt(Sequential net, Tensor x, OutputLoss loss, List<double[]> v, double h) {
        List<Parameter> ps = net.parameters();
        List<double[]> keep = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
            double[] t = ps.get(i).value().toHost();
            keep.add(t.clone());
            for (int j = 0; j < t.length; j++) t[j] += h * v.get(i)[j];
            CPU.write(ps.get(i).value().buffer(), 0, t, 0, t.length);
        }
        net.zeroGradients();
        Tensor y = net.forward(x);
        try (Tensor g = Tensor.allocate(CPU, Precision.F64, y.shape())) {
            loss.gradient(y, g);
            net.backward(g);
        }
        List<double[]> grads = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
            grads.add(ps.get(i).gradient().toHost());
            CPU.write(ps.get(i).value().buffer(), 0, keep.get(i), 0, keep.get(i).length);
        }
        return grads;
    }

    @Test
    void tanhMlp() {
        try (Sequential net = new Sequential(new Linear(CPU, Precision.F64, 6, 8), ActivationLayer.tanh(),
                new Linear(CPU, Precision.F64, 8, 5), ActivationLayer.tanh(), new Linear(CPU, Precision.F64, 5, 3))) {
            net.initialize(Initializer.XAVIER_NORMAL, 1);
            check(net, 2, 4, 6);
        }
    }

    @Test
    void softplusOutputMlp() {
        try (Sequential net = new Sequential(new Linear(CPU, Precision.F64, 5, 7), ActivationLayer.relu(),
                new Linear(CPU, Precision.F64, 7, 3), ActivationLayer.softplus())) {
            net.initialize(Initializer.KAIMING_NORMAL, 5);
            check(net, 4, 3, 5);
        }
    }

    @Test
    void eluMlp() {
        try (Sequential net = new Sequential(new Linear(CPU, Precision.F64, 5, 7), ActivationLayer.elu(0.9),
                new Linear(CPU, Precision.F64, 7, 2))) {
            net.initialize(Initializer.KAIMING_NORMAL, 3);
            check(net, 4, 3, 5);
        }
    }

    @Test
    void convNetWithPoolingAndAllActivations() {
        try (Sequential net = new Sequential(
                new Conv2d(CPU, Precision.F64, 2, 3, 3, 1, 1), ActivationLayer.tanh(), new MaxPool2d(2),
                new Conv2d(CPU, Precision.F64, 3, 4, 3, 2, 1), ActivationLayer.relu(),
                new Conv2d(CPU, Precision.F64, 4, 2, 1, 1, 0), ActivationLayer.elu(1.0),
                new Flatten(), new Linear(CPU, Precision.F64, 2 * 2 * 3, 3))) {
            net.initialize(Initializer.KAIMING_UNIFORM, 5);
            check(net, 6, 2, 2, 8, 12);
        }
    }

    @Test
    void rankingNetworkShape() {
        try (Sequential net = new Sequential(
                new Conv2d(CPU, Precision.F64, 1, 2, 5, 1, 2), ActivationLayer.relu(), new MaxPool2d(2),
                new Conv2d(CPU, Precision.F64, 2, 3, 5, 1, 2), ActivationLayer.relu(), new MaxPool2d(2),
                new Flatten(), new Linear(CPU, Precision.F64, 3 * 2 * 4, 4), ActivationLayer.relu(),
                new Linear(CPU, Precision.F64, 4, 1))) {
            net.initialize(Initializer.KAIMING_UNIFORM, 7);
            check(net, 8, 5, 1, 8, 16);
        }
    }

    /** The same conv net over several seeds: catches a wrong term that one draw might hide. */
    @Test
    void convNetOverSeeds() {
        for (long seed = 20; seed < 26; seed++)
            try (Sequential net = new Sequential(
                    new Conv2d(CPU, Precision.F64, 2, 3, 3, 1, 1), ActivationLayer.tanh(), new MaxPool2d(2),
                    new Conv2d(CPU, Precision.F64, 3, 4, 3, 2, 1), ActivationLayer.relu(),
                    new Conv2d(CPU, Precision.F64, 4, 2, 1, 1, 0), seed % 2 == 0 ? ActivationLayer.elu(1.0) : ActivationLayer.relu(),
                    new Flatten(), new Linear(CPU, Precision.F64, 2 * 2 * 3, 3))) {
                net.initialize(Initializer.KAIMING_UNIFORM, seed);
                check(net, seed + 100, 2, 2, 8, 12);
            }
    }
}
