package org.newton4j.train;

import org.newton4j.device.DeviceBuffer;
import org.newton4j.loss.LossBatch;
import org.newton4j.loss.NewtonLoss;
import org.newton4j.loss.NewtonResult;

/**
 * Trains on a Newton loss (DESIGN §6): each batch takes one regularised Newton step in output space and
 * backpropagates the surrogate gradient (y − z*)/N. The value returned is the wrapped loss's batch mean at y,
 * not the surrogate's: curves then compare runs on the same quantity, and plateau detection watches the loss
 * being solved (the surrogate is rebuilt every batch).
 */
public final class NewtonBatchLoss implements BatchLoss {
    private final NewtonLoss newton;

    public NewtonBatchLoss(NewtonLoss newton) {
        if (newton == null) throw new IllegalArgumentException("newton: null");
        this.newton = newton;
    }

    @Override
    public java.util.Optional<NewtonLoss> newtonLoss() { return java.util.Optional.of(newton); }

    @Override
    public String description() { return newton.toString(); }

    @Override
    public double evaluate(DeviceBuffer y, DeviceBuffer targets, int rows, int columns, DeviceBuffer gradient) {
        if (newton.loss().dimension() != columns)
            throw new IllegalArgumentException("loss takes " + newton.loss().dimension() + " values per sample, batch has " + columns);
        try (NewtonResult r = newton.step(new LossBatch(y, targets, rows))) {
            y.backend().copy(r.surrogateGradient(), 0, gradient, 0, (long) rows * columns);
            return r.lossValue();
        }
    }
}
