package org.newton4j.optim;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

import org.newton4j.device.DeviceBuffer;

/**
 * Adam with bias correction and L2 weight decay (PyTorch's {@code torch.optim.Adam}):
 * g ← g + wd θ; m ← β1 m + (1−β1) g; v ← β2 v + (1−β2) g²;
 * θ ← θ − lr/(1−β1^t) · m / (√v / √(1−β2^t) + ε). One fused kernel per tensor and step.
 *
 * <pre>{@code
 * try (Adam<Batch> adam = Adam.builder(params, oracle).lr(1e-3).build()) {
 *     for (Batch b : batches) adam.step(b);
 * }
 * }</pre>
 */
public final class Adam<B> implements Optimizer<B>, DirectionRule {
    private static final String KIND = "adam";

    private final ParameterSet params;
    private final OptimKernels kernels;
    private final GradientEvaluator<B> evaluator;
    private final TensorList gradient, m, v;
    private double lr;
    private final double beta1, beta2, eps, weightDecay;
    private long steps;

    private Adam(Builder<B> b) {
        params = b.params;
        lr = Hyper.positive("lr", b.lr);
        beta1 = Hyper.inHalfOpen("beta1", b.beta1, 0, 1);
        beta2 = Hyper.inHalfOpen("beta2", b.beta2, 0, 1);
        eps = Hyper.positive("eps", b.eps);
        weightDecay = Hyper.nonNegative("weightDecay", b.weightDecay);
        kernels = OptimKernels.on(params.backend());
        evaluator = b.oracle == null ? null : new GradientEvaluator<>(b.oracle, params, kernels, b.checkFinite);
        gradient = b.oracle == null ? null : params.allocateFilled(0);
        m = params.allocateFilled(0);
        v = params.allocateFilled(0);
    }

    /** A builder; {@code oracle} may be null when the rule only serves as a {@link DirectionRule}. */
    public static <B> Builder<B> builder(ParameterSet params, GradientOracle<B> oracle) {
        return new Builder<>(params, oracle);
    }

    @Override
    public double step(B batch) {
        if (evaluator == null) throw new IllegalStateException("adam: built without a gradient oracle");
        double loss = evaluator.evaluate(params.buffers(), batch, gradient.buffers());
        AdamCoefficients c = AdamCoefficients.at(steps + 1, lr, beta1, beta2, eps, weightDecay);
        for (int i = 0; i < params.size(); i++) kernels.adamStep(params.get(i).buffer(), gradient.get(i), m.get(i), v.get(i), c);
        steps++;
        return loss;
    }

    @Override
    public void direction(List<DeviceBuffer> grad, List<DeviceBuffer> dir) {
        params.checkMatches(grad, "gradient");
        params.checkMatches(dir, "direction");
        AdamCoefficients c = AdamCoefficients.at(steps + 1, lr, beta1, beta2, eps, weightDecay);
        for (int i = 0; i < params.size(); i++)
            kernels.adamDirection(params.get(i).buffer(), grad.get(i), m.get(i), v.get(i), dir.get(i), c);
        steps++;
    }

    public double lr() { return lr; }

    public void setLr(double lr) { this.lr = Hyper.positive("lr", lr); }

    @Override public long steps() { return steps; }
    @Override public ParameterSet parameters() { return params; }

    @Override
    public void save(DataOutput out) throws IOException {
        StateStreams.writeHeader(out, KIND, params);
        out.writeDouble(beta1);
        out.writeDouble(beta2);
        out.writeLong(steps);
        out.writeDouble(lr);
        StateStreams.writeTensors(out, m);
        StateStreams.writeTensors(out, v);
    }

    @Override
    public void restore(DataInput in) throws IOException {
        StateStreams.readHeader(in, KIND, params);
        StateStreams.expectSame(in, "beta1", beta1);
        StateStreams.expectSame(in, "beta2", beta2);
        long s = in.readLong();
        double l = in.readDouble();
        StateStreams.readTensors(in, m, "first moment", params);
        StateStreams.readTensors(in, v, "second moment", params);
        steps = s;
        lr = l;
    }

    @Override
    public void close() {
        if (gradient != null) gradient.close();
        m.close();
        v.close();
        kernels.close();
    }

    public static final class Builder<B> {
        private final ParameterSet params;
        private final GradientOracle<B> oracle;
        private double lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay;
        private boolean checkFinite = true;

        private Builder(ParameterSet params, GradientOracle<B> oracle) {
            if (params == null) throw new IllegalArgumentException("params: is null");
            this.params = params;
            this.oracle = oracle;
        }

        public Builder<B> lr(double x) { lr = x; return this; }
        public Builder<B> betas(double b1, double b2) { beta1 = b1; beta2 = b2; return this; }
        public Builder<B> eps(double x) { eps = x; return this; }
        public Builder<B> weightDecay(double x) { weightDecay = x; return this; }
        /** Reject NaN/infinite losses and gradients (one extra read of the gradient per step; default on). */
        public Builder<B> checkFinite(boolean x) { checkFinite = x; return this; }

        public Adam<B> build() { return new Adam<>(this); }
    }
}
