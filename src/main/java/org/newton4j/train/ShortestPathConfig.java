package org.newton4j.train;

import java.nio.file.Path;

import org.newton4j.device.BackendKind;
import org.newton4j.device.Precision;

/**
 * Settings of one Warcraft-style shortest-path run. Start from {@link #defaults(BatchLoss)} and
 * change fields with the {@code with…} methods.
 *
 * @param steps        optimizer steps
 * @param batchSize    maps per minibatch
 * @param seed         initialisation and minibatch-order seed (the maps themselves do not depend on it)
 * @param optimizer    the update; null = {@link SgdMomentum} with learningRate and momentum 0.9
 * @param evalEvery    steps between test evaluations (the last step is always evaluated)
 * @param testMaps     test maps evaluated (at most the test split's size)
 * @param outDirectory where CSV, PNG and checkpoint go; null = write nothing
 * @param label        run name: file names and plot legend
 */
public record ShortestPathConfig(int steps, int batchSize, long seed, double learningRate, BackendKind backend,
                                 Precision precision, BatchLoss loss, ParameterUpdate optimizer, PathNetwork network,
                                 int evalEvery, int testMaps, Path outDirectory, String label, boolean progress) {
    public ShortestPathConfig {
        RunSettings.check(steps, batchSize, learningRate, loss, evalEvery, testMaps, "test maps", backend, precision, network, label);
    }

    /** 300 steps of 16 maps, seed 0, SGD(0.01, momentum 0.9), CPU float64, the small network, 200 test maps. */
    public static ShortestPathConfig defaults(BatchLoss loss) {
        return new ShortestPathConfig(300, 16, 0, 0.01, BackendKind.CPU, Precision.F64, loss, null, PathNetwork.SMALL,
                50, 200, null, "shortest-path", true);
    }

    public ShortestPathConfig withSteps(int v) { return new ShortestPathConfig(v, batchSize, seed, learningRate, backend, precision, loss, optimizer, network, evalEvery, testMaps, outDirectory, label, progress); }

    public ShortestPathConfig withBatchSize(int v) { return new ShortestPathConfig(steps, v, seed, learningRate, backend, precision, loss, optimizer, network, evalEvery, testMaps, outDirectory, label, progress); }

    public ShortestPathConfig withSeed(long v) { return new ShortestPathConfig(steps, batchSize, v, learningRate, backend, precision, loss, optimizer, network, evalEvery, testMaps, outDirectory, label, progress); }

    public ShortestPathConfig withLearningRate(double v) { return new ShortestPathConfig(steps, batchSize, seed, v, backend, precision, loss, optimizer, network, evalEvery, testMaps, outDirectory, label, progress); }

    public ShortestPathConfig withBackend(BackendKind v) { return new ShortestPathConfig(steps, batchSize, seed, learningRate, v, precision, loss, optimizer, network, evalEvery, testMaps, outDirectory, label, progress); }

    public ShortestPathConfig withPrecision(Precision v) { return new ShortestPathConfig(steps, batchSize, seed, learningRate, backend, v, loss, optimizer, network, evalEvery, testMaps, outDirectory, label, progress); }

    public ShortestPathConfig withLoss(BatchLoss v) { return new ShortestPathConfig(steps, batchSize, seed, learningRate, backend, precision, v, optimizer, network, evalEvery, testMaps, outDirectory, label, progress); }

    public ShortestPathConfig withOptimizer(ParameterUpdate v) { return new ShortestPathConfig(steps, batchSize, seed, learningRate, backend, precision, loss, v, network, evalEvery, testMaps, outDirectory, label, progress); }

    public ShortestPathConfig withNetwork(PathNetwork v) { return new ShortestPathConfig(steps, batchSize, seed, learningRate, backend, precision, loss, optimizer, v, evalEvery, testMaps, outDirectory, label, progress); }

    public ShortestPathConfig withEvaluation(int every, int maps) { return new ShortestPathConfig(steps, batchSize, seed, learningRate, backend, precision, loss, optimizer, network, every, maps, outDirectory, label, progress); }

    public ShortestPathConfig withOutput(Path directory, String name) { return new ShortestPathConfig(steps, batchSize, seed, learningRate, backend, precision, loss, optimizer, network, evalEvery, testMaps, directory, name, progress); }

    public ShortestPathConfig withProgress(boolean v) { return new ShortestPathConfig(steps, batchSize, seed, learningRate, backend, precision, loss, optimizer, network, evalEvery, testMaps, outDirectory, label, v); }
}
