package org.newton4j.train;

import org.newton4j.device.BackendKind;
import org.newton4j.device.Precision;

/** The checks every experiment config shares (steps, batch, learning rate, loss, evaluation, output label). */
final class RunSettings {
    private RunSettings() { }

    /**
     * @param testCount the size of the test set, named testWhat in the message ("test sets", "test maps", ...)
     */
    static void check(int steps, int batchSize, double learningRate, BatchLoss loss, int evalEvery, int testCount,
                      String testWhat, BackendKind backend, Precision precision, Object network, String label) {
        if (steps < 1) throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        if (!(learningRate > 0) || Double.isInfinite(learningRate))
            throw new IllegalArgumentException("learning rate must be finite and > 0, got " + learningRate);
        if (loss == null) throw new IllegalArgumentException("loss: a BatchLoss is required");
        if (evalEvery < 1) throw new IllegalArgumentException("eval interval must be >= 1, got " + evalEvery);
        if (testCount < 1) throw new IllegalArgumentException(testWhat + " must be >= 1, got " + testCount);
        if (backend == null || precision == null || network == null)
            throw new IllegalArgumentException("backend, precision and network must be given");
        if (label == null || !label.matches("[A-Za-z0-9._+-]+"))
            throw new IllegalArgumentException("label must be a non-empty file-name-safe word, got '" + label + "'");
    }
}
