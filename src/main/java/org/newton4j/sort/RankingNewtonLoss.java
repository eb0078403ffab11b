package org.newton4j.sort;

import org.newton4j.device.DeviceBuffer;
import org.newton4j.loss.LossBatch;
import org.newton4j.loss.LossOutputs;
import org.newton4j.loss.TwiceDifferentiableLoss;

/**
 * A {@link RankingLoss} on a fixed number n of scores as a {@link TwiceDifferentiableLoss}: y holds N×n
 * scores, targets N×n I32 ranks (rank of element j, ascending). Values are the per-sample BCE ranking
 * losses; gradients and full Hessians are exact. Obtain with {@link RankingLoss#asLoss(int)}.
 */
public final class RankingNewtonLoss implements TwiceDifferentiableLoss {
    private final RankingLoss loss;
    private final int n;

    RankingNewtonLoss(RankingLoss loss, int n) {
        RankingLoss.checkN(n);
        this.loss = loss;
        this.n = n;
    }

    public RankingLoss rankingLoss() { return loss; }

    @Override public int dimension() { return n; }

    @Override public boolean providesHessian() { return true; }

    @Override
    public void evaluate(LossBatch batch, LossOutputs outputs) {
        checkSize(batch);
        loss.evaluate(batch.y(), batch.targets(), n,
                new RankingOutputs(null, null, outputs.values(), outputs.gradient(), outputs.hessian()));
    }

    @Override
    public void hessianVectorProduct(LossBatch batch, DeviceBuffer v, DeviceBuffer out) {
        checkSize(batch);
        loss.hessianVectorProduct(batch.y(), batch.targets(), n, v, out);
    }

    private void checkSize(LossBatch batch) {
        if (batch.y().length() != (long) batch.size() * n)
            throw new IllegalArgumentException("y: length " + batch.y().length() + " is not size × n = "
                    + batch.size() + " × " + n);
    }

    @Override
    public String toString() { return loss + " on n=" + n; }
}
