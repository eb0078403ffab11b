package org.newton4j.path;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.loss.LossBatch;
import org.newton4j.loss.LossOutputs;
import org.newton4j.loss.TwiceDifferentiableLoss;

/**
 * A stochastic shortest-path loss as a {@link TwiceDifferentiableLoss}: y = the N×H·W predicted
 * costs, targets = the N×H·W 0/1 truth paths. Values, gradients and Hessians are the
 * {@link StochasticShortestPath} estimates of the chosen {@link Method}; the HVP multiplies the
 * estimated Hessian. Draws depend on the seed only: call {@link #reseed} between training steps for
 * fresh perturbations (an evaluate and the HVPs that follow it then share their draws).
 */
public final class StochasticPathLoss implements TwiceDifferentiableLoss {
    /** Which estimator supplies the loss and its derivatives. */
    public enum Method { SMOOTH_LOSS, SMOOTH_ALGORITHM, PERTURBED_OPTIMIZER }

    private final Method method;
    private volatile StochasticShortestPath op;

    public StochasticPathLoss(StochasticShortestPath op, Method method) {
        if (op == null) throw new IllegalArgumentException("op: must not be null");
        if (method == null) throw new IllegalArgumentException("method: must not be null");
        this.op = op;
        this.method = method;
    }

    /** Uses new perturbations from now on. */
    public void reseed(long seed) { op = op.withSeed(seed); }

    public Method method() { return method; }

    @Override public int dimension() { return op.cells(); }

    @Override public boolean providesHessian() { return true; }

    private StochasticShortestPath.Estimate estimate(LossBatch batch) {
        Backend b = batch.y().backend();
        long len = (long) batch.size() * op.cells();
        double[] y = PathInputs.host(batch.y(), len), t = PathInputs.host(batch.targets(), len);
        switch (method) {
            case SMOOTH_LOSS: return op.smoothLoss(b, batch.y().precision(), y, t);
            case SMOOTH_ALGORITHM: return op.smoothAlgorithm(b, batch.y().precision(), y, t);
            default: return op.perturbedOptimizer(b, batch.y().precision(), y, t);
        }
    }

    @Override
    public void evaluate(LossBatch batch, LossOutputs outputs) {
        StochasticShortestPath.Estimate e = estimate(batch);
        Backend b = batch.y().backend();
        if (outputs.values() != null) b.write(outputs.values(), 0, e.loss(), 0, batch.size());
        if (outputs.gradient() != null) b.write(outputs.gradient(), 0, e.gradient(), 0, e.gradient().length);
        if (outputs.hessian() != null) b.write(outputs.hessian(), 0, e.hessian(), 0, e.hessian().length);
    }

    @Override
    public void hessianVectorProduct(LossBatch batch, DeviceBuffer v, DeviceBuffer out) {
        StochasticShortestPath.Estimate e = estimate(batch);
        int m = op.cells(), n = batch.size();
        double[] dir = PathInputs.host(v, (long) n * m), res = new double[n * m];
        for (int i = 0; i < n; i++)
            for (int a = 0; a < m; a++) {
                double s = 0;
                for (int c = 0; c < m; c++) s += e.hessian()[(i * m + a) * m + c] * dir[i * m + c];
                res[i * m + a] = s;
            }
        batch.y().backend().write(out, 0, res, 0, res.length);
    }

    @Override
    public String toString() { return "StochasticPathLoss[" + method + ", " + op + "]"; }
}
