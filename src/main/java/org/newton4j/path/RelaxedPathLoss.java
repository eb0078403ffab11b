package org.newton4j.path;

import org.newton4j.device.DeviceBuffer;
import org.newton4j.loss.LossBatch;
import org.newton4j.loss.LossOutputs;
import org.newton4j.loss.TwiceDifferentiableLoss;

/**
 * The relaxed shortest-path loss as a {@link TwiceDifferentiableLoss}: y = the N×H·W predicted
 * costs (positive), targets = the N×H·W 0/1 truth paths (real, same precision), value = the
 * {@link RelaxedBellmanFord} loss, with exact gradients, full Hessians and HVPs.
 * Obtain it from {@link RelaxedBellmanFord#asLoss()}.
 */
public final class RelaxedPathLoss implements TwiceDifferentiableLoss {
    private final RelaxedBellmanFord op;

    RelaxedPathLoss(RelaxedBellmanFord op) { this.op = op; }

    public RelaxedBellmanFord operation() { return op; }

    @Override public int dimension() { return op.cells(); }

    @Override public boolean providesHessian() { return op.cells() <= RelaxedBellmanFord.MAX_HESSIAN_CELLS; }

    @Override
    public void evaluate(LossBatch batch, LossOutputs outputs) {
        op.evaluate(batch.y(), batch.targets(), batch.size(),
                new PathOutputs(null, outputs.values(), outputs.gradient(), outputs.hessian()));
    }

    @Override
    public void hessianVectorProduct(LossBatch batch, DeviceBuffer v, DeviceBuffer out) {
        op.hessianVectorProduct(batch.y(), batch.targets(), batch.size(), v, out);
    }

    @Override
    public String toString() { return "RelaxedPathLoss[" + op + "]"; }
}
