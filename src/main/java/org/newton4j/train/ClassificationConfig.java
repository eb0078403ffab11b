package org.newton4j.train;

import org.newton4j.device.BackendKind;
import org.newton4j.device.Precision;

/**
 * Settings of one classification run (the optimizer experiments). The loss gets the N×classes
 * logits and I32 labels (N); the integrator plugs in softmax cross-entropy from org.newton4j.loss.
 * Start from {@link #defaults(BatchLoss)}; the shared {@code with…} methods are in {@link TrainingConfig}.
 *
 * @param settings the shared settings; the test count is the number of test images evaluated
 */
public record ClassificationConfig(ClassifierNetwork network, RunSettings settings) implements TrainingConfig<ClassificationConfig> {
    public ClassificationConfig {
        settings.check("test samples", network);
    }

    /** 500 steps of 64 images, seed 0, SGD(0.05, momentum 0.9), CPU float64, the 784-1024-200-100-10 tanh MLP. */
    public static ClassificationConfig defaults(BatchLoss loss) {
        return new ClassificationConfig(ClassifierNetwork.REFERENCE, new RunSettings(500, 64, 0, 0.05, BackendKind.CPU, Precision.F64,
                loss, null, 50, 2000, null, "classify", true));
    }

    /** Test images evaluated. */
    public int testSamples() { return settings.testCount(); }

    public ClassificationConfig withNetwork(ClassifierNetwork v) { return new ClassificationConfig(v, settings); }

    @Override
    public ClassificationConfig withSettings(RunSettings v) { return new ClassificationConfig(network, v); }
}
