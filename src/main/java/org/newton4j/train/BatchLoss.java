package org.newton4j.train;

import org.newton4j.device.Backend;
import org.newton4j.device.DeviceBuffer;
import org.newton4j.loss.LossBatch;
import org.newton4j.loss.LossOutputs;
import org.newton4j.loss.TwiceDifferentiableLoss;

/**
 * The seam between a trainer and a loss: one minibatch's network outputs in, the loss value and
 * its gradient with respect to those outputs out. Ranking losses, Newton losses and test losses
 * plug in here.
 */
@FunctionalInterface
public interface BatchLoss {
    /**
     * @param y        rows×columns network outputs, row-major, real, on the training backend
     *                 (ranking: one row per set, one score per element)
     * @param targets  the loss's ground truth on the same backend (ranking: I32 rows×columns ranks,
     *                 ascending, rank 0 = smallest; DESIGN §4)
     * @param gradient where to write dL/dy (rows×columns, same precision as y; overwritten)
     * @return the batch loss L, a mean over the rows (so learning rates do not depend on the batch size)
     */
    double evaluate(DeviceBuffer y, DeviceBuffer targets, int rows, int columns, DeviceBuffer gradient);

    /**
     * The Newton loss this batch loss trains on, if it is one (or wraps one): experiments use it to report how far
     * the Newton loss moved the update from the plain loss ({@link org.newton4j.loss.NewtonAlignment}).
     */
    default java.util.Optional<org.newton4j.loss.NewtonLoss> newtonLoss() {
        return java.util.Optional.empty();
    }

    /**
     * What the loss carries from one minibatch to the next, by name (the stochastic path losses: how many
     * perturbation draws they have made); saved in checkpoints so that a resumed run goes on where it stopped.
     */
    default java.util.Map<String, double[]> state() { return java.util.Map.of(); }

    /** Restores what {@link #state()} returned. */
    default void restoreState(java.util.Map<String, double[]> state) { }

    /**
     * What the loss is, with every setting that changes its values (e.g. "mean of neuralsort(tau=1.0) on n=5"), or
     * "" when unknown. A resumed run must describe its loss as the checkpoint's run did, so that a changed steepness or
     * λ is refused instead of continuing another run's optimizer state.
     */
    default String description() { return ""; }

    /**
     * L = (1/N) Σ_i ℓ(y_i) for a per-sample loss: evaluates values and gradients on the backend, then
     * scales the gradient by 1/N. The scaling goes through the host (N×m values, small next to a
     * network pass).
     */
    static CurvedBatchLoss meanOf(TwiceDifferentiableLoss loss) {
        return new CurvedBatchLoss() {
            @Override
            public double evaluate(DeviceBuffer y, DeviceBuffer targets, int rows, int columns, DeviceBuffer gradient) {
                check(columns);
                Backend b = y.backend();
                try (DeviceBuffer values = b.allocate(y.precision(), rows)) {
                    loss.evaluate(new LossBatch(y, targets, rows), LossOutputs.valuesAndGradient(values, gradient));
                    double sum = 0;
                    for (double x : b.toDoubles(values)) sum += x;
                    scale(gradient, 1.0 / rows);
                    return sum / rows;
                }
            }

            @Override
            public void hessianVectorProduct(DeviceBuffer y, DeviceBuffer targets, int rows, int columns, DeviceBuffer v, DeviceBuffer out) {
                check(columns);
                loss.hessianVectorProduct(new LossBatch(y, targets, rows), v, out);
                scale(out, 1.0 / rows);
            }

            @Override
            public String description() { return "mean of " + loss; }

            private void check(int columns) {
                if (loss.dimension() != columns)
                    throw new IllegalArgumentException("loss takes " + loss.dimension() + " values per sample, batch has " + columns);
            }

            private void scale(DeviceBuffer buffer, double factor) {
                double[] g = buffer.backend().toDoubles(buffer);
                for (int i = 0; i < g.length; i++) g[i] *= factor;
                buffer.backend().write(buffer, 0, g, 0, g.length);
            }
        };
    }

    /** Trains on a Newton loss (DESIGN §6); see {@link NewtonBatchLoss}. */
    static BatchLoss newton(org.newton4j.loss.NewtonLoss loss) {
        return new NewtonBatchLoss(loss);
    }
}
