package org.newton4j.train;

/**
 * Settings of one classification run (the optimizer experiments): the classifier and the shared
 * settings, whose test count is the number of test images evaluated. The loss gets the N×classes
 * logits and I32 labels (N); the integrator plugs in softmax cross-entropy from org.newton4j.loss.
 * Start from {@link #defaults(BatchLoss)}.
 */
public final class ClassificationConfig extends TrainingConfig<ClassificationConfig, ClassifierNetwork> {
    public ClassificationConfig(ClassifierNetwork network, RunSettings settings) {
        super(network, settings, "test samples", ClassificationConfig::new);
    }

    /** 500 steps of 64 images, seed 0, SGD(0.05, momentum 0.9), CPU float64, the 784-1024-200-100-10 tanh MLP. */
    public static ClassificationConfig defaults(BatchLoss loss) {
        return new ClassificationConfig(ClassifierNetwork.REFERENCE, RunSettings.defaults(loss, 500, 64, 0.05, 50, 2000, "classify"));
    }
}
