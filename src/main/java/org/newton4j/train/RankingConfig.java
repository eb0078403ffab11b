package org.newton4j.train;

import java.nio.file.Path;

import org.newton4j.device.BackendKind;
import org.newton4j.device.Precision;

/**
 * Settings of one four-digit MNIST ranking run. Start from {@link #defaults(BatchLoss)} and change
 * fields with the {@code with…} methods.
 *
 * @param n           elements per set (2..100)
 * @param steps       optimizer steps
 * @param batchSize   sets per minibatch
 * @param seed        initialisation and training-data seed (the test sets are the same for every seed)
 * @param optimizer   the update; null = {@link SgdMomentum} with learningRate and momentum 0.9
 * @param evalEvery   steps between test evaluations (the last step is always evaluated)
 * @param testSets    sets in the test set
 * @param outDirectory where CSV, PNG and checkpoint go; null = write nothing
 * @param label       run name: file names and plot legend
 */
public record RankingConfig(int n, int steps, int batchSize, long seed, double learningRate,
                            BackendKind backend, Precision precision, BatchLoss loss, ParameterUpdate optimizer,
                            RankingNetwork network, int evalEvery, int testSets, Path outDirectory, String label,
                            boolean progress) {
    public RankingConfig {
        if (n < 2 || n > 100) throw new IllegalArgumentException("n must be in 2..100, got " + n);
        RunSettings.check(steps, batchSize, learningRate, loss, evalEvery, testSets, "test sets", backend, precision, network, label);
    }

    /** n = 5, 200 steps of 8 sets, seed 0, SGD(0.01, momentum 0.9), CPU float64 (the CPU computes in double anyway), the reference network. */
    public static RankingConfig defaults(BatchLoss loss) {
        return new RankingConfig(5, 200, 8, 0, 0.01, BackendKind.CPU, Precision.F64, loss, null,
                RankingNetwork.REFERENCE, 25, 200, null, "ranking", true);
    }

    public RankingConfig withN(int v) { return new RankingConfig(v, steps, batchSize, seed, learningRate, backend, precision, loss, optimizer, network, evalEvery, testSets, outDirectory, label, progress); }

    public RankingConfig withSteps(int v) { return new RankingConfig(n, v, batchSize, seed, learningRate, backend, precision, loss, optimizer, network, evalEvery, testSets, outDirectory, label, progress); }

    public RankingConfig withBatchSize(int v) { return new RankingConfig(n, steps, v, seed, learningRate, backend, precision, loss, optimizer, network, evalEvery, testSets, outDirectory, label, progress); }

    public RankingConfig withSeed(long v) { return new RankingConfig(n, steps, batchSize, v, learningRate, backend, precision, loss, optimizer, network, evalEvery, testSets, outDirectory, label, progress); }

    public RankingConfig withLearningRate(double v) { return new RankingConfig(n, steps, batchSize, seed, v, backend, precision, loss, optimizer, network, evalEvery, testSets, outDirectory, label, progress); }

    public RankingConfig withBackend(BackendKind v) { return new RankingConfig(n, steps, batchSize, seed, learningRate, v, precision, loss, optimizer, network, evalEvery, testSets, outDirectory, label, progress); }

    public RankingConfig withPrecision(Precision v) { return new RankingConfig(n, steps, batchSize, seed, learningRate, backend, v, loss, optimizer, network, evalEvery, testSets, outDirectory, label, progress); }

    public RankingConfig withLoss(BatchLoss v) { return new RankingConfig(n, steps, batchSize, seed, learningRate, backend, precision, v, optimizer, network, evalEvery, testSets, outDirectory, label, progress); }

    public RankingConfig withOptimizer(ParameterUpdate v) { return new RankingConfig(n, steps, batchSize, seed, learningRate, backend, precision, loss, v, network, evalEvery, testSets, outDirectory, label, progress); }

    public RankingConfig withNetwork(RankingNetwork v) { return new RankingConfig(n, steps, batchSize, seed, learningRate, backend, precision, loss, optimizer, v, evalEvery, testSets, outDirectory, label, progress); }

    public RankingConfig withEvaluation(int every, int sets) { return new RankingConfig(n, steps, batchSize, seed, learningRate, backend, precision, loss, optimizer, network, every, sets, outDirectory, label, progress); }

    public RankingConfig withOutput(Path directory, String name) { return new RankingConfig(n, steps, batchSize, seed, learningRate, backend, precision, loss, optimizer, network, evalEvery, testSets, directory, name, progress); }

    public RankingConfig withProgress(boolean v) { return new RankingConfig(n, steps, batchSize, seed, learningRate, backend, precision, loss, optimizer, network, evalEvery, testSets, outDirectory, label, v); }
}
