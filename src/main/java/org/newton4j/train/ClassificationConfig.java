package org.newton4j.train;

import java.nio.file.Path;

import org.newton4j.device.BackendKind;
import org.newton4j.device.Precision;

/**
 * Settings of one classification run (the optimizer experiments). The loss gets the N×classes
 * logits and I32 labels (N); the integrator plugs in softmax cross-entropy from org.newton4j.loss.
 * Start from {@link #defaults(BatchLoss)}.
 */
public record ClassificationConfig(int steps, int batchSize, long seed, double learningRate, BackendKind backend,
                                   Precision precision, BatchLoss loss, ParameterUpdate optimizer, ClassifierNetwork network,
                                   int evalEvery, int testSamples, Path outDirectory, String label, boolean progress) {
    public ClassificationConfig {
        RunSettings.check(steps, batchSize, learningRate, loss, evalEvery, testSamples, "test samples", backend, precision, network, label);
    }

    /** 500 steps of 64 images, seed 0, SGD(0.05, momentum 0.9), CPU float64, the 784-1024-200-100-10 tanh MLP. */
    public static ClassificationConfig defaults(BatchLoss loss) {
        return new ClassificationConfig(500, 64, 0, 0.05, BackendKind.CPU, Precision.F64, loss, null,
                ClassifierNetwork.REFERENCE, 50, 2000, null, "classify", true);
    }

    public ClassificationConfig withSteps(int v) { return new ClassificationConfig(v, batchSize, seed, learningRate, backend, precision, loss, optimizer, network, evalEvery, testSamples, outDirectory, label, progress); }

    public ClassificationConfig withBatchSize(int v) { return new ClassificationConfig(steps, v, seed, learningRate, backend, precision, loss, optimizer, network, evalEvery, testSamples, outDirectory, label, progress); }

    public ClassificationConfig withSeed(long v) { return new ClassificationConfig(steps, batchSize, v, learningRate, backend, precision, loss, optimizer, network, evalEvery, testSamples, outDirectory, label, progress); }

    public ClassificationConfig withLearningRate(double v) { return new ClassificationConfig(steps, batchSize, seed, v, backend, precision, loss, optimizer, network, evalEvery, testSamples, outDirectory, label, progress); }

    public ClassificationConfig withBackend(BackendKind v) { return new ClassificationConfig(steps, batchSize, seed, learningRate, v, precision, loss, optimizer, network, evalEvery, testSamples, outDirectory, label, progress); }

    public ClassificationConfig withPrecision(Precision v) { return new ClassificationConfig(steps, batchSize, seed, learningRate, backend, v, loss, optimizer, network, evalEvery, testSamples, outDirectory, label, progress); }

    public ClassificationConfig withLoss(BatchLoss v) { return new ClassificationConfig(steps, batchSize, seed, learningRate, backend, precision, v, optimizer, network, evalEvery, testSamples, outDirectory, label, progress); }

    public ClassificationConfig withOptimizer(ParameterUpdate v) { return new ClassificationConfig(steps, batchSize, seed, learningRate, backend, precision, loss, v, network, evalEvery, testSamples, outDirectory, label, progress); }

    public ClassificationConfig withNetwork(ClassifierNetwork v) { return new ClassificationConfig(steps, batchSize, seed, learningRate, backend, precision, loss, optimizer, v, evalEvery, testSamples, outDirectory, label, progress); }

    public ClassificationConfig withEvaluation(int every, int samples) { return new ClassificationConfig(steps, batchSize, seed, learningRate, backend, precision, loss, optimizer, network, every, samples, outDirectory, label, progress); }

    public ClassificationConfig withOutput(Path directory, String name) { return new ClassificationConfig(steps, batchSize, seed, learningRate, backend, precision, loss, optimizer, network, evalEvery, testSamples, directory, name, progress); }

    public ClassificationConfig withProgress(boolean v) { return new ClassificationConfig(steps, batchSize, seed, learningRate, backend, precision, loss, optimizer, network, evalEvery, testSamples, outDirectory, label, v); }
}
