package org.newton4j.loss;

import org.newton4j.device.DeviceBuffer;

/**
 * ℓ_i = (1/m) Σ_j (y_ij − t_ij)² with real targets N×m. Its Hessian 2I/m makes the Newton
 * direction a rescaled gradient: g / (2/m + λ), for both scopes, with no solve.
 */
public final class MeanSquaredError implements TwiceDifferentiableLoss, ClosedFormNewton {
    private final int m;

    public MeanSquaredError(int m) { this.m = LossChecks.dimension(m); }

    @Override
    public String toString() { return "mean squared error over " + m + " values"; }

    @Override public int dimension() { return m; }
    @Override public boolean providesHessian() { return true; }

    @Override
    public void evaluate(LossBatch batch, LossOutputs out) {
        LossChecks.batch(batch, m, batch.y().type(), (long) batch.size() * m);
        LossChecks.outputs(out, batch, m);
        NewtonOps.on(batch.y().backend()).mseEval(batch.y(), batch.targets(), out.values(), out.gradient(), out.hessian(), batch.size(), m);
    }

    @Override
    public void hessianVectorProduct(LossBatch batch, DeviceBuffer v, DeviceBuffer out) {
        LossChecks.buffer("v", v, (long) batch.size() * m, batch.y(), batch.y().type());
        LossChecks.buffer("out", out, (long) batch.size() * m, batch.y(), batch.y().type());
        NewtonOps.on(batch.y().backend()).mseHvp(v, out, (long) batch.size() * m, m);
    }

    @Override
    public boolean hasHessianDirection(Scope scope) { return true; }

    @Override
    public void hessianDirection(LossBatch batch, Scope scope, DeviceBuffer gradient, double lambda, DeviceBuffer direction) {
        NewtonOps.on(batch.y().backend()).scaleCopy(gradient, direction, (long) batch.size() * m, 1.0 / (2.0 / m + lambda));
    }
}
