package org.newton4j.loss;

import org.newton4j.device.DeviceBuffer;

/**
 * One Newton-loss step on the device: the targets z* (N×m), the surrogate gradient (y − z*)/N
 * (N×m, what to backpropagate into the network), the surrogate value (1/N) Σ ½‖y_i − z*_i‖², the
 * mean of the original loss, and the report. Closing it frees the two buffers.
 */
public final class NewtonResult implements AutoCloseable {
    private final DeviceBuffer target;
    private final DeviceBuffer surrogateGradient;
    private final double surrogateValue;
    private final double lossValue;
    private final NewtonReport report;

    NewtonResult(DeviceBuffer target, DeviceBuffer surrogateGradient, double surrogateValue, double lossValue, NewtonReport report) {
        this.target = target;
        this.surrogateGradient = surrogateGradient;
        this.surrogateValue = surrogateValue;
        this.lossValue = lossValue;
        this.report = report;
    }

    public DeviceBuffer target() { return target; }
    public DeviceBuffer surrogateGradient() { return surrogateGradient; }
    public double surrogateValue() { return surrogateValue; }
    /** Mean over the batch of the wrapped loss ℓ(y_i). */
    public double lossValue() { return lossValue; }
    public NewtonReport report() { return report; }

    @Override
    public void close() {
        target.close();
        surrogateGradient.close();
    }
}
