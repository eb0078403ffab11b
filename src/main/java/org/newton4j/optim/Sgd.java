package org.newton4j.optim;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

import org.newton4j.device.DeviceBuffer;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight
 * decay, with PyTorch's semantics: d = g + wd θ; b ← d on the first step, else μ b + (1 − τ) d;
 * d ← d + μ b (Nesterov) or b; θ ← θ − lr d. One fused kernel per tensor and step.
 *
 * <pre>{@code
 * try (Sgd<Batch> sgd = Sgd.builder(params, oracle).lr(0.1).momentum(0.9).nesterov(true).build()) {
 *     for (Batch b : batches) sgd.step(b);
 * }
 * }</pre>
 */
public final class Sgd<B> implements Optimizer<B>, DirectionRule {
    private static final String KIND = "sgd";

    private final ParameterSet params;
    private final OptimKernels kernels;
    private final GradientEvaluator<B> evaluator;
    private final TensorList gradient;
    private final TensorList momentumBuffers;
    private double lr;
    private final double momentum, dampening, weightDecay;
    private final boolean nesterov;
    private long steps;

    private Sgd(Builder<B> b) {
        params = b.params;
        lr = Hyper.positive("lr", b.lr);
        momentum = Hyper.inHalfOpen("momentum", b.momentum, 0, 1);
        dampening = Hyper.inClosed("dampening", b.dampening, 0, 1);
        weightDecay = Hyper.nonNegative("weightDecay", b.weightDecay);
        nesterov = b.nesterov;
        if (nesterov && (momentum == 0 || dampening != 0))
            throw new IllegalArgumentException("nesterov: needs momentum > 0 and dampening = 0");
        kernels = OptimKernels.on(params.backend());
        evaluator = b.oracle == null ? null : new GradientEvaluator<>(b.oracle, params, kernels, b.checkFinite);
        gradient = b.oracle == null ? null : params.allocateFilled(0);
        momentumBuffers = momentum != 0 ? params.allocateFilled(0) : null;
    }

    /** A builder; {@code oracle} may be null when the rule only serves as a {@link DirectionRule}. */
    public static <B> Builder<B> builder(ParameterSet params, GradientOracle<B> oracle) {
        return new Builder<>(params, oracle);
    }

    private SgdCoefficients coefficients() { return new SgdCoefficients(lr, momentum, dampening, weightDecay, nesterov); }

    @Override
    public double step(B batch) {
        if (evaluator == null) throw new IllegalStateException("sgd: built without a gradient oracle");
        double loss = evaluator.evaluate(params.buffers(), batch, gradient.buffers());
        SgdCoefficients c = coefficients();
        boolean first = steps == 0;
        for (int i = 0; i < params.size(); i++)
            kernels.sgdStep(params.get(i).buffer(), gradient.get(i), momentumOrGradient(i), c, first);
        steps++;
        return loss;
    }

    /** Without momentum the kernels never touch the buffer; any same-length buffer will do. */
    private DeviceBuffer momentumOrGradient(int i) {
        return momentumBuffers != null ? momentumBuffers.get(i) : params.get(i).buffer();
    }

    @Override
    public void direction(List<DeviceBuffer> grad, List<DeviceBuffer> dir) {
        params.checkMatches(grad, "gradient");
        params.checkMatches(dir, "direction");
        SgdCoefficients c = coefficients();
        boolean first = steps == 0;
        for (int i = 0; i < params.size(); i++)
            kernels.sgdDirection(params.get(i).buffer(), grad.get(i), momentumOrGradient(i), dir.get(i), c, first);
        steps++;
    }

    public double lr() { return lr; }

    public void setLr(double lr) { this.lr = Hyper.positive("lr", lr); }

    @Override public long steps() { return steps; }
    @Override public ParameterSet parameters() { return params; }

    @Override
    public void save(DataOutput out) throws IOException {
        StateStreams.writeHeader(out, KIND, params);
        out.writeDouble(momentum);
        out.writeLong(steps);
        out.writeDouble(lr);
        if (momentumBuffers != null) StateStreams.writeTensors(out, momentumBuffers);
    }

    @Override
    public void restore(DataInput in) throws IOException {
        StateStreams.readHeader(in, KIND, params);
        StateStreams.expectSame(in, "momentum", momentum);
        long s = in.readLong();
        double l = in.readDouble();
        if (momentumBuffers != null) StateStreams.readTensors(in, momentumBuffers, "momentum buffer", params);
        steps = s;
        lr = l;
    }

    @Override
    public void close() {
        if (gradient != null) gradient.close();
        if (momentumBuffers != null) momentumBuffers.close();
        kernels.close();
    }

    public static final class Builder<B> {
        private final ParameterSet params;
        private final GradientOracle<B> oracle;
        private double lr = 0.01, momentum, dampening, weightDecay;
        private boolean nesterov, checkFinite = true;

        private Builder(ParameterSet params, GradientOracle<B> oracle) {
            if (params == null) throw new IllegalArgumentException("params: is null");
            this.params = params;
            this.oracle = oracle;
        }

        public Builder<B> lr(double v) { lr = v; return this; }
        public Builder<B> momentum(double v) { momentum = v; return this; }
        public Builder<B> dampening(double v) { dampening = v; return this; }
        public Builder<B> weightDecay(double v) { weightDecay = v; return this; }
        public Builder<B> nesterov(boolean v) { nesterov = v; return this; }
        /** Reject NaN/infinite losses and gradients (one extra read of the gradient per step; default on). */
        public Builder<B> checkFinite(boolean v) { checkFinite = v; return this; }

        public Sgd<B> build() { return new Sgd<>(this); }
    }
}
