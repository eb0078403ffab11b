package org.newton4j.loss;

import org.newton4j.device.DeviceBuffer;
import org.newton4j.device.ElementType;

/**
 * ℓ_i = −log softmax(y_i)[t_i] with I32 class labels t (N). Gradient p − e_t, Hessian diag(p) − ppᵀ.
 * The per-sample Newton direction is closed form (Sherman–Morrison, O(m)); the batch scope goes
 * through the general solve. A label outside [0, m) makes that sample's outputs NaN.
 */
public final class SoftmaxCrossEntropy implements TwiceDifferentiableLoss, ClosedFormNewton {
    private final int m;

    @Override
    public String toString() { return "softmax cross-entropy over " + m + " classes"; }

    public SoftmaxCrossEntropy(int classes) {
        if (classes < 2) throw new IllegalArgumentException("classes: must be >= 2, got " + classes);
        this.m = classes;
    }

    @Override public int dimension() { return m; }
    @Override public boolean providesHessian() { return true; }

    @Override
    public void evaluate(LossBatch batch, LossOutputs out) {
        LossChecks.batch(batch, m, ElementType.I32, batch.size());
        LossChecks.outputs(out, batch, m);
        probabilities(batch, out).close();   // the outputs are written alongside the probabilities
    }

    /** Computes the softmax (and any outputs asked for); the caller closes the returned buffer. */
    private DeviceBuffer probabilities(LossBatch batch, LossOutputs out) {
        DeviceBuffer p = batch.y().backend().allocate(batch.y().type(), (long) batch.size() * m);
        NewtonOps.on(batch.y().backend()).ceEval(batch.y(), batch.targets(), p, out.values(), out.gradient(), out.hessian(),
                batch.size(), m);
        return p;
    }

    @Override
    public void hessianVectorProduct(LossBatch batch, DeviceBuffer v, DeviceBuffer out) {
        LossChecks.batch(batch, m, ElementType.I32, batch.size());
        LossChecks.buffer("v", v, (long) batch.size() * m, batch.y(), batch.y().type());
        LossChecks.buffer("out", out, (long) batch.size() * m, batch.y(), batch.y().type());
        try (DeviceBuffer p = probabilities(batch, new LossOutputs(null, null, null))) {
            NewtonOps.on(batch.y().backend()).ceHvp(p, v, out, batch.size(), m);
        }
    }

    @Override
    public boolean hasHessianDirection(Scope scope) { return scope == Scope.SAMPLE; }

    @Override
    public void hessianDirection(LossBatch batch, Scope scope, DeviceBuffer gradient, double lambda, DeviceBuffer direction) {
        if (scope != Scope.SAMPLE) throw new IllegalArgumentException("scope: softmax cross-entropy has a closed form per sample only");
        try (DeviceBuffer p = probabilities(batch, new LossOutputs(null, null, null))) {
            NewtonOps.on(batch.y().backend()).ceNewtonSample(p, gradient, direction, batch.size(), m, lambda);
        }
    }
}
